using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Engine.Forms.Fields;

/// <summary>
/// Declares a select field the record's stage (lead → MQL → SQL → opportunity → customer): its options are the stages in
/// order, <see cref="Moves"/> says where each stage may go, and <see cref="Entry"/> what a record needs to enter a stage.
/// A change that breaks them is refused, naming what is missing; every move is kept in the record's stage history.
/// </summary>
public sealed record StageRules
{
    /// <summary>From a stage to the stages it may move to; a stage not named here may move to any.</summary>
    public ImmutableDictionary<string, ImmutableList<string>> Moves { get; init; } = ImmutableDictionary<string, ImmutableList<string>>.Empty;

    /// <summary>Whether a record in <paramref name="from"/> (none: a new record) may move to <paramref name="to"/>.</summary>
    public bool Allows(string? from, string to) => from is null || !Moves.TryGetValue(from, out var moves) || moves.Contains(to);

    /// <summary>What a record needs to enter a stage (also when it is created in it).</summary>
    public ImmutableDictionary<string, StageEntry> Entry { get; init; } = ImmutableDictionary<string, StageEntry>.Empty;

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>The fields a record must have filled in, and a formula that must hold, to enter a stage; the message says why in the users' words.</summary>
public sealed record StageEntry
{
    public ImmutableList<string> Required { get; init; } = [];

    public string? Condition { get; init; }

    public LocalizedText? Message { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
