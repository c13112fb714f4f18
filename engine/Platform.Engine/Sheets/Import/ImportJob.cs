using System.Globalization;
using Platform.Engine.Jobs;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Telemetry;
using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Engine.Sheets.Import;

/// <summary>
/// Runs an import in the background as the person who started it (their rights as they are now), as the import's own
/// actor: history says which import wrote a record, and its events start workflows only when the import asked. Taken up
/// again after a stop, it goes on after the last batch it committed.
/// </summary>
public sealed class ImportJob(PlatformDatabase database, Apps.FormService forms, RecordService records, UserService users, AccessResolver access,
    CallerFactory callers, TimeProvider clock, ImportOptions options, UserAttributes? attributes = null) : JobRunner
{
    private readonly ImportStore _store = new(database, clock);

    public const string Name = "import";

    public override string Kind => Name;

    public override async Task<long> RunAsync(NewJob job, JobProgress progress, CancellationToken ct)
    {
        var id = long.Parse(job.Argument!, CultureInfo.InvariantCulture);
        var info = await _store.FindAsync(id, ct) ?? throw new NotFoundException("import.notFound", id);
        if (ImportStatus.Ended(info.Status)) return info.Written;
        var state = new ImportState(database, id);
        using var activity = PlatformTelemetry.Source.StartActivity("import");
        activity?.SetTag("platform.app", info.App).SetTag("platform.form", info.Form).SetTag("platform.import", id);
        try
        {
            var model = await forms.GetModelAsync(info.App, info.Form, ct);
            var caller = await CallerAsync(info, ct);
            await using var file = await _store.OpenFileAsync(id, ct);
            var written = await new ImportRun(database, records, options, state, info, model, caller, clock).RunAsync(file, progress, ct);
            PlatformTelemetry.ImportedRows.Add(written, new KeyValuePair<string, object?>("platform.form", info.Form));
            return written;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            await state.FailAsync(e is ValidationFailedException invalid ? string.Join("; ", invalid.Errors.Select(r => $"{r.Field}: {r.Message("en")}"))
                : e is PlatformException ? e.Message : $"{e.GetType().Name}: {e.Message}", CancellationToken.None);
            throw;
        }
    }

    private async Task<CallerContext> CallerAsync(ImportInfo info, CancellationToken ct)
    {
        if (info.UserId is not { } userId) return CallerContext.System with { Actor = ImportActor(info, null) };
        var profile = await users.GetAsync(userId, ct);
        // Their user attributes too: a write scope such as "region is mine" reads them.
        var defined = attributes is null ? new HashSet<string>() : (await attributes.ListAsync(ct)).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        return callers.ForUser(userId, profile.IsAdmin, profile.TimeZone, profile.Locale) with
        {
            Access = await access.ForUserAsync(userId, profile.IsAdmin, ct: ct),
            Attributes = UserAttributes.Of(defined, profile.Attributes),
            Actor = ImportActor(info, userId),
        };
    }

    private static Actor ImportActor(ImportInfo info, long? userId) =>
        Actor.Import(info.Id.ToString(CultureInfo.InvariantCulture), userId) with { StartsWorkflows = info.Settings.Workflows };
}
