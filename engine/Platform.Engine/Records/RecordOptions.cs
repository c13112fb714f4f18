namespace Platform.Engine.Records;

public sealed record RecordOptions
{
    public int MaxPageSize { get; init; } = 1000;

    public int MaxBatchSize { get; init; } = 1000;

    /// <summary>From how many records a form is large: a sort no index serves reads and sorts all of them, and the list says so.</summary>
    public long LargeForm { get; init; } = 100_000;
}
