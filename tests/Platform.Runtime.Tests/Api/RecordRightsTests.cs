using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Runtime.Tests.Api;

/// <summary>
/// Every record route, taken from the host's own route table (a new route fails here until it says what it does):
/// a member whose scope does not hold the record gets 404 (or, for routes without an id, never sees or writes it),
/// and a member whose role lacks the action gets 403; either way nothing changes.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class RecordRightsTests(TestDatabase target) : ApiFixture(target)
{
    private const string Prefix = "/api/apps/{app}/forms/{form}/records";

    /// <summary>Per route: the body, and what a member outside the record's scope gets.</summary>
    private static readonly Dictionary<string, (string? Body, int OutsideScope)> Routes = new()
    {
        ["CreateRecord"] = ("""{ "name": "theirs", "owner": {admin} }""", 400),
        ["CreateRecords"] = ("""[ { "name": "theirs", "owner": {admin} } ]""", 400),
        ["UpdateRecords"] = ("""{ "records": [ { "id": {id}, "version": 1, "values": { "name": "changed" } } ] }""", 404),
        ["DeleteRecords"] = ("""{ "ids": [ {id} ] }""", 404),
        ["RecordFile"] = (null, 404),
        ["QueryRecords"] = ("""{ "filter": { "field": "name", "op": "eq", "value": "admin's" }, "count": true }""", 200),
        ["GetRecord"] = (null, 404),
        ["UpdateRecord"] = ("""{ "name": "changed", "version": 1 }""", 404),
        ["DeleteRecord"] = (null, 404),
        ["RestoreRecord"] = (null, 404),
        ["RecordHistory"] = (null, 404),
        ["ClaimRecord"] = (null, 404),
        ["RunRecordAction"] = (null, 404),
        ["RecordStages"] = (null, 404),
        ["RecordTags"] = (null, 404),
        ["RespondToChurn"] = ("""{ "note": "still in touch" }""", 404),
        ["ChurnResponses"] = (null, 404),
        ["ReturnRecord"] = ("""{ "reason": "not mine" }""", 404),
        ["RecordPool"] = (null, 404),
        ["RecordComments"] = (null, 404),
        ["AddComment"] = ("""{ "body": "hello" }""", 404),
        ["DeleteComment"] = (null, 404),
        // The member's role reads but may not export (ExportTests shows an export keeping to the scope).
        ["ExportRecords"] = (null, 403),
    };

    [Test]
    public async Task Every_record_route_refuses_what_the_caller_may_not_see_or_do()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", """{ "key": "lead", "fields": [ { "key": "name", "type": "text" } ] }"""), 200);
        var admin = (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me"), 200))["user"]!["id"]!.GetValue<long>();
        var record = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records", """{ "name": "admin's" }"""), 201);
        using var member = await MemberAsync(app, "lead", "own", """{ "actions": ["create", "read", "update", "delete", "claim"], "read": "own" }""");
        using var powerless = await MemberAsync(app, "lead", "none", """{ "actions": [] }""");

        var routes = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(Prefix, StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.OfType<Microsoft.AspNetCore.Routing.HttpMethodMetadata>().SelectMany(m => m.HttpMethods)
                .Select(method => (Name: e.Metadata.OfType<EndpointNameMetadata>().Single().EndpointName, Method: method, Pattern: e.RoutePattern.RawText!)))
            .ToList();
        Assert.That(routes.Select(r => r.Name), Is.EquivalentTo(Routes.Keys), "every record route says what it does here");

        foreach (var (name, method, pattern) in routes)
        {
            var url = pattern.Replace("{app}", app, StringComparison.Ordinal).Replace("{form}", "lead", StringComparison.Ordinal)
                .Replace("{id:long}", record["id"]!.ToString(), StringComparison.Ordinal)
                .Replace("{hash}", new string('0', 64), StringComparison.Ordinal).Replace("{workflow}", "escalate", StringComparison.Ordinal).Replace("{commentId:long}", "1", StringComparison.Ordinal).TrimEnd('/');
            var (body, outside) = Routes[name];
            body = body?.Replace("{admin}", admin.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{id}", record["id"]!.ToString(), StringComparison.Ordinal);
            var asMember = await ExpectAsync(await SendAsync(new HttpMethod(method), url, body, client: member), outside);
            await ExpectAsync(await SendAsync(new HttpMethod(method), url, body, client: powerless), 403);
            if (name == "QueryRecords")
            {
                Assert.That(asMember["items"]!.AsArray(), Is.Empty, "a query never shows a record outside the scope");
                Assert.That(asMember["total"]!.GetValue<long>(), Is.Zero, "nor counts it");
            }
        }

        var after = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/lead/records/{record["id"]}"), 200);
        var all = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records/query", """{ "count": true }"""), 200);
        Assert.That((after["name"]!.GetValue<string>(), after["version"]!.GetValue<long>()), Is.EqualTo(("admin's", 1L)), "nothing changed");
        Assert.That(all["total"]!.GetValue<long>(), Is.EqualTo(1), "nothing was created");
    }

    [Test]
    public async Task A_member_cannot_set_what_only_the_engine_or_their_rights_set()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", """
            { "key": "lead", "fields": [ { "key": "name", "type": "text" }, { "key": "score", "type": "number" }, { "key": "secret", "type": "text" } ] }
            """), 200);
        using var member = await MemberAsync(app, "lead", "rep", """
            { "actions": ["create", "read", "update"], "read": "own", "fields": { "score": "readOnly", "secret": "hidden" } }
            """);
        var mine = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records", """{ "name": "mine" }""", client: member), 201);
        var url = $"/api/apps/{app}/forms/lead/records/{mine["id"]}";

        var readOnly = await ExpectAsync(await SendAsync(HttpMethod.Patch, url, """{ "score": 5, "version": 1 }""", client: member), 400);
        var hidden = await ExpectAsync(await SendAsync(HttpMethod.Patch, url, """{ "secret": "x", "version": 1 }""", client: member), 400);
        var system = await ExpectAsync(await SendAsync(HttpMethod.Patch, url, """{ "id": 999, "createdBy": 1, "createdAt": "2020-01-01T00:00:00Z", "name": "renamed", "version": 1 }""", client: member), 400);
        var sentBack = mine.DeepClone().AsObject();
        sentBack["name"] = "renamed";
        var renamed = await ExpectAsync(await SendAsync(HttpMethod.Patch, url, sentBack.ToJsonString(), client: member), 200);
        var hiddenFilter = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records/query",
            """{ "filter": { "field": "secret", "op": "eq", "value": "x" } }""", language: "zh-CN", client: member), 403);

        Assert.That(readOnly["errors"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "score" }));
        Assert.That(hidden["errors"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "secret" }));
        Assert.That(system["errors"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "createdBy" }), "system fields are the engine's");
        Assert.That(system["errors"]!["id"]![0]!.GetValue<string>(), Does.Contain("platform"));
        Assert.That((renamed["name"]!.GetValue<string>(), renamed["version"]!.GetValue<long>()), Is.EqualTo(("renamed", 2L)), "a record read can be sent back");
        Assert.That(renamed.AsObject().ContainsKey("secret"), Is.False);
        Assert.That(hiddenFilter["detail"]!.GetValue<string>(), Does.Contain("secret").And.Contain("无权"));
    }
}
