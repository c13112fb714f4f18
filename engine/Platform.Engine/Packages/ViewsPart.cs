using System.Text.Json;
using Platform.Engine.Views;

namespace Platform.Engine.Packages;

/// <summary>The shared views of an app's forms (private views stay with their owners), after the forms they show.</summary>
public sealed class ViewsPart(ViewService views) : DefinitionPart<ViewDefinition>
{
    public override string Name => "views";

    public override int Order => 550;

    protected override async Task<IReadOnlyList<string>> KeysAsync(string app, CancellationToken ct) =>
        (await views.ListAsync(app, null, Records.CallerContext.System, ct)).Where(v => v.Shared).Select(v => v.Key).ToList();

    protected override async Task<ViewDefinition> GetAsync(string app, string key, CancellationToken ct) =>
        (await views.GetAsync(app, key, Records.CallerContext.System, ct)).Definition;

    protected override string Serialize(ViewDefinition definition) => JsonSerializer.Serialize(definition, ViewService.Options);

    protected override ViewDefinition Parse(string json)
    {
        var view = JsonSerializer.Deserialize<ViewDefinition>(json, ViewService.Options) ?? throw new JsonException("A view is an object.");
        // A package carries only shared views: a key that reads as someone's private view would land in their list, not the app's.
        return ViewKeys.Owner(view.Key) is null ? view : throw new JsonException($"'{view.Key}' names a private view; a package's views are shared.");
    }

    protected override Task DeleteAsync(string app, string key, CancellationToken ct) => views.DeleteAsync(app, key, Records.CallerContext.System, ct);

    protected override string KeyOf(ViewDefinition definition) => definition.Key;

    protected override Task PublishAsync(ViewDefinition definition, PackageTarget target, CancellationToken ct) =>
        views.SaveAsync(target.App, definition, target.Caller, ct: ct);
}
