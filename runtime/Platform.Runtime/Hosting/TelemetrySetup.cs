using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Platform.Engine.Telemetry;

namespace Platform.Runtime.Hosting;

/// <summary>
/// OpenTelemetry, exported over OTLP when an operator names a collector with the standard settings
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, and <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_SERVICE_NAME</c>… as environment
/// variables or any configuration source): traces of requests, database calls (Npgsql), workflow runs and imports; metrics
/// of the same; logs with their trace and span and their scopes (a request's id, a workflow run's). Without a collector nothing is collected, so nothing costs.
/// </summary>
public static class TelemetrySetup
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddPlatformTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[EndpointSetting])) return services;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "platform", serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource(PlatformTelemetry.Name, "Npgsql"))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter(PlatformTelemetry.Name, "Npgsql"))
            .WithLogging(_ => { }, logs => logs.IncludeScopes = true)
            .UseOtlpExporter();
        return services;
    }
}
