using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.Testing;

/// <summary>
/// The real runtime as its own process on loopback, as a user runs it: for what only a process shows
/// (being killed mid-write, its memory, HTTP under load). Output goes to a log file beside its data.
/// </summary>
public sealed class RuntimeProcess : IAsyncDisposable
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "correct horse battery";

    private readonly Process _process;

    private RuntimeProcess(Process process, Uri address, string dataDirectory)
    {
        _process = process;
        Address = address;
        DataDirectory = dataDirectory;
    }

    public Uri Address { get; }

    public string DataDirectory { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// The settings that put a runtime on a PostgreSQL database instead of its embedded SQLite, as a node called
    /// <paramref name="node"/> when given (its name in <c>/health</c> answers).
    /// </summary>
    public static string[] OnPostgres(string connectionString, string? node = null) =>
        ["--Platform:Database:Provider", "postgres", "--Platform:Database:ConnectionString", connectionString, .. node is null ? [] : new[] { "--Platform:NodeName", node }];

    /// <summary>Starts the runtime over <paramref name="dataDirectory"/> (SQLite) and waits until it answers <c>/health</c>.</summary>
    public static async Task<RuntimeProcess> StartAsync(string dataDirectory, params string[] settings)
    {
        var port = LoggedProcess.FreePort();
        var info = Runtime(["--urls", $"http://127.0.0.1:{port}", "--data", dataDirectory, .. settings]);
        info.Environment["PLATFORM_ADMIN_EMAIL"] = AdminEmail;
        info.Environment["PLATFORM_ADMIN_PASSWORD"] = AdminPassword;
        var process = LoggedProcess.Start(info, dataDirectory, "runtime");
        var runtime = new RuntimeProcess(process, new Uri($"http://127.0.0.1:{port}"), dataDirectory);
        if (await LoggedProcess.AnswersAsync(process, runtime.Address, "/health")) return runtime;
        await runtime.DisposeAsync();
        throw new InvalidOperationException($"The runtime did not start; see {dataDirectory}/runtime-{process.Id}.log");
    }

    /// <summary>Runs a command-line verb of the runtime (<c>backup</c>, <c>admin create</c>) over <paramref name="dataDirectory"/> to its end.</summary>
    public static async Task<(int ExitCode, string Output)> RunVerbAsync(string dataDirectory, params string[] args)
    {
        using var process = Process.Start(Runtime([.. args, "--data", dataDirectory]))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>A client signed in as the admin, allowed as many connections as the caller will use.</summary>
    public Task<HttpClient> SignInAsync() => SignInAsync(AdminEmail, AdminPassword);

    /// <summary>A client signed in as this user.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(100),
        };
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown, no flush, as a power-cut of the process.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Resident memory of the process in MB: anonymous (its own heap) and file-backed (mapped files, shared libraries).</summary>
    public (double Anonymous, double File) Memory()
    {
        double Read(string key) => File.ReadLines($"/proc/{_process.Id}/status").Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).FirstOrDefault();
        return (Read("RssAnon:"), Read("RssFile:"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>The runtime's dll run by dotnet with <paramref name="args"/>, its output read by the caller.</summary>
    private static ProcessStartInfo Runtime(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args.Prepend(RuntimeDll())) info.ArgumentList.Add(arg);
        // Each test makes the apps it tests, rather than starting on the CRM a new installation opens on.
        info.Environment["Platform__FirstStartTemplates"] = "";
        return info;
    }

    /// <summary>The runtime built beside this assembly (a test project referencing it), else in the tree's Release or Debug output.</summary>
    private static string RuntimeDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "Platform.Runtime.dll");
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json"))) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var built = Path.Combine(dir.FullName, "runtime", "Platform.Runtime", "bin", configuration, "net10.0", "Platform.Runtime.dll");
                if (File.Exists(built)) return built;
            }
        }
        throw new FileNotFoundException("Platform.Runtime.dll was not found: build the runtime first.");
    }
}
