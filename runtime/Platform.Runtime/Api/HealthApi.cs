using Platform.Engine.Storage;

namespace Platform.Runtime.Api;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (PlatformDatabase database, CancellationToken ct) =>
        {
            await using var connection = await database.OpenAsync(ct);
            return TypedResults.Ok(new HealthResponse("ok", database.Dialect.Name));
        }).WithName("Health").WithSummary("Liveness and database reachability").WithTags("Health").AllowAnonymous();
        return app;
    }
}
