using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Engine.Jobs;
using Platform.Engine.Validation;

namespace Platform.Runtime.Api;

/// <summary><c>/api/jobs/{id}</c>: a background job's progress (done of total), and how it ended; for who started it and admins.</summary>
public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/jobs/{id:long}", GetAsync).WithTags("Jobs").RequireAuthorization().WithName("GetJob")
            .WithSummary("A background job: queued, running (done of total), done (what it changed) or failed (why)").ProducesProblem(401).ProducesProblem(404);
        return app;
    }

    private static async Task<Ok<JobInfo>> GetAsync(long id, HttpContext context, JobService jobs)
    {
        var job = await jobs.GetAsync(id, context.RequestAborted);
        var caller = await context.CallerAsync();
        return job.UserId == caller.UserId || caller.IsAdmin ? TypedResults.Ok(job) : throw new NotFoundException("job.notFound", id);
    }
}
