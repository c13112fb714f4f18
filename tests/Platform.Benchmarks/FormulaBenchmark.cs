using System.Diagnostics;
using System.Text.Json;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Formulas;
using Platform.Engine.Records;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Schema;

namespace Platform.Benchmarks;

/// <summary>
/// The formula language's cost: one simple formula (all sandbox limits on), a million records
/// recomputed, and a record write with 20 formula fields beside the same write with none. The
/// baselines are the same arithmetic written in C#, and the formula-free write, in the same run.
/// </summary>
public sealed class FormulaBenchmark(PlatformDatabase database, int records, TextWriter log)
{
    private const string Fields = """
        { "key": "amount", "type": "money", "label": { "en": "Amount", "zh-CN": "金额" } },
        { "key": "qty", "type": "number", "label": "Quantity" },
        { "key": "discount", "type": "percent", "label": "Discount" },
        { "key": "name", "type": "text", "label": "Name" },
        { "key": "signed", "type": "date", "label": "Signed" }
        """;

    private static readonly string[] TwentyFormulas =
    [
        "amount * qty", "ROUND(amount * (1 - discount), 2)", "IF(amount > 100000, \"A\", \"B\")", "f1 + f2", "UPPER(LEFT(name, 3))",
        "DATEDIF(signed, TODAY(), \"d\")", "YEAR(signed)", "name & \"-\" & qty", "MAX(amount, 1000)", "IFERROR(amount / qty, 0)",
        "AND(amount > 0, qty > 1)", "TEXT(amount, \"#,##0.00\")", "LEN(name)", "EDATE(signed, 12)", "ABS(amount - 50000)",
        "MOD(qty, 7)", "f2 * 0.13", "ROUNDUP(amount / 1000, 0)", "SWITCH(MOD(qty, 3), 0, \"x\", 1, \"y\", \"z\")", "CONCAT(name, \" / \", YEAR(signed))",
    ];

    private static readonly string[] ResultTypes =
        ["number", "number", "text", "number", "text", "number", "number", "text", "number", "number",
         "boolean", "text", "number", "date", "number", "number", "number", "number", "text", "text"];

    public async Task<List<Measurement>> RunAsync()
    {
        var results = new List<Measurement>();
        var sandbox = new ScriptSandbox();
        var formulas = new FormulaService(sandbox);
        var scope = new FormulaScope(FormJson.Parse($$"""{ "key": "deal", "fields": [ {{Fields}} ] }"""));
        var context = new ScriptContext(DateTimeOffset.UtcNow, TimeZoneInfo.Utc, 1);
        var values = new Dictionary<string, object?> { ["amount"] = 123456.78m, ["qty"] = 3m, ["discount"] = 0.1m, ["name"] = "Acme", ["signed"] = new DateOnly(2024, 2, 29) };

        // One simple formula, timed in batches of 1,000 so the clock's cost stays out of the figure.
        var simple = formulas.Compile("IF({金额} > 100000, \"A\", \"B\")", scope);
        var input = new RecordFormulaValues(values, null, null);
        var simpleNs = MedianPerCall(() => formulas.Evaluate(simple, context, input));
        var nativeNs = MedianPerCall(() => _ = (decimal)values["amount"]! > 100000m ? "A" : "B");
        results.Add(new("sandbox", "simple formula, all limits on", "µs median", simpleNs / 1000, nativeNs / 1000, HigherIsBetter: false));
        log.WriteLine($"  simple formula: {simpleNs:F0} ns (C#: {nativeNs:F1} ns)");

        // A million records recomputed: the formula of a typical discount field over varied values.
        var recompute = formulas.Compile("ROUND(amount * qty * (1 - discount), 2)", scope);
        var rows = Enumerable.Range(0, records).Select(i => new Dictionary<string, object?>
        {
            ["amount"] = 1000m + i % 9973 * 1.37m, ["qty"] = (decimal)(1 + i % 17), ["discount"] = i % 5 * 0.05m,
        }).ToList();
        // Building a million rows leaves the collector busy: start timing from a settled heap.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var start = Stopwatch.GetTimestamp();
        foreach (var row in rows) formulas.Evaluate(recompute, context, new RecordFormulaValues(row, null, null));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        start = Stopwatch.GetTimestamp();
        var check = 0m;
        foreach (var row in rows) check += Math.Round((decimal)row["amount"]! * (decimal)row["qty"]! * (1 - (decimal)row["discount"]!), 2, MidpointRounding.AwayFromZero);
        var nativeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        results.Add(new("sandbox", $"recompute {records:N0} records", "s", seconds, nativeSeconds, HigherIsBetter: false));
        log.WriteLine($"  recompute: {seconds:F2} s (C#: {nativeSeconds:F3} s, checksum {check})");

        results.AddRange(await WriteCostAsync(sandbox));
        return results;
    }

    /// <summary>
    /// Single creates on a form with 20 formula fields, beside the same form without them, and beside a
    /// form as wide whose 20 extra fields are plain ones sent with the record (so storing 20 more columns
    /// is in both sides, and only computing them differs).
    /// </summary>
    private async Task<List<Measurement>> WriteCostAsync(ScriptSandbox sandbox)
    {
        await SystemSchema.MigrateAsync(database);
        var clock = TimeProvider.System;
        var apps = new AppService(database, clock);
        var forms = new FormService(database, sandbox, clock);
        var service = new RecordService(database, sandbox, clock);
        await apps.CreateAsync("formulas", "Formulas", null);
        var formulaFields = string.Join(",\n", TwentyFormulas.Select((f, i) =>
            $$"""{ "key": "f{{i + 1}}", "type": "formula", "resultType": "{{ResultTypes[i]}}", "expression": {{JsonSerializer.Serialize(f)}} }"""));
        var plainFields = string.Join(",\n", ResultTypes.Select((t, i) =>
            $$"""{ "key": "f{{i + 1}}", "type": "{{(t == "text" ? "textarea" : t)}}" }"""));
        await forms.PublishAsync("formulas", FormJson.Parse($$"""{ "key": "plain", "fields": [ {{Fields}} ] }"""));
        await forms.PublishAsync("formulas", FormJson.Parse($$"""{ "key": "wide", "fields": [ {{Fields}}, {{plainFields}} ] }"""));
        await forms.PublishAsync("formulas", FormJson.Parse($$"""{ "key": "computed", "fields": [ {{Fields}}, {{formulaFields}} ] }"""));
        var plain = await forms.GetModelAsync("formulas", "plain");
        var wide = await forms.GetModelAsync("formulas", "wide");
        var computed = await forms.GetModelAsync("formulas", "computed");
        var user = CallerContext.ForUser(1);

        var pause = GC.GetTotalPauseDuration();
        var collections = GC.CollectionCount(0);
        var without = new Latencies();
        var widened = new Latencies();
        var with = new Latencies();
        for (var i = 0; i < 5000; i++)
        {
            var payload = JsonSerializer.SerializeToElement(new { amount = 1000 + i, qty = 1 + i % 9, discount = 0.1, name = $"Customer {i}", signed = "2025-03-01" });
            var record = await service.CreateAsync(computed, payload, user);
            var widePayload = JsonSerializer.SerializeToNode(payload)!.AsObject();
            foreach (var (key, field) in computed.ByKey.Where(f => f.Key.StartsWith('f') && f.Key.Length <= 3))
                widePayload[key] = field.Codec.Write(record.Values[key]);
            var wideJson = JsonSerializer.SerializeToElement(widePayload);
            await with.TimeAsync(() => service.CreateAsync(computed, payload, user));
            await widened.TimeAsync(() => service.CreateAsync(wide, wideJson, user));
            await without.TimeAsync(() => service.CreateAsync(plain, payload, user));
        }
        log.WriteLine($"  garbage collection during the writes: {GC.CollectionCount(0) - collections} collections, {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:F0} ms paused");
        log.WriteLine($"  write: {with.Median:F3} ms with 20 formulas, {widened.Median:F3} ms with the 20 values sent, {without.Median:F3} ms without the fields");
        return
        [
            new(database.Dialect.Name, "create, 20 formulas vs 20 values sent", "ms median", with.Median, widened.Median, HigherIsBetter: false),
            new(database.Dialect.Name, "create, 20 formulas vs no such fields", "ms median", with.Median, without.Median, HigherIsBetter: false),
        ];
    }

    private static double MedianPerCall(Action call)
    {
        // A server runs formulas for days: measure the steady state, after the JIT has finished tiering
        // Jint's interpreter up (it takes a second or two on two cores), not the first moments.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(3)) call();
        var batches = new List<double>();
        for (var b = 0; b < 300; b++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < 1000; i++) call();
            batches.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / 1000);
        }
        batches.Sort();
        return batches[batches.Count / 2];
    }
}
