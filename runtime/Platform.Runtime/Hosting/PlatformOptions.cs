namespace Platform.Runtime.Hosting;

/// <summary>The <c>Platform</c> configuration section.</summary>
public sealed class PlatformOptions
{
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Where the embedded database and files live; <c>--data</c> on the command line.</summary>
    public string DataDirectory { get; set; } = "data";

    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;

    public int MaxJsonDepth { get; set; } = 64;

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Sign-in attempts allowed per client address and minute (beyond: 429); raise it for load tests on the loopback.</summary>
    public int SignInsPerMinute { get; set; } = 30;

    /// <summary>
    /// Calls each token or web session may make a second (bursts up to twice that; beyond: 429 and Retry-After); 0 for
    /// no limit. Jiandaoyun allows 20 writes a second; an integration here may go five times faster before it is slowed.
    /// </summary>
    public int RequestsPerSecondPerToken { get; set; } = 100;

    /// <summary>
    /// How long a workflow run stays with a node past its last step before another node takes it up (<c>Platform:WorkflowLease</c>):
    /// how soon a dead node's runs go on elsewhere. Keep it longer than a step takes (calls to the outside give up after 10 s).
    /// </summary>
    public TimeSpan WorkflowLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// What this node is called in <c>/health</c> answers (<c>Platform:NodeName</c>; the machine's name by default): which
    /// node a load balancer sent a request to.
    /// </summary>
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>
    /// Reverse proxies (addresses or networks such as <c>10.0.0.0/8</c>) whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed, beside the loopback: a client's address then counts for sign-in limits and
    /// the audit log rather than the proxy's. A header from anyone else is ignored.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Moves the platform's clock (tests of what falls due while the process was down); zero in production.</summary>
    public TimeSpan ClockOffset { get; set; }

    /// <summary>The zone "today" means when a request names none (header <c>X-Time-Zone</c>).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// Internal hosts (<c>host</c> or <c>host:port</c>) that calls to the outside (webhooks, notifications) may reach
    /// although they resolve to this machine or a private network; every other such address is refused.
    /// </summary>
    public List<string> OutboundAllowedHosts { get; set; } = [];

    /// <summary>
    /// The built-in templates (<c>templates/</c>) installed on the first start of a database without apps, comma-separated;
    /// empty for none. By default a new installation opens on the CRM.
    /// </summary>
    public string FirstStartTemplates { get; set; } = "crm-lifecycle";

    /// <summary>Limits of uploaded sheets (<c>Platform:Imports:MaxFileBytes</c>, <c>MaxColumns</c>, <c>MaxRows</c>…) and the rows written per transaction.</summary>
    public Platform.Engine.Sheets.Import.ImportOptions Imports { get; set; } = new();

    /// <summary>Limits of record reads and writes (<c>Platform:Records:MaxPageSize</c>, <c>MaxBatchSize</c>, <c>LargeForm</c>).</summary>
    public Platform.Engine.Records.RecordOptions Records { get; set; } = new();

    /// <summary>Uploaded files (<c>Platform:Files:MaxFileBytes</c>; <c>Directory</c>, by default <c>{DataDirectory}/files</c>).</summary>
    public Platform.Engine.Files.FileStoreOptions Files { get; set; } = new() { Directory = "" };

    /// <summary>How long a background job stays with a process that stopped reporting (<c>Platform:Jobs:Lease</c>, e.g. <c>00:00:30</c>).</summary>
    public Platform.Engine.Jobs.JobOptions Jobs { get; set; } = new();

    /// <summary>The SMTP server email notifications go through (<c>Platform:Mail:Host</c>, <c>Port</c>, <c>Security</c>, <c>User</c>, <c>Password</c>, <c>From</c>).</summary>
    public Platform.Engine.Notifications.Deliveries.MailOptions Mail { get; set; } = new();
}

public sealed class DatabaseOptions
{
    /// <summary>sqlite (default), postgres or sqlserver.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Empty for SQLite means <c>{DataDirectory}/platform.db</c>.</summary>
    public string? ConnectionString { get; set; }
}
