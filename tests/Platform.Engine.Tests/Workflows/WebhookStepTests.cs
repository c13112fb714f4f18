using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Platform.Engine.Validation;
using Platform.Engine.Workflows.Definitions;
using Platform.Engine.Workflows.Runs;

namespace Platform.Engine.Tests.Workflows;

/// <summary>
/// A workflow calling another system: the body built from formulas, the headers sent, a 5xx tried again later with the
/// same idempotency key, a 4xx failing the run, and addresses the outbound rules refuse turned away at publish.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class WebhookStepTests(TestDatabase target) : WorkflowFixture(target)
{
    private const string Deals = """{ "key": "deal", "fields": [ { "key": "name", "type": "text" }, { "key": "amount", "type": "money" } ] }""";

    [Test]
    public async Task A_call_that_fails_for_now_is_tried_again_with_the_same_key_and_its_answer_is_kept()
    {
        using var listener = new Listener(503, 200);
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, Deals);
        await EnableAsync(app, $$"""
            { "key": "erp", "form": "deal", "trigger": { "type": "recordCreated" },
              "steps": [ { "id": "push", "type": "callWebhook", "url": "{{listener.Url}}orders", "headers": { "X-Token": "secret" },
                           "body": { "deal": "id", "title": "UPPER(name)", "amount": "amount" } } ] }
            """);
        var deal = await Records.CreateAsync(deals, Json.Of("""{ "name": "Acme", "amount": 1200.5 }"""), User());
        await SettleAsync();
        var run = (await Runs.ListAsync(app, "erp")).Single();
        Assert.That((run.Status, run.Attempts), Is.EqualTo((RunStatus.Ready, 1)), "a 503 is tried again later");

        Clock.Advance(Options.RetryDelay);
        await SettleAsync();
        Assert.That((await Runs.GetAsync(app, run.Id)).Run.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(listener.Calls, Has.Count.EqualTo(2));
        Assert.That(listener.Calls.Select(c => c.Key).Distinct().Single(), Is.EqualTo($"run-{run.Id}-push"), "one key for every attempt");
        var sent = JsonNode.Parse(listener.Calls.Last().Body)!;
        Assert.That((sent["deal"]!.GetValue<long>(), sent["title"]!.GetValue<string>(), sent["amount"]!.GetValue<decimal>()), Is.EqualTo((deal.Id, "ACME", 1200.5m)));
        Assert.That(listener.Calls.Last().Token, Is.EqualTo("secret"));
        Assert.That((await Runs.GetAsync(app, run.Id)).Steps[^1].Output!["status"]!.GetValue<int>(), Is.EqualTo(200));
    }

    [Test]
    public async Task A_call_the_other_system_refuses_fails_the_run_and_refused_addresses_are_turned_away_at_publish()
    {
        using var listener = new Listener(422);
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, Deals);
        await EnableAsync(app, $$"""
            { "key": "erp", "form": "deal", "trigger": { "type": "recordCreated" },
              "steps": [ { "id": "push", "type": "callWebhook", "url": "{{listener.Url}}orders", "body": { "name": "name" } } ] }
            """);
        await Records.CreateAsync(deals, Json.Of("""{ "name": "Acme" }"""), User());
        await SettleAsync();
        var run = (await Runs.ListAsync(app, "erp")).Single();
        Assert.That(run.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(run.Error!.Errors.Single().Code, Is.EqualTo("workflow.webhookRefused"));

        foreach (var (url, code) in new[] { ("ftp://files.example.com/x", "outbound.scheme"), ("http://10.0.0.5/hook", "outbound.address"), ("http://localhost:9/x", "outbound.address") })
        {
            var workflow = WorkflowJson.Parse($$"""
                { "key": "bad", "form": "deal", "trigger": { "type": "recordCreated" }, "steps": [ { "id": "push", "type": "callWebhook", "url": "{{url}}" } ] }
                """);
            var e = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Workflows.PublishAsync(app, workflow));
            Assert.That(e!.Errors.Select(x => (x.Field, x.Code)), Does.Contain(("steps[0].url", code)), url);
        }
    }

    /// <summary>An HTTP server on 127.0.0.1 answering each call with the next status given (the last one thereafter).</summary>
    private sealed class Listener : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly int[] _statuses;
        private int _calls;

        public Listener(params int[] statuses)
        {
            _statuses = statuses;
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(AnswerAsync);
        }

        public string Url { get; }

        public ConcurrentQueue<(string Key, string? Token, string Body)> Calls { get; } = new();

        private async Task AnswerAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                using var reader = new StreamReader(context.Request.InputStream);
                Calls.Enqueue((context.Request.Headers["Idempotency-Key"] ?? "", context.Request.Headers["X-Token"], await reader.ReadToEndAsync()));
                context.Response.StatusCode = _statuses[Math.Min(Interlocked.Increment(ref _calls) - 1, _statuses.Length - 1)];
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }

        public void Dispose() => _listener.Close();
    }
}
