using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Packages;

/// <summary>What an import did, or in a dry run would do: the app it installs as, the package, and each change.</summary>
public sealed record PackageImport(string App, string Package, string Version, bool DryRun, IReadOnlyList<PackageChange> Changes);

/// <summary>
/// Apps as packages: one JSON document with a manifest and a part per kind (forms, roles and their permissions, workflows,
/// reports, dashboards). Export writes an app's current definitions; import checks every part first (a dry run stops
/// there and lists what would be added), then creates the app and applies the parts in order, each through its own engine
/// (a form is published as any form is, a permission is held to what the importer may grant). The package installed is
/// kept with the app: the base an upgrade compares both sides with. Admins only.
/// </summary>
public sealed class PackageService(PlatformDatabase database, AppService apps, IEnumerable<PackagePart> parts, TimeProvider clock)
{
    private readonly IReadOnlyList<PackagePart> _parts = parts.OrderBy(p => p.Order).ToList();

    /// <summary>The parts a package may hold, in their order.</summary>
    public IReadOnlyList<string> PartNames => _parts.Select(p => p.Name).ToList();

    /// <summary>A package file (JSON, or a zip of one file per part) read safely.</summary>
    public JsonObject Read(Stream file) => PackageFile.Read(file, PartNames);

    /// <param name="withData">Also the app's records (the <c>records</c> part), not only its definitions.</param>
    public async Task<JsonObject> ExportAsync(string app, CallerContext caller, CancellationToken ct = default, bool withData = false)
    {
        RequireAdmin(caller);
        var info = await apps.GetAsync(app, ct);
        var installed = await InstalledAsync(app, ct);
        var manifest = installed ?? new PackageManifest(app, JsonSerializer.SerializeToNode(info.Name ?? new LocalizedText(app), FormJson.Options)!, "1.0.0",
            info.Description, null, PackageManifest.PlatformVersions);
        var package = new JsonObject();
        var contents = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in _parts.Where(p => withData || !p.IsData))
        {
            var items = await part.ExportAsync(app, ct);
            contents[part.Name] = items.Count;
            package[part.Name] = items;
        }
        var ordered = new JsonObject { ["manifest"] = manifest.ToJson(contents) };
        foreach (var part in _parts.Where(p => package[p.Name] is not null)) ordered[part.Name] = package[part.Name]!.DeepClone();
        return ordered;
    }

    /// <summary>
    /// Imports <paramref name="package"/> as a new app (<paramref name="asApp"/>, else the package's key), or as an upgrade of
    /// the app installed from the same package.
    /// </summary>
    /// <param name="trusted">The runtime's own packages: their workflows arrive enabled and their permissions are not held to the importer's.</param>
    /// <param name="confirmDataLoss">An upgrade may change a form so that some values cannot be kept (its dry run names them).</param>
    /// <param name="overwrite">Where both the package and the app's admins changed an item, the package's wins (else the app's is kept).</param>
    public async Task<PackageImport> ImportAsync(JsonObject package, string? asApp, bool dryRun, CallerContext caller, bool trusted = false,
        bool confirmDataLoss = false, bool overwrite = false, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        var manifest = PackageManifest.Read(package["manifest"]);
        var unknown = package.Select(p => p.Key).Where(k => k != "manifest" && _parts.All(p => p.Name != k)).ToList();
        if (unknown.Count > 0) throw new ValidationFailedException(unknown.Select(k => new ValidationError(k, "package.unknownPart", k)).ToList());
        var app = asApp ?? manifest.Key;
        if (!FormKeys.IsValid(app)) throw new ValidationFailedException([new("app", "key.invalid")]);
        var target = new PackageTarget(app, caller, trusted, confirmDataLoss);
        if ((await apps.ListAsync(ct)).Any(a => a.Key == app))
        {
            var installed = await InstalledPackageAsync(app, ct);
            if (installed is null || PackageManifest.Read(installed["manifest"]).Key != manifest.Key) throw new ConflictException("package.installed", app);
            return await UpgradeAsync(installed, package, manifest, target, dryRun, overwrite, ct);
        }
        var changes = new List<PackageChange> { new("app", app, "add") };
        changes.AddRange(await CheckPartsAsync(package, target, ct));
        var result = new PackageImport(app, manifest.Key, manifest.Version, dryRun, changes);
        if (dryRun) return result;

        await apps.CreateAsync(app, manifest.Name.Deserialize<LocalizedText>(FormJson.Options), manifest.Description, ct);
        try
        {
            foreach (var part in _parts) await part.ApplyAsync(Items(package, part), target, ct);
        }
        catch
        {
            // Nothing half installed: the app goes (to the recycle bin of apps, with whatever it got).
            await apps.DeleteAsync(app, CancellationToken.None);
            throw;
        }
        await KeepAsync(app, manifest, package, caller, ct);
        return result;
    }

    /// <summary>
    /// An upgrade, by three-way comparison of each item: the package as installed (the base), the app as it is, and the new
    /// package. What the package did not change is left as the app has it; what only the package changed is applied (added,
    /// changed, removed — a form is never removed, its records stay); where both changed, the app's is kept and the conflict
    /// reported, unless <paramref name="overwrite"/>. A form change that loses values is listed with them and applied only when confirmed.
    /// </summary>
    private async Task<PackageImport> UpgradeAsync(JsonObject installed, JsonObject package, PackageManifest manifest, PackageTarget target, bool dryRun,
        bool overwrite, CancellationToken ct)
    {
        await CheckPartsAsync(package, target, ct);
        var changes = new List<PackageChange>();
        var work = new List<(PackagePart Part, JsonArray Apply, List<string> Remove)>();
        var losses = new List<ValidationError>();
        foreach (var part in _parts)
        {
            if (part.IsData)
            {
                if (Items(package, part).Count > 0) changes.Add(new(part.Name, "*", "skip", "records are installed with a new app only"));
                continue;
            }
            var before = await ByKeyAsync(part, Items(installed, part), target.App, ct);
            var now = await ByKeyAsync(part, await part.ExportAsync(target.App, ct), target.App, ct);
            var after = await ByKeyAsync(part, Items(package, part), target.App, ct);
            var (apply, remove) = (new JsonArray(), new List<string>());
            foreach (var key in before.Keys.Union(now.Keys).Union(after.Keys).Order(StringComparer.Ordinal))
            {
                var (b, c, n) = (before.GetValueOrDefault(key), now.GetValueOrDefault(key), after.GetValueOrDefault(key));
                if (JsonNode.DeepEquals(n, b) || JsonNode.DeepEquals(c, n)) continue;
                if (!JsonNode.DeepEquals(c, b) && !overwrite)
                {
                    changes.Add(new(part.Name, key, "conflict", "kept the app's own"));
                    continue;
                }
                if (n is null && c is null) continue;
                if (n is null) remove.Add(key);
                else apply.Add(n.DeepClone());
                changes.Add(new(part.Name, key, n is null ? "remove" : c is null ? "add" : "change",
                    n is null && part is FormsPart ? "the form and its records stay" : null));
            }
            foreach (var (key, lost) in await part.LossAsync(apply, target, ct))
            {
                var index = changes.FindIndex(c => c.Part == part.Name && c.Key == key);
                changes[index] = changes[index] with { Note = "loses data: " + lost };
                if (!target.ConfirmDataLoss) losses.Add(new($"{part.Name}.{key}", "package.dataLoss", lost));
            }
            work.Add((part, apply, remove));
        }
        var result = new PackageImport(target.App, manifest.Key, manifest.Version, dryRun, changes);
        if (dryRun) return result;
        if (losses.Count > 0) throw new DefinitionRejectedException(losses);
        foreach (var (part, apply, _) in work.Where(w => w.Apply.Count > 0)) await part.ApplyAsync(apply, target, ct);
        foreach (var (part, _, remove) in Enumerable.Reverse(work).Where(w => w.Remove.Count > 0)) await part.RemoveAsync(remove, target, ct);
        await KeepAsync(target.App, manifest, package, target.Caller, ct);
        return result;
    }

    /// <summary>
    /// Every part read as its definitions and the package against its schema, all problems refused together (400); the
    /// changes installing the parts into a new app would make.
    /// </summary>
    private async Task<List<PackageChange>> CheckPartsAsync(JsonObject package, PackageTarget target, CancellationToken ct)
    {
        var changes = new List<PackageChange>();
        var errors = new List<ValidationError>();
        foreach (var part in _parts)
        {
            if (package[part.Name] is not (null or JsonArray)) { errors.Add(new(part.Name, "type.array")); continue; }
            try
            {
                changes.AddRange(await part.PlanAsync(Items(package, part), target, ct));
            }
            catch (ValidationFailedException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        foreach (var part in _parts) errors.AddRange(await part.CheckWithAsync(Items(package, part), package, ct));
        if (errors.Count > 0) throw new DefinitionRejectedException(errors);
        await PackageSchema.CheckAsync(package);
        return changes;
    }

    private static async Task<Dictionary<string, JsonNode>> ByKeyAsync(PackagePart part, JsonArray items, string app, CancellationToken ct)
    {
        var byKey = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var item in items.OfType<JsonNode>()) byKey[part.KeyOf(item)] = await part.NormalizeAsync(item, app, ct);
        return byKey;
    }

    /// <summary>Keeps the package installed with the app: the base of its next upgrade.</summary>
    private JsonObject Definitions(JsonObject package)
    {
        var definitions = (JsonObject)package.DeepClone();
        foreach (var part in _parts.Where(p => p.IsData)) definitions.Remove(part.Name);
        return definitions;
    }

    private Task KeepAsync(string app, PackageManifest manifest, JsonObject package, CallerContext caller, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var values = new
            {
                // The base of the next upgrade is the definitions; records installed with the app are the app's from then on.
                app, key = manifest.Key, version = manifest.Version, package = Definitions(package).ToJsonString(),
                now = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime), by = caller.UserId,
            };
            return await connection.ExecuteAsync("UPDATE pf_app_packages SET package_key = @key, version = @version, package = @package, installed_at = @now, " +
                                                 "installed_by = @by WHERE app_key = @app", values, transaction) > 0
                ? 1
                : await connection.ExecuteAsync("INSERT INTO pf_app_packages (app_key, package_key, version, package, installed_at, installed_by) " +
                                                "VALUES (@app, @key, @version, @package, @now, @by)", values, transaction);
        }, ct);

    private static JsonArray Items(JsonObject package, PackagePart part) => (JsonArray?)package[part.Name]?.DeepClone() ?? [];

    private static void RequireAdmin(CallerContext caller)
    {
        if (!caller.IsAdmin) throw new ForbiddenException("package.adminOnly");
    }

    private async Task<PackageManifest?> InstalledAsync(string app, CancellationToken ct) =>
        await InstalledPackageAsync(app, ct) is { } package ? PackageManifest.Read(package["manifest"]) : null;

    private async Task<JsonObject?> InstalledPackageAsync(string app, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var json = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT package FROM pf_app_packages WHERE app_key = @app", new { app }, cancellationToken: ct));
        return json is null ? null : JsonNode.Parse(json) as JsonObject;
    }
}
