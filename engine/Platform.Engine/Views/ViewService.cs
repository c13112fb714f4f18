using System.Text.Json;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Views;

/// <summary>A view in a form's list of views.</summary>
public sealed record ViewInfo(string Key, LocalizedText? Name, string Form, string Layout, string? By, bool Shared, int Version, DateTime UpdatedAt);

/// <summary>
/// Saved views: shared ones (the app's, saved by admins, carried by its package) and each user's private ones, kept as
/// versions like reports. A view is checked as its saver would run it (the filter and sort by the query engine itself,
/// the columns and the layout's field against the form), so a view that saves also opens.
/// </summary>
public sealed class ViewService(PlatformDatabase database, FormService forms, RecordService records, TimeProvider clock)
{
    public const int MaxColumns = 100;

    public static readonly JsonSerializerOptions Options = FormJson.OptionsWith();

    private DefinitionStore Store(long? owner) => new(database, clock, owner is { } user ? $"view:{user}" : "view", "view.notFound");

    /// <summary>The shared views of the app (of <paramref name="form"/> when given), then the caller's own.</summary>
    public async Task<IReadOnlyList<ViewInfo>> ListAsync(string appKey, string? form, CallerContext caller, CancellationToken ct = default)
    {
        var shared = await Store(null).ListAsync(appKey, ct);
        var mine = caller.UserId is { } user ? await Store(user).ListAsync(appKey, ct) : [];
        return shared.Select(s => Info(s, true)).Concat(mine.Select(s => Info(s, false)))
            .Where(v => form is null || v.Form == form).ToList();
    }

    private static ViewInfo Info(StoredDefinition stored, bool shared)
    {
        var view = Parse(stored.Json);
        return new ViewInfo(stored.Key, view.Name, view.Form, view.Layout, view.By, shared, stored.Version, stored.UpdatedAt);
    }

    /// <summary>A view the caller may open: a shared one, or one of their own (anyone else's is not found, as if it were not there).</summary>
    public async Task<(ViewDefinition Definition, int Version)> GetAsync(string appKey, string key, CallerContext caller, CancellationToken ct = default)
    {
        var owner = ViewKeys.Owner(key);
        if (owner is not null && owner != caller.UserId) throw new NotFoundException("view.notFound", key);
        var stored = await Store(owner).GetAsync(appKey, key, null, ct);
        return (Parse(stored.Json), stored.Version);
    }

    /// <summary>
    /// Saves <paramref name="view"/> as its key's next version: a private key (<c>u{me}_…</c>) for the caller alone, any
    /// other key shared, which only an admin may do. Refused whole (422) with every problem at its place.
    /// </summary>
    public async Task<int> SaveAsync(string appKey, ViewDefinition view, CallerContext caller, bool dryRun = false, CancellationToken ct = default)
    {
        var owner = MayChange(view.Key, caller);
        await CheckAsync(appKey, view, caller, ct);
        return await Store(owner).PublishAsync(appKey, view.Key, JsonSerializer.Serialize(view, Options), caller.UserId, dryRun, ct);
    }

    public Task DeleteAsync(string appKey, string key, CallerContext caller, CancellationToken ct = default) => Store(MayChange(key, caller)).DeleteAsync(appKey, key, ct);

    /// <summary>Whether the caller may change the view with <paramref name="key"/>: their own, or (as an admin) a shared one.</summary>
    public static bool CanChange(string key, CallerContext caller) => ViewKeys.Owner(key) is { } owner ? owner == caller.UserId : caller.IsAdmin;

    private static long? MayChange(string key, CallerContext caller)
    {
        var owner = ViewKeys.Owner(key);
        if (owner is not null && owner != caller.UserId) throw new NotFoundException("view.notFound", key);
        if (owner is null && !caller.IsAdmin) throw new ForbiddenException("view.sharedByAdmins");
        return owner;
    }

    private async Task CheckAsync(string appKey, ViewDefinition view, CallerContext caller, CancellationToken ct)
    {
        var errors = new List<ValidationError>();
        if (!FormKeys.IsValid(view.Key)) errors.Add(new("key", "key.invalid"));
        if (view.Name is null || view.Name.AllTexts.All(string.IsNullOrWhiteSpace)) errors.Add(new("name", "view.name"));
        FormModel model;
        try
        {
            model = await forms.GetModelAsync(appKey, view.Form, ct);
        }
        catch (NotFoundException)
        {
            errors.Add(new("form", "report.unknownForm", view.Form));
            throw new DefinitionRejectedException(errors);
        }
        CheckLayout(model, view, errors);
        CheckColumns(model, view, errors);
        var before = errors.Count;
        var query = Query(view, errors);
        if (errors.Count == before)
        {
            try
            {
                // The query engine is the judge of a filter and a sort: the view is run once, as its saver would open it.
                await records.QueryAsync(model, query with { PageSize = 1 }, caller, ct);
            }
            catch (ValidationFailedException refused)
            {
                errors.AddRange(refused.Errors);
            }
        }
        if (errors.Count > 0) throw new DefinitionRejectedException(errors);
    }

    private static void CheckLayout(FormModel model, ViewDefinition view, List<ValidationError> errors)
    {
        if (!ViewLayouts.IsKnown(view.Layout))
        {
            errors.Add(new("layout", "view.layout", view.Layout, string.Join(", ", ViewLayouts.Names)));
            return;
        }
        if (view.By is null ? ViewLayouts.NeedsField(view.Layout) : ViewLayouts.Fields(model, view.Layout).All(f => f.Key != view.By))
            errors.Add(new("by", "view.by", view.By ?? "", view.Layout));
    }

    private static void CheckColumns(FormModel model, ViewDefinition view, List<ValidationError> errors)
    {
        if (view.Columns.Count > MaxColumns) errors.Add(new("columns", "view.columns", MaxColumns));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < view.Columns.Count; i++)
        {
            var column = view.Columns[i];
            if (model.Field(column.Field) is null && !SystemFields.All.Contains(column.Field)) errors.Add(new($"columns[{i}].field", "unknownField", column.Field));
            else if (!seen.Add(column.Field)) errors.Add(new($"columns[{i}].field", "view.columnTwice", column.Field));
            if (column.Width is < 40 or > 2000) errors.Add(new($"columns[{i}].width", "view.width", 40, 2000));
        }
    }

    /// <summary>What the view asks of the records, as the query API reads it (a sort key it does not take said at its place).</summary>
    public static QueryRequest Query(ViewDefinition view, List<ValidationError> errors)
    {
        var filter = view.Filter is { } json ? QueryJson.ReadFilter(json, errors) : null;
        var sort = new List<SortKey>();
        for (var i = 0; i < view.Sort.Count; i++)
        {
            if (view.Sort[i].Dir is not ("asc" or "desc")) errors.Add(new($"sort[{i}].dir", "sort.invalid", view.Sort[i].Dir));
            else sort.Add(view.Sort[i].ToSortKey());
        }
        return new QueryRequest { Filter = filter, Sort = sort };
    }

    private static ViewDefinition Parse(string json) =>
        JsonSerializer.Deserialize<ViewDefinition>(json, Options) ?? throw new JsonException("A view is a JSON object.");

    /// <summary>Reads a view sent as JSON: its shape's problems as a 422 at "body".</summary>
    public static ViewDefinition Read(JsonElement json) => DefinitionJson.Read<ViewDefinition>(json, Options);
}
