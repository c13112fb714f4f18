using System.Text.Json.Nodes;

namespace Platform.Runtime.Tests.Api;

/// <summary>Workflows through the API as an admin and a member use them, with the runtime's own background runner doing the work.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class WorkflowsApiTests(TestDatabase target) : ApiFixture(target)
{
    private const string Form = """
        { "key": "lead", "fields": [ { "key": "name", "type": "text", "required": true }, { "key": "status", "type": "text" } ] }
        """;

    private const string Welcome = """
        { "key": "welcome", "name": { "en": "Welcome", "zh-CN": "欢迎" }, "form": "lead", "trigger": { "type": "recordCreated" },
          "steps": [
            { "id": "mark", "type": "updateRecord", "values": { "status": "'new'" } },
            { "id": "tell", "type": "notify", "to": [ { "field": "owner" } ], "title": "'New lead ' & name" } ] }
        """;

    [Test]
    public async Task An_admin_publishes_and_enables_a_workflow_and_the_runtime_runs_it_on_new_records()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", Form), 200);
        var dry = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/workflows/welcome?dryRun=true", Welcome), 200);
        Assert.That((dry["dryRun"]!.GetValue<bool>(), dry["version"]!.GetValue<int>()), Is.EqualTo((true, 1)));
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/workflows"), 200)).AsArray(), Is.Empty);

        var published = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/workflows/welcome", Welcome), 200);
        Assert.That(published["enabled"]!.GetValue<bool>(), Is.False, "a new workflow waits to be enabled");
        var enabled = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/workflows/welcome/enable"), 200);
        Assert.That(enabled["enabled"]!.GetValue<bool>(), Is.True);
        var definition = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/workflows/welcome"), 200);
        Assert.That((definition["version"]!.GetValue<int>(), definition["trigger"]!["type"]!.GetValue<string>()), Is.EqualTo((1, "recordCreated")));

        var lead = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records", """{ "name": "Acme" }"""), 201);
        var runs = await EventuallyAsync(async () =>
        {
            var list = (await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/workflows/welcome/runs"), 200)).AsArray();
            return list.Count == 1 && list[0]!["status"]!.GetValue<string>() == "completed" ? list : null;
        });
        var run = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/runs/{runs[0]!["id"]}"), 200);
        Assert.That(run["steps"]!.AsArray().Select(s => s!["step"]!.GetValue<string>()), Is.EqualTo(new[] { "mark", "tell" }));
        Assert.That(run["steps"]![0]!["milliseconds"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(0));
        var record = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/lead/records/{lead["id"]}"), 200);
        Assert.That(record["status"]!.GetValue<string>(), Is.EqualTo("new"));

        var mine = await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me/notifications?unread=true"), 200);
        var told = mine["items"]!.AsArray().Single(n => n!["title"]!.GetValue<string>() == "New lead Acme")!;
        Assert.That(told["link"]!["recordId"]!.GetValue<long>(), Is.EqualTo(lead["id"]!.GetValue<long>()));
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/me/notifications/{told["id"]}/read"), 204);
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/me/notifications/read"), 200);
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me/notifications"), 200))["unread"]!.GetValue<long>(), Is.Zero);

        var retried = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/runs/{runs[0]!["id"]}/retry", language: "zh-CN"), 409);
        Assert.That(retried["detail"]!.GetValue<string>(), Does.Contain("只有失败的运行可以重试"));
    }

    [Test]
    public async Task A_person_starts_a_workflow_by_hand_on_a_record_and_bad_calls_are_refused()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", Form), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/workflows/escalate", """
            { "key": "escalate", "form": "lead", "trigger": { "type": "manual" }, "steps": [ { "id": "mark", "type": "updateRecord", "values": { "status": "'escalated'" } } ] }
            """), 200);
        var lead = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records", """{ "name": "Acme" }"""), 201);
        var action = $"/api/apps/{app}/forms/lead/records/{lead["id"]}/actions/escalate";

        var disabled = await ExpectAsync(await SendAsync(HttpMethod.Post, action), 409);
        Assert.That(disabled["detail"]!.GetValue<string>(), Does.Contain("not enabled"));
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/workflows/escalate/enable"), 200);
        var started = await ExpectAsync(await SendAsync(HttpMethod.Post, action), 202);
        Assert.That(started["workflow"]!.GetValue<string>(), Is.EqualTo("escalate"));
        await EventuallyAsync(async () =>
            (await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/lead/records/{lead["id"]}"), 200))["status"]?.GetValue<string>() == "escalated"
                ? new JsonArray() : null);

        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records/{lead["id"]}/actions/nothing"), 404);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records/999999/actions/escalate"), 404);
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/me/notifications/999999/read"), 404);
        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me/notifications?limit=0"), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/runs/999999"), 404);
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/workflows/nothing"), 404);
    }

    [Test]
    public async Task Bad_definitions_get_a_problem_naming_the_place_in_the_callers_language_and_nothing_is_published()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", Form), 200);
        var url = $"/api/apps/{app}/workflows/welcome";

        var unknown = await ExpectAsync(await SendAsync(HttpMethod.Put, url, Welcome.Replace("\"recordCreated\"", "\"geofence\""), language: "zh-CN"), 422);
        Assert.That(unknown["errors"]!["trigger.type"]![0]!.GetValue<string>(), Does.Contain("geofence").And.Contain("触发方式"));
        Assert.That(unknown["codes"]!["trigger.type"]![0]!.GetValue<string>(), Is.EqualTo("workflow.unknownTrigger"));
        var field = await ExpectAsync(await SendAsync(HttpMethod.Put, url, Welcome.Replace("\"status\":", "\"colour\":")), 422);
        Assert.That(field["codes"]!["steps[0].values.colour"]![0]!.GetValue<string>(), Is.EqualTo("unknownField"));
        var cycle = await ExpectAsync(await SendAsync(HttpMethod.Put, url, Welcome.Replace("\"title\":", "\"next\": \"mark\", \"title\":")), 422);
        Assert.That(cycle["codes"]!["steps"]![0]!.GetValue<string>(), Is.EqualTo("workflow.cycle"));
        await ExpectAsync(await SendAsync(HttpMethod.Put, url, "[1, 2]"), 422);
        await ExpectAsync(await SendAsync(HttpMethod.Put, url, """{ "key": "welcome", "form": "lead", "trigger": { "type": "recordCreated" }, "steps": "many" }"""), 422);
        await ExpectAsync(await SendAsync(HttpMethod.Put, url, """{ "key": "welcome", "form": "lead", "steps": [] }"""), 422);
        await ExpectAsync(await SendAsync(HttpMethod.Put, url, Welcome.Replace("\"key\": \"welcome\"", "\"key\": \"other\"")), 422);
        await ExpectAsync(await SendAsync(HttpMethod.Put, url, Welcome.Replace("\"id\": \"tell\", ", "")), 422);
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/workflows"), 200)).AsArray(), Is.Empty);

        using var member = (await NewPersonAsync()).Client;
        await ExpectAsync(await SendAsync(HttpMethod.Put, url, Welcome, client: member), 403);
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/workflows", client: member), 403);
    }

    [Test]
    public async Task An_approver_finds_what_waits_for_them_and_decides_it_and_bad_decisions_are_refused()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", Form), 200);
        var approver = await NewPersonAsync("approver");
        using var member = approver.Client;
        using var bystander = (await NewPersonAsync("bystander")).Client;
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/workflows/ask", $$"""
            { "key": "ask", "form": "lead", "trigger": { "type": "manual" },
              "steps": [ { "id": "ok", "type": "approval", "approvers": [ { "user": {{approver.Id}} } ], "title": "'Qualify ' & name", "show": [ "name" ] },
                         { "id": "mark", "type": "updateRecord", "values": { "status": "'approved'" } } ] }
            """), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/workflows/ask/enable"), 200);
        var lead = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records", """{ "name": "Acme" }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records/{lead["id"]}/actions/ask"), 202);

        var waiting = await EventuallyAsync(async () =>
            (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me/approvals", client: member), 200)).AsArray() is { Count: 1 } list ? list : null);
        var approval = waiting[0]!;
        Assert.That((approval["title"]!.GetValue<string>(), approval["values"]!["name"]!.GetValue<string>()), Is.EqualTo(("Qualify Acme", "Acme")));
        var url = $"/api/approvals/{approval["id"]}";
        await ExpectAsync(await SendAsync(HttpMethod.Get, url, client: bystander), 404);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/approve", client: bystander), 404);
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, url), 200))["status"]!.GetValue<string>(), Is.EqualTo("pending"), "the submitter follows it");
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/approve"), 403);

        var reasonless = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/reject", "{}", language: "zh-CN", client: member), 400);
        Assert.That(reasonless["errors"]!["comment"]![0]!.GetValue<string>(), Does.Contain("驳回"));
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/reject", """{ "comment": 5 }""", client: member), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/reject", """{ "comment": "x", "why": "y" }""", client: member), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/transfer", """{ "to": "someone" }""", client: member), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/transfer", """{ "to": 99999999 }""", client: member), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/approvals/99999999/approve", client: member), 404);

        var approved = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/approve", client: member), 200);
        Assert.That(approved["status"]!.GetValue<string>(), Is.EqualTo("approved"));
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/return", """{ "comment": "changed my mind" }""", client: member), 409);
        await EventuallyAsync(async () =>
            (await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/lead/records/{lead["id"]}"), 200))["status"]?.GetValue<string>() == "approved"
                ? new JsonArray() : null);
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me/approvals", client: member), 200)).AsArray(), Is.Empty);
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me/approvals?all=true", client: member), 200)).AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Every_app_has_a_task_form_and_a_workflow_gives_a_task_its_assignee_finds_and_marks_done()
    {
        var app = await NewAppAsync();
        var forms = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms"), 200);
        Assert.That(forms.AsArray().Select(f => f!["key"]!.GetValue<string>()), Does.Contain("tasks"), "made with the app");
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", Form), 200);
        var doer = await NewPersonAsync("doer", "zh-CN");
        using var member = doer.Client;
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/workflows/call", $$"""
            { "key": "call", "form": "lead", "trigger": { "type": "manual" },
              "steps": [ { "id": "give", "type": "createTask", "title": "'Call ' & name", "assignee": { "user": {{doer.Id}} }, "due": { "hours": 2 } } ] }
            """), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/workflows/call/enable"), 200);
        var lead = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records", """{ "name": "Acme" }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records/{lead["id"]}/actions/call"), 202);

        var mine = await EventuallyAsync(async () =>
            (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me/tasks", client: member), 200)).AsArray() is { Count: 1 } list ? list : null);
        var task = mine[0]!;
        Assert.That((task["title"]!.GetValue<string>(), task["sourceForm"]!.GetValue<string>(), task["sourceId"]!.GetValue<long>()),
            Is.EqualTo(("Call Acme", "lead", lead["id"]!.GetValue<long>())));
        var url = $"/api/me/tasks/{app}/{task["id"]}/status";
        await ExpectAsync(await SendAsync(HttpMethod.Post, url, """{ "status": "done" }"""), 404);
        var bad = await ExpectAsync(await SendAsync(HttpMethod.Post, url, """{ "status": "finished" }""", language: "zh-CN", client: member), 400);
        Assert.That(bad["errors"]!["status"]![0]!.GetValue<string>(), Does.Contain("不是任务状态"));
        await ExpectAsync(await SendAsync(HttpMethod.Post, url, "{}", client: member), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me/tasks?status=later", client: member), 400);
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Post, url, """{ "status": "done" }""", client: member), 200))["status"]!.GetValue<string>(),
            Is.EqualTo("done"));
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me/tasks", client: member), 200)).AsArray(), Is.Empty);
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me/tasks?status=all", client: member), 200)).AsArray(), Has.Count.EqualTo(1));
        var told = await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me/notifications", client: member), 200);
        Assert.That(told["items"]![0]!["title"]!.GetValue<string>(), Is.EqualTo("新任务：Call Acme"));
    }

    [Test]
    public async Task An_email_notification_reaches_the_configured_mail_server_and_admins_see_it_sent()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", Form), 200);
        var mailed = await NewPersonAsync("mailed");
        using var member = mailed.Client;
        var email = mailed.Email;
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/workflows/mail", """
            { "key": "mail", "form": "lead", "trigger": { "type": "recordCreated" },
              "steps": [ { "id": "tell", "type": "notify", "to": [ { "field": "createdBy" } ], "channels": [ "email" ], "title": "'Welcome ' & name" } ] }
            """), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/workflows/mail/enable"), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records", """{ "name": "Acme" }""", client: member), 201);

        var mail = await EventuallyAsync(() => Task.FromResult(Mail.Mails.FirstOrDefault(m => m.To.Contains(email)) is { } sunk ? new JsonArray(sunk.Data) : null));
        Assert.That(mail[0]!.GetValue<string>(), Does.Contain("Subject: Welcome Acme").And.Contain("From: platform@example.com"));
        var sent = await EventuallyAsync(async () =>
            (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/deliveries?status=sent"), 200)).AsArray() is var list
            && list.FirstOrDefault(d => d!["target"]!.GetValue<string>() == email) is { } delivery ? new JsonArray(delivery.DeepClone()) : null);
        Assert.That(sent[0]!["channel"]!.GetValue<string>(), Is.EqualTo("email"));
        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/deliveries", client: member), 403);
        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/deliveries?limit=0"), 400);
    }

    [Test]
    public async Task Another_system_starts_a_workflow_at_its_secret_address_without_signing_in()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", Form), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/workflows/intake", """
            { "key": "intake", "form": "lead", "trigger": { "type": "webhook" },
              "steps": [ { "id": "make", "type": "createRecord", "form": "lead", "values": { "name": "name", "status": "'from the web'" } } ] }
            """), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/workflows/intake/enable"), 200);
        var hook = (await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/workflows/intake"), 200))["hookUrl"]!.GetValue<string>();
        Assert.That(hook, Does.StartWith("/hooks/"));

        using var outsider = Factory.CreateClient();
        using var call = new HttpRequestMessage(HttpMethod.Post, hook) { Content = new StringContent("""{ "name": "Globex" }""", System.Text.Encoding.UTF8, "application/json") };
        call.Headers.Add("Idempotency-Key", "lead-77");
        var accepted = await ExpectAsync(await outsider.SendAsync(call), 202);
        Assert.That(accepted["repeated"]!.GetValue<bool>(), Is.False);
        await EventuallyAsync(async () =>
        {
            var found = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records/query", """{ "count": true }"""), 200);
            // The count is read after the page, so a record made between the two reads is counted but not yet listed.
            return found["total"]!.GetValue<long>() == 1 && found["items"]!.AsArray() is [{ } made] && made["status"]?.GetValue<string>() == "from the web" ? new JsonArray() : null;
        });
        await ExpectAsync(await SendAsync(HttpMethod.Post, hook, "[1, 2]", client: outsider), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Post, hook, "{ not json", client: outsider), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/hooks/nothing-here", "{}", client: outsider), 404);
        var rotated = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/workflows/intake/hook/rotate"), 200);
        Assert.That(rotated["hookUrl"]!.GetValue<string>(), Is.Not.EqualTo(hook));
        await ExpectAsync(await SendAsync(HttpMethod.Post, hook, """{ "name": "late" }""", client: outsider), 404);
    }

    [Test]
    public async Task An_owner_answers_a_churn_warning_and_the_answer_is_kept_and_tag_changes_are_listed()
    {
        var app = await NewAppAsync();
        var me = (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me"), 200))["user"]!["id"]!.GetValue<long>();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/customer", """
            { "key": "customer", "fields": [ { "key": "name", "type": "text" }, { "key": "complaints", "type": "number" },
                { "key": "score", "type": "number" }, { "key": "level", "type": "select", "options": [ { "key": "high" } ] },
                { "key": "tags", "type": "multiselect", "options": [ { "key": "atRisk" } ] } ],
              "churn": { "scoreField": "score", "levelField": "level", "factors": [ { "key": "complaints", "value": "complaints / 2", "weight": 100 } ],
                         "levels": [ { "level": "high", "from": 50, "notify": [ "owner" ] } ] },
              "tagRules": [ { "key": "risky", "field": "tags", "tag": "atRisk", "when": "level = 'high'" } ] }
            """), 200);
        var customer = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/customer/records", $$"""{ "name": "Acme", "complaints": 2, "owner": {{me}} }"""), 201);
        Assert.That((customer["score"]!.GetValue<decimal>(), customer["level"]!.GetValue<string>(), customer["tags"]![0]!.GetValue<string>()),
            Is.EqualTo((100m, "high", "atRisk")));
        var url = $"/api/apps/{app}/forms/customer/records/{customer["id"]}";
        var tags = await ExpectAsync(await SendAsync(HttpMethod.Get, $"{url}/tags"), 200);
        Assert.That((tags[0]!["tag"]!.GetValue<string>(), tags[0]!["rule"]!.GetValue<string>(), tags[0]!["added"]!.GetValue<bool>()), Is.EqualTo(("atRisk", "risky", true)));

        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/churn/responses", "{}", language: "zh-CN"), 400);
        var answered = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/churn/responses", """{ "note": "Still in contact" }"""), 201);
        Assert.That(answered["level"]!.GetValue<string>(), Is.EqualTo("high"));
        var kept = await ExpectAsync(await SendAsync(HttpMethod.Get, $"{url}/churn/responses"), 200);
        Assert.That(kept.AsArray().Select(r => r!["note"]!.GetValue<string>()), Is.EqualTo(new[] { "Still in contact" }));
        var told = await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me/notifications"), 200);
        Assert.That(told["items"]!.AsArray().Select(n => n!["title"]!.GetValue<string>()), Does.Contain("Churn warning (high): Acme"));
    }

    [Test]
    public async Task A_stage_move_the_form_refuses_is_a_problem_naming_what_is_missing_and_the_moves_are_listed()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", """
            { "key": "lead", "fields": [ { "key": "name", "type": "text" }, { "key": "budget", "type": "money", "label": { "en": "Budget", "zh-CN": "预算" } },
              { "key": "stage", "type": "select", "options": [ { "key": "new" }, { "key": "qualified" } ],
                "stages": { "moves": { "qualified": [] }, "entry": { "qualified": { "required": [ "budget" ] } } } } ] }
            """), 200);
        var lead = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records", """{ "name": "Acme", "stage": "new" }"""), 201);
        var url = $"/api/apps/{app}/forms/lead/records/{lead["id"]}";

        var refused = await ExpectAsync(await SendAsync(HttpMethod.Patch, url, """{ "stage": "qualified", "version": 1 }""", language: "zh-CN"), 400);
        Assert.That(refused["errors"]!["stage"]![0]!.GetValue<string>(), Is.EqualTo("进入“qualified”阶段前请填写：预算。"));
        Assert.That(refused["codes"]!["budget"]![0]!.GetValue<string>(), Is.EqualTo("stage.required"));
        await ExpectAsync(await SendAsync(HttpMethod.Patch, url, """{ "stage": "qualified", "budget": 100, "version": 1 }"""), 200);
        var back = await ExpectAsync(await SendAsync(HttpMethod.Patch, url, """{ "stage": "new", "version": 2 }"""), 400);
        Assert.That(back["codes"]!["stage"]![0]!.GetValue<string>(), Is.EqualTo("stage.move"));

        var moves = (await ExpectAsync(await SendAsync(HttpMethod.Get, $"{url}/stages"), 200)).AsArray();
        Assert.That(moves.Select(m => (m!["from"]?.GetValue<string>(), m["to"]!.GetValue<string>())), Is.EqualTo(new (string?, string)[] { (null, "new"), ("new", "qualified") }));
        Assert.That(moves[1]!["actor"]!["kind"]!.GetValue<string>(), Is.EqualTo("user"));
    }

    [Test]
    public async Task A_record_is_claimed_and_given_back_with_a_reason_through_the_api_and_the_pool_history_shows_it()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", """
            { "key": "lead", "pool": { "protectDays": 7 }, "fields": [ { "key": "name", "type": "text" } ] }
            """), 200);
        var lead = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records", """{ "name": "Acme", "owner": null }"""), 201);
        var url = $"/api/apps/{app}/forms/lead/records/{lead["id"]}";

        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/return"), 409);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/claim"), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/return", """{ "reason": 5 }"""), 400);
        var given = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/return", """{ "reason": "Budget frozen" }"""), 200);
        Assert.That(given["owner"], Is.Null);
        var again = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{url}/claim", language: "zh-CN"), 409);
        Assert.That(again["detail"]!.GetValue<string>(), Does.Contain("才能再次领取"));

        var moves = (await ExpectAsync(await SendAsync(HttpMethod.Get, $"{url}/pool"), 200)).AsArray();
        Assert.That(moves.Select(m => m!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "claimed", "returned" }));
        Assert.That(moves[1]!["reason"]!.GetValue<string>(), Is.EqualTo("Budget frozen"));
    }

    [Test]
    public async Task Comments_are_written_listed_and_deleted_through_the_api_and_bad_ones_refused()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", Form), 200);
        var lead = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records", """{ "name": "Acme" }"""), 201);
        var url = $"/api/apps/{app}/forms/lead/records/{lead["id"]}/comments";
        var me = (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me"), 200))["user"]!["id"]!.GetValue<long>();

        var comment = await ExpectAsync(await SendAsync(HttpMethod.Post, url, $$"""{ "body": "Call back Monday", "mentions": [ {{me}} ] }"""), 201);
        Assert.That(comment["body"]!.GetValue<string>(), Is.EqualTo("Call back Monday"));
        await ExpectAsync(await SendAsync(HttpMethod.Post, url, """{ "body": 5 }"""), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Post, url, """{ "body": "x", "mentions": "everyone" }"""), 400);
        var unknown = await ExpectAsync(await SendAsync(HttpMethod.Post, url, """{ "body": "x", "mentions": [ 999999 ] }""", language: "zh-CN"), 400);
        Assert.That(unknown["errors"]!["mentions[0]"]![0]!.GetValue<string>(), Does.Contain("999999"));
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, url), 200)).AsArray(), Has.Count.EqualTo(1));
        await ExpectAsync(await SendAsync(HttpMethod.Delete, $"{url}/{comment["id"]}"), 204);
        await ExpectAsync(await SendAsync(HttpMethod.Delete, $"{url}/{comment["id"]}"), 404);
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, url), 200)).AsArray(), Is.Empty);
    }

    [Test]
    public async Task A_designer_simulates_a_workflow_on_a_record_before_enabling_it()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", Form), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/workflows/welcome", Welcome), 200);
        var lead = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records", """{ "name": "Acme" }"""), 201);

        var simulation = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/workflows/welcome/simulate", $$"""{ "recordId": {{lead["id"]}} }"""), 200);
        Assert.That(simulation["conditionHolds"]!.GetValue<bool>(), Is.True);
        Assert.That(simulation["steps"]!.AsArray().Select(s => s!["step"]!.GetValue<string>()), Is.EqualTo(new[] { "mark", "tell" }));
        Assert.That(simulation["steps"]![1]!["would"]!["title"]!.GetValue<string>(), Is.EqualTo("New lead Acme"));
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/lead/records/{lead["id"]}"), 200))["status"], Is.Null, "nothing changed");

        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/workflows/welcome/simulate", """{ "recordId": "five" }"""), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/workflows/welcome/simulate", """{ "recordId": 999999 }"""), 404);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/workflows/nothing/simulate", """{ "recordId": 1 }"""), 404);
    }

    /// <summary>Asks again until the answer is there: the runtime's runner works in the background.</summary>
    private static async Task<JsonArray> EventuallyAsync(Func<Task<JsonArray?>> ask)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await ask() is { } answer) return answer;
            if (DateTime.UtcNow > deadline) Assert.Fail("The workflow did not finish within 20 seconds.");
            await Task.Delay(50);
        }
    }
}
