using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Validation;

namespace Platform.Engine.Packages;

/// <summary>
/// A part made of an app's published definitions of one kind, each exported as its current version's JSON (pinned type
/// names, so a kind this platform does not know keeps its JSON) and imported by publishing it.
/// </summary>
public abstract class DefinitionPart<T> : PackagePart
{
    protected abstract Task<IReadOnlyList<string>> KeysAsync(string app, CancellationToken ct);

    protected abstract Task<T> GetAsync(string app, string key, CancellationToken ct);

    protected abstract string Serialize(T definition);

    protected abstract T Parse(string json);

    protected abstract string KeyOf(T definition);

    protected abstract Task PublishAsync(T definition, PackageTarget target, CancellationToken ct);

    protected abstract Task DeleteAsync(string app, string key, CancellationToken ct);

    public override Task<JsonNode> NormalizeAsync(JsonNode item, string app, CancellationToken ct) => Task.FromResult(JsonNode.Parse(Serialize(Parse(item.ToJsonString())))!);

    public override async Task RemoveAsync(IReadOnlyList<string> keys, PackageTarget target, CancellationToken ct)
    {
        foreach (var key in keys) await DeleteAsync(target.App, key, ct);
    }

    public override async Task<JsonArray> ExportAsync(string app, CancellationToken ct)
    {
        var items = new JsonArray();
        foreach (var key in (await KeysAsync(app, ct)).Order(StringComparer.Ordinal)) items.Add(JsonNode.Parse(Serialize(await GetAsync(app, key, ct))));
        return items;
    }

    public override Task<IReadOnlyList<PackageChange>> PlanAsync(JsonArray items, PackageTarget target, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<PackageChange>>(ParseAll(items).Select(d => new PackageChange(Name, KeyOf(d), "add")).ToList());

    public override async Task ApplyAsync(JsonArray items, PackageTarget target, CancellationToken ct)
    {
        foreach (var definition in ParseAll(items)) await PublishAsync(definition, target, ct);
    }

    /// <summary>Every item read as its definition; what cannot be read, and a key given twice, refused together.</summary>
    protected IReadOnlyList<T> ParseAll(JsonArray items)
    {
        var parsed = new List<T>();
        var errors = new List<ValidationError>();
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                parsed.Add(Parse(items[i]?.ToJsonString() ?? "null"));
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                errors.Add(new($"{Name}[{i}]", "json.invalid", e.Message));
            }
        }
        foreach (var twice in parsed.GroupBy(KeyOf).Where(g => g.Count() > 1)) errors.Add(new(Name, "package.twice", twice.Key));
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return parsed;
    }
}
