using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Users;

namespace Platform.Runtime.Web.Components.Fields;

/// <summary>
/// What every field's input takes: the field, its value as the API writes it (JSON, so the record form is one more client
/// of the engine's codecs and never a second reading of values), the engine's error for it, and the names of what it refers to.
/// </summary>
public abstract class FieldInput : ComponentBase
{
    [CascadingParameter] public SignedIn SignedIn { get; set; } = default!;

    [Parameter, EditorRequired] public FieldDefinition Field { get; set; } = default!;

    [Parameter] public JsonNode? Value { get; set; }

    [Parameter] public EventCallback<JsonNode?> ValueChanged { get; set; }

    /// <summary>What the engine refused of this field, in the user's language.</summary>
    [Parameter] public string? Error { get; set; }

    /// <summary>The engine's errors inside the value by their path (<c>products[2].quantity</c>), for inputs made of parts.</summary>
    [Parameter] public IReadOnlyDictionary<string, string> PathErrors { get; set; } = new Dictionary<string, string>();

    /// <summary>The record's references by name (people, departments, related records).</summary>
    [Parameter] public PageNames Names { get; set; } = PageNames.None;

    /// <summary>The value as the record page shows it (what a computed field shows; it is never typed).</summary>
    [Parameter] public string? Shown { get; set; }

    /// <summary>The record edited; null for a new one (its files are read through it).</summary>
    [Parameter] public long? RecordId { get; set; }

    /// <summary>The record's form (a relation searches a form of its app).</summary>
    [Parameter, EditorRequired] public FormModel Model { get; set; } = default!;

    /// <summary>
    /// The parameters of a field's input, as <c>DynamicComponent</c> takes them: the one place the record form, a list's cell,
    /// a bulk change and a subform's grid all build them.
    /// </summary>
    public static Dictionary<string, object?> Parameters(FieldDefinition field, FormModel model, JsonNode? value, EventCallback<JsonNode?> changed,
        string? error = null, PageNames? names = null, long? recordId = null, IReadOnlyDictionary<string, string>? pathErrors = null)
    {
        var parameters = new Dictionary<string, object?>
        {
            [nameof(Field)] = field, [nameof(Model)] = model, [nameof(Value)] = value, [nameof(ValueChanged)] = changed, [nameof(Error)] = error,
            [nameof(RecordId)] = recordId,
        };
        if (names is not null) parameters[nameof(Names)] = names;
        if (pathErrors is not null) parameters[nameof(PathErrors)] = pathErrors;
        return parameters;
    }

    protected string Label => Field.Label?.Resolve(SignedIn.Text.CultureInfo) ?? Field.Key;

    protected string TestId => "field-" + Field.Key;

    /// <summary>The field's help, said under its input.</summary>
    protected string? Help => Field.HelpText?.Resolve(SignedIn.Text.CultureInfo);

    /// <summary>The hint its empty input shows.</summary>
    protected string? Hint => Field.Placeholder?.Resolve(SignedIn.Text.CultureInfo);

    protected Task SetAsync(JsonNode? value) => ValueChanged.InvokeAsync(value);
}
