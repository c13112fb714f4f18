using Platform.Engine.Models;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Records.Pipeline;

/// <summary>
/// One write operation going through the pipeline: one or more records of one form, for one caller,
/// at one instant, in one unit of work. Steps read and fill it; errors gather here until a step
/// that needs valid input is reached.
/// </summary>
public sealed class RecordWriteBatch
{
    internal RecordWriteBatch(WriteKind kind, FormModel model, CallerContext caller, DateTimeOffset now, ScriptContext script,
        IReadOnlyList<RecordWrite> items, UnitOfWork? work)
    {
        Kind = kind;
        Model = model;
        Caller = caller;
        Now = now;
        Script = script;
        Items = items;
        Work = work;
    }

    public WriteKind Kind { get; }

    public FormModel Model { get; }

    public CallerContext Caller { get; }

    public DateTimeOffset Now { get; }

    /// <summary>The scripts of one operation share one deadline, whatever each call's own limit.</summary>
    public ScriptContext Script { get; }

    public IReadOnlyList<RecordWrite> Items { get; }

    public List<ValidationError> Errors { get; } = [];

    /// <summary>True when only the checks run (no database): steps that need one are skipped.</summary>
    public bool CheckOnly => Work is null;

    /// <summary>How many levels of lookups through lookups this write is from a person's change (0 for the change itself).</summary>
    public int Depth { get; init; }

    internal UnitOfWork? Work { get; private set; }

    /// <summary>The batch's steps that need the database run in <paramref name="work"/> from now on.</summary>
    internal void Join(UnitOfWork work) => Work = work;

    internal UnitOfWork RequireWork() => Work ?? throw new InvalidOperationException("This step needs the database, and the batch only checks.");
}
