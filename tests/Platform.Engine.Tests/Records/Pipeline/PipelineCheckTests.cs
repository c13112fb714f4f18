using Dapper;

namespace Platform.Engine.Tests.Records.Pipeline;

/// <summary>The pipeline's checking steps alone: every error a create would meet, before anything is written.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class PipelineCheckTests(TestDatabase target) : EngineFixture(target)
{
    [Test]
    public async Task Checking_a_new_record_names_every_problem_and_writes_nothing()
    {
        var form = await PublishAsync(await NewAppAsync(), DealForm.Json);

        var bad = await Records.CheckNewAsync(form, [Json.Of("""{ "amount": "lots", "stage": "won", "colour": 1 }""")], User());
        var good = await Records.CheckNewAsync(form, [Json.Of("""{ "name": "Acme", "amount": 5, "stage": "won" }""")], User());
        var batch = await Records.CheckNewAsync(form, [Json.Of("""{ "name": "A" }"""), Json.Of("""{ "amount": 1 }""")], User());
        await using var connection = await Database.OpenAsync();

        Assert.That(bad.Select(e => (e.Field, e.Code)), Is.EquivalentTo(new[] { ("amount", "type.number"), ("colour", "unknownField"), ("name", "required") }));
        Assert.That(good, Is.Empty);
        Assert.That(batch.Select(e => (e.Field, e.Code)), Is.EqualTo(new[] { ("[1].name", "required") }));
        Assert.That(await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {Database.Dialect.Quote(form.Table)}"), Is.Zero);
    }
}
