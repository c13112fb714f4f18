using Dapper;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Forms;

namespace Platform.Engine.Apps;

/// <summary>What bringing one form's storage to this release's layout did, or in a dry run would do.</summary>
public sealed record StorageUpgradeResult(string App, string Form, bool Upgraded, MigrationPlan Plan);

/// <summary>
/// Brings the tables of forms published by an earlier release to the layout this one writes, in place:
/// numbers of fixed precision kept as floating point become integers of minor units, and indexes over every row
/// become indexes over live records. Each form is
/// republished with its own definition, so the change is one migration like any other (a new column,
/// values converted in one transaction, the old column kept). A form holding values the new layout cannot
/// (beyond ±10^18 minor units) is left as it is, still working, and listed with those values.
/// </summary>
public sealed class StorageUpgrade(PlatformDatabase database, FormPublisher publisher)
{
    public async Task<IReadOnlyList<StorageUpgradeResult>> RunAsync(bool dryRun, CancellationToken ct = default)
    {
        // Read as stored, without compiling any form: start-up stays quick however many forms there are.
        List<(string App, string Form, string Storage, string Definition)> all;
        await using (var connection = await database.OpenAsync(ct))
            all = (await connection.QueryAsync<(string, string, string, string)>(
                "SELECT a.app_key, f.form_key, f.storage, v.definition FROM pf_forms f JOIN pf_apps a ON a.id = f.app_id " +
                "JOIN pf_form_versions v ON v.form_id = f.id AND v.version = f.version WHERE f.version > 0 ORDER BY a.app_key, f.form_key")).ToList();
        var results = new List<StorageUpgradeResult>();
        foreach (var (app, form, storage, json) in all)
        {
            var definition = FormJson.Parse(json);
            var stored = FormStorage.FromJson(storage);
            if (stored.Layout >= FormStorage.CurrentLayout && !Outdated(definition.Fields, stored.Fields)) continue;
            try
            {
                // Published as every publish is, by the system: what follows a publish (the search index filled) follows this one.
                var published = await publisher.PublishAsync(app, definition, CallerContext.System, dryRun, confirmDataLoss: false, ct);
                results.Add(new StorageUpgradeResult(app, form, !dryRun, published.Plan));
            }
            catch (DataLossRefusedException refused)
            {
                results.Add(new StorageUpgradeResult(app, form, false, refused.Plan));
            }
        }
        return results;
    }

    /// <summary>A column (of the record or of a subform row) stored as another release laid it out.</summary>
    private static bool Outdated(IEnumerable<FieldDefinition> fields, IReadOnlyList<StoredField> stored) => fields.Any(field =>
        stored.FirstOrDefault(s => s.Key == field.Key && !s.Retired) is { } column &&
        (column.Kind == StorageKind.Column && column.Spec?.Type != FieldStorages.For(field).Spec?.Type
         || field is SubformField subform && Outdated(subform.Fields, column.Children)));
}
