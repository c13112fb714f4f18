using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Platform.Runtime.Api;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> and a docs page at <c>/docs</c>. The document is
/// OpenAPI 3.0, which every client generator reads; it names the bearer scheme, so the docs page can
/// sign in, and every route that needs a sign-in says so, with its 401 (and 403 for admin routes).
/// </summary>
public static class ApiDocs
{
    private const string Bearer = "Bearer";

    public static IServiceCollection AddApiDocs(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "opaque token from POST /api/auth/token",
                Description = "Sign in with POST /api/auth/token, then send Authorization: Bearer <token>.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any() ||
                !metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any())
                return Task.CompletedTask;
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] });
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No token, or one that is not valid (problem+json)" });
            if (metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any(a => a.Policy == Auth.AuthRegistration.AdminPolicy))
                operation.Responses.TryAdd("403", new OpenApiResponse { Description = "Signed in, but not an admin (problem+json)" });
            return Task.CompletedTask;
        });
    });

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs").AllowAnonymous();
        return app;
    }
}
