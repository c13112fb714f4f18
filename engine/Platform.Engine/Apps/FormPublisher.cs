using Platform.Engine.Forms;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Validation;

namespace Platform.Engine.Apps;

/// <summary>
/// What a publish did: the version, its migration plan and how many existing records took a new or changed formula, or
/// the background job doing that when it was left to one.
/// </summary>
public sealed record PublishAnswer(int Version, bool DryRun, int Recomputed, Storage.Forms.MigrationPlan Plan)
{
    public Jobs.JobInfo? Job { get; init; }
}

/// <summary>
/// Publishing as every caller (the API, the designer, the template installer) must do it: migrate,
/// then recompute existing records when a formula was added or changed, so they take it now rather
/// than when next edited. The recompute acts as its own actor on the publisher's behalf; with
/// <c>recomputeLater</c> (a person publishing, who should not wait on a million records) it is a background job.
/// </summary>
public sealed class FormPublisher(FormService forms, RecordService records, Jobs.JobService? jobs = null, FormDrafts? drafts = null)
{
    public async Task<PublishAnswer> PublishAsync(string appKey, FormDefinition definition, CallerContext caller, bool dryRun = false,
        bool confirmDataLoss = false, CancellationToken ct = default, bool recomputeLater = false)
    {
        if (!dryRun) await RefuseFormulasThatStallAsync(appKey, definition, ct);
        var result = await forms.PublishAsync(appKey, definition, dryRun, confirmDataLoss, caller.UserId, ct);
        var recomputed = 0;
        Jobs.JobInfo? job = null;
        if (result.FormulasChanged && !result.DryRun)
        {
            var model = await forms.GetModelAsync(appKey, definition.Key, ct);
            var reason = $"publish:{definition.Key}/v{model.Version}";
            if (recomputeLater && jobs is not null && model.ComputedFields.Count > 0)
                job = await jobs.EnqueueAsync(new Jobs.NewJob(RecomputeJob.Name, appKey, definition.Key, reason, caller.UserId), ct);
            else recomputed = await records.RecomputeAllAsync(model, caller.RecomputeFor(reason), ct);
        }
        if (result.Plan.RebuildsSearch && !result.DryRun) await records.RebuildSearchAsync(await forms.GetModelAsync(appKey, definition.Key, ct), ct);
        if (!result.DryRun && drafts is not null) await drafts.PublishedAsync(appKey, definition.Key, ct);
        return new PublishAnswer(result.Version, result.DryRun, recomputed, result.Plan) { Job = job };
    }

    /// <summary>
    /// Goes back to version <paramref name="version"/>: its definition published again as the next version, with the same
    /// migration plan as any publish (a field it lacks keeps its data until purged; a lossy change needs confirming), so a
    /// revert is itself undone by reverting again. A dry run shows the plan and changes nothing.
    /// </summary>
    public async Task<PublishAnswer> RevertAsync(string appKey, string formKey, int version, CallerContext caller, bool dryRun = false,
        bool confirmDataLoss = false, CancellationToken ct = default, bool recomputeLater = false)
    {
        var (definition, _) = await forms.GetAsync(appKey, formKey, version, ct);
        return await PublishAsync(appKey, definition, caller, dryRun, confirmDataLoss, ct, recomputeLater);
    }

    /// <summary>
    /// A new or changed formula is tried on a sample of existing records first: one that runs out of time
    /// there would stall the recompute of every record, so the publish is refused, naming it.
    /// </summary>
    private async Task RefuseFormulasThatStallAsync(string appKey, FormDefinition definition, CancellationToken ct)
    {
        if (!definition.Fields.Any(f => f is Forms.Fields.FormulaField)) return;
        FormModel current;
        try
        {
            current = await forms.GetModelAsync(appKey, definition.Key, ct);
        }
        catch (NotFoundException)
        {
            return; // a new form has no records to try
        }
        var candidate = await forms.CompileAsync(appKey, definition, ct);
        if (candidate.Errors.Count > 0) return; // the publish itself names those
        var failures = await records.TryFormulasAsync(current, candidate, FormService.ChangedFormulas(current.Definition, candidate.Definition), ct: ct);
        if (failures.Count > 0)
            throw new DefinitionRejectedException(failures.Select(f => new ValidationError(f.Field, "formula.stalls", new ValidationError(f.Field, f.Code))).ToList());
    }
}
