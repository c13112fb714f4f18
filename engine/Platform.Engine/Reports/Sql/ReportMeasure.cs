using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Records.Query;
using Platform.Engine.Reports.Definitions;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;
using Platform.Engine.Storage.Forms;

namespace Platform.Engine.Reports.Sql;

/// <summary>
/// A measure as SQL: its aggregate over the grouped records (optionally only those matching a condition, so one statement
/// counts a period and the one before, or won and closed deals, side by side) and how its value is read back.
/// </summary>
internal sealed class ReportMeasure
{
    public static readonly IReadOnlySet<string> Aggregates = new HashSet<string> { "count", "sum", "avg", "min", "max", "distinct" };

    private readonly string _aggregate;
    private readonly QueryTarget? _target;
    private readonly string? _where;
    private readonly string? _via;
    private readonly string? _viaRows;

    private ReportMeasure(Measure definition, string aggregate, QueryTarget? target, string? where, Filter? whereFilter, string? via, string? viaRows = null)
    {
        _viaRows = viaRows;
        Definition = definition;
        _aggregate = aggregate;
        _target = target;
        _where = where;
        WhereFilter = whereFilter;
        _via = via;
    }

    public Measure Definition { get; }

    public string Key => Definition.ResultKey;

    /// <summary>The measure's own condition as a filter: a cell's records are its row's drill and this.</summary>
    public Filter? WhereFilter { get; }

    /// <summary>The join that brings a related form's figures to each record (null for the form's own fields).</summary>
    public string? Join => Alone ? _viaRows : _via;

    /// <summary>
    /// Set when this is the only measure of its statement: a related form's records are then joined as they are and grouped
    /// once with the report's groups (what a hand-written GROUP BY does), rather than first grouped per record — nothing
    /// else in the statement could be counted once per related record.
    /// </summary>
    public bool Alone { get; set; }

    /// <summary>The aggregate over the grouped records that also match <paramref name="condition"/> (when given).</summary>
    public string Sql(SqlDialect dialect, string? condition = null)
    {
        var only = new[] { _where, condition }.OfType<string>().ToList();
        var test = only.Count == 0 ? null : string.Join(" AND ", only);
        string When(string value) => test is null ? value : $"CASE WHEN {test} THEN {value} END";
        if (_via is not null && Alone)
        {
            return _aggregate switch
            {
                "count" => $"COUNT({When(Alias + ".rid")})",
                "sum" => $"COALESCE(SUM({When(Alias + ".v")}), 0)",
                "avg" => $"AVG({When(Alias + ".v * 1.0")})",
                "min" => $"MIN({When(Alias + ".v")})",
                _ => $"MAX({When(Alias + ".v")})",
            };
        }
        if (_via is not null)
        {
            return _aggregate switch
            {
                "count" => $"COALESCE(SUM({When(Alias + ".c")}), 0)",
                "sum" => $"COALESCE(SUM({When(Alias + ".v")}), 0)",
                "avg" => $"SUM({When(Alias + ".v")}) * 1.0 / NULLIF(SUM({When(Alias + ".c")}), 0)",
                "min" => $"MIN({When(Alias + ".lo")})",
                _ => $"MAX({When(Alias + ".hi")})",
            };
        }
        var column = _target is null ? null : "t." + dialect.Quote(_target.Column!);
        return _aggregate switch
        {
            "count" => test is null ? "COUNT(*)" : $"COUNT({When("1")})",
            "sum" => $"COALESCE(SUM({When(column!)}), 0)",
            // An average of whole numbers keeps its fraction on every database.
            "avg" => $"AVG({When(column! + " * 1.0")})",
            "min" => $"MIN({When(column!)})",
            "max" => $"MAX({When(column!)})",
            _ => $"COUNT(DISTINCT {When(column!)})",
        };
    }

    /// <summary>The alias of the related figures' join.</summary>
    public string Alias { get; private init; } = "";

    /// <summary>A value the database gave back, as the report shows it: a count, a number in the field's own unit, or a date.</summary>
    public object? Read(SqlDialect dialect, object? value)
    {
        if (_aggregate is "count" or "distinct") return ReportRun.Count(value);
        if (value is null) return null;
        var spec = _target?.Spec;
        if (spec?.Type is ColumnType.Date or ColumnType.DateTime) return dialect.FromDb(spec, value);
        var number = ReportRun.Number(value)!.Value;
        if (spec is { Type: ColumnType.Fixed, Scale: { } scale }) number *= Values.FixedPoint.FromMinorUnits(1, scale);
        return _aggregate == "avg" ? Math.Round(number, 6) : number;
    }

    /// <summary>
    /// The filter of a cell's related records (the follow-ups behind a count per owner), on the related form: its own
    /// condition there, and the cell's records reached through the relation (<c>customer.owner = 5</c>). Null for a measure of the form's own records.
    /// </summary>
    public Filter? RelatedDrill(Filter? rowDrill) => _relation is null
        ? null
        : Kinds.ReportBasis.And(_viaWhere, Kinds.ReportBasis.And(rowDrill, WhereFilter)?.Through(_relation));

    /// <summary>The form a related measure counts the records of.</summary>
    public string? RelatedForm => Definition.Via?.Form;

    private string? _relation;
    private Filter? _viaWhere;

    /// <summary>Whether the measure adds up across groups (a total is then the sum of its parts).</summary>
    public bool Adds => _aggregate is "count" or "sum";

    /// <summary>The records counted.</summary>
    public static ReportMeasure Count() => new(new Measure { Key = "count" }, "count", null, null, null, null);

    /// <summary>Compiles <paramref name="definition"/> against the run's form; problems at <paramref name="place"/>.</summary>
    public static ReportMeasure? Create(ReportRun run, Measure definition, string place, SqlArgs args, int index)
    {
        if (!Aggregates.Contains(definition.Aggregate))
        {
            run.Errors.Add(new(place + ".aggregate", "report.unknownAggregate", definition.Aggregate, string.Join(", ", Aggregates)));
            return null;
        }
        if (definition.Via is { } via) return Related(run, definition, via, place, args, index);
        QueryTarget? target = null;
        if (definition.Aggregate != "count" || definition.Field is not null)
        {
            target = run.Field(definition.Field, place + ".field");
            if (target is null) return null;
            if (!Fits(run.Model, definition.Aggregate, target))
            {
                run.Errors.Add(new(place + ".field", "report.aggregateNotForField", definition.Aggregate, target.Key));
                return null;
            }
        }
        var whereFilter = run.ReadFilter(definition.Where, place + ".where");
        var where = whereFilter is null ? null : run.Condition(whereFilter, args, place + ".where");
        // A count of a field counts the records where it is filled in.
        if (definition.Aggregate == "count" && target is not null)
        {
            var filled = $"t.{run.Dialect.Quote(target.Column!)} IS NOT NULL";
            where = where is null ? filled : $"{where} AND {filled}";
            whereFilter = whereFilter is null ? Condition.Of(target.Key, "isNotEmpty") : new AndFilter([whereFilter, Condition.Of(target.Key, "isNotEmpty")]);
            target = null;
        }
        return new ReportMeasure(definition, definition.Aggregate, target, where, whereFilter, null);
    }

    /// <summary>
    /// A measure over the records of another form that point at each counted record: their figures are grouped per pointed-at
    /// record first (as the caller sees that form: their scope and fields there), then joined, so nothing is counted twice.
    /// </summary>
    private static ReportMeasure? Related(ReportRun run, Measure definition, RelatedSource via, string place, SqlArgs args, int index)
    {
        if (definition.Aggregate == "distinct")
        {
            run.Errors.Add(new(place + ".aggregate", "report.aggregateNotForField", definition.Aggregate, via.Form));
            return null;
        }
        if (run.Related(via.Form) is not { } form)
        {
            run.Errors.Add(new(place + ".via.form", "report.unknownForm", via.Form));
            return null;
        }
        var builder = run.BuilderFor(form);
        var relation = form.Field(via.Relation);
        if (relation is null || relation.Traits.References != ReferenceKind.Records || relation.Traits.RelatedForm != run.Model.Key || relation.Stored.Kind != StorageKind.Column)
        {
            run.Errors.Add(new(place + ".via.relation", "report.notRelation", via.Relation, via.Form, run.Model.Key));
            return null;
        }
        builder.Readable(via.Relation);
        QueryTarget? target = null;
        if (definition.Aggregate != "count")
        {
            target = definition.Field is null ? null : builder.Readable(definition.Field);
            if (target is null || !Fits(form, definition.Aggregate, target))
            {
                run.Errors.Add(new(place + ".field", target is null ? "unknownField" : "report.aggregateNotForField",
                    target is null ? definition.Field : definition.Aggregate, target?.Key));
                return null;
            }
        }
        var viaWhere = run.ReadFilter(via.Where, place + ".via.where");
        var inner = new List<Validation.ValidationError>();
        var where = builder.Where(viaWhere, args, inner);
        run.Errors.AddRange(inner.Select(e => e with { Field = place + ".via.where" }));
        var dialect = run.Dialect;
        var alias = "v" + index;
        // A count needs no column; 0 keeps the unused sums typed (PostgreSQL cannot sum an untyped NULL).
        var column = target is null ? "0" : "t." + dialect.Quote(target.Column!);
        var pointer = "t." + dialect.Quote(relation.Stored.Column!);
        var related = $"SELECT {pointer} AS rid, COUNT(*) AS c, SUM({column}) AS v, MIN({column}) AS lo, MAX({column}) AS hi " +
                      $"FROM {dialect.Quote(form.Table)} t WHERE {where} GROUP BY {pointer}";
        var rows = $"SELECT {pointer} AS rid, {column} AS v FROM {dialect.Quote(form.Table)} t WHERE {where}";
        var whereFilter = run.ReadFilter(definition.Where, place + ".where");
        var own = whereFilter is null ? null : run.Condition(whereFilter, args, place + ".where");
        return new ReportMeasure(definition, definition.Aggregate, target, own, whereFilter, $"LEFT JOIN ({related}) {alias} ON {alias}.rid = t.id",
            $"LEFT JOIN ({rows}) {alias} ON {alias}.rid = t.id")
        { Alias = alias, _relation = via.Relation, _viaWhere = viaWhere };
    }

    /// <summary>Sums and averages need numbers; the smallest and largest, numbers or dates; a count of different values, any single value.</summary>
    private static bool Fits(FormModel form, string aggregate, QueryTarget target)
    {
        if (!target.IsColumn) return false;
        var number = target.Spec!.Type is ColumnType.Decimal or ColumnType.Fixed or ColumnType.Integer && !target.IsUser && !target.IsDepartment &&
                     form.Field(target.Key) is { } field && field.Traits.References == ReferenceKind.None;
        return aggregate switch
        {
            "sum" or "avg" => number,
            "min" or "max" => number || target.Spec.Type is ColumnType.Date or ColumnType.DateTime,
            _ => true,
        };
    }
}
