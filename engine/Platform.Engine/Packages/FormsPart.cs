using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Validation;

namespace Platform.Engine.Packages;

/// <summary>
/// The forms of an app, as their current definitions. Imported in the order their relations need (a related form first);
/// forms that relate to each other in a circle are first published as a skeleton (their plain fields), then in full.
/// </summary>
public sealed class FormsPart(FormService forms) : DefinitionPart<FormDefinition>
{
    public override string Name => "forms";

    public override int Order => 100;

    protected override async Task<IReadOnlyList<string>> KeysAsync(string app, CancellationToken ct) => (await forms.ListAsync(app, ct)).Select(f => f.Key).ToList();

    protected override async Task<FormDefinition> GetAsync(string app, string key, CancellationToken ct) => (await forms.GetAsync(app, key, ct: ct)).Definition;

    protected override string Serialize(FormDefinition definition) => FormJson.Serialize(definition);

    protected override FormDefinition Parse(string json) => FormJson.Parse(json);

    protected override string KeyOf(FormDefinition definition) => definition.Key;

    protected override Task PublishAsync(FormDefinition definition, PackageTarget target, CancellationToken ct) =>
        forms.PublishAsync(target.App, definition, confirmDataLoss: target.ConfirmDataLoss, userId: target.Caller.UserId, ct: ct);

    /// <summary>A form is never taken out by a package: its records stay (the change is reported, the form kept).</summary>
    protected override Task DeleteAsync(string app, string key, CancellationToken ct) => Task.CompletedTask;

    public override async Task<IReadOnlyDictionary<string, string>> LossAsync(JsonArray items, PackageTarget target, CancellationToken ct)
    {
        var existing = (await forms.ListAsync(target.App, ct)).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var losses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var form in ParseAll(items).Where(f => existing.Contains(f.Key)))
        {
            try
            {
                var plan = (await forms.PublishAsync(target.App, form, dryRun: true, ct: ct)).Plan;
                if (plan.DataLoss.Count > 0) losses[form.Key] = string.Join(", ", plan.DataLoss.Select(l => $"{l.Field}: {l.Count}"));
            }
            catch (DefinitionRejectedException)
            {
                // It reads a form the same upgrade adds: checked when applied.
            }
        }
        return losses;
    }

    public override async Task ApplyAsync(JsonArray items, PackageTarget target, CancellationToken ct)
    {
        var pending = ParseAll(items).ToDictionary(f => f.Key, StringComparer.Ordinal);
        var published = (await forms.ListAsync(target.App, ct)).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var skeletons = new List<FormDefinition>();
        while (pending.Count > 0)
        {
            var ready = pending.Values.Where(f => Needs(f).All(n => n == f.Key || published.Contains(n))).ToList();
            // A circle: the first form of it goes in as a skeleton, so the others can relate to it.
            if (ready.Count == 0)
            {
                var first = pending.Values.OrderBy(f => f.Key, StringComparer.Ordinal).First();
                await PublishAsync(Skeleton(first, published), target, ct);
                skeletons.Add(first);
                published.Add(first.Key);
                pending.Remove(first.Key);
                continue;
            }
            foreach (var form in ready)
            {
                await PublishAsync(form, target, ct);
                published.Add(form.Key);
                pending.Remove(form.Key);
            }
        }
        foreach (var form in skeletons) await PublishAsync(form, target, ct);
    }

    /// <summary>The other forms a form's definition reads: its relations' targets and its roll-ups' sources.</summary>
    private static IEnumerable<string> Needs(FormDefinition form) =>
        Flatten(form.Fields).Select(f => f switch { RelationField r => r.Form, RollupField r => r.From, _ => null }).OfType<string>();

    private static IEnumerable<FieldDefinition> Flatten(IEnumerable<FieldDefinition> fields) =>
        fields.SelectMany(f => f is SubformField subform ? Flatten(subform.Fields).Prepend(f) : [f]);

    /// <summary>A form's plain fields only: no relation to a form not yet there, nothing computed, no rules, stages or indexes.</summary>
    private static FormDefinition Skeleton(FormDefinition form, IReadOnlySet<string> published) => form with
    {
        Fields = form.Fields.Where(f => f switch
            {
                RelationField r => published.Contains(r.Form) || r.Form == form.Key,
                FormulaField or RollupField or SubformField => false,
                _ => true,
            })
            .Select(f => f is SelectField select ? select with { Stages = null } : f).ToImmutableList(),
        Rules = [],
        TagRules = [],
        Indexes = [],
        Churn = null,
        Layout = null,
    };
}
