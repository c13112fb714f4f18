using Bunit;
using MudBlazor;
using MudBlazor.Services;
using Platform.Designer.Forms;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Formulas;
using Platform.Engine.Scripting;

namespace Platform.Designer.Tests.Forms;

/// <summary>The stage map of a select field: turned on and off, moves limited and freed again, what entering a stage needs.</summary>
public sealed class StageMapTests
{
    private static readonly FormulaService Formulas = new(new ScriptSandbox());

    private static readonly SelectField Stage = new()
    {
        Key = "stage",
        Options = [new SelectOption { Key = "lead" }, new SelectOption { Key = "won" }, new SelectOption { Key = "lost" }],
    };

    private static readonly FormDefinition Deal = new() { Key = "deal", Fields = [Stage, new MoneyField { Key = "amount", Label = "Amount" }] };

    [Test]
    public async Task Moves_are_limited_and_freed_and_entering_a_stage_needs_fields()
    {
        await using var context = new BunitContext();
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        var given = new List<StageRules?>();
        IRenderedComponent<StageMap> Render(StageRules? rules) => context.Render<StageMap>(p => p
            .AddCascadingValue(new DesignerContext(new DesignerText("en"), "crm", [new FormInfo("deal", "Deals", 1, 2, DateTime.UtcNow)],
                (expression, expected) => Task.FromResult(Formulas.Check(expression, new FormulaScope(Deal), expected))))
            .AddCascadingValue("DesignFields", (IReadOnlyList<FieldDefinition>)Deal.Fields)
            .Add(m => m.Key, "stage").Add(m => m.Options, Stage.Options).Add(m => m.Stages, rules)
            .Add(m => m.StagesChanged, (StageRules? r) => given.Add(r)));

        var off = Render(null);
        Assert.That(off.FindAll("[data-testid=stage-map]"), Is.Empty);
        await off.Find("input[data-testid=stage-on]").ChangeAsync(new() { Value = true });
        Assert.That(given[^1], Is.Not.Null);

        var map = Render(new StageRules());
        Assert.That(map.FindAll("[data-testid=stage-row]"), Has.Count.EqualTo(3));
        await map.Find("input[data-testid=move-won-lead]").ChangeAsync(new() { Value = false });
        Assert.That(given[^1]!.Moves["won"], Is.EqualTo(new[] { "lost" }), "won may no longer go back to lead");
        Assert.That(given[^1]!.Allows("lead", "won"), Is.True, "a stage not limited goes anywhere");

        var limited = Render(given[^1]);
        await limited.Find("input[data-testid=move-won-lead]").ChangeAsync(new() { Value = true });
        Assert.That(given[^1]!.Moves.ContainsKey("won"), Is.False, "every move ticked again: not listed");

        await limited.InvokeAsync(() => limited.FindComponents<MudSelect<string>>()
            .Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), "needs-won")).Instance.SelectedValuesChanged.InvokeAsync(["amount"]));
        Assert.That(given[^1]!.Entry["won"].Required, Is.EqualTo(new[] { "amount" }));
    }
}
