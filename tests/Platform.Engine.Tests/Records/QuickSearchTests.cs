using Platform.Engine.Forms;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Records;

/// <summary>
/// Quick search, as in a CRM's search box: two Chinese characters or a run of a phone number's digits find
/// their records; the index follows every create and edit in the record's transaction; the row scope and
/// the field view hold; a term that cannot be searched is refused with a clear message.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class QuickSearchTests(TestDatabase target) : EngineFixture(target)
{
    private const string Customer = """
        { "key": "customer", "fields": [
            { "key": "name", "type": "text" }, { "key": "phone", "type": "phone" }, { "key": "email", "type": "email" },
            { "key": "note", "type": "textarea" }, { "key": "idNumber", "type": "text" }, { "key": "amount", "type": "money" } ] }
        """;

    private async Task<FormModel> CustomersAsync(params object[] customers)
    {
        var model = await PublishAsync(await NewAppAsync(), Customer);
        foreach (var customer in customers) await Records.CreateAsync(model, Json.From(customer), User());
        return model;
    }

    private async Task<List<string>> SearchAsync(FormModel model, string search, CallerContext? caller = null, Filter? filter = null) =>
        (await Records.QueryAsync(model, new QueryRequest { Search = search, Filter = filter, Count = true }, caller ?? User()))
            .Items.Select(r => (string)r.Get("name")!).ToList();

    [Test]
    public async Task Two_chinese_characters_find_the_records_that_hold_them_in_a_row()
    {
        var model = await CustomersAsync(
            new { name = "华为技术有限公司" }, new { name = "深圳华为" }, new { name = "中华为民" }, new { name = "为华" }, new { name = "腾讯" });

        Assert.That(await SearchAsync(model, "华为"), Is.EquivalentTo(new[] { "华为技术有限公司", "深圳华为", "中华为民" }));
        Assert.That(await SearchAsync(model, "华为技术"), Is.EqualTo(new[] { "华为技术有限公司" }));
        Assert.That(await SearchAsync(model, "为技"), Is.EqualTo(new[] { "华为技术有限公司" }));
        Assert.That(await SearchAsync(model, "华技"), Is.Empty, "characters that are not next to each other do not match");
    }

    [Test]
    public async Task A_run_of_a_phone_numbers_digits_finds_it_whatever_the_spaces_and_dashes()
    {
        var model = await CustomersAsync(
            new { name = "A", phone = "+86 138-1234-5678" }, new { name = "B", phone = "13900001234" }, new { name = "C", phone = "010 8888 7777" });

        Assert.That(await SearchAsync(model, "1234"), Is.EquivalentTo(new[] { "A", "B" }));
        Assert.That(await SearchAsync(model, "13812345678"), Is.EqualTo(new[] { "A" }));
        Assert.That(await SearchAsync(model, "138 5678"), Is.EqualTo(new[] { "A" }), "every word must be found");
        Assert.That(await SearchAsync(model, "８８８８"), Is.EqualTo(new[] { "C" }), "full-width digits are the digits");
    }

    [Test]
    public async Task Latin_text_is_found_in_any_case_across_the_text_fields_but_not_across_two_values()
    {
        var model = await CustomersAsync(
            new { name = "Acme Trading", email = "li.lei@huawei.com" }, new { name = "Globex", note = "Met at the ACME booth" }, new { name = "Me", email = "ac@x.io" });

        Assert.That(await SearchAsync(model, "acme"), Is.EquivalentTo(new[] { "Acme Trading", "Globex" }));
        Assert.That(await SearchAsync(model, "HUAWEI"), Is.EqualTo(new[] { "Acme Trading" }));
        Assert.That(await SearchAsync(model, "meac"), Is.Empty, "the end of one field and the start of the next are not one word");
    }

    [Test]
    public async Task An_edit_and_a_new_record_are_found_at_once_and_deleted_ones_are_not()
    {
        var model = await CustomersAsync(new { name = "旧名字" });
        var record = (await Records.QueryAsync(model, new QueryRequest(), User())).Items.Single();

        await Records.UpdateAsync(model, record.Id, Json.From(new { name = "新名字" }), record.Version, User());
        var added = await Records.CreateAsync(model, Json.From(new { name = "另一个名字" }), User());
        Assert.That(await SearchAsync(model, "旧名"), Is.Empty);
        Assert.That(await SearchAsync(model, "名字"), Is.EquivalentTo(new[] { "新名字", "另一个名字" }));

        await Records.DeleteAsync(model, added.Id, added.Version, User());
        Assert.That(await SearchAsync(model, "名字"), Is.EqualTo(new[] { "新名字" }));
        await Records.RestoreAsync(model, added.Id, User());
        Assert.That(await SearchAsync(model, "另一"), Is.EqualTo(new[] { "另一个名字" }));
    }

    [Test]
    public async Task Search_combines_with_filters_and_the_row_scope()
    {
        var model = await PublishAsync(await NewAppAsync(), Customer);
        await Records.CreateAsync(model, Json.From(new { name = "华为 北京", amount = 10 }), User(1));
        await Records.CreateAsync(model, Json.From(new { name = "华为 上海", amount = 500 }), User(2));
        var ownOnly = User(2) with { Access = new GivenAccess(Condition.Of("owner", "eq", "me")) };

        Assert.That(await SearchAsync(model, "华为", filter: Condition.Of("amount", "gt", 100)), Is.EqualTo(new[] { "华为 上海" }));
        Assert.That(await SearchAsync(model, "华为", ownOnly), Is.EqualTo(new[] { "华为 上海" }));
    }

    /// <summary>
    /// A search's pages in id order, page after page (where the index is walked in its own order on SQLite), find every
    /// match once and nothing else, for a salesperson within their own records and the pool as for everyone.
    /// </summary>
    [Test]
    public async Task Paging_through_a_search_finds_every_match_once_in_id_order_within_the_row_scope()
    {
        var model = await PublishAsync(await NewAppAsync(), Customer);
        var me = await TestUsers.AddAsync(Database, $"{Guid.NewGuid():N}@example.com");
        var other = await TestUsers.AddAsync(Database, $"{Guid.NewGuid():N}@example.com");
        var payloads = Enumerable.Range(0, 130).Select(i => Json.From(new
        {
            name = i % 3 == 0 ? $"腾讯 {i}" : $"华为 {i}",
            owner = (i % 5) switch { 0 => (long?)null, 1 or 2 => me, _ => other },
        })).ToList();
        var created = await Records.CreateManyAsync(model, payloads, User());
        var ownOrPool = User(me) with { Access = new GivenAccess(new OrFilter([Condition.Of("owner", "eq", "me"), Condition.Of("owner", "isEmpty")])) };

        foreach (var (caller, sees) in new[] { (User(), (Func<int, bool>)(_ => true)), (ownOrPool, i => i % 5 <= 2) })
        {
            var expected = Enumerable.Range(0, 130).Where(i => i % 3 != 0 && sees(i)).Select(i => created[i].Id).ToList();
            var found = new List<long>();
            QueryResult? page = null;
            do
            {
                page = await Records.QueryAsync(model, new QueryRequest { Search = "华为", PageSize = 20, After = page?.Next }, caller);
                found.AddRange(page.Items.Select(r => r.Id));
            }
            while (page.Next is not null);
            Assert.That(found, Is.EqualTo(expected));
        }
    }

    [Test]
    public async Task A_field_the_caller_cannot_read_cannot_be_searched_through()
    {
        var model = await CustomersAsync(new { name = "Zhang", idNumber = "110101199003070011" }, new { name = "Wang 1990" });
        var noIdNumber = User() with
        {
            Access = new GivenAccess(Views: new Dictionary<string, FieldView> { ["customer"] = FieldView.Of(["name", "phone", "email", "note", "amount"]) }),
        };

        Assert.That(await SearchAsync(model, "1990"), Is.EquivalentTo(new[] { "Zhang", "Wang 1990" }));
        Assert.That(await SearchAsync(model, "1990", noIdNumber), Is.EqualTo(new[] { "Wang 1990" }));
    }

    [Test]
    public async Task Records_stored_before_a_field_came_back_are_found_by_it_after_the_publish()
    {
        var app = await NewAppAsync();
        var model = await PublishAsync(app, Customer);
        await Records.CreateAsync(model, Json.From(new { name = "甲", note = "老客户" }), User());
        var withoutNote = FormJson.Parse(Customer) with { Fields = FormJson.Parse(Customer).Fields.RemoveAll(f => f.Key == "note") };
        var publisher = new Platform.Engine.Apps.FormPublisher(Forms, Records);

        var removed = await publisher.PublishAsync(app, withoutNote, User());
        Assert.That(await SearchAsync(await Forms.GetModelAsync(app, "customer"), "老客"), Is.Empty, "a removed field is no longer searched");
        await publisher.PublishAsync(app, FormJson.Parse(Customer), User());

        Assert.That(removed.Plan.Changes.Select(c => c.Action), Does.Contain("rebuildSearch"));
        Assert.That(await SearchAsync(await Forms.GetModelAsync(app, "customer"), "老客"), Is.EqualTo(new[] { "甲" }));
    }

    [TestCase("a", "search.tooShort")]
    [TestCase("  ! ?  ", "search.tooShort")]
    [TestCase("华", "search.tooShort")]
    public async Task A_term_that_cannot_be_searched_is_refused_with_a_message(string search, string code)
    {
        var model = await CustomersAsync(new { name = "华为" });

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => SearchAsync(model, search));

        Assert.That(error!.Errors.Single().Field, Is.EqualTo("search"));
        Assert.That(error.Errors.Single().Code, Is.EqualTo(code));
        Assert.That(error.Errors.Single().Message("zh-CN"), Does.Contain("两个"));
    }

    [Test]
    public async Task A_term_longer_than_a_search_box_takes_is_refused()
    {
        var model = await CustomersAsync(new { name = "华为" });

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => SearchAsync(model, new string('x', 101)));

        Assert.That(error!.Errors.Single().Code, Is.EqualTo("search.tooLong"));
    }
}
