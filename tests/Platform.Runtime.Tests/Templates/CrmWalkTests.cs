using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Platform.Engine.Apps;
using Platform.Engine.Jobs;
using Platform.Engine.Models;
using Platform.Engine.Notifications;
using Platform.Engine.Records;
using Platform.Engine.Reports;
using Platform.Engine.Users;
using Platform.Engine.Validation;
using Platform.Engine.Workflows.Runs;
using Platform.Engine.Workflows.Tasks;
using Platform.Engine.Workflows.Timers;
using Platform.Runtime.Hosting;

namespace Platform.Runtime.Tests.Templates;

/// <summary>
/// The CRM a new installation opens on, walked as a sales team would, on the runtime's own wiring with a fake clock and the
/// workflows driven by hand: a lead given out in turn, its gates (MQL, SQL) refusing until their criteria hold, an
/// opportunity carrying the customer on, presales, legal and the satisfaction call told at their moments, the renewal
/// reminder a month before the contract ends, a neglected lead going back to the pool; tasks, notifications, tags, the
/// pool's history and the funnel and ranking numbers checked along the way.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class CrmWalkTests(TestDatabase target)
{
    private const string App = "crm";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
    private ServiceProvider _services = null!;

    private T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    [OneTimeSetUp]
    public async Task InstallTheCrm()
    {
        if (target.Unavailable is { } reason) Assert.Ignore(reason);
        var database = await target.CreateAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platform:Database:Provider"] = database.Dialect.Name,
            ["Platform:Database:ConnectionString"] = database.ConnectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddPlatformEngine(configuration);
        services.AddSingleton<TimeProvider>(_clock);
        _services = services.BuildServiceProvider();
        await _services.InitializePlatformAsync(NullLogger.Instance);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (target.Unavailable is not null) return;
        await _services.DisposeAsync();
        await target.DropAsync();
    }

    [Test]
    public async Task A_lead_becomes_a_loyal_customer_through_the_templates_gates_workflows_and_reports()
    {
        var people = await TeamAsync();
        var customers = await Get<FormService>().GetModelAsync(App, "customer");
        var followUps = await Get<FormService>().GetModelAsync(App, "follow_up");
        var opportunities = await Get<FormService>().GetModelAsync(App, "opportunity");
        var contracts = await Get<FormService>().GetModelAsync(App, "contract");
        var records = Get<RecordService>();

        // Marketing brings two leads in without owners: they are given out in turn.
        var marketing = await CallerAsync(people["marketing"]);
        var lead = await records.CreateAsync(customers, Json(new { name = "杭州云杉科技有限公司", stage = "lead", source = "website", owner = (long?)null }), marketing);
        var neglected = await records.CreateAsync(customers, Json(new { name = "Northwind Traders", stage = "lead", source = "exhibition", owner = (long?)null }), marketing);
        await SettleAsync();
        lead = await records.GetAsync(customers, lead.Id, CallerContext.System);
        neglected = await records.GetAsync(customers, neglected.Id, CallerContext.System);
        Assert.That(new[] { lead.Owner, neglected.Owner }, Is.EquivalentTo(new long?[] { people["li"], people["zhao"] }), "one each, in turn");
        Assert.That(lead.Values["pool_state"], Is.EqualTo("owned"), "the pool state follows the owner");
        var rep = lead.Owner!.Value;
        var other = neglected.Owner!.Value;
        Assert.That(await TitlesAsync(rep), Does.Contain("新线索：杭州云杉科技有限公司"));

        // Two hours without a first contact: the owner and their manager hear of it.
        _clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await SettleAsync();
        Assert.That(await TitlesAsync(people["wang"]), Does.Contain("线索超过2小时未联系：杭州云杉科技有限公司"), "escalated to the manager");

        var seller = await CallerAsync(rep);

        // 撞单: the other salesperson enters the same company their own way; they are told whose it is, and nothing is saved.
        var otherSeller = await CallerAsync(other);
        var clash = (await Assert.ThrowsAsync<DuplicateValueException>(() =>
            records.CreateAsync(customers, Json(new { name = "杭州 云杉科技", stage = "lead", owner = other }), otherSeller)))!;
        Assert.That((clash.Errors.Single().Field, clash.Errors.Single().Code), Is.EqualTo(("name", "duplicate.existsHidden")));
        Assert.That(clash.Errors.Single().Message("zh-CN"), Is.EqualTo(rep == people["li"] ? "已存在，负责人：li。" : "已存在，负责人：zhao。"));
        await records.CreateAsync(followUps, Json(new { customer = lead.Id, channel = "call", time = Now(), content = "首次电话沟通，对方有数字化需求", next_step = "约拜访" }), seller);

        // MQL's gate: an industry and a phone or email.
        var refused = (await Assert.ThrowsAsync<ValidationFailedException>(() => MoveAsync(customers, lead.Id, new { stage = "mql" }, seller)))!;
        Assert.That(refused.Errors.Select(e => e.Field), Does.Contain("stage"));
        Assert.That(refused.Errors.First(e => e.Field == "stage").Message("zh-CN"), Does.Contain("行业"));
        await MoveAsync(customers, lead.Id, new { stage = "mql", industry = "internet", phone = "0571-88886666" }, seller);

        // SQL's gate: the budget confirmed and the decision chain known, in the form's own words.
        var notYet = (await Assert.ThrowsAsync<ValidationFailedException>(() => MoveAsync(customers, lead.Id, new { stage = "sql" }, seller)))!;
        Assert.That(notYet.Errors.Select(e => e.Message("zh-CN")), Has.Some.Contains("决策链"));
        var noBudget = (await Assert.ThrowsAsync<ValidationFailedException>(() =>
            MoveAsync(customers, lead.Id, new { stage = "sql", decision_chain = "CTO 拍板，IT 经理评估" }, seller)))!;
        Assert.That(noBudget.Errors.Single().Message("en"), Is.EqualTo("An SQL needs the budget confirmed and the decision chain known"));
        await MoveAsync(customers, lead.Id, new { stage = "sql", decision_chain = "CTO 拍板，IT 经理评估", budget_confirmed = true }, seller);

        // An opportunity carries the customer to the opportunity stage; its own stages tell presales and legal.
        var deal = await records.CreateAsync(opportunities, Json(new { name = "云杉 CRM 项目", customer = lead.Id, amount = 300000, stage = "initial" }), seller);
        await SettleAsync();
        Assert.That((await records.GetAsync(customers, lead.Id, CallerContext.System)).Values["stage"], Is.EqualTo("opportunity"));
        await MoveAsync(opportunities, deal.Id, new { stage = "needs_analysis" }, seller);
        await SettleAsync();
        Assert.That((await Get<TaskService>().MineAsync(people["chen"])).Select(t => t.Title), Is.EqualTo(new[] { "需求分析支持：云杉 CRM 项目" }));
        foreach (var stage in new[] { "proposal", "negotiation", "contract" }) await MoveAsync(opportunities, deal.Id, new { stage }, seller);
        await SettleAsync();
        Assert.That(await TitlesAsync(people["liu"]), Does.Contain("合同审核：云杉 CRM 项目"));
        var noDate = (await Assert.ThrowsAsync<ValidationFailedException>(() => MoveAsync(opportunities, deal.Id, new { stage = "won" }, seller)))!;
        Assert.That(noDate.Errors.Select(e => e.Field), Does.Contain("stage"));
        await MoveAsync(opportunities, deal.Id, new { stage = "won", close_date = Today() }, seller);
        await SettleAsync();
        var won = await records.GetAsync(customers, lead.Id, CallerContext.System);
        Assert.That((won.Values["stage"], won.Values["won_amount"]), Is.EqualTo(("customer", (object?)300000m)), "a won deal makes a customer");

        // Seven days later, the satisfaction call; by then the neglected lead has gone back to the pool.
        _clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await SettleAsync();
        Assert.That((await Get<TaskService>().MineAsync(rep)).Select(t => t.Title), Does.Contain("满意度回访：云杉 CRM 项目"));
        var pooled = await records.GetAsync(customers, neglected.Id, CallerContext.System);
        Assert.That((pooled.Owner, pooled.Values["pool_state"]), Is.EqualTo(((long?)null, (object?)"pool")), "no follow-up for 3 days: back to the pool");
        var taken = (await records.PoolHistoryAsync(customers, neglected.Id, CallerContext.System))[^1];
        Assert.That((taken.Action, taken.OwnerBefore, taken.Reason), Is.EqualTo(("taken", (long?)other, "3天未跟进，自动退回公海")));
        Assert.That((await records.GetAsync(customers, lead.Id, CallerContext.System)).Owner, Is.EqualTo(rep), "the lead that was followed up stays");

        // A contract of a year: high value at once, due for renewal within 60 days of its end, a renewal task 30 days before.
        var signedOn = Today();
        var endsOn = DateOnly.Parse(signedOn, System.Globalization.CultureInfo.InvariantCulture).AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await records.CreateAsync(contracts, Json(new { name = "云杉 CRM 年度合同", customer = lead.Id, opportunity = deal.Id, amount = 600000, start = signedOn, end = endsOn }), seller);
        await SettleAsync();
        var customer = await records.GetAsync(customers, lead.Id, CallerContext.System);
        Assert.That(Tags(customer), Does.Contain("high_value").And.Not.Contain("renewal_due"));
        Assert.That(customer.Values["rfm"], Is.EqualTo("重要发展"), "recent, one contract, large");

        _clock.Advance(DateOnly.Parse(endsOn, System.Globalization.CultureInfo.InvariantCulture).AddDays(-30).ToDateTime(new TimeOnly(9, 1)) - _clock.GetUtcNow().UtcDateTime);
        await SettleAsync();
        Assert.That((await Get<TaskService>().MineAsync(rep)).Select(t => t.Title), Does.Contain("续约跟进：云杉 CRM 年度合同"));
        Assert.That(await TitlesAsync(rep), Does.Contain("合同30天后到期：云杉 CRM 年度合同"));
        await RecomputeDailyAsync();
        customer = await records.GetAsync(customers, lead.Id, CallerContext.System);
        Assert.That(Tags(customer), Does.Contain("renewal_due").And.Contain("silent"), "the daily look again: ends within 60 days, no follow-up for a month");
        Assert.That(customer.Values["churn_level"], Is.Not.Null, "a silent customer near its contract's end is a churn risk");

        // The manager's numbers.
        var manager = await CallerAsync(people["wang"]);
        var funnel = await Get<ReportService>().ResultAsync(App, "lifecycle_funnel", manager);
        var atStage = funnel.Rows.ToDictionary(r => (string)r.Values["stage"]!, r => Convert.ToInt64(r.Values["count"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.That((atStage["lead"], atStage["customer"], atStage["opportunity"]), Is.EqualTo((1L, 1L, 0L)), "the pooled lead (a manager sees the pool) and the team's customer");
        var ranking = await Get<ReportService>().ResultAsync(App, "won_ranking", manager);
        Assert.That(ranking.Rows.Select(r => (r.Values["owner"], r.Values["won"])), Is.EqualTo(new (object?, object?)[] { (rep, 300000m) }));
    }

    private async Task<Dictionary<string, long>> TeamAsync()
    {
        var users = Get<UserService>();
        var roles = Get<RoleService>();
        var departments = Get<DepartmentService>();
        var team = await departments.CreateAsync("华东销售部", null);
        var people = new Dictionary<string, long>();
        foreach (var (key, role) in new[] { ("wang", "sales_manager"), ("li", "sales"), ("zhao", "sales"), ("chen", "presales"), ("liu", "legal_finance"),
                     ("sun", "service"), ("marketing", "marketing") })
        {
            var user = await users.CreateAsync($"{key}@example.com", "correct horse battery", key, isAdmin: false);
            await users.UpdateAsync(user.Id, new ProfileChange(Locale: "zh-CN"));
            await roles.AddMemberAsync(App, role, user.Id);
            people[key] = user.Id;
        }
        foreach (var key in new[] { "wang", "li", "zhao" }) await departments.SetMemberAsync(team.Id, people[key], isPrimary: true, isManager: key == "wang");
        return people;
    }

    private async Task<CallerContext> CallerAsync(long user) =>
        Get<CallerFactory>().ForUser(user, false, null, "zh-CN") with { Access = await Get<AccessResolver>().ForUserAsync(user, false, null) };

    private async Task MoveAsync(FormModel form, long id, object change, CallerContext caller)
    {
        var current = await Get<RecordService>().GetAsync(form, id, caller);
        await Get<RecordService>().UpdateAsync(form, id, Json(change), current.Version, caller);
    }

    private async Task<IReadOnlyList<string>> TitlesAsync(long user) => (await Get<NotificationService>().ListAsync(user)).Items.Select(n => n.Title).ToList();

    private static IEnumerable<string> Tags(RecordData record) => record.Values["tags_behavior"] as IEnumerable<string> ?? [];

    private string Now() => _clock.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private string Today() => _clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    /// <summary>The day's look again, as the job host runs it: windows of rollups, formulas of today, tag rules and churn.</summary>
    private async Task RecomputeDailyAsync()
    {
        await Get<DailyRecompute>().EnqueueDueAsync();
        await Get<JobService>().RunDueAsync();
        await SettleAsync();
    }

    /// <summary>Dispatches and runs the workflows until nothing is left to do now, as the workflow host does.</summary>
    private Task SettleAsync() => WorkflowSettling.SettleAsync(Get<WorkflowDispatcher>(), Get<TimerPump>(), Get<TimerRefill>(), Get<WorkflowRunner>());
}
