using System.Text.Json;

namespace Platform.Engine.Records.Query;

/// <summary>A filter tree: <c>{ and: [...] }</c>, <c>{ or: [...] }</c>, <c>{ not: {...} }</c> or a condition.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(FilterConverter))]
public abstract record Filter
{
    /// <summary>Every condition in the tree, however deep (what it names: fields, values).</summary>
    public IEnumerable<Condition> Conditions() => this switch
    {
        AndFilter and => and.Items.SelectMany(i => i.Conditions()),
        OrFilter or => or.Items.SelectMany(i => i.Conditions()),
        NotFilter not => not.Item.Conditions(),
        Condition condition => [condition],
        _ => [],
    };

    /// <summary>
    /// The same filter asked of the records a relation field points at, from the records that point (<c>owner = 5</c>
    /// becomes <c>customer.owner = 5</c> on the deals of those customers).
    /// </summary>
    public Filter Through(string relation) => this switch
    {
        AndFilter and => new AndFilter(and.Items.Select(i => i.Through(relation)).ToList()),
        OrFilter or => new OrFilter(or.Items.Select(i => i.Through(relation)).ToList()),
        NotFilter not => new NotFilter(not.Item.Through(relation)),
        Condition condition => condition with { Field = relation + PathSeparator + condition.Field },
        _ => this,
    };

    /// <summary>The separator of a path through a relation field: <c>customer.region</c>.</summary>
    public const char PathSeparator = '.';
}

public sealed record AndFilter(IReadOnlyList<Filter> Items) : Filter;

public sealed record OrFilter(IReadOnlyList<Filter> Items) : Filter;

public sealed record NotFilter(Filter Item) : Filter;

/// <summary><c>{ "field": "amount", "op": "gt", "value": 100 }</c>.</summary>
public sealed record Condition(string Field, string Op, JsonElement? Value) : Filter
{
    public static Condition Of(string field, string op, object? value = null) =>
        new(field, op, value is null ? null : JsonSerializer.SerializeToElement(value));
}
