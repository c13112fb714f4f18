namespace Platform.Engine.Records.Query;

public sealed record SortKey(string Field, bool Descending);

/// <summary>A query: filter, sort, one page (by cursor or offset), projection, and a total only when asked.</summary>
public sealed record QueryRequest
{
    public Filter? Filter { get; init; }

    public IReadOnlyList<SortKey> Sort { get; init; } = [];

    public int PageSize { get; init; } = 50;

    /// <summary>The <c>next</c> cursor of the previous page (keyset paging).</summary>
    public string? After { get; init; }

    /// <summary>Rows to skip (offset paging); ignored when <see cref="After"/> is given.</summary>
    public int? Offset { get; init; }

    /// <summary>Field keys to return; null for all.</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    public bool Count { get; init; }

    /// <summary>Quick search: records whose text fields hold every word (each of two characters or more).</summary>
    public string? Search { get; init; }

    /// <summary>Query the recycle bin (deleted records) instead of live ones.</summary>
    public bool Deleted { get; init; }
}

/// <summary>One page of records.</summary>
public sealed record QueryResult(IReadOnlyList<RecordData> Items, string? Next, long? Total);
