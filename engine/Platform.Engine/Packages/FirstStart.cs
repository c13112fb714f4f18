using System.Text.Json.Nodes;
using Platform.Engine.Apps;
using Platform.Engine.Records;
using Platform.Engine.Storage;

namespace Platform.Engine.Packages;

/// <summary>A template installed on the first start, and what its import did.</summary>
public sealed record FirstStartInstall(string Template, PackageImport Installed);

/// <summary>
/// A new installation opens on working apps: on the first start of a database without apps, the runtime's own templates
/// are installed, trusted (their workflows run from the first minute). It happens once per database, whichever node
/// starts first: an admin who later removes the app does not get it back on the next start, and a database that already
/// had apps when this release arrived gets none.
/// </summary>
public sealed class FirstStart(PlatformSettings settings, AppService apps, PackageService packages)
{
    /// <summary>Installs <paramref name="templates"/> (a name and its package) when this is the database's first start; each installed one is returned.</summary>
    public async Task<IReadOnlyList<FirstStartInstall>> InstallAsync(IReadOnlyList<(string Name, Func<JsonObject> Package)> templates, CancellationToken ct = default)
    {
        // Every later start stops here, on one read (not on a claim the database refuses).
        if (templates.Count == 0 || await settings.GetAsync(PlatformSettings.FirstStartTemplates, ct) is not null) return [];
        if ((await apps.ListAsync(ct)).Count > 0)
        {
            await settings.ClaimAsync(PlatformSettings.FirstStartTemplates, "none: apps existed", ct);
            return [];
        }
        if (!await settings.ClaimAsync(PlatformSettings.FirstStartTemplates, string.Join(",", templates.Select(t => t.Name)), ct)) return [];
        var installed = new List<FirstStartInstall>();
        try
        {
            foreach (var (name, package) in templates)
                installed.Add(new(name, await packages.ImportAsync(package(), asApp: null, dryRun: false, CallerContext.System, trusted: true, ct: ct)));
        }
        catch
        {
            // A template that failed (its app removed again) is tried anew on the next start.
            await settings.ReleaseAsync(PlatformSettings.FirstStartTemplates, CancellationToken.None);
            throw;
        }
        return installed;
    }
}
