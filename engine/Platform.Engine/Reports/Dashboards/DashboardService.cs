using System.Globalization;
using System.Text.Json;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Reports.Dashboards;

/// <summary>A dashboard in an app's list.</summary>
public sealed record DashboardInfo(string Key, LocalizedText? Name, int Reports, int Version, DateTime UpdatedAt);

/// <summary>
/// Dashboards of an app: checked (every placed report exists, the grid holds, the shared filter reads) and published as
/// versions; run for one viewer report by report, each under their rights, the shared filter applied where its form has its fields.
/// </summary>
public sealed class DashboardService(PlatformDatabase database, ReportService reports, TimeProvider clock)
{
    public const int Columns = 12;
    public const int MaxItems = 50;

    private readonly DefinitionStore _store = new(database, clock, "dashboard", "dashboard.notFound");

    public static readonly JsonSerializerOptions Options = FormJson.OptionsWith();

    public async Task<IReadOnlyList<DashboardInfo>> ListAsync(string appKey, CancellationToken ct = default) =>
        (await _store.ListAsync(appKey, ct)).Select(s =>
        {
            var dashboard = Parse(s.Json);
            return new DashboardInfo(s.Key, dashboard.Name, dashboard.Items.Count, s.Version, s.UpdatedAt);
        }).ToList();

    public async Task<(DashboardDefinition Definition, int Version)> GetAsync(string appKey, string key, int? version = null, CancellationToken ct = default)
    {
        var stored = await _store.GetAsync(appKey, key, version, ct);
        return (Parse(stored.Json), stored.Version);
    }

    public async Task<int> PublishAsync(string appKey, DashboardDefinition dashboard, bool dryRun = false, long? userId = null, CancellationToken ct = default)
    {
        await CheckAsync(appKey, dashboard, ct);
        return await _store.PublishAsync(appKey, dashboard.Key, JsonSerializer.Serialize(dashboard, Options), userId, dryRun, ct);
    }

    public Task DeleteAsync(string appKey, string key, CancellationToken ct = default) => _store.DeleteAsync(appKey, key, ct);

    private async Task CheckAsync(string appKey, DashboardDefinition dashboard, CancellationToken ct)
    {
        var errors = new List<ValidationError>();
        if (!FormKeys.IsValid(dashboard.Key)) errors.Add(new("key", "key.invalid"));
        if (dashboard.Items.Count is 0 or > MaxItems) errors.Add(new("items", "dashboard.items", MaxItems));
        var known = (await reports.ListAsync(appKey, ct)).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var taken = new HashSet<(int, int)>();
        for (var i = 0; i < dashboard.Items.Count; i++)
        {
            var item = dashboard.Items[i];
            if (!known.Contains(item.Report)) errors.Add(new($"items[{i}].report", "report.notFound", item.Report));
            if (item.X < 0 || item.Y is < 0 or > 1000 || item.W < 1 || item.H is < 1 or > 100 || item.X + item.W > Columns)
            {
                errors.Add(new($"items[{i}]", "dashboard.grid", Columns));
                continue;
            }
            var cells = Enumerable.Range(item.X, item.W).SelectMany(x => Enumerable.Range(item.Y, item.H).Select(y => (x, y))).ToList();
            if (cells.Any(taken.Contains)) errors.Add(new($"items[{i}]", "dashboard.overlap", item.Report));
            taken.UnionWith(cells);
        }
        SharedFilter(dashboard.Filter, errors);
        if (errors.Count > 0) throw new DefinitionRejectedException(errors);
    }

    private static Filter? SharedFilter(JsonElement? json, List<ValidationError> errors) => json is { } value ? QueryJson.ReadFilter(value, errors) : null;

    /// <summary>Every report of the dashboard as <paramref name="caller"/> sees it, with the shared filter and theirs.</summary>
    public async Task<DashboardResult> ResultAsync(string appKey, string key, CallerContext caller, Filter? overrides = null, CancellationToken ct = default) =>
        await RunAsync(appKey, (await GetAsync(appKey, key, ct: ct)).Definition, caller, overrides, ct);

    /// <summary>A dashboard not saved (the designer's preview): checked first (422), then run as <see cref="ResultAsync"/> runs a saved one.</summary>
    public async Task<DashboardResult> PreviewAsync(string appKey, DashboardDefinition dashboard, CallerContext caller, Filter? overrides = null,
        CancellationToken ct = default)
    {
        await CheckAsync(appKey, dashboard, ct);
        return await RunAsync(appKey, dashboard, caller, overrides, ct);
    }

    private async Task<DashboardResult> RunAsync(string appKey, DashboardDefinition dashboard, CallerContext caller, Filter? overrides, CancellationToken ct)
    {
        var culture = CultureInfo.GetCultureInfo(caller.Culture);
        var shared = Kinds.ReportBasis.And(SharedFilter(dashboard.Filter, []), overrides);
        var items = new List<DashboardItemResult>();
        foreach (var item in dashboard.Items)
        {
            ReportResult? result = null;
            ReportMessage? error = null;
            string? form = null;
            string title = item.Title?.Resolve(culture) ?? item.Report;
            try
            {
                var report = (await reports.GetAsync(appKey, item.Report, ct: ct)).Definition;
                title = item.Title?.Resolve(culture) ?? report.Name?.Resolve(culture) ?? item.Report;
                form = report.Form;
                result = await reports.ResultAsync(appKey, item.Report, caller, await reports.FitAsync(appKey, report, shared, ct), ct);
            }
            catch (PlatformException e) when (e is ForbiddenException or NotFoundException or ValidationFailedException)
            {
                var problem = e switch
                {
                    ForbiddenException f => new ValidationError("", f.Code, f.Args),
                    NotFoundException n => new ValidationError("", n.Code, n.Args),
                    _ => ((ValidationFailedException)e).Errors[0],
                };
                error = new ReportMessage(problem.Code, problem.Message(caller.Culture));
            }
            items.Add(new DashboardItemResult(item.Report, item.X, item.Y, item.W, item.H, title, result, error) { Form = form });
        }
        return new DashboardResult(dashboard.Key, dashboard.Name?.Resolve(culture) ?? dashboard.Key, items);
    }

    /// <summary>A dashboard for <paramref name="caller"/> as an Excel workbook: a sheet per report they can see.</summary>
    public async Task ExportAsync(string appKey, string key, CallerContext caller, Filter? overrides, Stream output, CancellationToken ct = default)
    {
        var result = await ResultAsync(appKey, key, caller, overrides, ct);
        Export.ReportWorkbook.Write(output, result.Items.Where(i => i.Result is not null).Select(i => (i.Title, i.Result!)), caller.Culture);
    }

    private static DashboardDefinition Parse(string json) =>
        JsonSerializer.Deserialize<DashboardDefinition>(json, Options) ?? throw new JsonException("A dashboard is a JSON object.");

    /// <summary>Reads a dashboard sent as JSON: its shape's problems as a 422 at "body".</summary>
    public static DashboardDefinition Read(JsonElement json) => DefinitionJson.Read<DashboardDefinition>(json, Options);
}
