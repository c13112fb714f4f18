using System.Text.Json;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Reports.Definitions;
using Platform.Engine.Reports.Kinds;
using Platform.Engine.Reports.Sql;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Reports;

/// <summary>A report in an app's list: its key, name, kind, source form, version and when it last changed.</summary>
public sealed record ReportInfo(string Key, LocalizedText? Name, string Type, string Form, int Version, DateTime UpdatedAt);

/// <summary>
/// How long a report's answer is kept while the forms it reads do not change (zero: never kept), and how many groups a
/// grouping shows before the rest are left out with a message.
/// </summary>
public sealed record ReportOptions(TimeSpan CacheFor, int MaxGroups = 1000)
{
    public ReportOptions() : this(TimeSpan.FromSeconds(30))
    {
    }
}

/// <summary>A version of a report.</summary>
public sealed record ReportVersion(ReportDefinition Definition, int Version);

/// <summary>
/// Reports of an app: checked against the app and published as numbered versions, and run — saved or not (the designer's
/// preview) — for one viewer, who sees only the records and fields they may, in one grouped statement per report.
/// </summary>
public sealed class ReportService(PlatformDatabase database, FormService forms, RecordService records, TimeProvider clock, ReportOptions? options = null)
{
    private readonly ReportOptions _options = options ?? new ReportOptions();
    private readonly ReportCache _cache = new((options ?? new ReportOptions()).CacheFor);

    /// <summary>How many statements were answered from the cache, and how many were run.</summary>
    internal (long Hits, long Misses) CacheStats => (_cache.Hits, _cache.Misses);

    private readonly DefinitionStore _store = new(database, clock, "report", "report.notFound");

    public async Task<IReadOnlyList<ReportInfo>> ListAsync(string appKey, CancellationToken ct = default) =>
        (await _store.ListAsync(appKey, ct)).Select(s =>
        {
            var report = ReportTypes.Parse(s.Json);
            return new ReportInfo(s.Key, report.Name, ReportTypes.Kinds.NameOf(report), report.Form, s.Version, s.UpdatedAt);
        }).ToList();

    public async Task<ReportVersion> GetAsync(string appKey, string key, int? version = null, CancellationToken ct = default)
    {
        var stored = await _store.GetAsync(appKey, key, version, ct);
        return new ReportVersion(ReportTypes.Parse(stored.Json), stored.Version);
    }

    /// <summary>Checks a report against the app as it is (422 with every problem and its place) and publishes it as the next version; a dry run only checks.</summary>
    public async Task<int> PublishAsync(string appKey, ReportDefinition report, bool dryRun = false, long? userId = null, CancellationToken ct = default)
    {
        await CheckAsync(appKey, report, ct);
        return await _store.PublishAsync(appKey, report.Key, ReportTypes.Serialize(report), userId, dryRun, ct);
    }

    public Task DeleteAsync(string appKey, string key, CancellationToken ct = default) => _store.DeleteAsync(appKey, key, ct);

    /// <summary>Finds a report's problems without reading any record: compiled for the engine itself, every field in sight.</summary>
    public async Task CheckAsync(string appKey, ReportDefinition report, CancellationToken ct = default)
    {
        if (!FormKeys.IsValid(report.Key)) throw new DefinitionRejectedException([new("key", "key.invalid")]);
        await RunAsync(appKey, report, CallerContext.System, null, dry: true, ct);
    }

    /// <summary>A saved report as <paramref name="caller"/> sees it, with their extra conditions (a dashboard's shared filters).</summary>
    public async Task<ReportResult> ResultAsync(string appKey, string key, CallerContext caller, Filter? overrides = null, CancellationToken ct = default)
    {
        var report = (await GetAsync(appKey, key, ct: ct)).Definition;
        return await RunAsync(appKey, report, caller, overrides, dry: false, ct);
    }

    /// <summary>A saved report's result for <paramref name="caller"/> as an Excel workbook of one formatted sheet.</summary>
    public async Task ExportAsync(string appKey, string key, CallerContext caller, Filter? overrides, Stream output, CancellationToken ct = default)
    {
        var report = (await GetAsync(appKey, key, ct: ct)).Definition;
        var result = await RunAsync(appKey, report, caller, overrides, dry: false, ct);
        Export.ReportWorkbook.Write(output, [(report.Name?.Resolve(System.Globalization.CultureInfo.GetCultureInfo(caller.Culture)) ?? key, result)], caller.Culture);
    }

    /// <summary>A report not saved (the designer's preview): its problems are the definition's (422); then it runs as <paramref name="caller"/>.</summary>
    public async Task<ReportResult> PreviewAsync(string appKey, ReportDefinition report, CallerContext caller, Filter? overrides = null, CancellationToken ct = default)
    {
        await RunAsync(appKey, report, CallerContext.System, null, dry: true, ct);
        return await RunAsync(appKey, report, caller, overrides, dry: false, ct);
    }

    private async Task<ReportResult> RunAsync(string appKey, ReportDefinition report, CallerContext caller, Filter? overrides, bool dry, CancellationToken ct)
    {
        if (ReportKinds.For(report) is not { } kind)
            throw new DefinitionRejectedException([new("type", "report.unknownKind", ReportTypes.Kinds.NameOf(report), string.Join(", ", ReportTypes.Kinds.Names))]);
        var model = await ModelAsync(appKey, report.Form, "form", ct);
        caller.Require(model, RecordAction.Read);
        var related = new Dictionary<string, FormModel>(StringComparer.Ordinal);
        foreach (var form in report.RelatedForms().Distinct())
            if (await ModelOrNullAsync(appKey, form, ct) is { } relatedModel) related[form] = relatedModel;
        var builder = await records.QueryBuilderWithPathsAsync(model, caller, ct);
        var run = new ReportRun(records, builder, model, caller, related, clock.GetUtcNow().UtcDateTime, dry, _cache) { Overrides = overrides, MaxGroups = _options.MaxGroups };
        var result = await kind.RunAsync(run, report, ct);
        if (run.Errors.Count > 0) throw dry ? new DefinitionRejectedException(run.Errors) : new ValidationFailedException(run.Errors);
        return result with { Messages = run.Warnings.Select(w => new ReportMessage(w.Code, w.Message(caller.Culture))).ToList() };
    }

    private async Task<FormModel> ModelAsync(string appKey, string formKey, string place, CancellationToken ct) =>
        await ModelOrNullAsync(appKey, formKey, ct) ?? throw new DefinitionRejectedException([new(place, "report.unknownForm", formKey)]);

    private async Task<FormModel?> ModelOrNullAsync(string appKey, string formKey, CancellationToken ct)
    {
        if (!FormKeys.IsValid(formKey)) return null;
        try
        {
            return await forms.GetModelAsync(appKey, formKey, ct);
        }
        catch (NotFoundException e) when (e.Code == "form.notFound")
        {
            return null;
        }
    }

    /// <summary>
    /// The part of a filter shared by several reports (a dashboard's) that <paramref name="report"/>'s form can answer: each
    /// condition of a top-level AND whose fields the form has (every record has the system fields), the rest left out.
    /// </summary>
    public async Task<Filter?> FitAsync(string appKey, ReportDefinition report, Filter? shared, CancellationToken ct = default)
    {
        if (shared is null || await ModelOrNullAsync(appKey, report.Form, ct) is not { } model) return null;
        var fields = QueryTarget.For(model);
        var parts = shared is AndFilter and ? and.Items : [shared];
        return Kinds.ReportBasis.And(parts.Where(p => p.Conditions().All(c => fields.ContainsKey(c.Field))).ToArray());
    }

    /// <summary>Reads a definition sent as JSON: its shape's problems as a 422 at "body".</summary>
    public static ReportDefinition Read(JsonElement json) => DefinitionJson.Read<ReportDefinition>(json, ReportTypes.Options);
}
