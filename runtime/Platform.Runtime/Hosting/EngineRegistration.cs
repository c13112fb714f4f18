using Microsoft.Extensions.Options;
using Platform.Engine.Apps;
using Platform.Engine.Formulas;
using Platform.Engine.Notifications;
using Platform.Engine.Notifications.Deliveries;
using Platform.Engine.Records;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;
using Platform.Engine.Storage.Schema;
using Platform.Engine.Users;
using Platform.Engine.Workflows;
using Platform.Engine.Workflows.Runs;
using Platform.Engine.Workflows.Timers;

namespace Platform.Runtime.Hosting;

public static class EngineRegistration
{
    /// <summary>The engine's services over the configured database.</summary>
    public static IServiceCollection AddPlatformEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PlatformOptions>(configuration.GetSection("Platform"));
        services.PostConfigure<PlatformOptions>(options =>
        {
            if (configuration["data"] is { Length: > 0 } data) options.DataDirectory = data;
            if (options.Files.Directory.Length == 0) options.Files.Directory = Path.Combine(options.DataDirectory, "files");
        });
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PlatformOptions>>().Value.ClockOffset is var offset && offset != TimeSpan.Zero
            ? new OffsetClock(offset) : TimeProvider.System);
        services.AddSingleton(sp => CreateDatabase(sp.GetRequiredService<IOptions<PlatformOptions>>().Value));
        services.AddSingleton(_ => new ScriptSandbox());
        services.AddSingleton(sp => new FormulaService(sp.GetRequiredService<ScriptSandbox>()));
        services.AddSingleton<AppService>();
        services.AddSingleton<FormService>();
        // Steps other engines register (IRecordStep) join the built-in ones in the one record pipeline.
        services.AddSingleton(sp => new RecordService(sp.GetRequiredService<PlatformDatabase>(), sp.GetRequiredService<ScriptSandbox>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<PlatformOptions>>().Value.Records,
            steps: sp.GetServices<Platform.Engine.Records.Pipeline.IRecordStep>()));
        services.AddSingleton<FormDrafts>();
        services.AddSingleton<FormPublisher>();
        // Long work out of requests: each kind of job is a runner; the job host runs them in the background.
        services.AddSingleton<Platform.Engine.Jobs.JobRunner, RecomputeJob>();
        services.AddSingleton<Platform.Engine.Jobs.JobRunner, Platform.Engine.Sheets.Import.ImportJob>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PlatformOptions>>().Value.Jobs);
        services.AddSingleton<Platform.Engine.Jobs.JobService>();
        services.AddSingleton(sp => new DailyRecompute(sp.GetRequiredService<PlatformDatabase>(), sp.GetRequiredService<Platform.Engine.Jobs.JobService>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<CallerFactory>().DefaultZone));
        services.AddHostedService<JobHost>();
        services.AddSingleton<StorageUpgrade>();
        services.AddSingleton(sp => new CallerFactory(sp.GetRequiredService<IOptions<PlatformOptions>>().Value.TimeZone));
        services.AddSingleton<UserService>();
        services.AddSingleton<DepartmentService>();
        services.AddSingleton<RoleService>();
        services.AddSingleton<PermissionService>();
        services.AddSingleton<AccessResolver>();
        services.AddSingleton<UserAttributes>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<PersonalTokens>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<Platform.Engine.Comments.CommentService>();
        // Uploaded files: kept by content hash, linked by attachment fields (a person links only their own), downloaded through records.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PlatformOptions>>().Value.Files);
        services.AddSingleton<Platform.Engine.Files.FileStore>();
        services.AddSingleton<Platform.Engine.Files.RecordFiles>();
        services.AddSingleton<Platform.Engine.Records.Pipeline.IRecordStep, Platform.Engine.Files.CheckFilesStep>();
        services.AddSingleton(sp => new WorkflowOptions
        {
            TimeZone = sp.GetRequiredService<CallerFactory>().DefaultZone,
            Lease = sp.GetRequiredService<IOptions<PlatformOptions>>().Value.WorkflowLease,
        });
        services.AddSingleton<WorkflowService>();
        services.AddSingleton<Platform.Engine.Reports.ReportService>();
        services.AddSingleton<Platform.Engine.Reports.Dashboards.DashboardService>();
        services.AddSingleton<Platform.Engine.Views.ViewService>();
        services.AddSingleton<Platform.Engine.Sheets.RecordExport>();
        services.AddSingleton<Platform.Engine.Users.ReferenceNames>();
        services.AddSingleton<Platform.Engine.Users.ReferenceCandidates>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PlatformOptions>>().Value.Imports);
        services.AddSingleton<Platform.Engine.Sheets.Import.ImportService>();
        // Each part of a package is one class; the package service runs them in their order.
        services.AddSingleton<Platform.Engine.Packages.PackagePart, Platform.Engine.Packages.FormsPart>();
        services.AddSingleton<Platform.Engine.Packages.PackagePart, Platform.Engine.Packages.RolesPart>();
        services.AddSingleton<Platform.Engine.Packages.PackagePart, Platform.Engine.Packages.WorkflowsPart>();
        services.AddSingleton<Platform.Engine.Packages.PackagePart, Platform.Engine.Packages.ReportsPart>();
        services.AddSingleton<Platform.Engine.Packages.PackagePart, Platform.Engine.Packages.DashboardsPart>();
        services.AddSingleton<Platform.Engine.Packages.PackagePart, Platform.Engine.Packages.ViewsPart>();
        services.AddSingleton<Platform.Engine.Packages.PackagePart, Platform.Engine.Packages.RecordsPart>();
        services.AddSingleton<Platform.Engine.Packages.PackageService>();
        services.AddSingleton<PlatformSettings>();
        services.AddSingleton<Platform.Engine.Packages.FirstStart>();
        services.AddSingleton<Platform.Engine.Packages.SampleData>();
        services.AddSingleton<TimerSchedule>();
        services.AddSingleton<Platform.Engine.Records.Pipeline.IRecordStep, ScheduleTimersStep>();
        services.AddSingleton<TimerPump>();
        services.AddSingleton<TimerRefill>();
        services.AddSingleton<WorkflowDispatcher>();
        services.AddSingleton<WorkflowRunner>();
        services.AddSingleton<RunService>();
        services.AddSingleton<Platform.Engine.Workflows.Approvals.ApprovalService>();
        services.AddSingleton<Platform.Engine.Workflows.Tasks.TaskService>();
        services.AddSingleton<IAppStarter>(sp => sp.GetRequiredService<Platform.Engine.Workflows.Tasks.TaskService>());
        services.AddSingleton<Platform.Engine.Workflows.Hooks.HookService>();
        services.AddSingleton<Platform.Engine.Workflows.Churn.ChurnService>();
        // The warning step reads snoozes alone: it is built with the record service's steps, so it cannot need that service.
        services.AddSingleton<Platform.Engine.Workflows.Churn.ChurnSnoozes>();
        services.AddSingleton<Platform.Engine.Records.Pipeline.IRecordStep, Platform.Engine.Workflows.Churn.ChurnWarningsStep>();
        // Messages outside the app: queued in the transaction that causes them, sent by the delivery host on each channel.
        services.AddSingleton<DeliveryChannel>(sp => new EmailChannel(sp.GetRequiredService<IOptions<PlatformOptions>>().Value.Mail));
        services.AddSingleton<DeliveryChannel, DingTalkChannel>();
        services.AddSingleton<DeliveryChannel, WeComChannel>();
        services.AddSingleton<DeliveryChannels>();
        services.AddSingleton<DeliveryService>();
        services.AddHostedService<DeliveryHost>();
        services.AddHostedService<WorkflowHost>();
        services.AddHostedService<ChangeListener>();
        // The one client for every call to the outside: webhooks and notifications go through it, never a client of their own.
        services.AddSingleton(sp => new Platform.Engine.Outbound.OutboundClient(new Platform.Engine.Outbound.OutboundOptions
        {
            AllowedHosts = sp.GetRequiredService<IOptions<PlatformOptions>>().Value.OutboundAllowedHosts.ToHashSet(StringComparer.OrdinalIgnoreCase),
        }));
        return services;
    }

    /// <summary>
    /// Creates the platform tables on an empty database, upgrades storage, installs the first start's templates and the
    /// first admin from the environment — by one node at a time, so nodes started together do each once.
    /// </summary>
    public static Task InitializePlatformAsync(this IServiceProvider services, ILogger logger) =>
        services.GetRequiredService<PlatformDatabase>().ExclusivelyAsync("platform-start", async () =>
        {
            await services.InitializeAloneAsync(logger);
            return 0;
        });

    private static async Task InitializeAloneAsync(this IServiceProvider services, ILogger logger)
    {
        var database = services.GetRequiredService<PlatformDatabase>();
        await SystemSchema.MigrateAsync(database);
        foreach (var upgrade in await services.GetRequiredService<StorageUpgrade>().RunAsync(dryRun: false))
        {
            if (upgrade.Upgraded) logger.LogInformation("Upgraded the storage of {App}/{Form} in place.", upgrade.App, upgrade.Form);
            else logger.LogWarning("Left the storage of {App}/{Form} as it was: {Values} value(s) are beyond what it would hold ({Fields}). Change them, then restart.",
                upgrade.App, upgrade.Form, upgrade.Plan.DataLoss.Sum(l => l.Count), string.Join(", ", upgrade.Plan.DataLoss.Select(l => l.Field)));
        }
        await services.InstallFirstStartTemplatesAsync(logger);
        var configuration = services.GetRequiredService<IConfiguration>();
        var users = services.GetRequiredService<UserService>();
        if (await users.AnyAsync()) return;
        if (configuration["PLATFORM_ADMIN_EMAIL"] is { Length: > 0 } email && configuration["PLATFORM_ADMIN_PASSWORD"] is { Length: > 0 } password)
        {
            await users.CreateAsync(email, password, "Administrator", isAdmin: true);
            logger.LogInformation("Created the first admin, {Email}, from PLATFORM_ADMIN_EMAIL.", email);
        }
        else
        {
            logger.LogWarning("No users yet. Set PLATFORM_ADMIN_EMAIL and PLATFORM_ADMIN_PASSWORD, or run: dotnet run --project runtime/Platform.Runtime -- admin create --email you@example.com --password ...");
        }
    }

    /// <summary>The templates a new installation opens on (<c>Platform:FirstStartTemplates</c>), installed once per database.</summary>
    internal static async Task InstallFirstStartTemplatesAsync(this IServiceProvider services, ILogger logger)
    {
        var names = services.GetRequiredService<IOptions<PlatformOptions>>().Value.FirstStartTemplates
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Except(BuiltInTemplates.Names).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException($"Platform:FirstStartTemplates names {string.Join(", ", unknown)}, which this runtime does not have; it has: {string.Join(", ", BuiltInTemplates.Names)}.");
        var packages = services.GetRequiredService<Platform.Engine.Packages.PackageService>();
        var templates = names.Select(name => (name, (Func<System.Text.Json.Nodes.JsonObject>)(() => BuiltInTemplates.Read(name, packages)!))).ToList();
        foreach (var done in await services.GetRequiredService<Platform.Engine.Packages.FirstStart>().InstallAsync(templates))
            logger.LogInformation("First start: installed the {Template} template ({Package} {Version}) as the app '{App}'.",
                done.Template, done.Installed!.Package, done.Installed.Version, done.Installed.App);
    }

    private static PlatformDatabase CreateDatabase(PlatformOptions options)
    {
        var dialect = SqlDialect.ForProvider(options.Database.Provider);
        var connectionString = options.Database.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (dialect is not SqliteDialect)
                throw new InvalidOperationException($"Platform:Database:ConnectionString is required for {dialect.Name}.");
            Directory.CreateDirectory(options.DataDirectory);
            connectionString = $"Data Source={Path.Combine(options.DataDirectory, "platform.db")};Default Timeout=30";
        }
        return new PlatformDatabase(dialect, connectionString);
    }
}
