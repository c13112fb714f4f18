using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Jobs;

namespace Platform.Engine.Tests.Jobs;

/// <summary>
/// Background jobs: a publish that leaves the recompute of existing records to a job answers at once, the job reports
/// how far it got, one left running by a stopped process is taken again after its lease, and a failure is kept with why.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class JobTests(TestDatabase target) : EngineFixture(target)
{
    private const string Deal = """{ "key": "deal", "fields": [ { "key": "name", "type": "text" }, { "key": "amount", "type": "money" } ] }""";

    private JobService Jobs => new(Database, [new RecomputeJob(Forms, Records)], Clock);

    private static FormDefinition WithNet(string expression = "ROUND(amount / 1.13, 2)") => FormJson.Parse($$"""
        { "key": "deal", "fields": [ { "key": "name", "type": "text" }, { "key": "amount", "type": "money" },
          { "key": "net", "type": "formula", "expression": "{{expression}}" } ] }
        """);

    [Test]
    public async Task A_publish_leaves_the_recompute_to_a_job_that_reports_its_progress_and_what_it_changed()
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, Deal);
        for (var i = 0; i < 1100; i += 100)
            await Records.CreateManyAsync(deals, Enumerable.Range(i, 100).Select(n => Json.From(new { name = $"d{n}", amount = n })).ToList(), User());
        var jobs = Jobs;
        var publisher = new FormPublisher(Forms, Records, jobs);

        var answer = await publisher.PublishAsync(app, WithNet(), User(), recomputeLater: true);
        Assert.That((answer.Recomputed, answer.Job!.Status, answer.Job.Kind), Is.EqualTo((0, JobStatus.Queued, "recompute")));
        Assert.That((await Records.QueryAsync(await Forms.GetModelAsync(app, "deal"), new Platform.Engine.Records.Query.QueryRequest { PageSize = 1 }, User()))
            .Items[0].Values.GetValueOrDefault("net"), Is.Null, "not yet");

        Assert.That(await jobs.RunDueAsync(), Is.EqualTo(1));
        var done = await jobs.GetAsync(answer.Job.Id);
        Assert.That((done.Status, done.Done, done.Total, done.Changed, done.UserId), Is.EqualTo((JobStatus.Done, 1100L, (long?)1100, (long?)1100, (long?)1)),
            "every record done, each taking its net");
        var model = await Forms.GetModelAsync(app, "deal");
        var sample = await Records.QueryAsync(model, new Platform.Engine.Records.Query.QueryRequest
        {
            Filter = new Platform.Engine.Records.Query.Condition("name", "eq", System.Text.Json.JsonSerializer.SerializeToElement("d113")),
        }, User());
        Assert.That(sample.Items.Single().Values["net"], Is.EqualTo(100m));
        Assert.That(await jobs.RunDueAsync(), Is.Zero, "nothing left");
    }

    [Test]
    public async Task A_job_left_running_by_a_stopped_process_is_taken_again_and_a_failing_one_says_why()
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, Deal);
        await Records.CreateAsync(deals, Json.From(new { name = "a", amount = 113 }), User());
        var publisher = new FormPublisher(Forms, Records, Jobs);
        var answer = await publisher.PublishAsync(app, WithNet(), User(), recomputeLater: true);
        await using (var connection = await Database.OpenAsync())
            await connection.ExecuteAsync("UPDATE pf_jobs SET status = 'running', lease_until = @soon WHERE id = @id",
                new { id = answer.Job!.Id, soon = Database.Dialect.ToDb(Platform.Engine.Storage.ColumnType.DateTime, Clock.GetUtcNow().UtcDateTime.AddMinutes(1)) });

        Assert.That(await Jobs.RunDueAsync(), Is.Zero, "its lease still holds");
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await Jobs.RunDueAsync(), Is.EqualTo(1));
        Assert.That((await Jobs.GetAsync(answer.Job.Id)).Status, Is.EqualTo(JobStatus.Done));

        var gone = await Jobs.EnqueueAsync(new NewJob(RecomputeJob.Name, app, "nothing", null, 1));
        await Jobs.RunDueAsync();
        var failed = await Jobs.GetAsync(gone.Id);
        Assert.That((failed.Status, failed.Error), Is.EqualTo((JobStatus.Failed, "Form 'nothing' was not found.")));
        await Assert.ThrowsAsync<Platform.Engine.Validation.NotFoundException>(() => Jobs.GetAsync(99_999_999));
    }
}
