using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Formulas;
using Platform.Engine.Storage.Forms;
using Platform.Engine.Values;

namespace Platform.Engine.Models;

/// <summary>A field of a published form with its storage and codec.</summary>
public sealed record BoundField(FieldDefinition Definition, StoredField Stored, FieldCodec Codec, IReadOnlyList<BoundField> Children)
{
    public string Key => Definition.Key;

    /// <summary>What the field refers to and whether the engine generates it, worked out once per published version.</summary>
    public FieldTraits Traits { get; } = FieldTraits.Of(Definition);
}

/// <summary>A published form version, compiled once: fields bound to storage, expressions prepared.</summary>
public sealed class FormModel
{
    public FormModel(long appId, string appKey, long formId, int version, FormDefinition definition, FormStorage storage, FormulaService formulas,
        Func<string, FormDefinition?>? relatedForm = null)
    {
        AppId = appId;
        AppKey = appKey;
        FormId = formId;
        Version = version;
        Definition = definition;
        Storage = storage;
        Fields = Bind(definition.Fields, storage.Fields);
        ByKey = Fields.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var compiled = FormFormulas.Compile(definition, formulas, relatedForm);
        Formulas = compiled.Formulas.Select(f => (ByKey[f.Field.Key], f.Formula)).ToList();
        Rules = compiled.Rules;
        StageConditions = compiled.StageConditions;
        TagConditions = compiled.TagConditions;
        VisibilityConditions = compiled.VisibilityConditions;
        DefaultFormulas = compiled.DefaultFormulas.Select(d => (ByKey[d.Field.Key], d.Formula)).ToList();
        ChurnFactors = compiled.ChurnFactors;
        RowFormulas = compiled.RowFormulas
            .Select(r => (ByKey[r.Subform.Key], (IReadOnlyList<(BoundField, CompiledFormula)>)r.Formulas
                .Select(f => (ByKey[r.Subform.Key].Children.Single(c => c.Key == f.Field.Key), f.Formula)).ToList()))
            .ToList();
        Lookups = compiled.Lookups.ToList();
    }

    public long AppId { get; }

    public string AppKey { get; }

    public long FormId { get; }

    public string Key => Definition.Key;

    public int Version { get; }

    public FormDefinition Definition { get; }

    public FormStorage Storage { get; }

    public string Table => Storage.Table;

    public IReadOnlyList<BoundField> Fields { get; }

    public IReadOnlyDictionary<string, BoundField> ByKey { get; }

    /// <summary>Formula fields in the order they must run: each after the formulas it reads.</summary>
    public IReadOnlyList<(BoundField Field, CompiledFormula Formula)> Formulas { get; }

    public IReadOnlyList<(FormRule Rule, CompiledFormula Formula)> Rules { get; }

    /// <summary>The entry conditions of the form's stage fields, compiled.</summary>
    public IReadOnlyList<(SelectField Field, string Stage, CompiledFormula Formula)> StageConditions { get; }

    /// <summary>The factors of the form's churn warning, compiled.</summary>
    public IReadOnlyList<(ChurnFactor Factor, CompiledFormula Formula)> ChurnFactors { get; }

    /// <summary>The computed defaults of the form's fields, compiled.</summary>
    public IReadOnlyList<(BoundField Field, CompiledFormula Formula)> DefaultFormulas { get; }

    /// <summary>The conditions on which fields are shown, compiled; a field without one is always shown.</summary>
    public IReadOnlyList<(FieldDefinition Field, CompiledFormula Formula)> VisibilityConditions { get; }

    /// <summary>The form's tag rules with their conditions, compiled.</summary>
    public IReadOnlyList<(TagRule Rule, CompiledFormula Formula)> TagConditions { get; }

    /// <summary>The form's stage fields (select fields declared stages).</summary>
    public IEnumerable<SelectField> StageFields => Definition.Fields.OfType<SelectField>().Where(f => f.Stages is not null);

    /// <summary>Formula columns of subforms, run on each row before the record's own formulas.</summary>
    public IReadOnlyList<(BoundField Subform, IReadOnlyList<(BoundField Column, CompiledFormula Formula)> Formulas)> RowFormulas { get; }

    /// <summary>
    /// The fields a recompute may change: formulas (of the record and of its subform rows), rollups, the fields tag rules
    /// keep tags in and the churn warning's score and level. A form with none is never recomputed.
    /// </summary>
    public IReadOnlyList<BoundField> ComputedFields => field ??= Formulas.Select(f => f.Field).Concat(RowFormulas.Select(r => r.Subform))
        .Concat(Fields.Where(f => f.Definition is RollupField)).Concat(TagConditions.Select(t => ByKey[t.Rule.Field]))
        .Concat(Definition.Churn is { } churn ? [ByKey[churn.ScoreField], ByKey[churn.LevelField]] : []).DistinctBy(f => f.Key).ToList();

    /// <summary>True when anything on the form is computed: formulas of the record or of its subform rows.</summary>
    public bool HasFormulas => Formulas.Count > 0 || RowFormulas.Count > 0;

    /// <summary>The fields of related records that formulas and rules read.</summary>
    public IReadOnlyList<FormulaInput> Lookups { get; }

    /// <summary>The way to the app's other forms; null for a model built alone (lookups then read as blank).</summary>
    public IFormLinks? Links { get; init; }

    public BoundField? Field(string key) => ByKey.GetValueOrDefault(key);

    /// <summary>The fields quick search reads, in form order.</summary>
    public IReadOnlyList<BoundField> SearchFields => _searchFields ??= Fields.Where(f => f.Traits.Searchable).ToList();

    private IReadOnlyList<BoundField>? _searchFields;

    /// <summary>The fields whose duplicate keys are kept (a duplicate check is, or was, switched on), in form order.</summary>
    public IReadOnlyList<BoundField> DuplicateChecked => _duplicateChecked ??= Fields.Where(f => f.Stored.DuplicateColumn is not null).ToList();

    private IReadOnlyList<BoundField>? _duplicateChecked;

    private static List<BoundField> Bind(IEnumerable<FieldDefinition> fields, IEnumerable<StoredField> stored)
    {
        var active = stored.Where(s => !s.Retired).ToDictionary(s => s.Key, StringComparer.Ordinal);
        return fields.Select(f =>
        {
            var s = active[f.Key];
            var children = f is SubformField sub ? Bind(sub.Fields, s.Children) : [];
            return new BoundField(f, s, FieldCodecs.For(f), children);
        }).ToList();
    }
}
