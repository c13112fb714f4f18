using System.Text.Json;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Records.Query;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;

namespace Platform.Engine.Reports.Sql;

/// <summary>
/// What records are grouped by, as SQL: the expression of a group's value (over the form table <c>t</c>, and a join when
/// the values live beside it), the value as a result shows it, its label and the filter that finds its records again.
/// </summary>
internal abstract class GroupDimension(string key, QueryTarget target)
{
    public string Key => key;

    public QueryTarget Target => target;

    /// <summary>The join that brings the values in, named <paramref name="alias"/>; null when they are the table's own column.</summary>
    public virtual string? Join(SqlDialect dialect, string alias) => null;

    public abstract string Expression(SqlDialect dialect, string alias);

    /// <summary>How the database types a group's value.</summary>
    public virtual ColumnSpec ValueSpec => target.Spec!;

    /// <summary>A group's value as the result shows it (an option key, a user id, a bucket's first day).</summary>
    public abstract object? Value(SqlDialect dialect, object? stored);

    /// <summary>The condition that finds the records of the group with this value again (drill-down).</summary>
    public abstract Filter Drill(object? value);

    /// <summary>What the group's value points at, so its label can be looked up.</summary>
    public virtual ReferenceKind References => target.IsUser ? ReferenceKind.Users : target.IsDepartment ? ReferenceKind.Departments : ReferenceKind.None;

    /// <summary>The options of a select or tags field, whose labels and order its groups take.</summary>
    public IReadOnlyList<SelectOption>? Options { get; init; }

    /// <summary>The place of a group among its neighbours when the dimension has an order of its own (options, time); null to order by the measure.</summary>
    public virtual IComparable? Order(object? value) => Options is null
        ? null
        : value is string key && Options.Select(o => o.Key).ToList().IndexOf(key) is >= 0 and var index ? index : int.MaxValue;

}

/// <summary>A field held in the form's own column: a select, a yes/no, a single user or department, a relation, text or a number.</summary>
internal sealed class ColumnDimension(string key, QueryTarget target) : GroupDimension(key, target)
{
    public override string Expression(SqlDialect dialect, string alias) => "t." + dialect.Quote(Target.Column!);

    public override object? Value(SqlDialect dialect, object? stored) =>
        stored is null ? null : Target.Codec.FromStorage(dialect.FromDb(Target.Spec!, stored));

    public override Filter Drill(object? value) => value is null
        ? Condition.Of(Target.Key, "isEmpty")
        : new Condition(Target.Key, "eq", JsonSerializer.SerializeToElement(Target.Codec.Write(value)));
}

/// <summary>A field with many values per record (tags, several users): a record counts in the group of each of its values.</summary>
internal sealed class LinkDimension(string key, QueryTarget target) : GroupDimension(key, target)
{
    public override string? Join(SqlDialect dialect, string alias) =>
        $"LEFT JOIN {dialect.Quote(Target.Table!)} {alias} ON {alias}.record_id = t.id";

    public override string Expression(SqlDialect dialect, string alias) => alias + ".value";

    public override object? Value(SqlDialect dialect, object? stored) =>
        stored is null ? null : dialect.FromDb(Target.Spec!.Type == ColumnType.Integer ? ColumnType.Integer : ColumnType.Text, stored);

    public override Filter Drill(object? value) => value is null
        ? Condition.Of(Target.Key, "isEmpty")
        : Condition.Of(Target.Key, "contains", value);
}

/// <summary>
/// A date field bucketed by day, week, month, quarter or year in the viewer's time zone. The buckets' bounds are worked out
/// here, so a bucket is exact in any time zone (summer time included) and the same SQL serves every database: a search
/// through the bounds as nested CASEs, a few comparisons per record.
/// </summary>
internal sealed class BucketDimension(string key, QueryTarget target, DateBuckets buckets, ReportRun run, bool withinPeriod) : GroupDimension(key, target)
{
    public DateBuckets Buckets => buckets;

    public override string Expression(SqlDialect dialect, string alias) => throw new InvalidOperationException("A bucket's expression needs its arguments.");

    public string Expression(SqlDialect dialect, SqlArgs args)
    {
        var column = "t." + dialect.Quote(Target.Column!);
        if (buckets.Starts.Count == 0) return "NULL";
        var bounds = buckets.Starts.Skip(1).Select(day => args.Add(dialect.ToDb(Target.Spec!, run.Bound(Target, day)))).ToList();
        string Search(int from, int to) // the bucket among [from, to], knowing the value is within them
        {
            if (from == to) return from.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var middle = (from + to + 1) / 2; // bounds[middle - 1] is the start of bucket 'middle'
            return $"CASE WHEN {column} < {bounds[middle - 1]} THEN {Search(from, middle - 1)} ELSE {Search(middle, to)} END";
        }
        return Search(0, buckets.Starts.Count - 1);
    }

    /// <summary>The condition keeping records within the buckets, so none falls outside them; none when the report's period on this field already does.</summary>
    public Filter? Range => withinPeriod ? null : Bounds;

    /// <summary>The records within the buckets, whatever else the report asks (a ranking also reads the period before).</summary>
    public Filter? Bounds => buckets.Starts.Count == 0 ? null : run.Within(Target, buckets.Starts[0], buckets.End);

    public override object? Value(SqlDialect dialect, object? stored) =>
        stored is null ? null : buckets.Starts[(int)ReportRun.Count(stored)];

    public override Filter Drill(object? value) => value is DateOnly start
        ? run.Within(Target, start, buckets.EndOf(start))
        : Condition.Of(Target.Key, "isEmpty");

    public override ReferenceKind References => ReferenceKind.None;

    public override ColumnSpec ValueSpec => ColumnSpec.Id;

    public override IComparable? Order(object? value) => value is DateOnly day ? day : DateOnly.MaxValue;
}
