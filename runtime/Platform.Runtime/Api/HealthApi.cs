using Platform.Engine.Storage;

namespace Platform.Runtime.Api;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (PlatformDatabase database, CancellationToken ct) =>
        {
            // A query, not just a connection: a pooled connection opens without asking the database anything.
            await using var connection = await database.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(ct);
            return TypedResults.Ok(new HealthResponse("ok", database.Dialect.Name));
        }).WithName("Health").WithSummary("Liveness and database reachability").WithTags("Health").AllowAnonymous();
        return app;
    }
}
