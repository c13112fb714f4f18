using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Platform.Engine.Workflows.Definitions;

/// <summary>
/// What starts a workflow's run. Each kind is one record here and says, in <see cref="Starts"/>, which record
/// events start it; its pinned name is in <see cref="WorkflowTypes.Triggers"/>.
/// </summary>
public abstract record WorkflowTrigger : IPinnedType
{
    /// <summary>A formula over the record that must be true for the run to act (none: always). Checked when the run starts.</summary>
    public string? Condition { get; init; }

    [JsonIgnore]
    public JsonObject? OriginalJson { get; init; }

    /// <summary>Settings a newer version wrote; kept so a round trip loses nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>Whether a change of a record of the workflow's form starts a run.</summary>
    public virtual bool Starts(RecordEvent change) => false;

    /// <summary>Whether its runs are about no stored record (a schedule, a webhook's call): steps that change the record refuse them.</summary>
    [JsonIgnore]
    public virtual bool RecordLess => false;

    /// <summary>What publishing checks of this kind of trigger, besides its condition.</summary>
    public virtual void Check(WorkflowCheck check)
    {
    }
}

/// <summary>A change as the outbox tells it: <c>record.created</c>, <c>record.updated</c> (with the fields that changed), <c>record.deleted</c>…</summary>
public sealed record RecordEvent(string Kind, IReadOnlyCollection<string> ChangedFields)
{
    /// <summary>The moves of stage fields the change made, read from the stage history when a trigger asks for them.</summary>
    public IReadOnlyList<StageMoveSeen> StageMoves { get; init; } = [];
}

/// <summary>A stage field moved from one stage to another (either null on a record created or cleared).</summary>
public sealed record StageMoveSeen(string Field, string? From, string? To);

/// <summary>A record's stage field entered or left one stage: the stage's on-enter and on-exit steps.</summary>
public abstract record StageTrigger : WorkflowTrigger
{
    public string Field { get; init; } = "";

    public string Stage { get; init; } = "";

    public override void Check(WorkflowCheck check)
    {
        if (check.Form is not { } form) return;
        if (form.FindField(Field) is not Forms.Fields.SelectField { Stages: not null } stages) check.Error("trigger.field", "workflow.notStageField", Field);
        else if (stages.Options.All(o => o.Key != Stage)) check.Error("trigger.stage", "option.unknown", Stage);
    }
}

/// <summary>A record entered <see cref="StageTrigger.Stage"/> (also when created in it).</summary>
public sealed record StageEnteredTrigger : StageTrigger
{
    public override bool Starts(RecordEvent change) => change.StageMoves.Any(m => m.Field == Field && m.To == Stage);
}

/// <summary>A record left <see cref="StageTrigger.Stage"/>.</summary>
public sealed record StageLeftTrigger : StageTrigger
{
    public override bool Starts(RecordEvent change) => change.StageMoves.Any(m => m.Field == Field && m.From == Stage);
}

/// <summary>A record of the form was created.</summary>
public sealed record RecordCreatedTrigger : WorkflowTrigger
{
    public override bool Starts(RecordEvent change) => change.Kind == "record.created";
}

/// <summary>A record of the form was changed; with <see cref="Fields"/>, only when one of them really changed (old ≠ new).</summary>
public sealed record RecordUpdatedTrigger : WorkflowTrigger
{
    public IReadOnlyList<string>? Fields { get; init; }

    public override bool Starts(RecordEvent change) =>
        change.Kind == "record.updated" && (Fields is not { Count: > 0 } || Fields.Any(change.ChangedFields.Contains));

    public override void Check(WorkflowCheck check)
    {
        foreach (var (key, i) in (Fields ?? []).Select((f, i) => (f, i)))
            if (key != Forms.SystemFields.Owner && check.Form is { } form && form.FindField(key) is null) check.Error($"trigger.fields[{i}]", "unknownField", key);
    }
}

/// <summary>A record of the form was moved to the recycle bin.</summary>
public sealed record RecordDeletedTrigger : WorkflowTrigger
{
    public override bool Starts(RecordEvent change) => change.Kind == "record.deleted";
}

/// <summary>A person starts it on one record, with a button or <c>POST …/records/{id}/actions/{workflow}</c>.</summary>
public sealed record ManualTrigger : WorkflowTrigger
{
    public Forms.LocalizedText? Label { get; init; }
}

/// <summary>
/// A trigger that starts a run on each record at a time worked out from the record: its due time is kept in the platform's
/// table of due times, written in the transaction of the change it follows from, and fired once.
/// </summary>
public abstract record TimedTrigger : WorkflowTrigger
{
    /// <summary>
    /// When the record's run is due, or null when none is (no date, a time already past, a condition that does not hold).
    /// <paramref name="scheduled"/> is the due time kept so far, if any.
    /// </summary>
    public abstract DateTime? DueFor(TimedRecord record, DateTime? scheduled);
}

/// <summary>A record as a timed trigger sees it: its values, now, the zone its dates are days in, and its trigger's condition.</summary>
public sealed record TimedRecord(Func<string, object?> Value, DateTime Now, TimeZoneInfo Zone, Func<bool> ConditionHolds);

/// <summary>
/// N days, hours or minutes before (negative) or after a date or date-time field of each record: 30 days before a
/// contract ends, an hour after a meeting. A date field's day starts its runs at <see cref="Time"/> in the workflow's
/// zone. <see cref="Yearly"/> repeats on the day every year (birthdays, signing anniversaries). A time already past
/// when the record is saved starts nothing.
/// </summary>
public sealed record DateTrigger : TimedTrigger
{
    public string Field { get; init; } = "";

    public int Days { get; init; }

    public int Hours { get; init; }

    public int Minutes { get; init; }

    /// <summary>The time of day (<c>HH:mm</c>) a date field's runs start; 09:00 when not given.</summary>
    public string? Time { get; init; }

    public bool Yearly { get; init; }

    private TimeSpan Offset => new(Days, Hours, Minutes, 0);

    public override DateTime? DueFor(TimedRecord record, DateTime? scheduled)
    {
        if (!record.ConditionHolds()) return null;
        var value = record.Value(Field);
        DateTime At(int year) => value switch
        {
            DateOnly day => TimeZoneInfo.ConvertTimeToUtc(DateOnly.FromDateTime(new DateTime(year, day.Month, Math.Min(day.Day, DateTime.DaysInMonth(year, day.Month))))
                .ToDateTime(TimeOnly.ParseExact(Time ?? "09:00", "HH:mm", System.Globalization.CultureInfo.InvariantCulture)), record.Zone) + Offset,
            DateTime instant => instant.AddYears(year - instant.Year) + Offset,
            _ => DateTime.MinValue,
        };
        var year = value switch { DateOnly day => day.Year, DateTime instant => instant.Year, _ => 0 };
        if (year == 0) return null;
        var due = At(year);
        if (Yearly)
            for (year = Math.Max(year, record.Now.Year - 1); due <= record.Now; year++) due = At(year);
        return due > record.Now ? due : null;
    }

    public override void Check(WorkflowCheck check)
    {
        if (check.Form is not { } form) return;
        if (form.FindField(Field) is not (Forms.Fields.DateField or Forms.Fields.DateTimeField) && Field is not (Forms.SystemFields.CreatedAt or Forms.SystemFields.UpdatedAt))
            check.Error("trigger.field", "workflow.notDateField", Field);
        if (Time is not null && !TimeOnly.TryParseExact(Time, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
            check.Error("trigger.time", "workflow.timeOfDay", Time);
        if (Math.Abs(Offset.TotalDays) > 3660) check.Error("trigger.days", "workflow.offsetRange");
    }
}

/// <summary>
/// A record's condition has held for a while: a lead not followed up for 3 days, a ticket open for 4 hours. The time
/// counts from the change that made the condition hold; a change that keeps it holding keeps the time, one that ends
/// it ends the wait.
/// </summary>
public sealed record ConditionHeldTrigger : TimedTrigger
{
    public int Days { get; init; }

    public int Hours { get; init; }

    public int Minutes { get; init; }

    public override DateTime? DueFor(TimedRecord record, DateTime? scheduled) =>
        !record.ConditionHolds() ? null : scheduled ?? record.Now + new TimeSpan(Days, Hours, Minutes, 0);

    public override void Check(WorkflowCheck check)
    {
        if (string.IsNullOrWhiteSpace(Condition)) check.Error("trigger.condition", "required");
        var length = new TimeSpan(Days, Hours, Minutes, 0);
        if (length <= TimeSpan.Zero || length.TotalDays > 3660) check.Error("trigger.days", "workflow.offsetRange");
    }
}

/// <summary>
/// At the times a cron expression names (five fields, or six with seconds), in <see cref="TimeZone"/> (the platform's
/// zone when not given): every weekday at 09:00 a digest, every Monday a review. Its runs are about no record; steps that
/// change the run's record fail in them. A time that passed while the platform was down fires once when it is back.
/// </summary>
public sealed record ScheduleTrigger : WorkflowTrigger
{
    public override bool RecordLess => true;

    public string Cron { get; init; } = "";

    public string? TimeZone { get; init; }

    /// <summary>The first time after <paramref name="after"/> (UTC), or null when the expression names no more.</summary>
    public DateTime? Next(DateTime after, TimeZoneInfo fallback) =>
        Parse(Cron)?.GetNextOccurrence(DateTime.SpecifyKind(after, DateTimeKind.Utc), Zone ?? fallback);

    private TimeZoneInfo? Zone => TimeZone is { } name && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : null;

    private static Cronos.CronExpression? Parse(string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return fields is 5 or 6 && Cronos.CronExpression.TryParse(cron, fields == 6 ? Cronos.CronFormat.IncludeSeconds : Cronos.CronFormat.Standard, out var parsed)
            ? parsed : null;
    }

    public override void Check(WorkflowCheck check)
    {
        if (Parse(Cron) is null) check.Error("trigger.cron", "workflow.cron", Cron);
        if (TimeZone is not null && Zone is null) check.Error("trigger.timeZone", "user.timeZone", TimeZone);
    }
}

/// <summary>A trigger this version does not know (a newer package's): kept as written, refused at publish by name.</summary>
public sealed record UnknownTrigger : WorkflowTrigger;

/// <summary>
/// Another system calls the workflow's secret address (<c>POST /hooks/{secret}</c>, made when it is published) with a
/// JSON object: its properties named like the form's fields are the run's input, which its formulas read as a record's.
/// </summary>
public sealed record WebhookTrigger : WorkflowTrigger
{
    public override bool RecordLess => true;
}
