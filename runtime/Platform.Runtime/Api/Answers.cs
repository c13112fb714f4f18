using System.Text.Json.Nodes;
using Platform.Engine.Records;
using Platform.Engine.Records.Pipeline;
using Platform.Engine.Validation;

namespace Platform.Runtime.Api;

/// <summary>A thing a write did not refuse but the caller should know: a formula stored blank because it failed.</summary>
public sealed record WarningAnswer(string Field, string Code, string Message)
{
    public static IReadOnlyList<WarningAnswer> From(IEnumerable<WriteWarning> warnings, string culture) =>
        warnings.Select(w => new WarningAnswer(w.Field, w.Code, Messages.Format(w.Code, culture, w.Args))).ToList();
}

/// <summary>Who made a change: <c>user</c>, <c>workflow</c>, <c>import</c>, <c>recompute</c> or <c>system</c>, on whose behalf, and which run or job.</summary>
public sealed record ActorAnswer(string Kind, long? UserId, string? Ref);

public sealed record ChangeAnswer(string Field, JsonNode? Old, JsonNode? New);

/// <summary>One entry of a record's history.</summary>
public sealed record HistoryAnswer(long Id, string Kind, long Version, long? UserId, ActorAnswer Actor, string At,
    IReadOnlyList<ChangeAnswer> Changes, IReadOnlyList<WarningAnswer> Warnings)
{
    public static HistoryAnswer From(HistoryEntry entry, string culture) => new(
        entry.Id, entry.Kind, entry.Version, entry.UserId, new ActorAnswer(entry.Actor.Kind, entry.Actor.UserId, entry.Actor.Ref),
        Platform.Engine.Values.DateTimeCodec.Format(entry.At),
        entry.Changes.Select(c => new ChangeAnswer(c.Field, c.Old?.DeepClone(), c.New?.DeepClone())).ToList(),
        WarningAnswer.From(entry.Warnings, culture));
}

/// <summary>One move of a record's stage.</summary>
public sealed record TagChangeAnswer(long Id, string Field, string Tag, bool Added, string Rule, long Version, ActorAnswer Actor, string At)
{
    public static TagChangeAnswer Of(TagChange change) => new(change.Id, change.Field, change.Tag, change.Added, change.Rule, change.Version,
        new ActorAnswer(change.Actor.Kind, change.Actor.UserId, change.Actor.Ref), Platform.Engine.Values.DateTimeCodec.Format(change.At));
}

public sealed record StageMoveAnswer(long Id, string Field, string? From, string? To, long Version, long? UserId, ActorAnswer Actor, string At)
{
    public static StageMoveAnswer Of(StageMove move) => new(move.Id, move.Field, move.From, move.To, move.Version, move.UserId,
        new ActorAnswer(move.Actor.Kind, move.Actor.UserId, move.Actor.Ref), Platform.Engine.Values.DateTimeCodec.Format(move.At));
}

/// <summary>One step of a record through the public pool.</summary>
public sealed record PoolMoveAnswer(long Id, string Action, long? OwnerBefore, long? OwnerAfter, string? Reason, long? UserId, ActorAnswer Actor, string At)
{
    public static PoolMoveAnswer Of(PoolMove move) => new(move.Id, move.Action, move.OwnerBefore, move.OwnerAfter, move.Reason, move.UserId,
        new ActorAnswer(move.Actor.Kind, move.Actor.UserId, move.Actor.Ref), Platform.Engine.Values.DateTimeCodec.Format(move.At));
}

/// <summary>One page of records: each record is its system fields and field keys → values.</summary>
public sealed record RecordPage(IReadOnlyList<RecordAnswer> Items, string? Next, long? Total);

/// <summary>Records created together.</summary>
public sealed record RecordList(IReadOnlyList<JsonObject> Items);

/// <summary>What publishing did, or in a dry run would do.</summary>
public sealed record PublishResponse(int Version, bool DryRun, int Recomputed, IReadOnlyList<Platform.Engine.Storage.Forms.MigrationChange> Changes,
    IReadOnlyList<Platform.Engine.Storage.Forms.DataLoss> DataLoss, bool RequiresConfirmation)
{
    /// <summary>The background job recomputing the existing records, to follow at <c>/api/jobs/{id}</c>; none when nothing needed it.</summary>
    public Platform.Engine.Jobs.JobInfo? Job { get; init; }
}

public sealed record PurgeResponse(IReadOnlyList<string> Purged);
