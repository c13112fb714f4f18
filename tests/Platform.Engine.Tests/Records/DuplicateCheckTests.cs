using Platform.Engine.Forms.Fields;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Validation;
using Platform.Engine.Values;

namespace Platform.Engine.Tests.Records;

/// <summary>
/// The duplicate check (查重): values compared reduced (case, full-width forms, spaces, punctuation, company suffixes, a
/// phone's country code); a refusing check names the record and its owner, no more than the caller may see; a warning
/// check saves with a warning; two saves in the same instant cannot both win (a unique index of the keys); switching a
/// check on over records that already share a value is refused, naming them, and fills the keys of those there are.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class DuplicateCheckTests(TestDatabase target) : EngineFixture(target)
{
    private const string Customer = """
        { "key": "customer", "fields": [
            { "key": "name", "type": "text", "required": true, "duplicates": "refuse" },
            { "key": "phone", "type": "phone", "duplicates": "warn" },
            { "key": "email", "type": "email" } ] }
        """;

    private static CallerContext OwnOnly(long user) => User(user) with { Access = new GivenAccess(Condition.Of("owner", "eq", "me")) };

    [TestCase("杭州云杉科技有限公司", "杭州 云杉科技")]
    [TestCase("杭州云杉科技有限责任公司", "杭州云杉科技股份有限公司")]
    [TestCase("ＡＢＣ Trading Co., Ltd.", "abc trading")]
    [TestCase("Northwind Traders, Inc.", "NORTHWIND-TRADERS")]
    [TestCase("华为集团", "华为")]
    public void Company_names_typed_differently_reduce_to_one_key(string one, string other) =>
        Assert.That(DuplicateKey.Of(new TextField { Key = "name" }, one), Is.EqualTo(DuplicateKey.Of(new TextField { Key = "name" }, other)).And.Not.Null);

    [Test]
    public void Keys_keep_what_makes_values_different()
    {
        var text = new TextField { Key = "name" };
        Assert.That(DuplicateKey.Of(text, "Costco"), Is.EqualTo("costco"), "a suffix only as a word of its own");
        Assert.That(DuplicateKey.Of(text, "云杉科技"), Is.Not.EqualTo(DuplicateKey.Of(text, "云杉软件")));
        Assert.That(DuplicateKey.Of(text, "有限公司"), Is.EqualTo("有限公司"), "a name that is only a suffix stays itself");
        Assert.That(DuplicateKey.Of(text, " ， "), Is.Null, "nothing to compare");
        var phone = new PhoneField { Key = "phone" };
        Assert.That(new[] { "+86 138-0013-8000", "0086 13800138000", "138 0013 8000", "１３８００１３８０００" }.Select(p => DuplicateKey.Of(phone, p)).Distinct(),
            Is.EqualTo(new[] { "13800138000" }));
        Assert.That(DuplicateKey.Of(phone, "0571-88886666"), Is.EqualTo("057188886666"));
        Assert.That(DuplicateKey.Of(new EmailField { Key = "email" }, "  Li.Lei@Example.COM "), Is.EqualTo("li.lei@example.com"));
    }

    [Test]
    public async Task A_refusing_check_names_the_record_and_its_owner_as_far_as_the_caller_may_see()
    {
        var app = await NewAppAsync();
        var customers = await PublishAsync(app, Customer);
        var li = await TestUsers.AddAsync(Database, $"li-{app}@example.com");
        var zhao = await TestUsers.AddAsync(Database, $"zhao-{app}@example.com");
        var first = await Records.CreateAsync(customers, Json.From(new { name = "杭州云杉科技有限公司", owner = li }), OwnOnly(li));

        // 撞单: another salesperson enters the same company differently; they learn whose it is, not what it holds.
        var hidden = await Assert.ThrowsAsync<DuplicateValueException>(() => Records.CreateAsync(customers, Json.From(new { name = "杭州 云杉科技", owner = zhao }), OwnOnly(zhao)));
        Assert.That((hidden!.Errors.Single().Field, hidden.Errors.Single().Code), Is.EqualTo(("name", "duplicate.existsHidden")));
        Assert.That(hidden.Errors.Single().Message("zh-CN"), Is.EqualTo($"已存在，负责人：li-{app}@example.com。"));
        var seen = await Assert.ThrowsAsync<DuplicateValueException>(() => Records.CreateAsync(customers, Json.From(new { name = "杭州云杉科技" }), User()));
        Assert.That(seen!.Errors.Single().Message("en"), Is.EqualTo($"Already entered as '杭州云杉科技有限公司' (record {first.Id}), owned by li-{app}@example.com."));

        // A change into another's value is refused too; changing the record itself is not a duplicate of itself.
        var other = await Records.CreateAsync(customers, Json.From(new { name = "Globex", owner = zhao }), OwnOnly(zhao));
        Assert.That((await Assert.ThrowsAsync<DuplicateValueException>(() =>
            Records.UpdateAsync(customers, other.Id, Json.From(new { name = "杭州云杉科技（有限公司）" }), other.Version, OwnOnly(zhao))))!.Errors.Single().Code,
            Is.EqualTo("duplicate.existsHidden"));
        var renamed = await Records.UpdateAsync(customers, first.Id, Json.From(new { name = "杭州云杉科技 有限公司" }), first.Version, OwnOnly(li));
        Assert.That(renamed.Values["name"], Is.EqualTo("杭州云杉科技 有限公司"));

        // In the pool, it is anyone's to claim; in the recycle bin, it is nobody's; restored over a new one, it is refused.
        var pooled = await Records.UpdateAsync(customers, first.Id, Json.Of("""{ "owner": null }"""), renamed.Version, User());
        Assert.That((await Assert.ThrowsAsync<DuplicateValueException>(() => Records.CreateAsync(customers, Json.From(new { name = "杭州云杉科技" }), OwnOnly(zhao))))!
            .Errors.Single().Message("zh-CN"), Does.Contain("公海"));
        await Records.DeleteAsync(customers, first.Id, pooled.Version, User());
        var again = await Records.CreateAsync(customers, Json.From(new { name = "杭州云杉科技", owner = zhao }), OwnOnly(zhao));
        Assert.That(again.Owner, Is.EqualTo(zhao));
        var restore = await Assert.ThrowsAsync<DuplicateValueException>(() => Records.RestoreAsync(customers, first.Id, User()));
        Assert.That(restore!.Errors.Single().Code, Is.EqualTo("duplicate.taken"));
    }

    [Test]
    public async Task A_warning_check_saves_with_a_warning_naming_the_other_record()
    {
        var app = await NewAppAsync();
        var customers = await PublishAsync(app, Customer);
        var first = await Records.CreateAsync(customers, Json.From(new { name = "Acme", phone = "+86 138 0013 8000" }), User());
        var second = await Records.CreateAsync(customers, Json.From(new { name = "Acme Shanghai", phone = "13800138000" }), User());
        Assert.That(second.Warnings.Select(w => (w.Field, w.Code)), Is.EqualTo(new[] { ("phone", "duplicate.exists") }));
        Assert.That(second.Warnings.Single().Args[2], Is.EqualTo(first.Id));
        var third = await Records.CreateAsync(customers, Json.From(new { name = "Initech", phone = "13900139000" }), User());
        Assert.That(third.Warnings, Is.Empty);
    }

    [Test]
    public async Task Of_many_saves_of_one_company_in_the_same_instant_exactly_one_wins()
    {
        var app = await NewAppAsync();
        var customers = await PublishAsync(app, Customer);
        var spellings = new[] { "深圳蓝海贸易有限公司", "深圳 蓝海贸易", "深圳蓝海贸易公司", "深圳蓝海贸易有限责任公司", "ＳＨＥＮＺＨＥＮ蓝海贸易".Replace("ＳＨＥＮＺＨＥＮ", "深圳"), "深圳蓝海贸易集团" };
        var outcomes = await Task.WhenAll(spellings.Select(async name =>
        {
            try
            {
                await Records.CreateAsync(customers, Json.From(new { name }), User());
                return "saved";
            }
            catch (DuplicateValueException e)
            {
                return e.Errors.Single().Code;
            }
        }));
        Assert.That(outcomes.Count(o => o == "saved"), Is.EqualTo(1), string.Join(", ", outcomes));
        Assert.That(outcomes.Where(o => o != "saved"), Is.All.AnyOf("duplicate.exists", "duplicate.taken"));
        Assert.That(await Records.CountAsync(customers), Is.EqualTo(1));
    }

    [Test]
    public async Task Switching_a_check_on_over_records_that_share_a_value_is_refused_until_they_are_merged()
    {
        var app = await NewAppAsync();
        var plain = await PublishAsync(app, """
            { "key": "customer", "fields": [ { "key": "name", "type": "text" }, { "key": "phone", "type": "phone" }, { "key": "email", "type": "email" } ] }
            """);
        var a = await Records.CreateAsync(plain, Json.From(new { name = "云杉科技有限公司" }), User());
        var b = await Records.CreateAsync(plain, Json.From(new { name = "云杉科技" }), User());
        await Records.CreateAsync(plain, Json.From(new { name = "Globex" }), User());

        foreach (var dryRun in new[] { true, false })
        {
            var refused = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Forms.PublishAsync(app, Platform.Engine.Forms.FormJson.Parse(Customer), dryRun));
            Assert.That((refused!.Errors.Single().Field, refused.Errors.Single().Code), Is.EqualTo(("name", "duplicates.existing")));
            Assert.That(refused.Errors.Single().Message("en"), Does.Contain($"#{a.Id} = #{b.Id}"));
        }
        await Records.UpdateAsync(plain, b.Id, Json.From(new { name = "云杉软件" }), b.Version, User());
        var customers = await PublishAsync(app, Customer);
        var refusedNow = await Assert.ThrowsAsync<DuplicateValueException>(() => Records.CreateAsync(customers, Json.From(new { name = "GLOBEX Ltd." }), User()));
        Assert.That(refusedNow!.Errors.Single().Code, Is.EqualTo("duplicate.exists"), "the records there were got their keys");
    }

    [TestCase("""{ "key": "amount", "type": "number", "duplicates": "refuse" }""", "amount", "field.setting")]
    [TestCase("""{ "key": "name", "type": "text", "duplicates": "block" }""", "name", "field.setting")]
    [TestCase("""{ "key": "rows", "type": "subform", "fields": [ { "key": "name", "type": "text", "duplicates": "warn" } ] }""", "rows.name", "field.notInSubform")]
    public async Task A_duplicate_check_where_none_can_be_is_refused_at_publish(string field, string place, string code)
    {
        var app = await NewAppAsync();
        var refused = await Assert.ThrowsAsync<DefinitionRejectedException>(() =>
            Forms.PublishAsync(app, Platform.Engine.Forms.FormJson.Parse($$"""{ "key": "f", "fields": [ {{field}} ] }""")));
        Assert.That(refused!.Errors.Select(e => (e.Field, e.Code)), Does.Contain((place, code)));
    }
}
