using Npgsql;
using static Platform.Runtime.Tests.Support.ApiFixture;

namespace Platform.Runtime.Tests.Hosting;

/// <summary>
/// A node given a collector (the standard OTEL_* settings) sends it, over OTLP: traces of its requests, its PostgreSQL
/// calls and its workflow runs; metrics of requests and runs; and its logs, with the request each was written in.
/// </summary>
[NonParallelizable]
public sealed class TelemetryTests
{
    [Test]
    public async Task A_node_given_a_collector_sends_it_traces_metrics_and_logs()
    {
        var target = new PostgresTestDatabase();
        if (target.Unavailable is { } reason) Assert.Ignore(reason);
        var root = Path.Combine(Path.GetTempPath(), $"platform-otel-{Guid.NewGuid():N}");
        await using var database = await target.CreateAsync();
        using var collector = new OtlpSink();
        try
        {
            await using var runtime = await RuntimeProcess.StartAsync(root, [.. RuntimeProcess.OnPostgres(database.ConnectionString), "--OTEL_EXPORTER_OTLP_ENDPOINT", collector.Address,
                "--OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "--OTEL_BSP_SCHEDULE_DELAY", "200", "--OTEL_METRIC_EXPORT_INTERVAL", "500",
                "--OTEL_BLRP_SCHEDULE_DELAY", "200", "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Information"]);
            using var client = await runtime.SignInAsync();
            await ExpectAsync(await client.PostAsync("/api/apps", Body("""{ "key": "ops", "name": "Ops" }""")), 201);
            await ExpectAsync(await client.PutAsync("/api/apps/ops/forms/job", Body("""{ "key": "job", "fields": [ { "key": "title", "type": "text" } ] }""")), 200);
            await ExpectAsync(await client.PutAsync("/api/apps/ops/workflows/told", Body("""
                { "key": "told", "form": "job", "trigger": { "type": "recordCreated" },
                  "steps": [ { "id": "tell", "type": "notify", "to": [ { "field": "owner" } ], "title": "'New job ' & title" } ] }
                """)), 200);
            await ExpectAsync(await client.PostAsync("/api/apps/ops/workflows/told/enable", null), 200);
            await ExpectAsync(await client.PostAsync("/api/apps/ops/forms/job/records", Body("""{ "title": "fix the roof" }""")), 201);

            var deadline = DateTime.UtcNow.AddSeconds(60);
            string[] wanted = ["/v1/traces:POST /api/apps/{app}/forms/{form}/records", "/v1/traces:workflow.run", "/v1/traces:postgresql",
                "/v1/metrics:http.server.request.duration", "/v1/metrics:platform.workflow.runs", "/v1/logs:RequestId"];
            string[] Missing() => [.. wanted.Where(w => !collector.Received(w[..w.IndexOf(':')], w[(w.IndexOf(':') + 1)..]))];
            while (Missing().Length > 0 && DateTime.UtcNow < deadline) await Task.Delay(200);
            Assert.That(Missing(), Is.Empty, "what the collector was not sent");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await target.DropAsync();
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
