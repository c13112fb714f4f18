using System.Diagnostics;

namespace Platform.Testing;

/// <summary>
/// The sticky reverse proxy (<c>runtime/Platform.Proxy</c>) as its own process on loopback, with its shipped
/// <c>appsettings.json</c> and only the nodes' addresses (and what a test adds) given on the command line.
/// </summary>
public sealed class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ProxyProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>
    /// Starts the proxy in front of node <paramref name="a"/> and node <paramref name="b"/> (the shipped file's two
    /// destinations; the same node twice for one node behind the proxy); its log goes to <paramref name="logDirectory"/>.
    /// </summary>
    public static async Task<ProxyProcess> StartAsync(string logDirectory, Uri a, Uri b, params string[] settings)
    {
        var port = LoggedProcess.FreePort();
        var dll = ProxyDll();
        // Its own folder as the working folder: that is where the configuration it ships is read from.
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)! };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        info.ArgumentList.Add($"--ReverseProxy:Clusters:nodes:Destinations:a:Address={a}");
        info.ArgumentList.Add($"--ReverseProxy:Clusters:nodes:Destinations:b:Address={b}");
        foreach (var setting in settings) info.ArgumentList.Add(setting);
        var process = LoggedProcess.Start(info, logDirectory, "proxy");
        var proxy = new ProxyProcess(process, new Uri($"http://127.0.0.1:{port}"));
        if (await LoggedProcess.AnswersAsync(process, proxy.Address, "/health/live")) return proxy;
        await proxy.DisposeAsync();
        throw new InvalidOperationException($"The proxy did not start; see {logDirectory}/proxy-{process.Id}.log");
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

    /// <summary>The proxy built in the tree (the solution builds it beside the runtime).</summary>
    private static string ProxyDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var built = Path.Combine(dir.FullName, "runtime", "Platform.Proxy", "bin", configuration, "net10.0", "Platform.Proxy.dll");
                if (File.Exists(built)) return built;
            }
        }
        throw new FileNotFoundException("Platform.Proxy.dll was not found: build the solution first.");
    }
}
