using System.Text.Json.Nodes;
using System.Web;
using Platform.Engine.Notifications.Deliveries;

namespace Platform.Engine.Tests.Workflows;

/// <summary>
/// Messages outside the app: email over SMTP to a local sink, DingTalk (signed) and WeCom group robots on a local HTTP
/// server, each sent once after its step commits, tried again while the other side cannot take it, then failed with why.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class DeliveryTests(TestDatabase target) : WorkflowFixture(target)
{
    private DeliveryService Sender(params DeliveryChannel[] channels) => new(Database, new DeliveryChannels(channels), Clock);

    private static EmailChannel Mail(int port, string? host = "127.0.0.1") =>
        new(new MailOptions { Host = host, Port = port, Security = "none", From = "crm@example.com", Timeout = TimeSpan.FromSeconds(5) });

    private async Task<DeliveryInfo> DeliveryAsync(string target) => (await Sender().ListAsync(limit: 200)).First(d => d.Target.StartsWith(target, StringComparison.Ordinal));

    private async Task<string> EmailWorkflowAsync(string channels = """ "inApp", "email" """)
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        var rep = await TestUsers.AddAsync(Database, $"rep-{app}@example.com");
        await EnableAsync(app, $$"""
            { "key": "told", "form": "deal", "trigger": { "type": "recordCreated" },
              "steps": [ { "id": "tell", "type": "notify", "to": [ { "field": "manager" } ], "channels": [ {{channels}} ],
                           "title": "'New deal ' & name", "body": "'Amount: ' & amount" } ] }
            """);
        await Records.CreateAsync(deals, Json.From(new { name = "Acme", amount = 100, manager = rep }), User());
        await SettleAsync();
        return app;
    }

    [Test]
    public async Task A_notification_by_email_reaches_the_mail_server_once_and_in_app_too()
    {
        var app = await EmailWorkflowAsync();
        var rep = $"rep-{app}@example.com";
        using var sink = new SmtpSink();
        var sender = Sender(Mail(sink.Port));

        Assert.That((await DeliveryAsync(rep)).Status, Is.EqualTo(DeliveryStatus.Pending), "queued with the step, sent after it");
        await sender.SendDueAsync();
        await sender.SendDueAsync();

        var mail = sink.Mails.Where(m => m.To.Contains(rep)).ToList();
        Assert.That(mail, Has.Count.EqualTo(1), "sent once");
        Assert.That(mail[0].From, Is.EqualTo("crm@example.com"));
        Assert.That(mail[0].Data, Does.Contain("Subject: New deal Acme").And.Contain("Amount: 100"));
        var sent = await DeliveryAsync(rep);
        Assert.That((sent.Status, sent.Attempts, sent.Subject), Is.EqualTo((DeliveryStatus.Sent, 1, "New deal Acme")));
        var user = (await TestUsersIdAsync(rep));
        Assert.That((await Notifications.ListAsync(user)).Items.Select(n => n.Title), Is.EqualTo(new[] { "New deal Acme" }));
    }

    [Test]
    public async Task A_mail_server_that_is_down_is_tried_again_with_pauses_then_the_delivery_fails_with_why()
    {
        var app = await EmailWorkflowAsync(""" "email" """);
        var rep = $"rep-{app}@example.com";
        var sender = Sender(Mail(LoopbackHttp.FreePort()));

        await sender.SendDueAsync();
        var first = await DeliveryAsync(rep);
        Assert.That((first.Status, first.Attempts, first.Error), Is.EqualTo((DeliveryStatus.Pending, 1, first.Error)));
        Assert.That(first.Error, Does.Contain("could not take the message now"));
        await sender.SendDueAsync();
        Assert.That((await DeliveryAsync(rep)).Attempts, Is.EqualTo(1), "not again before its pause");
        for (var i = 0; i < DeliveryService.MaxAttempts; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(15));
            await sender.SendDueAsync();
        }
        var failed = await DeliveryAsync(rep);
        Assert.That((failed.Status, failed.Attempts), Is.EqualTo((DeliveryStatus.Failed, DeliveryService.MaxAttempts)));
        Assert.That((await Notifications.ListAsync(await TestUsersIdAsync(rep))).Items, Is.Empty, "email only");

        var unset = await EmailWorkflowAsync(""" "email" """);
        await Sender(Mail(25, host: null)).SendDueAsync();
        var refused = await DeliveryAsync($"rep-{unset}@example.com");
        Assert.That((refused.Status, refused.Attempts, refused.Error), Is.EqualTo((DeliveryStatus.Failed, 1, "No mail server is set (Platform:Mail:Host).")));
    }

    [Test]
    public async Task A_dingtalk_robot_gets_a_signed_markdown_message_and_a_wecom_robot_its_own_format()
    {
        using var robot = new LoopbackHttp(_ => (200, """{ "errcode": 0, "errmsg": "ok" }"""));
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        await EnableAsync(app, $$"""
            { "key": "won", "form": "deal", "trigger": { "type": "recordCreated" },
              "steps": [
                { "id": "ding", "type": "groupMessage", "robot": "dingtalk", "url": "{{robot.Url}}robot/send?access_token=abc", "secret": "SEC123",
                  "title": "'Deal won'", "text": "'**' & name & '** signed ' & amount" },
                { "id": "wecom", "type": "groupMessage", "robot": "wecom", "url": "{{robot.Url}}cgi-bin/webhook/send?key=k1", "title": "'Deal won'", "text": "name" } ] }
            """);
        await Records.CreateAsync(deals, Json.From(new { name = "Acme", amount = 5000 }), User());
        await SettleAsync();
        var sender = Sender(new DingTalkChannel(Outbound, Clock), new WeComChannel(Outbound, Clock));
        await sender.SendDueAsync();
        await sender.SendDueAsync();

        Assert.That(robot.Calls, Has.Count.EqualTo(2));
        var ding = robot.Calls.Single(c => c.PathAndQuery.StartsWith("/robot/send", StringComparison.Ordinal));
        var query = HttpUtility.ParseQueryString(new Uri(robot.Url.TrimEnd('/') + ding.PathAndQuery).Query);
        Assert.That(query["access_token"], Is.EqualTo("abc"));
        Assert.That(query["timestamp"], Is.EqualTo(Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(query["sign"], Is.EqualTo(DingTalkChannel.Sign(query["timestamp"]!, "SEC123")), "signed as DingTalk checks it");
        var message = JsonNode.Parse(ding.Body)!;
        Assert.That((message["msgtype"]!.GetValue<string>(), message["markdown"]!["title"]!.GetValue<string>()), Is.EqualTo(("markdown", "Deal won")));
        Assert.That(message["markdown"]!["text"]!.GetValue<string>(), Does.Contain("**Acme** signed 5000"));
        var wecom = JsonNode.Parse(robot.Calls.Single(c => c.PathAndQuery.StartsWith("/cgi-bin", StringComparison.Ordinal)).Body)!;
        Assert.That(wecom["markdown"]!["content"]!.GetValue<string>(), Is.EqualTo("**Deal won**\nAcme"));
        Assert.That((await DeliveryAsync($"{robot.Url}robot")).Status, Is.EqualTo(DeliveryStatus.Sent));
    }

    [Test]
    public async Task A_robot_sent_too_fast_is_tried_again_and_one_refusing_the_message_fails_it()
    {
        using var busy = new LoopbackHttp(n => (200, n == 0 ? """{ "errcode": 130101, "errmsg": "send too fast" }""" : """{ "errcode": 0 }"""));
        using var strict = new LoopbackHttp(_ => (200, """{ "errcode": 310000, "errmsg": "keywords not in content" }"""));
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        await EnableAsync(app, $$"""
            { "key": "won", "form": "deal", "trigger": { "type": "recordCreated" },
              "steps": [ { "id": "a", "type": "groupMessage", "robot": "dingtalk", "url": "{{busy.Url}}send", "text": "name" },
                         { "id": "b", "type": "groupMessage", "robot": "dingtalk", "url": "{{strict.Url}}send", "text": "name" } ] }
            """);
        await Records.CreateAsync(deals, Json.From(new { name = "Acme" }), User());
        await SettleAsync();
        var sender = Sender(new DingTalkChannel(Outbound, Clock));
        await sender.SendDueAsync();

        var later = await DeliveryAsync(busy.Url);
        Assert.That((later.Status, later.Error), Is.EqualTo((DeliveryStatus.Pending, "The robot refused the message: 130101 send too fast")));
        var refused = await DeliveryAsync(strict.Url);
        Assert.That((refused.Status, refused.Error), Is.EqualTo((DeliveryStatus.Failed, "The robot refused the message: 310000 keywords not in content")));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await sender.SendDueAsync();
        Assert.That(((await DeliveryAsync(busy.Url)).Status, busy.Calls.Count, strict.Calls.Count), Is.EqualTo((DeliveryStatus.Sent, 2, 1)));
    }

    [TestCase("""{ "id": "g", "type": "groupMessage", "robot": "slack", "url": "https://example.com/x", "text": "name" }""", "steps[0].robot", "workflow.robot")]
    [TestCase("""{ "id": "g", "type": "groupMessage", "robot": "wecom", "url": "http://10.0.0.5/x", "text": "name" }""", "steps[0].url", "outbound.address")]
    [TestCase("""{ "id": "g", "type": "groupMessage", "robot": "wecom", "url": "", "text": "name" }""", "steps[0].url", "required")]
    [TestCase("""{ "id": "g", "type": "groupMessage", "robot": "wecom", "url": "https://example.com/x" }""", "steps[0].text", "required")]
    [TestCase("""{ "id": "n", "type": "notify", "to": [ { "user": 1 } ], "channels": [ "sms" ], "title": "'x'" }""", "steps[0].channels[0]", "workflow.channel")]
    [TestCase("""{ "id": "n", "type": "notify", "to": [ { "user": 1 } ], "channels": [ ], "title": "'x'" }""", "steps[0].channels", "required")]
    public async Task A_bad_message_step_is_refused_at_publish_by_place(string step, string place, string code)
    {
        var app = await NewAppAsync();
        await PublishAsync(app, DealForm);
        Assert.That(await RefusedStepAsync(app, "deal", step), Does.Contain((place, code)));
    }

    private async Task<long> TestUsersIdAsync(string email)
    {
        await using var connection = await Database.OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT id FROM pf_users WHERE email = @email", new { email });
    }
}
