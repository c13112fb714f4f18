using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Platform.Designer.Forms;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Formulas;
using Platform.Engine.Records;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Workflows;
using Platform.Engine.Workflows.Definitions;
using Platform.Testing;

namespace Platform.Designer.Tests.Forms;

/// <summary>
/// The whole form designer over the engine's services on a real database: fields added, undone and redone as clicked, each
/// change kept as the form's draft, and publishing shown as a plan first, with data loss confirmed before it is applied.
/// </summary>
public sealed class FormDesignerTests
{
    private static readonly CallerContext Admin = CallerContext.ForUser(1, isAdmin: true);
    private readonly SqliteTestDatabase _target = new();
    private PlatformDatabase _database = null!;
    private readonly ScriptSandbox _sandbox = new();

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _database = await _target.CreateAsync();
        await new AppService(_database, TimeProvider.System).CreateAsync("sales", "Sales", null);
    }

    [OneTimeTearDown]
    public Task DropDatabase() => _target.DropAsync();

    [Test]
    public async Task Fields_clicked_in_are_undone_and_redone_and_every_step_is_the_saved_draft()
    {
        await using var context = NewContext();
        var designer = Render(context, "lead");
        var drafts = context.Services.GetRequiredService<FormDrafts>();

        await designer.Find("[data-testid=palette-text]").ClickAsync(new());
        await designer.Find("[data-testid=palette-money]").ClickAsync(new());
        Assert.That(Cells(designer), Is.EqualTo(new[] { "text", "money" }));
        Assert.That(designer.Find("[data-testid=field-properties]").GetAttribute("data-field"), Is.EqualTo("money"), "the field added is the one set up");
        Assert.That(await DraftFieldsAsync(drafts, "lead"), Is.EqualTo(new[] { "text", "money" }));

        await designer.Find("button[data-testid=undo]").ClickAsync(new());
        Assert.That(Cells(designer), Is.EqualTo(new[] { "text" }));
        Assert.That(await DraftFieldsAsync(drafts, "lead"), Is.EqualTo(new[] { "text" }), "an undo is saved too");
        Assert.That(designer.FindAll("[data-testid=field-properties]"), Is.Empty, "the panel of a field undone closes");

        await designer.Find("button[data-testid=redo]").ClickAsync(new());
        Assert.That(Cells(designer), Is.EqualTo(new[] { "text", "money" }));
        Assert.That(designer.Find("button[data-testid=redo]").HasAttribute("disabled"), Is.True);

        // A window opened later starts from the draft, not the (unpublished) form.
        await using var again = NewContext();
        Assert.That(Cells(Render(again, "lead")), Is.EqualTo(new[] { "text", "money" }));
    }

    [Test]
    public async Task A_field_dragged_onto_the_canvas_is_chosen_and_its_label_typed_renames_it_while_unpublished()
    {
        await using var context = NewContext();
        var designer = Render(context, "call");
        await designer.Find("[data-testid=palette-text]").DragStartAsync(new());
        await designer.Find("[data-testid=design-new-row]").DropAsync(new());
        Assert.That(designer.Find(".design-cell-chosen").GetAttribute("data-field"), Is.EqualTo("text"));

        await designer.Find("input[data-testid=field-label-zh]").ChangeAsync(new() { Value = "客户" });
        await designer.Find("input[data-testid=field-label-en]").ChangeAsync(new() { Value = "Customer" });
        Assert.That(designer.Find(".design-cell-chosen").GetAttribute("data-field"), Is.EqualTo("customer"));
        Assert.That(designer.Find(".design-cell-chosen .design-cell-label").TextContent.Trim(), Is.EqualTo("Customer"));
        Assert.That(designer.Find("[data-testid=field-properties]").GetAttribute("data-field"), Is.EqualTo("customer"));

        await designer.Find("[data-testid=palette-select]").DragStartAsync(new());
        await designer.Find("[data-testid=design-row-slot]").DropAsync(new());
        Assert.That(Cells(designer), Is.EqualTo(new[] { "customer", "select" }));
        Assert.That(designer.FindAll("[data-testid=design-row]"), Has.Count.EqualTo(1), "side by side");
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_formula_is_completed_from_the_fields_named_so_far(string culture)
    {
        await using var context = NewContext();
        var designer = Render(context, $"job_{culture[..2]}", culture);
        await designer.Find("[data-testid=palette-number]").ClickAsync(new());
        await designer.Find("input[data-testid=field-label-zh]").ChangeAsync(new() { Value = "工时" });
        await designer.Find("input[data-testid=field-label-en]").ChangeAsync(new() { Value = "Hours" });
        await designer.Find("[data-testid=palette-formula]").ClickAsync(new());
        var expression = designer.Find("textarea[data-testid=setting-expression-input]");
        await expression.InputAsync(new() { Value = "hou" });
        Assert.That(designer.FindAll("[data-testid=formula-suggestion]").Select(s => s.TextContent.Trim()), Does.Contain(culture == "en" ? "Hours (hours)" : "工时 (hours)"));
        await designer.FindAll("[data-testid=formula-suggestion][data-insert=hours]")[0].ClickAsync(new());
        var draft = await context.Services.GetRequiredService<FormDrafts>().GetAsync("sales", $"job_{culture[..2]}", Admin);
        var formula = (FormulaField)draft.Definition.Deserialize<FormDefinition>(FormJson.Options)!.FindField("formula")!;
        Assert.That(formula.Expression, Is.EqualTo("hours"), "the completed word is kept");
        Assert.That(designer.FindAll("[data-testid=formula-suggestion]"), Is.Empty);
    }

    [Test]
    public async Task Publishing_shows_the_plan_first_and_a_change_that_loses_data_waits_for_its_confirmation()
    {
        await using var context = NewContext();
        var forms = context.Services.GetRequiredService<FormService>();
        var records = context.Services.GetRequiredService<RecordService>();
        await forms.PublishAsync("sales", new FormDefinition { Key = "quote", Fields = [new TextField { Key = "amount", Label = "Amount" }] });
        var model = await forms.GetModelAsync("sales", "quote");
        await records.CreateAsync(model, JsonDocument.Parse("""{ "amount": "about 5000" }""").RootElement, Admin);
        await records.CreateAsync(model, JsonDocument.Parse("""{ "amount": "5000" }""").RootElement, Admin);

        var designer = Render(context, "quote");
        await designer.Find("[data-testid=design-cell][data-field=amount]").ClickAsync(new());
        Assert.That(designer.Find("input[data-testid=field-key]").HasAttribute("disabled"), Is.True, "a published key is frozen");
        await designer.InvokeAsync(() => designer.FindComponents<MudBlazor.MudSelect<string>>()
            .Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), "field-type")).Instance.ValueChanged.InvokeAsync("number"));
        await designer.Find("button[data-testid=publish]").ClickAsync(new());

        var plan = designer.WaitForElement("[data-testid=publish-plan]");
        Assert.That(plan.QuerySelector("[data-testid=plan-change]")!.GetAttribute("data-action"), Is.EqualTo("changeType"));
        Assert.That(plan.QuerySelector("[data-testid=plan-data-loss]")!.TextContent, Does.Contain("1 record's value").And.Contain("about 5000"));
        Assert.That(designer.Find("button[data-testid=publish-confirm]").HasAttribute("disabled"), Is.True, "not before the loss is confirmed");
        Assert.That((await forms.GetAsync("sales", "quote")).Version, Is.EqualTo(1), "a plan changes nothing");

        await designer.Find("input[data-testid=confirm-loss]").ChangeAsync(new() { Value = true });
        await designer.Find("button[data-testid=publish-confirm]").ClickAsync(new());
        designer.WaitForAssertion(() => Assert.That(designer.Find("[data-testid=draft-status]").TextContent, Does.Contain("Version 2 published")));
        var (definition, version) = await forms.GetAsync("sales", "quote");
        Assert.That((version, definition.FindField("amount")?.TypeName), Is.EqualTo((2, "number")));
        Assert.That(designer.FindAll("[data-testid=publish-plan]"), Is.Empty);
        await Assert.ThrowsAsync<Platform.Engine.Validation.NotFoundException>(() => context.Services.GetRequiredService<FormDrafts>().GetAsync("sales", "quote", Admin),
            "publishing ends the draft");
    }

    [Test]
    public async Task A_stage_time_limit_set_in_the_stage_map_is_its_workflow_turned_on_and_zero_turns_it_off()
    {
        await using var context = NewContext();
        var forms = context.Services.GetRequiredService<FormService>();
        var workflows = context.Services.GetRequiredService<WorkflowService>();
        SelectField Stage(params string[] stages) => new()
        {
            Key = "stage", Label = "Stage", Options = [.. stages.Select(s => new SelectOption { Key = s, Label = s.ToUpperInvariant() })], Stages = new StageRules(),
        };
        await forms.PublishAsync("sales", new FormDefinition { Key = "deal", Fields = [Stage("lead", "won")] });
        var designer = Render(context, "deal");
        await designer.Find("[data-testid=design-cell][data-field=stage]").ClickAsync(new());

        await designer.Find("[data-testid=sla-lead] input[data-testid=sla-days]").ChangeAsync(new() { Value = "2" });
        await designer.Find("[data-testid=sla-lead] input[data-testid=sla-hours]").ChangeAsync(new() { Value = "6" });
        await designer.Find("[data-testid=sla-lead] button[data-testid=sla-save]").ClickAsync(new());
        designer.WaitForAssertion(() => Assert.That(designer.Find("[data-testid=sla-lead] [data-testid=sla-message]").TextContent, Is.EqualTo("Time limit set")));
        var sla = await workflows.GetAsync("sales", "sla_stage_lead");
        Assert.That(sla.Enabled, Is.True);
        var held = (ConditionHeldTrigger)sla.Definition.Trigger;
        Assert.That((held.Condition, held.Days, held.Hours), Is.EqualTo(("stage = 'lead'", 2, 6)));
        Assert.That(designer.Find("[data-testid=sla-lead] [data-testid=sla-open]").GetAttribute("href"), Is.EqualTo("/apps/sales/workflows/sla_stage_lead/design"));

        // Zero turns it off and keeps it; a stage only on the canvas cannot be timed before it is published.
        await designer.Find("[data-testid=sla-lead] input[data-testid=sla-days]").ChangeAsync(new() { Value = "0" });
        await designer.Find("[data-testid=sla-lead] input[data-testid=sla-hours]").ChangeAsync(new() { Value = "0" });
        await designer.Find("[data-testid=sla-lead] button[data-testid=sla-save]").ClickAsync(new());
        designer.WaitForAssertion(() => Assert.That(designer.FindAll("[data-testid=sla-lead] [data-testid=sla-open]"), Is.Empty));
        Assert.That((await workflows.GetAsync("sales", "sla_stage_lead")).Enabled, Is.False);

        var later = Render(context, "deal");
        await later.Find("[data-testid=design-cell][data-field=stage]").ClickAsync(new());
        Assert.That(later.Find("[data-testid=sla-lead] input[data-testid=sla-days]").GetAttribute("value"), Is.EqualTo("2"), "an off limit keeps its time");
        await later.InvokeAsync(() => later.FindComponents<OptionsEditor>().Single().Instance.OptionsChanged.InvokeAsync(Stage("lead", "won", "lost").Options));
        await later.Find("[data-testid=sla-lost] input[data-testid=sla-days]").ChangeAsync(new() { Value = "1" });
        await later.Find("[data-testid=sla-lost] button[data-testid=sla-save]").ClickAsync(new());
        later.WaitForAssertion(() => Assert.That(later.Find("[data-testid=sla-lost] [data-testid=sla-message]").TextContent, Is.EqualTo("Publish the form with this stage first.")));
        await Assert.ThrowsAsync<Platform.Engine.Validation.NotFoundException>(() => workflows.GetAsync("sales", "sla_stage_lost"), "nothing written");
    }

    [Test]
    public async Task A_form_that_cannot_be_published_names_the_field_and_changes_nothing()
    {
        await using var context = NewContext();
        var designer = Render(context, "visit");
        await designer.Find("[data-testid=palette-relation]").ClickAsync(new());
        await designer.Find("button[data-testid=publish]").ClickAsync(new());

        var errors = designer.WaitForElement("[data-testid=publish-errors]");
        Assert.That(errors.TextContent, Does.Contain("Related record"), "named by its label");
        Assert.That(designer.Find("[data-testid=design-cell]").ClassList, Does.Contain("design-cell-invalid"));
        Assert.That(designer.FindAll("[data-testid=field-error]"), Is.Not.Empty, "and said in its panel");
        await Assert.ThrowsAsync<Platform.Engine.Validation.NotFoundException>(() => context.Services.GetRequiredService<FormService>().GetAsync("sales", "visit"));
    }

    private static string[] Cells(IRenderedComponent<FormDesigner> designer) =>
        [.. designer.FindAll("[data-testid=design-cell]").Select(c => c.GetAttribute("data-field")!)];

    private static async Task<string[]> DraftFieldsAsync(FormDrafts drafts, string form)
    {
        var draft = await drafts.GetAsync("sales", form, Admin);
        return [.. draft.Definition.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("key").GetString()!)];
    }

    private BunitContext NewContext()
    {
        var context = new BunitContext();
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddSingleton(_database);
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddSingleton(_sandbox);
        context.Services.AddSingleton<FormService>();
        context.Services.AddSingleton(s => new RecordService(_database, _sandbox, TimeProvider.System));
        context.Services.AddSingleton<FormulaService>();
        context.Services.AddSingleton<FormDrafts>();
        context.Services.AddSingleton(s => new WorkflowService(_database, s.GetRequiredService<FormulaService>(), TimeProvider.System));
        context.Services.AddSingleton(s => new FormPublisher(s.GetRequiredService<FormService>(), s.GetRequiredService<RecordService>(), drafts: s.GetRequiredService<FormDrafts>()));
        return context;
    }

    private static IRenderedComponent<FormDesigner> Render(BunitContext context, string form, string culture = "en")
    {
        var designer = context.Render<FormDesigner>(p => p
            .Add(x => x.App, "sales")
            .Add(x => x.Form, form)
            .Add(x => x.Caller, Admin)
            .Add(x => x.Text, new DesignerText(culture)));
        designer.WaitForElement("[data-testid=form-designer]");
        return designer;
    }
}
