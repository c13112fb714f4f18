using Dapper;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Forms;

namespace Platform.Engine.Apps;

/// <summary>What bringing one form's storage to this release's layout did, or in a dry run would do.</summary>
public sealed record StorageUpgradeResult(string App, string Form, bool Upgraded, MigrationPlan Plan);

/// <summary>
/// Brings the tables of forms published by an earlier release to the layout this one writes, in place:
/// numbers of fixed precision kept as floating point become integers of minor units. Each form is
/// republished with its own definition, so the change is one migration like any other (a new column,
/// values converted in one transaction, the old column kept). A form holding values the new layout cannot
/// (beyond ±10^18 minor units) is left as it is, still working, and listed with those values.
/// </summary>
public sealed class StorageUpgrade(PlatformDatabase database, FormService forms)
{
    public async Task<IReadOnlyList<StorageUpgradeResult>> RunAsync(bool dryRun, CancellationToken ct = default)
    {
        List<(string App, string Form)> all;
        await using (var connection = await database.OpenAsync(ct))
            all = (await connection.QueryAsync<(string, string)>(
                "SELECT a.app_key, f.form_key FROM pf_forms f JOIN pf_apps a ON a.id = f.app_id WHERE f.version > 0 ORDER BY a.app_key, f.form_key")).ToList();
        var results = new List<StorageUpgradeResult>();
        foreach (var (app, form) in all)
        {
            var model = await forms.GetModelAsync(app, form, ct);
            if (!Outdated(model.Fields)) continue;
            try
            {
                var published = await forms.PublishAsync(app, model.Definition, dryRun, confirmDataLoss: false, userId: null, ct);
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
    private static bool Outdated(IEnumerable<BoundField> fields) => fields.Any(f =>
        f.Stored.Kind == StorageKind.Column && f.Stored.Spec?.Type != FieldStorages.For(f.Definition).Spec?.Type
        || f.Definition is SubformField && Outdated(f.Children));
}
