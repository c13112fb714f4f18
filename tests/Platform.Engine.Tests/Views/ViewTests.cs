using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Tests.Reports;
using Platform.Engine.Validation;
using Platform.Engine.Views;

namespace Platform.Engine.Tests.Views;

/// <summary>
/// Saved views: a user's own views are theirs alone, shared ones are saved by admins; a view is checked as it would run
/// (filter and sort by the query engine, columns and layout against the form), every problem at its place.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class ViewTests(TestDatabase target) : ReportFixture(target)
{
    private ViewService Views => new(Database, Forms, Records, Time);

    private static ViewDefinition View(string json) => ViewService.Read(Json.Of(json));

    private async Task<IReadOnlyList<string>> RunAsync(ViewDefinition view, CallerContext caller)
    {
        var errors = new List<ValidationError>();
        var query = ViewService.Query(view, errors);
        Assert.That(errors, Is.Empty);
        var page = await Records.QueryAsync(Customers, query, caller);
        return page.Items.Select(r => (string)r.Values["name"]!).ToList();
    }

    [Test]
    public async Task A_private_view_is_its_owners_alone_and_opens_as_it_was_saved()
    {
        var key = ViewKeys.NewPrivate(A, Time);
        var view = View($$"""
            { "key": "{{key}}", "name": { "en": "My open leads", "zh-CN": "我的线索" }, "form": "customer", "layout": "kanban", "by": "stage",
              "filter": { "and": [ { "field": "owner", "op": "eq", "value": "me" }, { "field": "stage", "op": "in", "value": ["lead", "won"] } ] },
              "sort": [ { "field": "amount", "dir": "desc" } ], "columns": [ { "field": "name", "width": 220 }, { "field": "amount" } ] }
            """);

        Assert.That(await Views.SaveAsync(App, view, User(A)), Is.EqualTo(1));
        Assert.That(await Views.SaveAsync(App, view with { Name = new("Mine") }, User(A)), Is.EqualTo(2), "saved again as its next version");

        var mine = await Views.ListAsync(App, "customer", User(A));
        Assert.That(mine.Where(v => v.Key == key).Select(v => (v.Shared, v.Layout, v.Version)), Is.EqualTo(new[] { (false, "kanban", 2) }));
        Assert.That((await Views.ListAsync(App, "customer", User(B))).Select(v => v.Key), Has.No.Member(key));
        await Assert.ThrowsAsync<NotFoundException>(() => Views.GetAsync(App, key, User(B)));
        await Assert.ThrowsAsync<NotFoundException>(() => Views.SaveAsync(App, view, User(B)), "nobody saves over another's view");
        await Assert.ThrowsAsync<NotFoundException>(() => Views.DeleteAsync(App, key, User(B)));

        var (opened, _) = await Views.GetAsync(App, key, User(A));
        Assert.That(opened.Columns.Select(c => (c.Field, c.Width)), Is.EqualTo(new[] { ("name", (int?)220), ("amount", null) }));
        // A's leads and wins, biggest first: c6 (won, 500), c2 (lead, 200), c1 (lead, 100).
        Assert.That(await RunAsync(opened, User(A)), Is.EqualTo(new[] { "c6", "c2", "c1" }));

        await Views.DeleteAsync(App, key, User(A));
        Assert.That((await Views.ListAsync(App, "customer", User(A))).Select(v => v.Key), Has.No.Member(key));
    }

    [Test]
    public async Task A_shared_view_is_saved_by_an_admin_and_seen_by_everyone()
    {
        var view = View("""
            { "key": "web_leads", "name": "Web leads", "form": "customer", "by": "stage",
              "filter": { "field": "source", "op": "eq", "value": "web" }, "sort": [ { "field": "name" } ] }
            """);

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => Views.SaveAsync(App, view, User(A)));
        Assert.That(refused!.Code, Is.EqualTo("view.sharedByAdmins"));
        await Views.SaveAsync(App, view, CallerContext.ForUser(B, isAdmin: true));

        Assert.That((await Views.ListAsync(App, null, User(C))).Single(v => v.Key == "web_leads").Shared, Is.True);
        Assert.That(ViewService.CanChange("web_leads", User(C)), Is.False);
        Assert.That(ViewService.CanChange(ViewKeys.NewPrivate(C, Time), User(C)), Is.True);
        await Assert.ThrowsAsync<ForbiddenException>(() => Views.DeleteAsync(App, "web_leads", User(C)));
        // Each viewer sees the records their rights allow: A, limited to their own, sees c1 and c2 of the three web customers.
        Assert.That(await RunAsync((await Views.GetAsync(App, "web_leads", User(C))).Definition, OwnOnly(A)), Is.EqualTo(new[] { "c1", "c2" }));
    }

    [Test]
    public async Task A_bad_view_is_refused_with_every_problem_at_its_place_and_nothing_saved()
    {
        var key = ViewKeys.NewPrivate(A, Time);
        var e = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Views.SaveAsync(App, View($$"""
            { "key": "{{key}}", "form": "customer", "layout": "calendar", "by": "name",
              "columns": [ { "field": "nope" }, { "field": "amount", "width": 10 }, { "field": "amount" } ],
              "sort": [ { "field": "amount", "dir": "up" } ] }
            """), User(A)));
        Assert.That(e!.Errors.Select(x => (x.Field, x.Code)), Is.EquivalentTo(new[]
        {
            ("name", "view.name"), ("by", "view.by"), ("columns[0].field", "unknownField"), ("columns[1].width", "view.width"),
            ("columns[2].field", "view.columnTwice"), ("sort[0].dir", "sort.invalid"),
        }));
        Assert.That(e.Errors.Single(x => x.Code == "view.by").Message("zh-CN"), Does.Contain("日历需要日期字段"));

        // What only the query engine knows: an operator that does not fit the field, a field that is not there.
        var filter = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Views.SaveAsync(App, View($$"""
            { "key": "{{key}}", "name": "x", "form": "customer", "layout": "board",
              "filter": { "or": [ { "field": "stage", "op": "gt", "value": "lead" }, { "field": "ghost", "op": "eq", "value": 1 } ] } }
            """), User(A)));
        Assert.That(filter!.Errors.Select(x => x.Code), Is.EquivalentTo(new[] { "view.layout", "filter.operatorNotForField", "unknownField" }));
        await Assert.ThrowsAsync<DefinitionRejectedException>(() => Views.SaveAsync(App, View("""{ "key": "x", "name": "x", "form": "nowhere" }"""),
            CallerContext.ForUser(B, isAdmin: true)));
        Assert.That((await Views.ListAsync(App, null, User(A))).Select(v => v.Key), Has.No.Member(key));
    }

    [Test]
    public async Task Each_field_offers_the_operators_that_fit_it_and_the_compiler_refuses_the_rest()
    {
        Assert.That(FilterOperators.For(Customers, "stage"), Is.EqualTo(new[] { "eq", "ne", "in", "isEmpty", "isNotEmpty", "entered" }));
        Assert.That(FilterOperators.For(Customers, "tags"), Is.EqualTo(new[] { "contains", "in", "isEmpty", "isNotEmpty" }));
        Assert.That(FilterOperators.For(Customers, "name"), Does.Contain("contains").And.Contain("startsWith").And.Not.Contain("gt"));
        Assert.That(FilterOperators.For(Customers, "amount"), Does.Contain("between").And.Contain("gte").And.Not.Contain("contains"));
        Assert.That(FilterOperators.For(Customers, "signedOn"), Does.Contain("thisWeek").And.Contain("lastNDays"));
        Assert.That(FilterOperators.For(Customers, "owner"), Is.EqualTo(new[] { "eq", "ne", "in", "isEmpty", "isNotEmpty" }));
        Assert.That(FilterOperators.For(Customers, "createdAt"), Does.Contain("today"));
        Assert.That(FilterOperators.For(Customers, "ghost"), Is.Empty);
        Assert.That((FilterOperators.TakesNoValue("thisMonth"), FilterOperators.TakesNoValue("lastNDays"), FilterOperators.TakesDays("lastNDays")),
            Is.EqualTo((true, false, true)));

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.QueryAsync(Customers, new QueryRequest { Filter = Condition.Of("stage", "startsWith", "le") }, Admin()));
        Assert.That(e!.Errors.Single().Code, Is.EqualTo("filter.operatorNotForField"));
    }
}
