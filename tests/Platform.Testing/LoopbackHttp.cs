using System.Collections.Concurrent;
using System.Net;

namespace Platform.Testing;

/// <summary>One call an HTTP test server received: its path and query, headers and body.</summary>
public sealed record ReceivedCall(string PathAndQuery, IReadOnlyDictionary<string, string?> Headers, string Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

/// <summary>
/// An HTTP server on 127.0.0.1 (the only address of this machine the tests' outbound client may reach) answering the
/// n-th call with what <paramref name="answer"/> gives, keeping every call it received.
/// </summary>
public sealed class LoopbackHttp : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<int, (int Status, string Body)> _answer;
    private int _calls;

    public LoopbackHttp(Func<int, (int Status, string Body)> answer)
    {
        _answer = answer;
        Url = $"http://127.0.0.1:{FreePort()}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(AnswerAsync);
    }

    /// <summary>Answers each call with the next status given (the last one thereafter) and no body.</summary>
    public LoopbackHttp(params int[] statuses) : this(n => (statuses[Math.Min(n, statuses.Length - 1)], ""))
    {
    }

    public string Url { get; }

    public ConcurrentQueue<ReceivedCall> Calls { get; } = new();

    private async Task AnswerAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            using var reader = new StreamReader(context.Request.InputStream);
            var headers = context.Request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => context.Request.Headers[k], StringComparer.OrdinalIgnoreCase);
            Calls.Enqueue(new ReceivedCall(context.Request.Url!.PathAndQuery, headers, await reader.ReadToEndAsync()));
            var (status, body) = _answer(Interlocked.Increment(ref _calls) - 1);
            context.Response.StatusCode = status;
            if (body.Length > 0)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(body);
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            context.Response.Close();
        }
    }

    public static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose() => _listener.Close();
}
