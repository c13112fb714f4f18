using System.Text.Json.Serialization;

namespace Platform.Engine.Storage.Forms;

/// <summary>What publishing a version will do, shown by a dry run before anything changes.</summary>
public sealed record MigrationPlan
{
    public required int Version { get; init; }

    public required IReadOnlyList<MigrationChange> Changes { get; init; }

    public required IReadOnlyList<DataLoss> DataLoss { get; init; }

    public bool RequiresConfirmation => DataLoss.Count > 0;

    [JsonIgnore]
    internal FormStorage NewStorage { get; init; } = null!;

    /// <summary>True when the records' search documents must be written again: a text field left, came back, or the index is new to a form with records.</summary>
    [JsonIgnore]
    public bool RebuildsSearch { get; init; }

    [JsonIgnore]
    internal IReadOnlyList<string> Statements { get; init; } = [];

    [JsonIgnore]
    internal IReadOnlyList<ColumnConversion> Conversions { get; init; } = [];

    [JsonIgnore]
    internal IReadOnlyList<DuplicateKeyWork> DuplicateKeys { get; init; } = [];
}

/// <summary>One change, e.g. <c>{ "field": "amount", "action": "changeType", "from": "text", "to": "number" }</c>.</summary>
public sealed record MigrationChange(string Field, string Action, string? From = null, string? To = null);

/// <summary>Rows whose value would not survive a type change, with the first few as examples.</summary>
public sealed record DataLoss(string Field, int Count, IReadOnlyList<LostValue> Examples);

public sealed record LostValue(long Id, string? Value);

/// <summary>Publishing refused because it would lose data that was not confirmed: the plan says which rows.</summary>
public sealed class DataLossRefusedException(MigrationPlan plan, IReadOnlyList<Validation.ValidationError> errors) : Validation.DefinitionRejectedException(errors)
{
    public MigrationPlan Plan { get; } = plan;
}
