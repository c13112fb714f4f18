using Platform.Engine.Formulas;
using Platform.Engine.Models;
using Platform.Engine.Records.Pipeline;
using Platform.Engine.Records.Query;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;

namespace Platform.Engine.Records;

/// <summary>What the record service and its pipeline steps share: the database and the ways to read and write it.</summary>
internal sealed class RecordStore(PlatformDatabase database, ScriptSandbox sandbox, TimeProvider clock, RecordOptions options)
{
    public PlatformDatabase Database => database;

    public TimeProvider Clock => clock;

    public RecordOptions Options => options;

    public RecordReader Reader { get; } = new(database.Dialect);

    public RecordWriter Writer { get; } = new(database.Dialect);

    public ChangeLog Log { get; } = new(database.Dialect);

    public WriteChecks Checks { get; } = new(new FormulaService(sandbox));

    /// <summary>Set once the pipeline is built: lookups cascade through it.</summary>
    public RecordPipeline Pipeline { get; set; } = null!;

    /// <summary>The scripts of one operation share one deadline, whatever each call's own limit.</summary>
    public ScriptContext Script(DateTimeOffset now, CallerContext caller) =>
        new ScriptContext(now, caller.TimeZone, caller.UserId).WithBudget(sandbox.Limits.OperationTimeout);

    /// <summary>Queries as <paramref name="caller"/> sees the form; <paramref name="allFields"/> for the engine's own reads.</summary>
    public RecordQueryBuilder Builder(FormModel model, CallerContext caller, bool allFields = false,
        IReadOnlyDictionary<string, RecordQueryBuilder>? related = null) =>
        new(database.Dialect, model, caller, allFields ? FieldView.All : caller.Fields(model),
            DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), caller.TimeZone).DateTime), Reader, related);

    /// <summary>One record with every field, if it is within the caller's row scope.</summary>
    public async Task<RecordData?> LoadAsync(CommandCache commands, FormModel model, long id, CallerContext caller, bool deleted, CancellationToken ct)
    {
        var args = new SqlArgs();
        var where = Builder(model, caller, allFields: true).ById(id, args, deleted);
        var sql = $"SELECT {Reader.SelectList(model.Fields)} FROM {database.Dialect.Quote(model.Table)} t WHERE {where}";
        return (await Reader.ReadAsync(commands, sql, args, model.Fields, ct)).SingleOrDefault();
    }

    /// <summary>Every live record of the form that matches <paramref name="filter"/>, a page at a time, as the engine sees them.</summary>
    public async Task<List<RecordData>> ReadAllAsync(UnitOfWork work, FormModel model, Filter filter, CancellationToken ct)
    {
        var all = new List<RecordData>();
        await foreach (var page in PagesAsync(work.Commands, model, filter, ct)) all.AddRange(page);
        return all;
    }

    /// <summary>The live records of a form in pages of the largest size, in id order, read by keyset.</summary>
    public async IAsyncEnumerable<IReadOnlyList<RecordData>> PagesAsync(CommandCache commands, FormModel model, Filter? filter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var builder = Builder(model, CallerContext.System);
        string? after = null;
        do
        {
            var plan = builder.Build(new QueryRequest { Filter = filter, PageSize = options.MaxPageSize, After = after }, options.MaxPageSize);
            var rows = await Reader.ReadAsync(commands, plan.Sql, plan.Args, plan.Fields, ct);
            after = rows.Count > plan.PageSize ? builder.NextCursor(plan, rows[plan.PageSize - 1]) : null;
            yield return rows.Count > plan.PageSize ? rows.GetRange(0, plan.PageSize) : rows;
        }
        while (after is not null);
    }

    public string? UniqueField(FormModel model, Exception e) =>
        database.Dialect.UniqueViolationColumn(e) is { } column
            ? model.Fields.FirstOrDefault(f => f.Stored.Column == column || f.Stored.DuplicateColumn == column)?.Key ?? column
            : null;
}
