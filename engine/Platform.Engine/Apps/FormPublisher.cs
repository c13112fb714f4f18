using Platform.Engine.Forms;
using Platform.Engine.Records;

namespace Platform.Engine.Apps;

/// <summary>What a publish did: the version, its migration plan and how many existing records took a new or changed formula.</summary>
public sealed record PublishAnswer(int Version, bool DryRun, int Recomputed, Storage.Forms.MigrationPlan Plan);

/// <summary>
/// Publishing as every caller (the API, the designer, the template installer) must do it: migrate,
/// then recompute existing records when a formula was added or changed, so they take it now rather
/// than when next edited. The recompute acts as its own actor on the publisher's behalf.
/// </summary>
public sealed class FormPublisher(FormService forms, RecordService records)
{
    public async Task<PublishAnswer> PublishAsync(string appKey, FormDefinition definition, CallerContext caller, bool dryRun = false,
        bool confirmDataLoss = false, CancellationToken ct = default)
    {
        var result = await forms.PublishAsync(appKey, definition, dryRun, confirmDataLoss, caller.UserId, ct);
        var recomputed = 0;
        if (result.FormulasChanged && !result.DryRun)
        {
            var model = await forms.GetModelAsync(appKey, definition.Key, ct);
            var recompute = new CallerContext(new Actor(Actor.RecomputeKind, caller.UserId, $"publish:{definition.Key}/v{model.Version}"))
            {
                IsAdmin = true, TimeZone = caller.TimeZone, Culture = caller.Culture,
            };
            recomputed = await records.RecomputeAllAsync(model, recompute, ct);
        }
        return new PublishAnswer(result.Version, result.DryRun, recomputed, result.Plan);
    }
}
