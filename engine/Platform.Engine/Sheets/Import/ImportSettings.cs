namespace Platform.Engine.Sheets.Import;

/// <summary>
/// How an import writes: <see cref="Mode"/> (insert every row; upsert, updating the record whose <see cref="Key"/> field holds
/// the row's value and creating the rest; update only), <see cref="OnError"/> (skip a bad row and go on, or abort: nothing is
/// written unless every row is good), whether workflows start for each record, and which field each column fills (by
/// heading; a heading mapped to null is left out). Stored with the import as JSON.
/// </summary>
public sealed record ImportSettings
{
    public string Mode { get; init; } = ImportModes.Insert;

    public string? Key { get; init; }

    public string OnError { get; init; } = ImportModes.Skip;

    public bool Workflows { get; init; }

    public IReadOnlyDictionary<string, string?>? Mapping { get; init; }
}

/// <summary>The pinned names of import modes and error handling.</summary>
public static class ImportModes
{
    public const string Insert = "insert";
    public const string Upsert = "upsert";
    public const string Update = "update";
    public const string Skip = "skip";
    public const string Abort = "abort";

    public static readonly IReadOnlyList<string> All = [Insert, Upsert, Update];
    public static readonly IReadOnlyList<string> OnErrors = [Skip, Abort];
}

/// <summary>Where an import stands; pinned names, stored and shown.</summary>
public static class ImportStatus
{
    public const string Queued = "queued";
    public const string Checking = "checking";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool Ended(string status) => status is Done or Failed or Cancelled;
}
