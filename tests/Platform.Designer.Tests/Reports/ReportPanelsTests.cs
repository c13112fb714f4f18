using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Services;
using Platform.Designer.Reports;
using Platform.Engine.Apps;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Reports.Definitions;

namespace Platform.Designer.Tests.Reports;

/// <summary>The panel of every report kind on its own, over a form's fields: each kind the engine runs has one, handing back changed copies.</summary>
public sealed class ReportPanelsTests
{
    private static readonly IReadOnlyList<FieldDefinition> Fields =
    [
        new SelectField { Key = "stage", Label = "Stage", Options = [new SelectOption { Key = "lead" }], Stages = new StageRules() },
        new MoneyField { Key = "amount", Label = "Amount" },
        new DateField { Key = "closed_on", Label = "Closed on" },
        new UserField { Key = "seller", Label = "Seller" },
    ];

    [Test]
    public void Every_kind_the_engine_runs_is_offered_and_a_kind_changed_keeps_the_form_and_name()
    {
        Assert.That(ReportPalette.Kinds.Select(k => k.Type), Is.EquivalentTo(ReportTypes.Kinds.Names));
        var funnel = new FunnelReport { Key = "r", Form = "deal", Name = "Deals", StageField = "stage" };
        foreach (var kind in ReportPalette.Kinds)
        {
            var made = kind.Make(funnel);
            Assert.That((ReportTypes.Kinds.NameOf(made), made.Key, made.Form, made.Name?.ToString()), Is.EqualTo((kind.Type, "r", "deal", "Deals")));
            Assert.That(new DesignerText("zh-CN")[$"report-{kind.Type}"], Is.Not.EqualTo($"report-{kind.Type}"));
        }
    }

    [Test]
    public async Task Every_panel_draws_its_kind()
    {
        await using var context = NewContext();
        foreach (var kind in ReportPalette.Kinds)
            Assert.DoesNotThrow(() => Render(context, kind.Panel, kind.Make(new FunnelReport { Key = "r", Form = "deal" }), _ => { }), kind.Type);
    }

    [Test]
    public async Task A_funnel_takes_its_stage_field_and_a_ranking_its_measure()
    {
        await using var context = NewContext();
        var changed = new List<ReportDefinition>();
        var funnel = Render(context, typeof(Platform.Designer.Reports.Settings.FunnelSettings), new FunnelReport { Key = "r", Form = "deal" }, changed.Add);
        await funnel.InvokeAsync(() => Select<string>(funnel, "report-stageField").ValueChanged.InvokeAsync("stage"));
        Assert.That(((FunnelReport)changed[^1]).StageField, Is.EqualTo("stage"));

        var ranking = Render(context, typeof(Platform.Designer.Reports.Settings.RankingSettings), new RankingReport { Key = "r", Form = "deal" }, changed.Add);
        await ranking.InvokeAsync(() => Select<string>(ranking, "report-measure-aggregate").ValueChanged.InvokeAsync("sum"));
        Assert.That(((RankingReport)changed[^1]).Measure, Is.EqualTo(new Measure { Aggregate = "sum" }));
    }

    private static MudSelect<T> Select<T>(IRenderedComponent<IComponent> panel, string testId) =>
        panel.FindComponents<MudSelect<T>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), testId)).Instance;

    private static BunitContext NewContext()
    {
        var context = new BunitContext();
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        return context;
    }

    private static IRenderedComponent<IComponent> Render(BunitContext context, Type panel, ReportDefinition report, Action<ReportDefinition> changed)
    {
        var designer = new DesignerContext(new DesignerText("zh-CN"), "crm", [new FormInfo("deal", "Deals", 1, 4, DateTime.UtcNow)],
            (_, _) => throw new InvalidOperationException());
        return context.Render<CascadingValue<DesignerContext>>(p => p
            .Add(c => c.Value, designer)
            .AddChildContent<CascadingValue<IReadOnlyList<FieldDefinition>>>(f => f
                .Add(c => c.Name, "DesignFields")
                .Add(c => c.Value, Fields)
                .AddChildContent<DynamicComponent>(d => d
                    .Add(c => c.Type, panel)
                    .Add(c => c.Parameters, new Dictionary<string, object>
                    {
                        ["Part"] = report, ["Changed"] = EventCallback.Factory.Create<ReportDefinition>(new object(), changed),
                    }))));
    }
}
