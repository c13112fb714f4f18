namespace Platform.Benchmarks;

public static class Report
{
    public static void Print(IReadOnlyList<Measurement> results, int records, TextWriter output, string? title = null)
    {
        output.WriteLine();
        output.WriteLine(title ?? $"Records at {records:N0} — platform (record service) beside hand-written SQL on the same table, same run");
        output.WriteLine($"{"database",-9} {"operation",-38} {"unit",-10} {"platform",12} {"raw SQL",12} {"platform/raw",13}");
        foreach (var r in results)
            output.WriteLine($"{r.Database,-9} {r.Operation,-38} {r.Unit,-10} {Format(r.Platform),12} {Format(r.Raw),12} {r.Ratio,12:P0}");
        output.WriteLine("platform/raw: share of raw throughput, or raw latency ÷ platform latency (100% = as fast as raw).");
    }

    private static string Format(double value) => value >= 100 ? value.ToString("N0") : value.ToString("F3");
}
