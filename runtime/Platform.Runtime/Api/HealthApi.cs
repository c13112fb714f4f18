using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Schema;
using Platform.Engine.Validation;
using Platform.Runtime.Hosting;
using Quartz;

namespace Platform.Runtime.Api;

/// <summary>
/// What a load balancer or an orchestrator asks a node: is the process up (<c>/health/live</c>, nothing else asked), and
/// should it be sent work (<c>/health/ready</c>: the database answers, its platform tables are this version's, and the
/// scheduler that fires due times runs) — 503 with the checks that failed when not. <c>/health</c> stays as it was.
/// </summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (PlatformDatabase database, IOptions<PlatformOptions> options, CancellationToken ct) =>
        {
            await AskAsync(database, ct);
            return TypedResults.Ok(new HealthResponse("ok", database.Dialect.Name, options.Value.NodeName));
        }).WithName("Health").WithSummary("Liveness and database reachability").WithTags("Health").AllowAnonymous();

        app.MapGet("/health/live", (PlatformDatabase database, IOptions<PlatformOptions> options) =>
                TypedResults.Ok(new HealthResponse("live", database.Dialect.Name, options.Value.NodeName)))
            .WithName("HealthLive").WithSummary("The process answers (asks nothing else)").WithTags("Health").AllowAnonymous();

        app.MapGet("/health/ready", ReadyAsync).WithName("HealthReady")
            .WithSummary("The database answers, migrations are done and the scheduler runs; 503 with the failed checks when not").WithTags("Health")
            .Produces<ReadinessResponse>().ProducesProblem(503).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> ReadyAsync(HttpContext context, PlatformDatabase database, ISchedulerFactory schedulers, IOptions<PlatformOptions> options,
        CancellationToken ct)
    {
        var checks = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            await AskAsync(database, ct);
            checks["database"] = "ok";
            var version = await SystemSchema.VersionAsync(database, ct);
            checks["migrations"] = version == SystemMigrations.Latest ? "ok" : $"at {version} of {SystemMigrations.Latest}";
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            checks["database"] = e.Message;
            checks["migrations"] = "unknown";
        }
        var scheduler = await schedulers.GetScheduler(ct);
        checks["scheduler"] = scheduler.Status == SchedulerStatus.Running ? "ok" : "not running";
        if (checks.Values.All(v => v == "ok")) return TypedResults.Ok(new ReadinessResponse("ready", database.Dialect.Name, options.Value.NodeName, checks));
        // Not ready is said as every refusal is, with the checks beside it.
        var culture = ApiCulture.Of(context);
        var problem = new ProblemDetails
        {
            Status = 503,
            Title = Problems.Title(503, culture),
            Type = "https://httpstatuses.io/503",
            Detail = Messages.Format("health.unready", culture, string.Join("; ", checks.Where(c => c.Value != "ok").Select(c => $"{c.Key} {c.Value}"))),
            Extensions = { ["code"] = "health.unready", ["database"] = database.Dialect.Name, ["node"] = options.Value.NodeName, ["checks"] = checks },
        };
        return TypedResults.Problem(problem);
    }

    // A query, not just a connection: a pooled connection opens without asking the database anything.
    private static async Task AskAsync(PlatformDatabase database, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(ct);
    }
}
