using System.Collections.Immutable;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;

namespace Platform.Designer.Forms;

/// <summary>
/// A form as its designer is changing it: the definition, always with a layout, and every change undoable. The definition
/// is immutable, so a step back is the one before; the designer's panels only ask for changes here and draw what it holds.
/// Keys of published fields are frozen: storage, formulas and integrations name them.
/// </summary>
public sealed class FormDesign
{
    private readonly UndoHistory<FormDefinition> _history;

    public FormDesign(FormDefinition definition, IEnumerable<string>? published = null)
    {
        _history = new UndoHistory<FormDefinition>(DesignLayout.Complete(definition), (a, b) => FormJson.Serialize(a) == FormJson.Serialize(b));
        Published = (published ?? []).ToHashSet(StringComparer.Ordinal);
    }

    public FormDefinition Definition => _history.Now;

    public FormLayout Layout => Definition.Layout!;

    /// <summary>The keys of the fields the published form has.</summary>
    public IReadOnlySet<string> Published { get; }

    public bool CanUndo => _history.CanUndo;

    public bool CanRedo => _history.CanRedo;

    public bool Frozen(string key) => Published.Contains(key);

    /// <summary>
    /// Adds a field of <paramref name="type"/> (a palette item's pinned name) at <paramref name="place"/>, labelled
    /// <paramref name="label"/>, with a key suggested from it; returns it.
    /// </summary>
    public FieldDefinition Add(PaletteItem type, LocalizedText label, Place place)
    {
        var key = FormKeys.Suggest(KeyWords(label), Taken());
        var field = type.Make(key) with { Label = label };
        Apply(DesignLayout.Place(Definition with { Fields = Definition.Fields.Add(field) }, key, place));
        return field;
    }

    public void Move(string key, Place place)
    {
        if (Definition.FindField(key) is null) return;
        Apply(DesignLayout.Place(Definition, key, place));
    }

    public void Remove(string key)
    {
        if (Definition.FindField(key) is not { } field) return;
        Apply(DesignLayout.Without(Definition with { Fields = Definition.Fields.Remove(field) }, key));
    }

    /// <summary>
    /// Puts <paramref name="changed"/> in the place of field <paramref name="key"/>. A new key is taken only while the
    /// field is unpublished and no other field has it; a label changed while the key still is the one suggested from the
    /// old label takes a key suggested from the new one, as the designer would have named it. Returns the field's key after.
    /// </summary>
    public string Update(string key, FieldDefinition changed)
    {
        if (Definition.FindField(key) is not { } field) return key;
        var newKey = changed.Key;
        if (newKey != key && (Frozen(key) || !FormKeys.IsValid(newKey) || Taken(key).Contains(newKey))) newKey = key;
        else if (newKey == key && !Frozen(key) && !Equals(changed.Label, field.Label)
            && FormKeys.Suggest(KeyWords(field.Label), Taken(key)) == key)
            newKey = FormKeys.Suggest(KeyWords(changed.Label), Taken(key));
        changed = changed with { Key = newKey };
        if (changed == field) return key;
        var definition = Definition with { Fields = Definition.Fields.Replace(field, changed) };
        Apply(newKey == key ? definition : DesignLayout.Renamed(definition, key, newKey));
        return newKey;
    }

    /// <summary>
    /// Makes field <paramref name="key"/> one of <paramref name="type"/>, keeping what every field has (label, rules, help);
    /// its values are converted when published, and what cannot be is shown as lost before that.
    /// </summary>
    public void ChangeType(string key, PaletteItem type)
    {
        if (Definition.FindField(key) is not { } field || field.TypeName == type.Type) return;
        var changed = type.Make(key) with
        {
            Label = field.Label,
            Required = field.Required,
            Unique = field.Unique,
            HelpText = field.HelpText,
            Placeholder = field.Placeholder,
            VisibleWhen = field.VisibleWhen,
            DefaultFormula = field.DefaultFormula,
        };
        Apply(Definition with { Fields = Definition.Fields.Replace(field, changed) });
    }

    public void AddSection(LocalizedText? title) =>
        Apply(Definition with { Layout = Layout with { Sections = Layout.Sections.Add(new LayoutSection { Title = title }) } });

    public void RenameSection(int section, LocalizedText? title)
    {
        if (section < 0 || section >= Layout.Sections.Count || Equals(Layout.Sections[section].Title, title)) return;
        Apply(Definition with { Layout = Layout with { Sections = Layout.Sections.SetItem(section, Layout.Sections[section] with { Title = title }) } });
    }

    /// <summary>Removes a section; its fields join the end of the section before it (or after it, for the first).</summary>
    public void RemoveSection(int section)
    {
        if (section < 0 || section >= Layout.Sections.Count || Layout.Sections.Count == 1) return;
        var into = section == 0 ? 1 : section - 1;
        var sections = Layout.Sections;
        var merged = sections[into] with
        {
            Rows = into < section ? sections[into].Rows.AddRange(sections[section].Rows) : sections[section].Rows.AddRange(sections[into].Rows),
        };
        Apply(Definition with { Layout = Layout with { Sections = sections.SetItem(into, merged).RemoveAt(section) } });
    }

    /// <summary>Changes anything else of the form (its name) as one undoable step.</summary>
    public void Change(Func<FormDefinition, FormDefinition> change) => Apply(change(Definition));

    public void Undo() => _history.Undo();

    public void Redo() => _history.Redo();

    private void Apply(FormDefinition next) => _history.Apply(DesignLayout.Complete(next));

    private HashSet<string> Taken(string? except = null) =>
        Definition.Fields.Select(f => f.Key).Where(k => k != except).Concat(Published).ToHashSet(StringComparer.Ordinal);

    // English words make a readable key; a label in Chinese alone makes field_n.
    private static string? KeyWords(LocalizedText? label) =>
        label?.Invariant ?? (label?.ByCulture is { } byCulture ? byCulture.GetValueOrDefault("en") ?? byCulture.Values.FirstOrDefault() : null);
}
