using System.Diagnostics;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Records;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Schema;

namespace Platform.Benchmarks;

/// <summary>
/// Does group commit pay? The same burst of single creates (N concurrent writers in-process, each its next
/// create as soon as the last is stored) through the record service with writes grouped and not, on one database.
/// </summary>
public sealed class GroupingBenchmark(Func<bool, PlatformDatabase> open, int writers, TimeSpan duration, TextWriter log)
{
    public async Task<List<Measurement>> RunAsync()
    {
        var ungrouped = open(false);
        await SystemSchema.MigrateAsync(ungrouped);
        var clock = TimeProvider.System;
        var sandbox = new ScriptSandbox();
        await new AppService(ungrouped, clock).CreateAsync("group", "Group", null);
        var forms = new FormService(ungrouped, sandbox, clock);
        await forms.PublishAsync("group", FormJson.Parse("""
            { "key": "item", "fields": [ { "key": "name", "type": "text" }, { "key": "amount", "type": "money" }, { "key": "stage", "type": "select", "options": [ { "key": "a" } ] } ] }
            """));
        var model = await forms.GetModelAsync("group", "item");
        var results = new List<Measurement>();
        var name = ungrouped.Dialect.Name;
        var (plainRate, plainP99) = await BurstAsync(new RecordService(ungrouped, sandbox, clock), model);
        var grouped = open(true);
        var (groupedRate, groupedP99) = await BurstAsync(new RecordService(grouped, sandbox, clock), model);
        log.WriteLine($"  {name}: {writers} writers, grouped {groupedRate:N0}/s (p99 {groupedP99:F1} ms, largest group {grouped.WriteStats.LargestGroup}, " +
                      $"{grouped.WriteStats.Writes / (double)Math.Max(1, grouped.WriteStats.Groups):F1} a commit) vs side by side {plainRate:N0}/s (p99 {plainP99:F1} ms)");
        results.Add(new Measurement(name, $"single creates, {writers} concurrent writers", "creates/s", groupedRate, plainRate, HigherIsBetter: true));
        results.Add(new Measurement(name, $"single create p99, {writers} writers", "ms", groupedP99, plainP99, HigherIsBetter: false));
        return results;
    }

    private async Task<(double Rate, double P99)> BurstAsync(RecordService records, Engine.Models.FormModel model)
    {
        var caller = CallerContext.ForUser(1);
        var latencies = new List<double>[writers];
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            latencies[w] = [];
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await records.CreateAsync(model, System.Text.Json.JsonSerializer.SerializeToElement(new { name = $"w{w}-{i}", amount = i, stage = "a" }), caller);
                latencies[w].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })).ToList();
        await Task.WhenAll(loops);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return (all.Length / clock.Elapsed.TotalSeconds, all[(int)(all.Length * 0.99)]);
    }
}
