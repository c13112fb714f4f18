using Scalar.AspNetCore;

namespace Platform.Runtime.Api;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and a docs page at <c>/docs</c>.</summary>
public static class ApiDocs
{
    public static IServiceCollection AddApiDocs(this IServiceCollection services) => services.AddOpenApi();

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs").AllowAnonymous();
        return app;
    }
}
