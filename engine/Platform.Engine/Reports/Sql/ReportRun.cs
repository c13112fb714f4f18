using System.Globalization;
using System.Text.Json;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Reports.Definitions;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;
using Platform.Engine.Validation;

namespace Platform.Engine.Reports.Sql;

/// <summary>
/// One run of one report as one caller sees its form: the pieces a kind compiles its statement from (fields they can
/// read, their row scope, periods in their time zone), the problems found on the way, and the reading of grouped rows.
/// A check at publish is a run that finds problems and reads nothing.
/// </summary>
internal sealed class ReportRun(RecordService records, RecordQueryBuilder builder, FormModel model, CallerContext caller,
    IReadOnlyDictionary<string, FormModel> related, DateTime now, bool dry, ReportCache? cache = null)
{
    private long? _version;

    public SqlDialect Dialect { get; } = records.Database.Dialect;

    public PlatformDatabase Database => records.Database;

    public FormModel Model => model;

    public CallerContext Caller => caller;

    /// <summary>Reads of the form as the caller sees it, able to follow its relations in a filter (<c>customer.region</c>).</summary>
    public RecordQueryBuilder Builder => builder;

    public List<ValidationError> Errors { get; } = [];

    public List<ValidationError> Warnings { get; } = [];

    public DateTime Now => now;

    public bool Dry => dry;

    public string Table => Dialect.Quote(model.Table);

    /// <summary>The most groups a grouping shows; more are left out with a message.</summary>
    public int MaxGroups { get; init; } = 1000;

    /// <summary>Extra conditions the viewer gave (a dashboard's shared filters, a drill), ANDed to the report's own.</summary>
    public Filter? Overrides { get; init; }

    /// <summary>A related form this report reads through a relation, loaded before the run.</summary>
    public FormModel? Related(string formKey) => related.GetValueOrDefault(formKey);

    public RecordQueryBuilder BuilderFor(FormModel form) => records.QueryBuilder(form, caller);

    /// <summary>A field of the form the caller can read, by key; an error at <paramref name="place"/> when there is none.</summary>
    public QueryTarget? Field(string? key, string place)
    {
        if (string.IsNullOrEmpty(key))
        {
            Errors.Add(new(place, "required"));
            return null;
        }
        var target = Builder.Readable(key);
        if (target is null) Errors.Add(new(place, "unknownField", key));
        return target;
    }

    /// <summary>A filter written in a definition, read with the record filter language; problems at <paramref name="place"/>.</summary>
    public Filter? ReadFilter(JsonElement? json, string place)
    {
        if (json is not { } value || value.ValueKind == JsonValueKind.Null) return null;
        var problems = new List<ValidationError>();
        var filter = QueryJson.ReadFilter(value, problems);
        Errors.AddRange(problems.Select(p => p with { Field = place }));
        return problems.Count > 0 ? null : filter;
    }

    /// <summary>The condition of a filter in SQL (over the form table <c>t</c>), its problems at <paramref name="place"/>.</summary>
    public string Condition(Filter filter, SqlArgs args, string place)
    {
        var problems = new List<ValidationError>();
        var sql = Builder.Condition(filter, args, problems);
        Errors.AddRange(problems.Select(p => Placed(p, place)));
        return sql;
    }

    /// <summary>The WHERE of the report: live records in the caller's scope, matching the report's filter, the viewer's and <paramref name="also"/>.</summary>
    public string Where(Filter? filter, SqlArgs args, Filter? also = null)
    {
        var problems = new List<ValidationError>();
        var parts = new[] { filter, Overrides, also }.OfType<Filter>().ToList();
        var sql = Builder.Where(parts.Count == 0 ? null : parts.Count == 1 ? parts[0] : new AndFilter(parts), args, problems);
        Errors.AddRange(problems.Select(p => Placed(p, "filter")));
        return sql;
    }

    private static ValidationError Placed(ValidationError problem, string place) => problem.Field == "filter" ? problem with { Field = place } : problem;

    /// <summary>The rows of a grouped statement, each as its column values; nothing at all in a check.</summary>
    public async Task<List<object?[]>> QueryAsync(string sql, SqlArgs args, CancellationToken ct)
    {
        var rows = new List<object?[]>();
        if (dry) return rows;
        await using var connection = await records.Database.OpenAsync(ct);
        string? key = null;
        if (cache is { Enabled: true })
        {
            // Read before the statement: a write in between leaves the answer filed under the older version, never the newer.
            _version ??= await VersionAsync(connection, ct);
            key = sql + "\n" + args.Fingerprint();
            if (cache.Find(key, _version.Value) is { } kept) return kept;
        }
        await using var transaction = Dialect.PlanForValues is null ? null : await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (Dialect.PlanForValues is { } plan)
        {
            command.CommandText = plan;
            await command.ExecuteNonQueryAsync(ct);
        }
        command.CommandText = sql;
        args.ApplyTo(command);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        if (key is not null) cache!.Keep(key, _version!.Value, rows);
        return rows;
    }

    /// <summary>The newest change event of the forms this report reads: a write to any of them changes it.</summary>
    private async Task<long> VersionAsync(System.Data.Common.DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        var args = new SqlArgs();
        var forms = related.Values.Select(f => f.FormId).Append(model.FormId).Distinct().ToList();
        command.CommandText = $"SELECT MAX(id) FROM pf_outbox WHERE {Dialect.InIds("form_id", args.Add(Dialect.IdsParameter(forms)))}";
        args.ApplyTo(command);
        return await command.ExecuteScalarAsync(ct) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The days between the first and the last date a field holds among the report's records, in the caller's time zone.</summary>
    public async Task<(DateOnly From, DateOnly To)?> SpanAsync(QueryTarget target, Filter? filter, CancellationToken ct)
    {
        var args = new SqlArgs();
        var column = "t." + Dialect.Quote(target.Column!);
        var rows = await QueryAsync($"SELECT MIN({column}), MAX({column}) FROM {Table} t WHERE {Where(filter, args)}", args, ct);
        if (rows is not [[{ } first, { } last]]) return null;
        return (Day(Dialect.FromDb(target.Spec!, first)!), Day(Dialect.FromDb(target.Spec!, last)!).AddDays(1));
    }

    private DateOnly Day(object value) => value is DateTime instant
        ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(instant, caller.TimeZone))
        : (DateOnly)value;

    /// <summary>A number as a report shows it: counts whole, everything else a decimal.</summary>
    public static decimal? Number(object? value) => value switch
    {
        null => null,
        decimal d => d,
        double d => (decimal)d,
        float f => (decimal)f,
        string s => decimal.Parse(s, CultureInfo.InvariantCulture),
        _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
    };

    public static long Count(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    /// <summary>The period's days in the caller's time zone ([from, to)), or null without a period.</summary>
    public (DateOnly From, DateOnly To)? Days(ReportPeriod? period, string place)
    {
        if (period is null) return null;
        if (period.Range is { } range)
        {
            if (!RelativeDates.Operators.Contains(range))
            {
                Errors.Add(new(place + ".range", "report.unknownRange", range, string.Join(", ", RelativeDates.Operators.Order(StringComparer.Ordinal))));
                return null;
            }
            var days = period.Days ?? 0;
            if (RelativeDates.NeedsCount(range) && days is < 1 or > 36_600)
            {
                Errors.Add(new(place + ".days", "filter.days", range));
                return null;
            }
            return RelativeDates.Range(range, Builder.Today, days);
        }
        if (period is { From: { } from, To: { } to } && from < to) return (from, to);
        Errors.Add(new(place, "report.period"));
        return null;
    }

    /// <summary>
    /// The span just before a period, as long: the month before a month (whatever its days), else as many days before.
    /// </summary>
    public static (DateOnly From, DateOnly To) Previous((DateOnly From, DateOnly To) days)
    {
        if (days.From.Day == 1 && days.To.Day == 1)
        {
            var months = (days.To.Year - days.From.Year) * 12 + days.To.Month - days.From.Month;
            return (days.From.AddMonths(-months), days.From);
        }
        var length = days.To.DayNumber - days.From.DayNumber;
        return (days.From.AddDays(-length), days.From);
    }

    /// <summary>The records of a date field within [from, to) days in the caller's time zone, as a filter that reproduces it.</summary>
    public Filter Within(QueryTarget target, DateOnly from, DateOnly to) =>
        new AndFilter([Records.Query.Condition.Of(target.Key, "gte", Bound(target, from)), Records.Query.Condition.Of(target.Key, "lt", Bound(target, to))]);

    /// <summary>A day's start as the field compares it: the day itself, or the instant it starts in the caller's time zone.</summary>
    public object Bound(QueryTarget target, DateOnly day) => target.Spec!.Type == ColumnType.DateTime
        ? TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), caller.TimeZone)
        : day;

    public bool IsDate(QueryTarget target) => target.IsColumn && target.Spec!.Type is ColumnType.Date or ColumnType.DateTime;
}
