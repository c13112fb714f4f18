using Platform.Engine.Jobs;
using Platform.Engine.Records;

namespace Platform.Engine.Apps;

/// <summary>
/// Recomputes every record of a form after a publish added or changed a formula, in the background, page by page, as
/// its own actor on the publisher's behalf; running it again gives the same records.
/// </summary>
public sealed class RecomputeJob(FormService forms, RecordService records) : JobRunner
{
    public const string Name = "recompute";

    public override string Kind => Name;

    public override async Task<long> RunAsync(NewJob job, JobProgress progress, CancellationToken ct)
    {
        var model = await forms.GetModelAsync(job.AppKey!, job.FormKey!, ct);
        var total = await records.CountAsync(model, ct);
        await progress(0, total, 0);
        var caller = (job.UserId is { } user ? CallerContext.ForUser(user, isAdmin: true) : CallerContext.System).RecomputeFor(job.Argument ?? $"publish:{model.Key}/v{model.Version}");
        return await records.RecomputeAllAsync(model, caller, ct, (done, changed) => progress(done, total, changed));
    }
}
