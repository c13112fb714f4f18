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

    public async Task<JsonObject> ExportAsync(string app, CallerContext caller, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        var info = await apps.GetAsync(app, ct);
        var installed = await InstalledAsync(app, ct);
        var manifest = installed ?? new PackageManifest(app, JsonSerializer.SerializeToNode(info.Name ?? new LocalizedText(app), FormJson.Options)!, "1.0.0",
            info.Description, null, PackageManifest.PlatformVersions);
        var package = new JsonObject();
        var contents = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in _parts)
        {
            var items = await part.ExportAsync(app, ct);
            contents[part.Name] = items.Count;
            package[part.Name] = items;
        }
        var ordered = new JsonObject { ["manifest"] = manifest.ToJson(contents) };
        foreach (var part in _parts) ordered[part.Name] = package[part.Name]!.DeepClone();
        return ordered;
    }

    /// <summary>Imports <paramref name="package"/> as a new app (<paramref name="asApp"/>, else the package's key).</summary>
    /// <param name="trusted">The runtime's own packages: their workflows arrive enabled and their permissions are not held to the importer's.</param>
    public async Task<PackageImport> ImportAsync(JsonObject package, string? asApp, bool dryRun, CallerContext caller, bool trusted = false, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        var manifest = PackageManifest.Read(package["manifest"]);
        var unknown = package.Select(p => p.Key).Where(k => k != "manifest" && _parts.All(p => p.Name != k)).ToList();
        if (unknown.Count > 0) throw new ValidationFailedException(unknown.Select(k => new ValidationError(k, "package.unknownPart", k)).ToList());
        var app = asApp ?? manifest.Key;
        if (!FormKeys.IsValid(app)) throw new ValidationFailedException([new("app", "key.invalid")]);
        if ((await apps.ListAsync(ct)).Any(a => a.Key == app)) throw new ConflictException("package.installed", app);
        var target = new PackageTarget(app, caller, trusted);
        var changes = new List<PackageChange> { new("app", app, "add") };
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
        await database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync(
            "INSERT INTO pf_app_packages (app_key, package_key, version, package, installed_at, installed_by) VALUES (@app, @key, @version, @package, @now, @by)",
            new
            {
                app, key = manifest.Key, version = manifest.Version, package = package.ToJsonString(),
                now = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime), by = caller.UserId,
            }, transaction), ct);
        return result;
    }

    private static JsonArray Items(JsonObject package, PackagePart part) => (JsonArray?)package[part.Name]?.DeepClone() ?? [];

    private static void RequireAdmin(CallerContext caller)
    {
        if (!caller.IsAdmin) throw new ForbiddenException("package.adminOnly");
    }

    private async Task<PackageManifest?> InstalledAsync(string app, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var json = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT package FROM pf_app_packages WHERE app_key = @app", new { app }, cancellationToken: ct));
        return json is null ? null : PackageManifest.Read(JsonNode.Parse(json)!["manifest"]);
    }
}
