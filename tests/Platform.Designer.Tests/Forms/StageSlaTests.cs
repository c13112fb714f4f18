using Platform.Designer.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Designer.Tests.Forms;

/// <summary>A stage's time limit as a workflow: a readable key, the owner and their manager told, and a changed workflow kept when only the time changes.</summary>
public sealed class StageSlaTests
{
    private static readonly SelectOption Won = new() { Key = "won", Label = Localized.Of("赢单", "Won") };

    [Test]
    public void A_new_limit_tells_the_owner_and_their_manager_when_the_stage_has_lasted_that_long()
    {
        var workflow = StageSla.Workflow("deal", "stage", Won, TimeSpan.FromHours(30), null);
        Assert.That(workflow.Key, Is.EqualTo("sla_stage_won"));
        var held = (ConditionHeldTrigger)workflow.Trigger;
        Assert.That((held.Condition, held.Days, held.Hours), Is.EqualTo(("stage = 'won'", 1, 6)));
        var notify = (NotifyStep)workflow.Steps.Single();
        Assert.That(notify.To.Select(r => r.Field ?? $"manager of {r.ManagerOf}"), Is.EqualTo(new[] { "owner", "manager of owner" }));
        Assert.That(notify.Title, Does.Contain("赢单").And.Contain("Won"));
    }

    [Test]
    public void Only_the_time_of_a_limit_changed_in_the_workflow_designer_is_set()
    {
        var changed = StageSla.Workflow("deal", "stage", Won, TimeSpan.FromDays(2), null) is var made
            ? made with { Trigger = ((ConditionHeldTrigger)made.Trigger) with { Condition = "stage = 'won' && amount > 1000" }, Steps = [new DelayStep { Id = "wait", Days = 1 }] }
            : null;
        var again = StageSla.Workflow("deal", "stage", Won, TimeSpan.FromDays(5), changed);
        Assert.That(((ConditionHeldTrigger)again.Trigger).Condition, Is.EqualTo("stage = 'won' && amount > 1000"));
        Assert.That(((ConditionHeldTrigger)again.Trigger).Days, Is.EqualTo(5));
        Assert.That(again.Steps.Single().Id, Is.EqualTo("wait"));
    }

    [Test]
    public void A_stage_key_a_workflow_key_cannot_hold_gets_a_short_stable_one_and_quotes_are_doubled()
    {
        var odd = new SelectOption { Key = "阶段 1's" };
        var key = StageSla.Key("stage", odd.Key);
        Assert.That(key, Does.Match("^sla_stage_[0-9a-f]{8}$"));
        Assert.That(StageSla.Key("stage", new string(odd.Key)), Is.EqualTo(key), "the same every time");
        Assert.That(((ConditionHeldTrigger)StageSla.Workflow("deal", "stage", odd, TimeSpan.FromDays(1), null).Trigger).Condition, Is.EqualTo("stage = '阶段 1''s'"));
    }
}
