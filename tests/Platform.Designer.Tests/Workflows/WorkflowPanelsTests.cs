using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Services;
using Platform.Designer.Workflows;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Formulas;
using Platform.Engine.Scripting;
using Platform.Engine.Users;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Designer.Tests.Workflows;

/// <summary>The panel of every trigger and step kind on its own: each kind the engine runs has one, drawn over the workflow's form, handing back changed copies.</summary>
public sealed class WorkflowPanelsTests
{
    private static readonly FormulaService Formulas = new(new ScriptSandbox());

    private static readonly FormDefinition Customer = new()
    {
        Key = "customer",
        Fields =
        [
            new TextField { Key = "name", Label = "Name" },
            new SelectField { Key = "stage", Label = "Stage", Options = [new SelectOption { Key = "lead" }, new SelectOption { Key = "won" }], Stages = new StageRules() },
            new DateField { Key = "signed_on", Label = "Signed on" },
            new UserField { Key = "manager", Label = "Manager" },
        ],
    };

    [Test]
    public void Every_kind_the_engine_runs_is_offered()
    {
        Assert.That(WorkflowPalette.Triggers.Select(k => k.Type), Is.EquivalentTo(WorkflowTypes.Triggers.Names));
        Assert.That(WorkflowPalette.Steps.Select(k => k.Type), Is.EquivalentTo(WorkflowTypes.Steps.Names));
        foreach (var kind in WorkflowPalette.Steps) Assert.That(WorkflowTypes.Steps.NameOf(kind.Make("s1")), Is.EqualTo(kind.Type));
        foreach (var kind in WorkflowPalette.Triggers) Assert.That(WorkflowTypes.Triggers.NameOf(kind.Make()), Is.EqualTo(kind.Type));
        foreach (var word in WorkflowPalette.Triggers.Select(k => $"trigger-{k.Type}").Concat(WorkflowPalette.Steps.Select(k => $"step-{k.Type}")))
            Assert.That((new DesignerText("en")[word], new DesignerText("zh-CN")[word]), Is.Not.EqualTo((word, word)), word);
    }

    [Test]
    public async Task Every_panel_draws_its_kind()
    {
        await using var context = NewContext();
        foreach (var kind in WorkflowPalette.Triggers)
            Assert.DoesNotThrow(() => Render(context, kind.Panel, kind.Make(), _ => { }), kind.Type);
        foreach (var kind in WorkflowPalette.Steps)
            Assert.DoesNotThrow(() => Render(context, kind.Panel, kind.Make("s1"), _ => { }), kind.Type);
    }

    [Test]
    public async Task A_held_condition_takes_its_length_and_a_stage_trigger_its_stage()
    {
        await using var context = NewContext();
        var changed = new List<object>();
        var held = Render(context, typeof(Platform.Designer.Workflows.Settings.HeldTriggerSettings), new ConditionHeldTrigger { Days = 3 }, changed.Add);
        await held.Find("input[data-testid=span-hours]").ChangeAsync(new() { Value = "4" });
        Assert.That(changed[^1], Is.EqualTo(new ConditionHeldTrigger { Days = 3, Hours = 4 }));

        var stage = Render(context, typeof(Platform.Designer.Workflows.Settings.StageTriggerSettings), new StageEnteredTrigger(), changed.Add);
        await stage.InvokeAsync(() => Select(stage, "stage-field").ValueChanged.InvokeAsync("stage"));
        Assert.That(changed[^1], Is.EqualTo(new StageEnteredTrigger { Field = "stage" }));
    }

    [Test]
    public async Task A_step_set_as_json_is_taken_only_when_it_reads_as_its_kind()
    {
        await using var context = NewContext();
        var changed = new List<object>();
        var panel = Render(context, typeof(Platform.Designer.Workflows.Settings.StepJsonSettings), new CreateTaskStep { Id = "task_1", Title = "" }, changed.Add);

        await panel.Find("textarea[data-testid=step-json]").ChangeAsync(new() { Value = """{ "type": "notify", "id": "x", "title": "'hi'" }""" });
        Assert.That(changed, Is.Empty);
        Assert.That(panel.Markup, Does.Contain("这不是此类步骤的 JSON"));
        await panel.Find("textarea[data-testid=step-json]").ChangeAsync(new() { Value = """{ "type": "createTask", "id": "x", "title": "'Call ' & name" }""" });
        Assert.That(changed.Single(), Is.EqualTo(new CreateTaskStep { Id = "task_1", Title = "'Call ' & name" }), "its id stays");
    }

    [Test]
    public async Task A_step_sets_fields_to_formulas_and_a_branch_goes_to_steps_by_name()
    {
        await using var context = NewContext();
        var changed = new List<object>();
        var update = Render(context, typeof(Platform.Designer.Workflows.Settings.UpdateRecordSettings), new UpdateRecordStep { Id = "u" }, changed.Add);
        await update.InvokeAsync(() => Select(update, "field-value-add").ValueChanged.InvokeAsync("name"));
        Assert.That(((UpdateRecordStep)changed[^1]).Values, Is.EquivalentTo(new Dictionary<string, string> { ["name"] = "" }));

        var branch = Render(context, typeof(Platform.Designer.Workflows.Settings.BranchSettings), new BranchStep { Id = "b" }, changed.Add);
        await branch.InvokeAsync(() => Select(branch, "step-else").ValueChanged.InvokeAsync(WorkflowStep.End));
        Assert.That(changed[^1], Is.EqualTo(new BranchStep { Id = "b", Else = WorkflowStep.End }));
    }

    [Test]
    public async Task An_approval_goes_to_a_role_and_a_task_to_the_owners_manager()
    {
        await using var context = NewContext();
        var changed = new List<object>();
        var approval = Render(context, typeof(Platform.Designer.Workflows.Settings.ApprovalSettings), new ApprovalStep { Id = "a" }, changed.Add);
        await approval.InvokeAsync(() => Select(approval, "approval-approvers").SelectedValuesChanged.InvokeAsync(["role:sales_manager", "field:manager"]));
        Assert.That(((ApprovalStep)changed[^1]).Approvers, Is.EqualTo(new[] { new Recipient { Role = "sales_manager" }, new Recipient { Field = "manager" } }));

        var task = Render(context, typeof(Platform.Designer.Workflows.Settings.CreateTaskSettings), new CreateTaskStep { Id = "t", Title = "" }, changed.Add);
        await task.InvokeAsync(() => Select(task, "task-assignee").ValueChanged.InvokeAsync("manager:owner"));
        Assert.That(((CreateTaskStep)changed[^1]).Assignee, Is.EqualTo(new Recipient { ManagerOf = "owner" }));
    }

    private static MudSelect<string> Select(IRenderedComponent<IComponent> panel, string testId) =>
        panel.FindComponents<MudSelect<string>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), testId)).Instance;

    private static BunitContext NewContext()
    {
        var context = new BunitContext();
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        return context;
    }

    private static IRenderedComponent<IComponent> Render<TPart>(BunitContext context, Type panel, TPart part, Action<object> changed)
    {
        var designer = new DesignerContext(new DesignerText("zh-CN"), "crm", [new FormInfo("customer", "Customer", 1, 4, DateTime.UtcNow)],
            (expression, expected) => Task.FromResult(Formulas.Check(expression, new FormulaScope(Customer), expected)));
        var callback = part is WorkflowStep
            ? (object)EventCallback.Factory.Create<WorkflowStep>(new object(), s => changed(s))
            : EventCallback.Factory.Create<WorkflowTrigger>(new object(), t => changed(t));
        return context.Render<CascadingValue<DesignerContext>>(p => p
            .Add(c => c.Value, designer)
            .AddChildContent<CascadingValue<IReadOnlyList<FieldDefinition>>>(f => f
                .Add(c => c.Name, "DesignFields")
                .Add(c => c.Value, Customer.Fields)
                .AddChildContent<CascadingValue<IReadOnlyList<WorkflowStep>>>(s => s
                    .Add(c => c.Name, "WorkflowSteps")
                    .Add(c => c.Value, [new NotifyStep { Id = "n", Title = "" }])
                    .AddChildContent<CascadingValue<IReadOnlyList<Role>>>(r => r
                        .Add(c => c.Name, "AppRoles")
                        .Add(c => c.Value, [new Role("crm", "sales_manager", "Sales manager", [])])
                        .AddChildContent<DynamicComponent>(d => d
                            .Add(c => c.Type, panel)
                            .Add(c => c.Parameters, new Dictionary<string, object> { ["Part"] = part!, ["Changed"] = callback }))))));
    }
}
