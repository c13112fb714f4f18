namespace Platform.Engine.Records;

public sealed record RecordOptions
{
    public int MaxPageSize { get; init; } = 1000;

    public int MaxBatchSize { get; init; } = 1000;
}
