using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Schema;

namespace Platform.Testing;

/// <summary>
/// A database as the first release left it: its tables without a version table, history without actors,
/// and money kept as floating point. The upgrade tests start the current code on it.
/// </summary>
public static class PreviousRelease
{
    public const string App = "crm";

    /// <summary>The deal form with one record ("Old deal", amount 1200.5) and its history entry, by user 5.</summary>
    public static async Task BuildAsync(PlatformDatabase database, TimeProvider clock)
    {
        var dialect = database.Dialect;
        await using (var connection = await database.OpenAsync())
            foreach (var statement in SystemMigrations.All[0].Statements(dialect))
                await connection.ExecuteAsync(statement);
        await new AppService(database, clock).CreateAsync(App, "CRM", null);
        var forms = new FormService(database, new ScriptSandbox(), clock);
        await forms.PublishAsync(App, FormJson.Parse(DealForm.Json));
        var model = await forms.GetModelAsync(App, "deal");

        // The first release stored money and number formulas in floating-point columns.
        var floating = new ColumnSpec(ColumnType.Decimal);
        var storage = model.Storage with
        {
            Fields = [.. model.Storage.Fields.Select(f => f.Spec?.Type == ColumnType.Fixed ? f with { Column = "old_" + f.Column, Spec = floating } : f)],
        };
        await using (var connection = await database.OpenAsync())
        {
            foreach (var field in model.Storage.Fields.Where(f => f.Spec?.Type == ColumnType.Fixed))
                await connection.ExecuteAsync(dialect.AddColumn(model.Table, new ColumnDef("old_" + field.Column, floating)));
            var at = dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime);
            var name = dialect.Quote(model.Field("name")!.Stored.Column!);
            var amount = dialect.Quote("old_" + model.Field("amount")!.Stored.Column);
            var total = dialect.Quote("old_" + model.Field("total")!.Stored.Column);
            await connection.ExecuteAsync(
                $"INSERT INTO {dialect.Quote(model.Table)} (created_at, created_by, updated_at, updated_by, owner, version, {name}, {amount}, {total}) " +
                "VALUES (@at, 5, @at, 5, 5, 1, 'Old deal', @amount, @total)",
                new { at, amount = dialect.ToDb(ColumnType.Decimal, 1200.5m), total = dialect.ToDb(ColumnType.Decimal, 2401m) });
            await connection.ExecuteAsync(
                "INSERT INTO pf_history (form_id, record_id, record_version, kind, changes, user_id, at) VALUES (@form, 1, 1, 'created', NULL, 5, @at)",
                new { form = model.FormId, at });
            await connection.ExecuteAsync("UPDATE pf_forms SET storage = @storage WHERE id = @id", new { storage = storage.ToJson(), id = model.FormId });
        }
    }
}
