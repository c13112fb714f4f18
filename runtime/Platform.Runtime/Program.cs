using Platform.Runtime.Api;
using Platform.Runtime.Auth;
using Platform.Runtime.Cli;
using Platform.Runtime.Hosting;
using Platform.Runtime.Web;

var builder = WebApplication.CreateBuilder(Verbs.HostArguments(args));
builder.AddPlatformHosting();
builder.Services.AddPlatformEngine(builder.Configuration);
builder.Services.AddPlatformScheduler(builder.Configuration);
builder.Services.AddPlatformTelemetry(builder.Configuration);
builder.Services.AddPlatformAuth();
builder.Services.AddApiDocs();
builder.Services.AddProblemDetails();
builder.Services.AddPlatformWebApp();

var app = builder.Build();
if (Verbs.Handles(args)) return await Verbs.RunAsync(args, app.Services);

app.UseProxyHeaders();
app.UseSafeHeaders();
app.UseProblemStatusPages();
app.UseProblems();
app.UseAuthentication();
app.UseSessionAntiforgery();
app.UseAuthorization();
app.UsePasswordChangeGate();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapHealthApi();
app.MapAuthApi();
app.MapDirectoryApi();
app.MapAppsApi();
app.MapRolesApi();
app.MapPermissionsApi();
app.MapAuditApi();
app.MapFormsApi();
app.MapFormDraftsApi();
app.MapRecordsApi();
app.MapCommentsApi();
app.MapFilesApi();
app.MapExpressionsApi();
app.MapWorkflowsApi();
app.MapReportsApi();
app.MapViewsApi();
app.MapSheetsApi();
app.MapImportsApi();
app.MapPackagesApi();
app.MapApprovalsApi();
app.MapTasksApi();
app.MapDeliveriesApi();
app.MapHooksApi();
app.MapJobsApi();
app.MapApiDocs();
app.MapPlatformWebApp();

await app.Services.InitializePlatformAsync(app.Logger);
await app.RunAsync();
return 0;

/// <summary>Visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;
