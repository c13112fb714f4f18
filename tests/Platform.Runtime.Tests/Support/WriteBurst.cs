using System.Collections.Concurrent;
using static Platform.Runtime.Tests.Support.ApiFixture;

namespace Platform.Runtime.Tests.Support;

/// <summary>
/// Writers that keep creating records in a runtime process over HTTP until stopped (or until the server is gone),
/// remembering every code the server acknowledged with a 201: what crash and backup tests check against.
/// </summary>
public sealed class WriteBurst : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _writers;
    private bool _stopped;

    private WriteBurst(HttpClient client, string records, int writers)
    {
        _writers = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                var code = $"w{w}-{i}";
                try
                {
                    var response = await client.PostAsync(records, Body($$"""{ "code": "{{code}}" }"""));
                    if ((int)response.StatusCode == 201) Acknowledged.Add(code);
                }
                catch (HttpRequestException)
                {
                    return; // the server is gone
                }
            }
        })).ToList();
    }

    public ConcurrentBag<string> Acknowledged { get; } = [];

    /// <summary>Publishes <c>crm/item</c> (a <c>code</c>, unique if asked) and starts the writers on it.</summary>
    public static async Task<WriteBurst> StartAsync(HttpClient client, int writers, bool uniqueCode = false)
    {
        await ExpectAsync(await client.PostAsync("/api/apps", Body("""{ "key": "crm", "name": "CRM" }""")), 201);
        await ExpectAsync(await client.PutAsync("/api/apps/crm/forms/item", Body($$"""
            { "key": "item", "name": "Item", "fields": [ { "key": "code", "type": "text", "unique": {{(uniqueCode ? "true" : "false")}} } ] }
            """)), 200);
        return new WriteBurst(client, "/api/apps/crm/forms/item/records", writers);
    }

    public async Task WaitForAsync(int acknowledged)
    {
        while (Acknowledged.Count < acknowledged) await Task.Delay(5);
    }

    /// <summary>Stops the writers and waits for them; again is a no-op.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _stop.CancelAsync();
        await Task.WhenAll(_writers);
        _stop.Dispose();
    }
}
