using System.Text.Json.Nodes;
using Platform.Engine.Records;
using Platform.Engine.Validation;

namespace Platform.Engine.Packages;

/// <summary>One change an import makes (or would make): a part's item added, changed or removed, and whether data would be lost.</summary>
public sealed record PackageChange(string Part, string Key, string Action, string? Note = null);

/// <summary>
/// How an import is applied: into which app, by whom, whether the package is the runtime's own (trusted) or uploaded, and
/// whether changes that lose data were confirmed.
/// </summary>
public sealed record PackageTarget(string App, CallerContext Caller, bool Trusted, bool ConfirmDataLoss = false);

/// <summary>
/// One named part of a package (forms, workflows, reports, dashboards, roles): how an app's part is exported, and how a
/// package's part is checked, planned and applied on import. Each kind of part is one class; the package service only
/// runs them in their order.
/// </summary>
public abstract class PackagePart
{
    /// <summary>The part's name in the package (its property), pinned.</summary>
    public abstract string Name { get; }

    /// <summary>Where the part stands among the others on import (forms before the workflows and reports that read them).</summary>
    public abstract int Order { get; }

    public abstract Task<JsonArray> ExportAsync(string app, CancellationToken ct);

    /// <summary>Checks the part's items (each parsed as its definition) and says what applying them would change.</summary>
    public abstract Task<IReadOnlyList<PackageChange>> PlanAsync(JsonArray items, PackageTarget target, CancellationToken ct);

    /// <summary>Adds these items to the app, or changes the app's items of the same keys to them.</summary>
    public abstract Task ApplyAsync(JsonArray items, PackageTarget target, CancellationToken ct);

    /// <summary>Takes items out of the app that a new version of its package no longer has.</summary>
    public abstract Task RemoveAsync(IReadOnlyList<string> keys, PackageTarget target, CancellationToken ct);

    /// <summary>An item as this platform writes it (read and written again), so a package's item and an app's compare equal when they mean the same.</summary>
    public abstract Task<JsonNode> NormalizeAsync(JsonNode item, string app, CancellationToken ct);

    /// <summary>An app's data rather than its definitions: exported only when asked, installed with a new app only.</summary>
    public virtual bool IsData => false;

    /// <summary>The key of a package item.</summary>
    public virtual string KeyOf(JsonNode item) => KeyOf(item, "key");

    /// <summary>
    /// What is wrong with the part's items that only the rest of the package can tell (a workflow's fields are the package's
    /// forms' own; the addresses it calls): checked before anything is created, so a refused package leaves no trace; each
    /// problem named at its place (<c>workflows[2].steps[0].url</c>).
    /// </summary>
    public virtual Task<IReadOnlyList<ValidationError>> CheckWithAsync(JsonArray items, JsonObject package, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ValidationError>>([]);

    /// <summary>What applying these items over the app's would lose, by item key (forms: values a changed type cannot hold).</summary>
    public virtual Task<IReadOnlyDictionary<string, string>> LossAsync(JsonArray items, PackageTarget target, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    /// <summary>The key of an item, for plans and errors.</summary>
    protected static string KeyOf(JsonNode? item, string property = "key") => item?[property]?.GetValue<string>() ?? "?";
}
