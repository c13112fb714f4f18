namespace Platform.Web.Tests;

/// <summary>
/// One runtime (a real process over its own SQLite folder, the CRM installed on first start) and one chromium (Debian's,
/// never a downloaded one) shared by the journeys of this assembly; screenshots go to <c>tests/.results/screenshots</c>.
/// </summary>
[SetUpFixture]
public sealed class Browser
{
    public static RuntimeProcess Runtime { get; private set; } = null!;

    public static IBrowser Chromium { get; private set; } = null!;

    private static IPlaywright? _playwright;
    private static string _data = "";

    public static string Screenshots { get; } = Path.Combine(Root(), "tests", ".results", "screenshots");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _data = Path.Combine(Path.GetTempPath(), $"platform-web-{Guid.NewGuid():N}");
        Runtime = await RuntimeProcess.StartAsync(_data, "--Platform:FirstStartTemplates", "crm-lifecycle", "--Platform:SignInsPerMinute", "1000",
            // A form is "large" from 20 records here, so a journey meets the slow-sort warning without a million records.
            "--Platform:Records:LargeForm", "20",
            // Uploads are at most 1 MB here, so a journey meets the limit without a large file.
            "--Platform:Files:MaxFileBytes", "1048576");
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PLATFORM_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        _playwright?.Dispose();
        if (Runtime is not null) await Runtime.DisposeAsync();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    /// <summary>
    /// A new browser window in <paramref name="locale"/> (what it sends as Accept-Language), at a laptop's size, on the shared
    /// runtime or on <paramref name="at"/> (a journey's own).
    /// </summary>
    public static Task<IBrowserContext> NewContextAsync(string locale, Uri? at = null) =>
        Chromium.NewContextAsync(new() { Locale = locale, BaseURL = (at ?? Runtime.Address).ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln"))) return dir.FullName;
        return Path.GetTempPath();
    }
}
