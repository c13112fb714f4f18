using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using Platform.Engine.Workflows.Timers;
using Quartz;

namespace Platform.Runtime.Hosting;

/// <summary>
/// Quartz.NET runs the pump that fires the due times of workflows, once a second, from a persistent job store: its own
/// SQLite file beside the database on one node (so the scheduler never waits on the records' writer), clustered in the
/// platform's database on PostgreSQL and SQL Server (one node pumps at a time; another takes over when it dies).
/// </summary>
public static class SchedulerSetup
{
    public static IServiceCollection AddPlatformScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Platform").Get<PlatformOptions>() ?? new PlatformOptions();
        if (configuration["data"] is { Length: > 0 } data) options.DataDirectory = data;
        services.AddQuartz(quartz =>
        {
            quartz.UsePersistentStore(store =>
            {
                var connectionString = options.Database.ConnectionString;
                switch (options.Database.Provider.ToLowerInvariant())
                {
                    case "postgres":
                        store.UsePostgres(NpgsqlFactory.Instance, connectionString!);
                        store.UseClustering();
                        break;
                    case "sqlserver":
                        store.UseSqlServer(SqlClientFactory.Instance, connectionString!);
                        store.UseClustering();
                        break;
                    default:
                        Directory.CreateDirectory(options.DataDirectory);
                        store.UseSqlite(SqliteFactory.Instance, $"Data Source={Path.Combine(options.DataDirectory, "scheduler.db")}");
                        break;
                }
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });
            quartz.ScheduleJob<DueTimesJob>(trigger => trigger.WithIdentity("due-times").StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(TimeSpan.FromSeconds(1)).RepeatForever()));
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>Fires every due time that has come, in batches; one at a time across the cluster.</summary>
    [DisallowConcurrentExecution]
    internal sealed class DueTimesJob(TimerPump pump) : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            while (await pump.FireDueAsync(cancellationToken) > 0)
            {
            }
        }
    }
}
