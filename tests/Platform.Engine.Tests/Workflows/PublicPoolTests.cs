using Platform.Engine.Records;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Workflows;

/// <summary>
/// The public pool (公海): claims a day, records held at once, giving back with a reason, no claiming back within the
/// protection time, and the automatic return of a lead nobody followed up; every step kept in the pool's history.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class PublicPoolTests(TestDatabase target) : WorkflowFixture(target)
{
    private const string LeadForm = """
        { "key": "lead", "pool": { "claimsPerDay": 2, "maxHeld": 3, "protectDays": 7 },
          "fields": [ { "key": "name", "type": "text", "required": true }, { "key": "stage", "type": "select", "options": [ { "key": "lead" }, { "key": "won" } ] } ] }
        """;

    [Test]
    public async Task Claims_are_limited_a_day_and_in_all_and_a_record_given_back_cannot_be_claimed_back_at_once()
    {
        var app = await NewAppAsync();
        var leads = await PublishAsync(app, LeadForm);
        var pooled = new List<long>();
        for (var i = 0; i < 6; i++) pooled.Add((await Records.CreateAsync(leads, Json.From(new { name = $"p{i}", owner = (long?)null }), User())).Id);
        var rep = await TestUsers.AddAsync(Database, $"rep-{app}@example.com");
        var other = await TestUsers.AddAsync(Database, $"other-{app}@example.com");

        Assert.That(await Records.PoolStandingAsync(leads, User(rep)), Is.EqualTo(new PoolStanding(2, 0, 3, 0)));
        await Records.ClaimAsync(leads, pooled[0], User(rep));
        await Records.ClaimAsync(leads, pooled[1], User(rep));
        var standing = await Records.PoolStandingAsync(leads, User(rep));
        Assert.That((standing!.ClaimedToday, standing.ClaimsLeft, standing.Held), Is.EqualTo((2L, 0L, 2L)), "what the pool page says before a refused claim");
        var perDay = await Assert.ThrowsAsync<ConflictException>(() => Records.ClaimAsync(leads, pooled[2], User(rep)));
        Assert.That(perDay!.Code, Is.EqualTo("pool.claimsPerDay"));
        Assert.That(Messages.Format(perDay.Code, "zh-CN", perDay.Args), Does.Contain("明天"));

        Clock.Advance(TimeSpan.FromDays(1));
        Assert.That((await Records.PoolStandingAsync(leads, User(rep)))!.ClaimsLeft, Is.EqualTo(2), "a new day, new claims");
        await Records.ClaimAsync(leads, pooled[2], User(rep));
        var most = await Assert.ThrowsAsync<ConflictException>(() => Records.ClaimAsync(leads, pooled[3], User(rep)));
        Assert.That(most!.Code, Is.EqualTo("pool.maxHeld"));
        Assert.That((await Records.GetAsync(leads, pooled[3], User())).Owner, Is.Null, "a refused claim changes nothing");

        var given = await Records.ReturnAsync(leads, pooled[0], "  Not interested  ", User(rep));
        Assert.That(given.Owner, Is.Null);
        var back = await Assert.ThrowsAsync<ConflictException>(() => Records.ClaimAsync(leads, pooled[0], User(rep)));
        Assert.That(back!.Code, Is.EqualTo("pool.protected"));
        await Records.ClaimAsync(leads, pooled[0], User(other));

        Assert.That((await Assert.ThrowsAsync<ForbiddenException>(() => Records.ReturnAsync(leads, pooled[1], null, User(other))))!.Code, Is.EqualTo("pool.notYours"));
        Assert.That((await Assert.ThrowsAsync<ConflictException>(() => Records.ReturnAsync(leads, pooled[4], null, User(rep))))!.Code, Is.EqualTo("pool.notOwned"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Records.ReturnAsync(leads, pooled[1], new string('x', 1001), User(rep)));

        var moves = await Records.PoolHistoryAsync(leads, pooled[0], User());
        Assert.That(moves.Select(m => (m.Action, m.OwnerBefore, m.OwnerAfter, m.Reason)), Is.EqualTo(new (string, long?, long?, string?)[]
        {
            ("claimed", null, rep, null), ("returned", rep, null, "Not interested"), ("claimed", null, other, null),
        }));
    }

    [Test]
    public async Task A_lead_nobody_followed_up_goes_back_to_the_pool_by_itself_and_its_last_owner_waits_to_claim_it_again()
    {
        var app = await NewAppAsync();
        var leads = await PublishAsync(app, LeadForm);
        await EnableAsync(app, """
            { "key": "autoReturn", "form": "lead", "trigger": { "type": "conditionHeld", "condition": "stage = 'lead' && NOT(ISBLANK(owner))", "days": 3 },
              "steps": [ { "id": "back", "type": "returnToPool", "reason": "'No follow-up in 3 days'" } ] }
            """);
        var rep = await TestUsers.AddAsync(Database, $"rep-{app}@example.com");
        var lead = await Records.CreateAsync(leads, Json.Of("""{ "name": "Acme", "stage": "lead", "owner": null }"""), User());
        await Records.ClaimAsync(leads, lead.Id, User(rep));
        Clock.Advance(TimeSpan.FromDays(3));
        await SettleAsync();

        Assert.That((await Records.GetAsync(leads, lead.Id, User())).Owner, Is.Null, "back in the pool");
        var taken = (await Records.PoolHistoryAsync(leads, lead.Id, User()))[^1];
        Assert.That((taken.Action, taken.OwnerBefore, taken.Reason, taken.Actor.Kind), Is.EqualTo(("taken", (long?)rep, "No follow-up in 3 days", "workflow")));
        Assert.That((await Assert.ThrowsAsync<ConflictException>(() => Records.ClaimAsync(leads, lead.Id, User(rep))))!.Code, Is.EqualTo("pool.protected"));
        Clock.Advance(TimeSpan.FromDays(7));
        Assert.That((await Records.ClaimAsync(leads, lead.Id, User(rep))).Owner, Is.EqualTo(rep), "after the protection time");
    }

    [Test]
    public async Task A_claim_step_claims_for_the_person_who_started_the_run_under_the_pools_rules()
    {
        var app = await NewAppAsync();
        var leads = await PublishAsync(app, LeadForm);
        await EnableAsync(app, """
            { "key": "grab", "form": "lead", "trigger": { "type": "manual" }, "steps": [ { "id": "mine", "type": "claim" } ] }
            """);
        var rep = await TestUsers.AddAsync(Database, $"rep-{app}@example.com");
        var pooled = new List<long>();
        for (var i = 0; i < 3; i++) pooled.Add((await Records.CreateAsync(leads, Json.From(new { name = $"p{i}", owner = (long?)null }), User())).Id);
        var other = await TestUsers.AddAsync(Database, $"other-{app}@example.com");
        var owned = await Records.CreateAsync(leads, Json.From(new { name = "taken", owner = other }), User());

        var runs = new List<long>();
        foreach (var id in pooled.Append(owned.Id)) runs.Add((await Runs.StartAsync(app, "lead", id, "grab", User(rep))).Id);
        await SettleAsync();

        var outcomes = new List<(string Status, string? Code)>();
        foreach (var id in runs)
        {
            var run = (await Runs.GetAsync(app, id)).Run;
            outcomes.Add((run.Status, run.Error?.Errors[0].Code));
        }
        Assert.That(outcomes.Count(o => o == ("completed", null)), Is.EqualTo(2), "two claims a day");
        Assert.That(outcomes.Count(o => o == ("failed", "pool.claimsPerDay")), Is.EqualTo(1));
        Assert.That(outcomes[^1], Is.EqualTo(("failed", (string?)"record.claimed")), "someone has it");
        var mine = new List<long?>();
        foreach (var id in pooled) mine.Add((await Records.GetAsync(leads, id, User())).Owner);
        Assert.That(mine.Count(o => o == rep), Is.EqualTo(2));
    }

    [Test]
    public async Task New_leads_are_given_out_in_turn_or_to_whoever_holds_fewest_and_nobody_disabled_gets_one()
    {
        var app = await NewAppAsync();
        var leads = await PublishAsync(app, LeadForm);
        var users = new List<long>();
        for (var i = 0; i < 3; i++) users.Add(await TestUsers.AddAsync(Database, $"s{i}-{app}@example.com"));
        var team = await Departments.CreateAsync($"Team {app}", null);
        foreach (var user in users) await Departments.SetMemberAsync(team.Id, user, isPrimary: true, isManager: false);
        await Roles.CreateAsync(app, "sales", new Platform.Engine.Forms.LocalizedText("Sales"));
        foreach (var user in users) await Roles.AddMemberAsync(app, "sales", user);
        await EnableAsync(app, """
            { "key": "deal", "form": "lead", "trigger": { "type": "recordCreated", "condition": "stage = 'lead'" },
              "steps": [ { "id": "give", "type": "assignOwner", "role": "sales" } ] }
            """);
        await EnableAsync(app, $$"""
            { "key": "fair", "form": "lead", "trigger": { "type": "recordCreated", "condition": "stage = 'won'" },
              "steps": [ { "id": "give", "type": "assignOwner", "department": {{team.Id}}, "by": "leastLoaded" } ] }
            """);

        var owners = new List<long?>();
        for (var i = 0; i < 4; i++)
        {
            var lead = await Records.CreateAsync(leads, Json.From(new { name = $"l{i}", stage = "lead", owner = (long?)null }), User());
            await SettleAsync();
            owners.Add((await Records.GetAsync(leads, lead.Id, User())).Owner);
        }
        Assert.That(owners, Is.EqualTo(new long?[] { users[0], users[1], users[2], users[0] }), "in turn, then round again");
        Assert.That((await Records.PoolHistoryAsync(leads, (await Records.QueryAsync(leads, new Platform.Engine.Records.Query.QueryRequest(), User())).Items[0].Id,
            User()))[0].Action, Is.EqualTo("assigned"));

        // users[0] holds two; users[1] and users[2] one each: the fewest goes first, the lower id on a tie; a disabled one never.
        await new Platform.Engine.Users.UserService(Database, Clock).SetActiveAsync(users[1], false);
        var won = await Records.CreateAsync(leads, Json.From(new { name = "w", stage = "won", owner = (long?)null }), User());
        await SettleAsync();
        Assert.That((await Records.GetAsync(leads, won.Id, User())).Owner, Is.EqualTo(users[2]));
    }
}
