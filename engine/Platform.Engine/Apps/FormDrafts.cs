using System.Text.Json;
using Platform.Engine.Forms;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Apps;

/// <summary>A form's unpublished definition as a designer left it, with its draft version and when it was saved.</summary>
public sealed record FormDraft(string Form, JsonElement Definition, int Version, DateTime UpdatedAt);

/// <summary>
/// Designers' unpublished work, kept by the server so it survives a closed browser: one draft per form of an app, shared by
/// its admins, in any state a designer leaves it (it is checked when published, not while drafted). Each save names the
/// draft version it was made over, so a second window does not overwrite the first unknowingly; publishing the form ends
/// its draft. Drafts are numbered versions like reports and views, so an earlier one can still be read.
/// </summary>
public sealed class FormDrafts(PlatformDatabase database, TimeProvider clock)
{
    /// <summary>The most a draft may hold, in characters of its JSON.</summary>
    public const int MaxChars = 1_000_000;

    private DefinitionStore Store => new(database, clock, "form-draft", "draft.notFound");

    public async Task<FormDraft> GetAsync(string appKey, string form, CallerContext caller, CancellationToken ct = default)
    {
        Designer(caller);
        var stored = await Store.GetAsync(appKey, form, null, ct);
        using var json = JsonDocument.Parse(stored.Json);
        return new FormDraft(form, json.RootElement.Clone(), stored.Version, stored.UpdatedAt);
    }

    /// <summary>
    /// Saves <paramref name="definition"/> as the form's draft over draft <paramref name="version"/> (0, or none, for a form
    /// without one): an object whose key, if it has one, is the form's. Anything else is refused whole (400); a draft saved
    /// since is a conflict (409) naming its version.
    /// </summary>
    public async Task<FormDraft> SaveAsync(string appKey, string form, JsonElement definition, int? version, CallerContext caller, CancellationToken ct = default)
    {
        Designer(caller);
        var errors = new List<ValidationError>();
        if (!FormKeys.IsValid(form)) errors.Add(new("form", "key.invalid"));
        if (definition.ValueKind != JsonValueKind.Object) errors.Add(new("definition", "type.object"));
        else if (definition.TryGetProperty("key", out var key) && (key.ValueKind != JsonValueKind.String || key.GetString() != form))
            errors.Add(new("definition.key", "draft.key", form));
        var json = definition.ValueKind == JsonValueKind.Undefined ? "" : definition.GetRawText();
        if (json.Length > MaxChars) errors.Add(new("definition", "draft.tooLarge", MaxChars));
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        var saved = await Store.PublishAsync(appKey, form, json, caller.UserId, dryRun: false, ct, expected: version ?? 0, changed: "draft.changed");
        return new FormDraft(form, definition.Clone(), saved, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>Throws the draft away; the form stays as published.</summary>
    public Task DiscardAsync(string appKey, string form, CallerContext caller, CancellationToken ct = default)
    {
        Designer(caller);
        return Store.DeleteAsync(appKey, form, ct);
    }

    /// <summary>The form was published: its draft, if it had one, is done with.</summary>
    internal async Task PublishedAsync(string appKey, string form, CancellationToken ct)
    {
        try
        {
            await Store.DeleteAsync(appKey, form, ct);
        }
        catch (NotFoundException)
        {
            // no draft
        }
    }

    // Designing an app's forms is an admin's: the same who may publish them.
    private static void Designer(CallerContext caller)
    {
        if (!caller.IsAdmin) throw new ForbiddenException("draft.forbidden");
    }
}
