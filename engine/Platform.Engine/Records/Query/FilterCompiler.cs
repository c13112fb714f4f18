using System.Text.Json;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;
using Platform.Engine.Storage.Forms;
using Platform.Engine.Validation;
using Platform.Engine.Values;

namespace Platform.Engine.Records.Query;

/// <summary>
/// Turns a filter tree into a SQL condition on the form table (alias <c>t</c>). Values become
/// parameters; which operators apply follows from where a field is stored, in this one place.
/// </summary>
internal sealed class FilterCompiler(SqlDialect dialect, IReadOnlyDictionary<string, QueryTarget> targets, CallerContext context, DateOnly today, SqlArgs args,
    long formId, IReadOnlyDictionary<string, RecordQueryBuilder>? related = null)
{
    private const int MaxListValues = 1000;
    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> Errors => _errors;

    public string Compile(Filter filter) => filter switch
    {
        AndFilter and => and.Items.Count == 0 ? "1=1" : "(" + string.Join(" AND ", and.Items.Select(Compile)) + ")",
        OrFilter or => or.Items.Count == 0 ? "1=0" : "(" + string.Join(" OR ", or.Items.Select(Compile)) + ")",
        NotFilter not => "NOT (" + Compile(not.Item) + ")",
        Condition condition => Compile(condition),
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };

    public string Column(QueryTarget target) => "t." + dialect.Quote(target.Column!);

    private string Compile(Condition condition)
    {
        if (Path(condition) is { } path) return path;
        if (!targets.TryGetValue(condition.Field, out var target)) return Error(new("filter", "unknownField", condition.Field));
        var op = condition.Op;
        if (CallerSet(target, condition.Value) is { } set)
        {
            return op switch
            {
                "eq" when target.IsColumn => $"{Column(target)} IN ({set})",
                "ne" when target.IsColumn => $"({Column(target)} NOT IN ({set}) OR {Column(target)} IS NULL)",
                "contains" when target.Kind == StorageKind.Link => Exists(target, $"l.value IN ({set})"),
                _ => Error(new("filter", "filter.operatorNotForField", op, condition.Field)),
            };
        }
        if (!FilterOperators.Of(target).Contains(op))
            return Error(IsKnown(op) ? new("filter", "filter.operatorNotForField", op, condition.Field) : new("filter", "filter.unknownOperator", op));
        return op switch
        {
            "isEmpty" => Empty(target, true),
            "isNotEmpty" => Empty(target, false),
            "eq" or "ne" or "gt" or "gte" or "lt" or "lte" when target.IsColumn => Compare(target, op, condition.Value),
            "between" when target.IsColumn => Between(target, condition.Value),
            "in" when target.IsColumn => $"{Column(target)} IN ({string.Join(", ", ReadList(target, condition.Value).Select(v => args.Add(v)))})",
            "in" when target.Kind == StorageKind.Link => Exists(target, $"l.value IN ({string.Join(", ", ReadList(target, condition.Value).Select(v => args.Add(v)))})"),
            "contains" when target.IsColumn && target.Spec!.Type == ColumnType.Text => Like(target, condition.Value, prefixOnly: false),
            "contains" when target.Kind == StorageKind.Link => Exists(target, "l.value = " + args.Add(ReadOne(target, condition.Value))),
            "startsWith" when target.IsColumn && target.Spec!.Type == ColumnType.Text => Like(target, condition.Value, prefixOnly: true),
            "entered" when target.Codec is OptionCodec => Entered(target, condition.Value),
            _ when RelativeDates.Operators.Contains(op) && target.IsColumn && target.Spec!.Type is ColumnType.Date or ColumnType.DateTime =>
                Relative(target, op, condition.Value),
            _ => Error(new("filter", "filter.operatorNotForField", op, condition.Field)),
        };
    }

    /// <summary>
    /// A condition on a field of the record a relation points at (<c>customer.region</c>): the records whose relation points
    /// at a record that holds it — among the related records the caller may see, over the fields they may read there.
    /// </summary>
    private string? Path(Condition condition)
    {
        var dot = condition.Field.IndexOf(Filter.PathSeparator);
        if (dot <= 0 || related is null || !related.TryGetValue(condition.Field[..dot], out var builder) ||
            !targets.TryGetValue(condition.Field[..dot], out var relation) || !relation.IsColumn)
            return null;
        var problems = new List<ValidationError>();
        var ids = builder.Ids(condition with { Field = condition.Field[(dot + 1)..] }, args, problems);
        foreach (var problem in problems) _errors.Add(problem);
        return $"{Column(relation)} IN ({ids})";
    }

    /// <summary>
    /// The set a caller's place in the organisation names, as a subquery: <c>myDepartment</c> (the departments they belong
    /// to) or <c>myDepartmentAndBelow</c> (those and every department under them, from the department tree's closure);
    /// on a user field, the people in those departments. Null when the value names no such set.
    /// </summary>
    private string? CallerSet(QueryTarget target, JsonElement? json)
    {
        if (!(target.IsUser || target.IsDepartment) || json is not { ValueKind: JsonValueKind.String } value) return null;
        var name = value.GetString();
        if (!IsCallerSet(value)) return null;
        // No user (the engine itself) belongs to no department: the set is empty.
        var mine = $"SELECT department_id FROM pf_department_members WHERE user_id = {args.Add(context.UserId ?? 0)}";
        var departments = name == "myDepartment" ? mine : $"SELECT descendant_id FROM pf_department_tree WHERE ancestor_id IN ({mine})";
        return target.IsUser ? $"SELECT user_id FROM pf_department_members WHERE department_id IN ({departments})" : departments;
    }

    /// <summary>
    /// Whether a condition holds its column to one value (<c>owner = me</c>, <c>region = {"me": "region"}</c>,
    /// <c>owner IS NULL</c>), not to a set (<c>myDepartment</c>, a list).
    /// </summary>
    public static bool HoldsOneValue(Condition condition) => condition.Op switch
    {
        "isEmpty" => true,
        "eq" => condition.Value is { ValueKind: not JsonValueKind.Array } value && !IsCallerSet(value),
        _ => false,
    };

    /// <summary>A value naming a set of the caller's organisation: <c>myDepartment</c> or <c>myDepartmentAndBelow</c>.</summary>
    private static bool IsCallerSet(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is "myDepartment" or "myDepartmentAndBelow";

    private static bool IsKnown(string op) =>
        op is "eq" or "ne" or "gt" or "gte" or "lt" or "lte" or "between" or "in" or "contains" or "startsWith" or "isEmpty" or "isNotEmpty" or "entered" ||
        RelativeDates.Operators.Contains(op);

    private string Empty(QueryTarget target, bool empty) => target.Kind switch
    {
        StorageKind.Column => $"{Column(target)} IS {(empty ? "" : "NOT ")}NULL",
        StorageKind.Link => (empty ? "NOT " : "") + Exists(target, "1=1"),
        _ => $"{(empty ? "NOT " : "")}EXISTS (SELECT 1 FROM {dialect.Quote(target.Table!)} c WHERE c.parent_id = t.id)",
    };

    private string Exists(QueryTarget target, string condition) =>
        $"EXISTS (SELECT 1 FROM {dialect.Quote(target.Table!)} l WHERE l.record_id = t.id AND {condition})";

    private string Compare(QueryTarget target, string op, JsonElement? json)
    {
        var value = ReadOne(target, json);
        if (value is null) return "1=0";
        var parameter = args.Add(value);
        var column = Column(target);
        return op switch
        {
            "eq" => $"{column} = {parameter}",
            // "not X" includes the records where the field is empty, as people mean it.
            "ne" => $"({column} <> {parameter} OR {column} IS NULL)",
            "gt" => $"{column} > {parameter}",
            "gte" => $"{column} >= {parameter}",
            "lt" => $"{column} < {parameter}",
            _ => $"{column} <= {parameter}",
        };
    }

    private string Between(QueryTarget target, JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() != 2)
            return Error(new("filter", "filter.value", target.Key, new ValidationError(target.Key, "filter.between")));
        var from = ReadOne(target, array[0]);
        var to = ReadOne(target, array[1]);
        if (from is null || to is null) return "1=0";
        return $"({Column(target)} >= {args.Add(from)} AND {Column(target)} <= {args.Add(to)})";
    }

    private string Like(QueryTarget target, JsonElement? json, bool prefixOnly)
    {
        if (json is not { ValueKind: JsonValueKind.String } text) return Error(new("filter", "filter.value", target.Key, new ValidationError(target.Key, "type.text")));
        var escaped = dialect.EscapeLike(text.GetString()!);
        return dialect.Like(Column(target), args.Add(prefixOnly ? escaped + "%" : "%" + escaped + "%"));
    }

    private string Relative(QueryTarget target, string op, JsonElement? json)
    {
        var days = 0;
        if (RelativeDates.NeedsCount(op) &&
            (json is not { ValueKind: JsonValueKind.Number } n || !n.TryGetInt32(out days) || days is < 1 or > 36_600))
            return Error(new("filter", "filter.value", target.Key, new ValidationError(target.Key, "filter.days", op)));
        var (start, end) = RelativeDates.Range(op, today, days);
        object from = start, to = end;
        if (target.Spec!.Type == ColumnType.DateTime)
        {
            from = TimeZoneInfo.ConvertTimeToUtc(start.ToDateTime(TimeOnly.MinValue), context.TimeZone);
            to = TimeZoneInfo.ConvertTimeToUtc(end.ToDateTime(TimeOnly.MinValue), context.TimeZone);
        }
        return $"({Column(target)} >= {args.Add(dialect.ToDb(target.Spec, from))} AND {Column(target)} < {args.Add(dialect.ToDb(target.Spec, to))})";
    }

    /// <summary>
    /// Records whose stage history has them enter one of <c>stages</c> in [<c>from</c>, <c>to</c>) (instants):
    /// <c>{ "field": "stage", "op": "entered", "value": { "stages": ["sql"], "from": "…Z", "to": "…Z" } }</c> — what a cohort funnel counts.
    /// </summary>
    private string Entered(QueryTarget target, JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } value || !value.TryGetProperty("stages", out var stages) ||
            value.EnumerateObject().Any(p => p.Name is not ("stages" or "from" or "to")))
            return Error(new("filter", "filter.value", target.Key, new ValidationError(target.Key, "filter.entered")));
        var keys = ReadList(target, stages).ToList();
        var parts = new List<string>
        {
            $"h.form_id = {args.Add(formId)}", "h.record_id = t.id", $"h.field_key = {args.Add(target.Key)}",
            $"h.to_stage IN ({string.Join(", ", keys.Select(k => args.Add(k)))})",
        };
        foreach (var (name, op) in new[] { ("from", ">="), ("to", "<") })
        {
            if (!value.TryGetProperty(name, out var bound)) continue;
            var problems = new List<ValidationError>();
            if (new DateTimeCodec().Read(bound, target.Key, problems) is not DateTime instant)
                return Error(new("filter", "filter.value", target.Key, problems.FirstOrDefault() ?? new ValidationError(target.Key, "filter.entered")));
            parts.Add($"h.at {op} {args.Add(dialect.ToDb(ColumnType.DateTime, instant))}");
        }
        return $"EXISTS (SELECT 1 FROM pf_stage_history h WHERE {string.Join(" AND ", parts)})";
    }

    private IEnumerable<object?> ReadList(QueryTarget target, JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() is 0 or > MaxListValues)
        {
            Error(new("filter", "filter.value", target.Key, new ValidationError(target.Key, "filter.in", MaxListValues)));
            return [null];
        }
        return array.EnumerateArray().Select(v => ReadOne(target, v)).ToList();
    }

    /// <summary>One comparison value, read with the field's own rules; "me" is the caller on user fields.</summary>
    private object? ReadOne(QueryTarget target, JsonElement? json)
    {
        if (json is null || json.Value.ValueKind == JsonValueKind.Null)
        {
            Error(new("filter", "filter.value", target.Key, new ValidationError(target.Key, "filter.needsValue")));
            return null;
        }
        var value = json.Value;
        if (target.IsUser && value.ValueKind == JsonValueKind.String && value.GetString() == "me") return context.UserId;
        var fromAttribute = false;
        if (CallerAttribute(value) is { } attribute)
        {
            fromAttribute = true;
            if (!context.Attributes.TryGetValue(attribute, out var mine))
            {
                Error(new("filter", "filter.unknownAttribute", attribute));
                return null;
            }
            if (mine is null) return null; // the caller has no value: nothing matches

            value = JsonSerializer.SerializeToElement(mine);
        }
        var codec = target.Kind == StorageKind.Link
            ? target.Spec!.Type == ColumnType.Integer ? (FieldCodec)new IdCodec() : new TextCodec(ColumnSpec.Key.MaxLength!.Value)
            : target.Codec is TextCodec ? new TextCodec(1_000_000) : target.Codec;
        var problems = new List<ValidationError>();
        var read = codec.Read(value, target.Key, problems);
        if (problems.Count > 0)
        {
            // A person's attribute that is no value of this field (a region on a number) matches nothing; it is not the filter's fault.
            if (!fromAttribute) Error(new("filter", "filter.value", target.Key, problems[0]));
            return null;
        }
        var stored = target.Kind == StorageKind.Link ? read : target.Codec.ToStorage(read);
        return dialect.ToDb(target.Spec!, stored);
    }

    /// <summary>The attribute a value <c>{"me": "region"}</c> names: the caller's own value of it.</summary>
    internal static string? CallerAttribute(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.EnumerateObject().ToList() is [{ Name: "me", Value.ValueKind: JsonValueKind.String } me] ? me.Value.GetString() : null;

    private string Error(ValidationError error)
    {
        _errors.Add(error);
        return "1=0";
    }
}
