using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Platform.Engine.Forms;
using Platform.Engine.Formulas;
using Platform.Engine.Models;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Changes;
using Platform.Engine.Storage.Forms;
using Platform.Engine.Validation;

namespace Platform.Engine.Apps;

/// <summary>
/// Publishes form definitions as versions and keeps their tables in step, in one transaction:
/// if anything fails, neither the metadata nor the physical schema changes.
/// </summary>
public sealed class FormService(PlatformDatabase database, ScriptSandbox sandbox, TimeProvider clock)
{
    private readonly FormulaService _formulas = new(sandbox);
    private readonly ConcurrentDictionary<(long FormId, int Version), FormModel> _models = new();
    private readonly ConcurrentDictionary<(string App, string Form), IReadOnlyList<LookupDependent>> _dependents = new();
    private readonly ConcurrentDictionary<(string App, string Form), IReadOnlyList<FormModel>> _rollupParents = new();

    // Which version is current, per form, as last read: every request needs it, and asking the database each time
    // cost more than the record read itself. A publish on any node is heard at once (the database's change feed) and makes
    // it old; while other nodes cannot be heard, one made there is seen within a second (ChangeFeed.KeepFor).
    private readonly ConcurrentDictionary<(string App, string Form), (FormModel Model, long ReadAt, long Generation)> _current = new();
    private long _generation;

    private long Generation => database.Changes.Generation(ChangeTopics.Form);

    // The models, lookups and rollups kept here are dropped once a form's change is heard, from this node or another.
    private void DropIfChanged()
    {
        var generation = Generation;
        if (Interlocked.Exchange(ref _generation, generation) == generation) return;
        _models.Clear();
        _dependents.Clear();
        _rollupParents.Clear();
        _current.Clear();
    }

    private Task ChangedAsync(string appKey, string formKey, CancellationToken ct) =>
        database.Changes.TellAsync(new Change(ChangeTopics.Form, $"{appKey}/{formKey}"), ct);

    public async Task<IReadOnlyList<FormInfo>> ListAsync(string appKey, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var app = await AppService.FindAsync(connection, appKey, null) ?? throw new NotFoundException("app.notFound", appKey);
        var rows = await connection.QueryAsync<FormRow>(
            "SELECT id, app_id, form_key, version, updated_at FROM pf_forms WHERE app_id = @id ORDER BY form_key", new { id = app.Id });
        var result = new List<FormInfo>();
        foreach (var row in rows)
        {
            var definition = await LoadDefinitionAsync(connection, null, row.Id, (int)row.Version);
            result.Add(new FormInfo(row.FormKey, definition.Name, (int)row.Version, definition.Fields.Count,
                (DateTime)database.Dialect.FromDb(ColumnType.DateTime, row.UpdatedAt)!));
        }
        return result;
    }

    /// <summary>The published definition; <paramref name="version"/> picks an older one.</summary>
    public async Task<(FormDefinition Definition, int Version)> GetAsync(string appKey, string formKey, int? version = null, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var (_, form) = await FindAsync(connection, null, appKey, formKey);
        var wanted = version ?? (int)form.Version;
        if (wanted < 1 || wanted > form.Version) throw new NotFoundException("form.notFound", $"{formKey} v{wanted}");
        return (await LoadDefinitionAsync(connection, null, form.Id, wanted), wanted);
    }

    public async Task<IReadOnlyList<FormVersionInfo>> VersionsAsync(string appKey, string formKey, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var (_, form) = await FindAsync(connection, null, appKey, formKey);
        var rows = await connection.QueryAsync("SELECT version, published_at, published_by FROM pf_form_versions WHERE form_id = @id ORDER BY version", new { id = form.Id });
        return rows.Cast<IDictionary<string, object?>>().Select(r => new FormVersionInfo(
            (int)(long)database.Dialect.FromDb(ColumnType.Integer, r["version"])!,
            (DateTime)database.Dialect.FromDb(ColumnType.DateTime, r["published_at"])!,
            (long?)database.Dialect.FromDb(ColumnType.Integer, r["published_by"]))).ToList();
    }

    /// <summary>The compiled model of the current version, cached per version.</summary>
    public async Task<FormModel> GetModelAsync(string appKey, string formKey, CancellationToken ct = default)
    {
        DropIfChanged();
        var generation = Generation;
        if (_current.TryGetValue((appKey, formKey), out var known) && known.Generation == generation
            && Environment.TickCount64 - known.ReadAt < database.Changes.KeepFor)
            return known.Model;
        var current = await ReadModelAsync(appKey, formKey, ct);
        _current[(appKey, formKey)] = (current, Environment.TickCount64, generation);
        return current;
    }

    private async Task<FormModel> ReadModelAsync(string appKey, string formKey, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var (app, form) = await FindAsync(connection, null, appKey, formKey);
        if (_models.TryGetValue((form.Id, (int)form.Version), out var model)) return model;
        var definition = await LoadDefinitionAsync(connection, null, form.Id, (int)form.Version);
        var related = definition.Fields.Any(f => f is Forms.Fields.RelationField) ? await CurrentDefinitionsAsync(connection, app.Id) : [];
        model = new FormModel(app.Id, app.AppKey, form.Id, (int)form.Version, definition, FormStorage.FromJson(form.Storage), _formulas,
            key => key == definition.Key ? definition : related.GetValueOrDefault(key))
        { Links = new AppLinks(this, app.AppKey) };
        return _models.GetOrAdd((form.Id, model.Version), model);
    }

    /// <summary>
    /// What a formula of a form can name: the <paramref name="draft"/> being designed, or else the
    /// published definition of <paramref name="formKey"/>, with the app's other forms for lookups.
    /// </summary>
    public async Task<FormulaScope> ScopeAsync(string? appKey, string? formKey, FormDefinition? draft, CancellationToken ct = default)
    {
        if (appKey is null) return new FormulaScope(draft ?? throw new NotFoundException("form.notFound", formKey));
        await using var connection = await database.OpenAsync(ct);
        var app = await AppService.FindAsync(connection, appKey, null) ?? throw new NotFoundException("app.notFound", appKey);
        var forms = await CurrentDefinitionsAsync(connection, app.Id);
        var form = draft ?? (formKey is not null ? forms.GetValueOrDefault(formKey) : null) ?? throw new NotFoundException("form.notFound", formKey);
        return new FormulaScope(form, key => key == form.Key ? form : forms.GetValueOrDefault(key));
    }

    /// <summary>
    /// The formulas of a definition as publishing would compile them (result types settled, against the app's
    /// published forms), without publishing: what a caller needs to try them on existing records first.
    /// </summary>
    public async Task<FormFormulas> CompileAsync(string appKey, FormDefinition definition, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await CompileAsync(connection, appKey, definition)).Formulas;
    }

    private async Task<(FormFormulas Formulas, Func<string, FormDefinition?> Related)> CompileAsync(DbConnection connection, string appKey, FormDefinition definition)
    {
        var found = await AppService.FindAsync(connection, appKey, null) ?? throw new NotFoundException("app.notFound", appKey);
        var siblings = await CurrentDefinitionsAsync(connection, found.Id);
        FormDefinition? Related(string key) => key == definition.Key ? definition : siblings.GetValueOrDefault(key);
        definition = FormFormulas.InferResultTypes(definition, _formulas, Related);
        return (FormFormulas.Compile(definition, _formulas, Related), Related);
    }

    /// <summary>
    /// Publishes <paramref name="definition"/> as the next version. A dry run plans, measures data
    /// loss and changes nothing; a change that loses data needs <paramref name="confirmDataLoss"/>.
    /// </summary>
    public async Task<PublishResult> PublishAsync(string appKey, FormDefinition definition, bool dryRun = false, bool confirmDataLoss = false,
        long? userId = null, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var (formulas, Related) = await CompileAsync(connection, appKey, definition);
        definition = formulas.Definition;
        var errors = DefinitionCheck.Check(definition, formulas, Related);
        if (errors.Count > 0) throw new DefinitionRejectedException(errors);
        definition = formulas.WithKeys(definition);

        await using var transaction = await connection.BeginTransactionAsync(ct);
        var app = await AppService.FindAsync(connection, appKey, transaction) ?? throw new NotFoundException("app.notFound", appKey);
        var row = await connection.QuerySingleOrDefaultAsync<FormRow>(
            "SELECT id, app_id, form_key, version, storage FROM pf_forms WHERE app_id = @appId AND form_key = @key",
            new { appId = app.Id, key = definition.Key }, transaction);
        var now = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime);

        long formId;
        FormStorage? storage = null;
        FormDefinition? previous = null;
        if (row is null)
        {
            formId = await connection.ExecuteScalarAsync<long>(
                database.Dialect.InsertReturningId("pf_forms", ["app_id", "form_key", "version", "storage", "created_at", "updated_at"]),
                Args(app.Id, definition.Key, 0, "{}", now, now), transaction);
        }
        else
        {
            formId = row.Id;
            storage = FormStorage.FromJson(row.Storage);
            previous = await LoadDefinitionAsync(connection, transaction, formId, (int)row.Version);
        }

        var version = (int)(row?.Version ?? 0) + 1;
        var plan = MigrationPlanner.Plan(database.Dialect, formId, storage, previous, definition, version);
        plan = plan with { DataLoss = await Migrator.FindDataLossAsync(connection, transaction, database.Dialect, plan) };
        if (await Migrator.FindDuplicatesAsync(connection, transaction, database.Dialect, plan) is { Count: > 0 } duplicates)
            throw new DefinitionRejectedException(duplicates);
        if (dryRun) return new PublishResult(true, version, plan);
        if (plan.RequiresConfirmation && !confirmDataLoss)
            throw new DataLossRefusedException(plan, plan.DataLoss.Select(l => new ValidationError(l.Field, "migration.dataLoss", l.Count)).ToList());

        await Migrator.ApplyAsync(connection, transaction, database.Dialect, plan);
        try
        {
            await connection.ExecuteAsync(database.Dialect.Insert("pf_form_versions", ["form_id", "version", "definition", "published_at", "published_by"]),
                Args(formId, version, FormJson.Serialize(definition), now, userId), transaction);
        }
        catch (Exception e) when (database.Dialect.IsUniqueViolation(e))
        {
            throw new ConflictException("version.stale", version - 1);
        }
        await connection.ExecuteAsync("UPDATE pf_forms SET version = @version, storage = @storage, updated_at = @now WHERE id = @formId",
            new { version, storage = plan.NewStorage.ToJson(), now, formId }, transaction);
        await transaction.CommitAsync(ct);
        await ChangedAsync(appKey, definition.Key, ct);
        // New or changed tag rules, churn rules and rollups are computed too: existing records take them now.
        var formulasChanged = ChangedFormulas(previous, definition).Count > 0 || FormulasChanged(previous?.Fields ?? [], definition.Fields)
                              || Differs(previous?.TagRules ?? [], definition.TagRules) || Differs(previous?.Churn, definition.Churn)
                              || definition.Fields.OfType<Forms.Fields.RollupField>().Any(r => Differs<Forms.Fields.FieldDefinition>(previous?.FindField(r.Key), r));
        return new PublishResult(false, version, plan, formulasChanged);
    }

    /// <summary>Drops the data of retired fields for good. Only fields no longer in the form can be purged.</summary>
    public async Task<IReadOnlyList<string>> PurgeAsync(string appKey, string formKey, IReadOnlyCollection<string>? keys, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (_, form) = await FindAsync(connection, transaction, appKey, formKey);
        var storage = FormStorage.FromJson(form.Storage);
        var purged = new List<string>();
        var kept = storage.Fields.Where(f =>
        {
            if (!f.Retired || keys is not null && !keys.Contains(f.Key)) return true;
            purged.Add(f.Key);
            return false;
        }).ToList();
        foreach (var field in storage.Fields.Where(f => f.Retired && !kept.Contains(f)))
        {
            var statement = field.Kind == StorageKind.Column
                ? database.Dialect.DropColumn(storage.Table, field.Column!)
                : database.Dialect.DropTable(field.Table!);
            await connection.ExecuteAsync(statement, transaction: transaction);
        }
        await connection.ExecuteAsync("UPDATE pf_forms SET storage = @storage WHERE id = @id",
            new { storage = (storage with { Fields = [.. kept] }).ToJson(), id = form.Id }, transaction);
        await transaction.CommitAsync(ct);
        await ChangedAsync(appKey, formKey, ct);
        return purged;
    }

    /// <summary>The forms of an app whose formulas look up records of <paramref name="formKey"/>; kept until the next publish.</summary>
    public async Task<IReadOnlyList<LookupDependent>> DependentsAsync(string appKey, string formKey, CancellationToken ct = default)
    {
        DropIfChanged();
        if (_dependents.TryGetValue((appKey, formKey), out var known)) return known;
        var dependents = new List<LookupDependent>();
        foreach (var model in await PublishedModelsAsync(appKey, ct))
            foreach (var group in model.Lookups.GroupBy(l => l.Field))
                if (model.Field(group.Key)?.Definition is Forms.Fields.RelationField relation && relation.Form == formKey)
                    dependents.Add(new LookupDependent(model, group.Key, group.Select(l => l.Part!).ToHashSet(StringComparer.Ordinal)));
        return _dependents[(appKey, formKey)] = dependents;
    }

    /// <summary>The forms of the app whose rollup fields read the records of <paramref name="formKey"/>; kept until the next publish.</summary>
    public async Task<IReadOnlyList<FormModel>> RollupParentsAsync(string appKey, string formKey, CancellationToken ct = default)
    {
        DropIfChanged();
        if (_rollupParents.TryGetValue((appKey, formKey), out var known)) return known;
        var parents = (await PublishedModelsAsync(appKey, ct))
            .Where(model => model.Definition.Fields.OfType<Forms.Fields.RollupField>().Any(r => r.From == formKey)).ToList();
        return _rollupParents[(appKey, formKey)] = parents;
    }

    /// <summary>The current model of every published form of the app.</summary>
    private async Task<IReadOnlyList<FormModel>> PublishedModelsAsync(string appKey, CancellationToken ct)
    {
        List<string> keys;
        await using (var connection = await database.OpenAsync(ct))
        {
            var app = await AppService.FindAsync(connection, appKey, null) ?? throw new NotFoundException("app.notFound", appKey);
            keys = (await connection.QueryAsync<string>("SELECT form_key FROM pf_forms WHERE app_id = @id AND version > 0", new { id = app.Id })).ToList();
        }
        var models = new List<FormModel>();
        foreach (var key in keys) models.Add(await GetModelAsync(appKey, key, ct));
        return models;
    }

    /// <summary>Whether two settings differ as they are stored (records of settings compare their dictionaries by reference).</summary>
    private static bool Differs<T>(T? before, T? after) =>
        System.Text.Json.JsonSerializer.Serialize(before, FormJson.Options) != System.Text.Json.JsonSerializer.Serialize(after, FormJson.Options);

    /// <summary>The record formulas of <paramref name="after"/> that are new or changed since <paramref name="before"/>.</summary>
    public static IReadOnlySet<string> ChangedFormulas(FormDefinition? before, FormDefinition after) =>
        after.Fields.OfType<Forms.Fields.FormulaField>().Where(f => before?.FindField(f.Key) is not Forms.Fields.FormulaField old
            || old.Expression != f.Expression || old.ResultType != f.ResultType || old.Precision != f.Precision).Select(f => f.Key).ToHashSet();

    /// <summary>A formula added or changed, on the record or on a subform row: existing records need recomputing.</summary>
    private static bool FormulasChanged(IReadOnlyList<Forms.Fields.FieldDefinition> before, IReadOnlyList<Forms.Fields.FieldDefinition> after) =>
        after.Any(f => f switch
        {
            Forms.Fields.FormulaField formula => before.FirstOrDefault(b => b.Key == f.Key) is not Forms.Fields.FormulaField old
                || old.Expression != formula.Expression || old.ResultType != formula.ResultType || old.Precision != formula.Precision,
            Forms.Fields.SubformField subform => FormulasChanged((before.FirstOrDefault(b => b.Key == f.Key) as Forms.Fields.SubformField)?.Fields ?? [], subform.Fields),
            _ => false,
        });

    private sealed class AppLinks(FormService forms, string appKey) : IFormLinks
    {
        public Task<FormModel> ModelAsync(string formKey, CancellationToken ct) => forms.GetModelAsync(appKey, formKey, ct);

        public Task<IReadOnlyList<LookupDependent>> DependentsAsync(string formKey, CancellationToken ct) => forms.DependentsAsync(appKey, formKey, ct);

        public Task<IReadOnlyList<FormModel>> RollupParentsAsync(string formKey, CancellationToken ct) => forms.RollupParentsAsync(appKey, formKey, ct);
    }

    /// <summary>The published definition of every form of an app, by key: relation targets and lookups are checked against them.</summary>
    internal static async Task<Dictionary<string, FormDefinition>> CurrentDefinitionsAsync(DbConnection connection, long appId)
    {
        var rows = await connection.QueryAsync<(string Key, string Definition)>(
            "SELECT f.form_key, v.definition FROM pf_forms f JOIN pf_form_versions v ON v.form_id = f.id AND v.version = f.version WHERE f.app_id = @appId",
            new { appId });
        return rows.ToDictionary(r => r.Key, r => FormJson.Parse(r.Definition), StringComparer.Ordinal);
    }

    private async Task<(AppRow App, FormRow Form)> FindAsync(DbConnection connection, DbTransaction? transaction, string appKey, string formKey)
    {
        var app = await AppService.FindAsync(connection, appKey, transaction) ?? throw new NotFoundException("app.notFound", appKey);
        var form = await connection.QuerySingleOrDefaultAsync<FormRow>(
            "SELECT id, app_id, form_key, version, storage, updated_at FROM pf_forms WHERE app_id = @appId AND form_key = @formKey AND version > 0",
            new { appId = app.Id, formKey }, transaction) ?? throw new NotFoundException("form.notFound", formKey);
        return (app, form);
    }

    private static async Task<FormDefinition> LoadDefinitionAsync(DbConnection connection, DbTransaction? transaction, long formId, int version) =>
        FormJson.Parse(await connection.ExecuteScalarAsync<string>(
            "SELECT definition FROM pf_form_versions WHERE form_id = @formId AND version = @version", new { formId, version }, transaction)
            ?? throw new NotFoundException("form.notFound", formId));

    private static DynamicParameters Args(params object?[] values)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < values.Length; i++) parameters.Add("p" + i, values[i]);
        return parameters;
    }
}
