using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.Testing;

/// <summary>A child process of a test (a runtime node, the proxy) whose output goes to a log file, and a wait for it to answer.</summary>
internal static class LoggedProcess
{
    /// <summary>Starts <paramref name="info"/> with its output and errors written to <c>{directory}/{name}-{pid}.log</c>.</summary>
    public static Process Start(ProcessStartInfo info, string directory, string name)
    {
        info.RedirectStandardOutput = info.RedirectStandardError = true;
        info.UseShellExecute = false;
        Directory.CreateDirectory(directory);
        var process = Process.Start(info)!;
        var log = new StreamWriter(Path.Combine(directory, $"{name}-{process.Id}.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Whether <paramref name="path"/> answers with success within a minute, while the process lives.</summary>
    public static async Task<bool> AnswersAsync(Process process, Uri address, string path)
    {
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await probe.GetAsync(path)).IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        return false;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (log) log.WriteLine(line);
    }
}
