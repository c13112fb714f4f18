using System.Net.Http.Json;
using Microsoft.Playwright;
using Platform.Testing;

namespace Platform.Benchmarks;

/// <summary>
/// The web app as many people keep it open: the real runtime (SQLite, the CRM installed) and Debian's chromium, one page
/// after another opening a list of customers until it is live. Times each page from the address to its first live click
/// beside the sign-in page (no circuit, the do-nothing baseline), and the runtime's memory for each page held open.
/// </summary>
public sealed class CircuitBenchmark(int circuits, TextWriter log)
{
    private const string List = "/apps/crm/forms/customer";

    public async Task<List<Measurement>> RunAsync()
    {
        var data = Path.Combine(Path.GetTempPath(), $"platform-circuits-{Guid.NewGuid():N}");
        try
        {
            await using var runtime = await RuntimeProcess.StartAsync(data, "--Platform:FirstStartTemplates", "crm-lifecycle", "--Platform:SignInsPerMinute", "1000");
            using (var api = await runtime.SignInAsync())
            {
                // A page of customers that name people and companies, as a team's list does.
                var customers = Enumerable.Range(1, 200).Select(i => new { name = $"客户 {i:D3}", stage = "lead", city = "杭州", phone = $"1380000{i:D4}" }).ToArray();
                (await api.PostAsJsonAsync("/api/apps/crm/forms/customer/records/batch", customers)).EnsureSuccessStatusCode();
            }
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = Environment.GetEnvironmentVariable("PLATFORM_CHROMIUM") ?? "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
            });
            await using var context = await browser.NewContextAsync(new() { BaseURL = runtime.Address.ToString(), Locale = "zh-CN" });
            var first = await context.NewPageAsync();
            await first.GotoAsync(List);
            await first.FillAsync("#email", RuntimeProcess.AdminEmail);
            await first.FillAsync("#password", RuntimeProcess.AdminPassword);
            await first.ClickAsync("[data-testid=signin-submit]");
            await LiveAsync(first);

            // Warm: a few pages opened and closed, so what follows measures pages, not the first JIT of each component.
            for (var i = 0; i < 5; i++)
            {
                var warm = await context.NewPageAsync();
                await warm.GotoAsync(List);
                await LiveAsync(warm);
                await warm.CloseAsync();
            }
            await Task.Delay(TimeSpan.FromSeconds(3));
            var before = Resident(runtime.Id);

            var open = new Latencies();
            var baseline = new Latencies();
            var pages = new List<IPage>();
            for (var i = 0; i < circuits; i++)
            {
                var signIn = await context.NewPageAsync();
                await baseline.TimeAsync(async () => await signIn.GotoAsync("/signin"));
                await signIn.CloseAsync();
                var page = await context.NewPageAsync();
                await open.TimeAsync(async () =>
                {
                    await page.GotoAsync(List);
                    await LiveAsync(page);
                });
                pages.Add(page);
            }
            await Task.Delay(TimeSpan.FromSeconds(5));
            var after = Resident(runtime.Id);
            var perCircuit = (after - before) / circuits;
            log.WriteLine($"  runtime resident memory: {before:F0} MB with one page open, {after:F0} MB with {circuits + 1}: {perCircuit:F2} MB a page");
            log.WriteLine($"  a list page live after: median {open.Median:F0} ms, p95 {open.P95:F0} ms (the sign-in page: {baseline.Median:F0} ms)");
            return
            [
                new("web", "list page, address to live (\"raw\": the sign-in page)", "ms median", open.Median, baseline.Median, HigherIsBetter: false),
                new("web", $"runtime memory per open list page ({circuits} pages)", "MB", perCircuit, perCircuit, HigherIsBetter: false),
            ];
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }

    // Live: the page's circuit is connected and its clicks reach the server.
    private static Task LiveAsync(IPage page) => page.Locator("[data-interactive=true]").WaitForAsync();

    /// <summary>A process's resident memory in megabytes (what the machine gives it), from /proc.</summary>
    private static double Resident(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
