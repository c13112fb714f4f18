using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Records.Query;

namespace Platform.Runtime.Web.Components.Filters;

/// <summary>A part of a filter as the builder edits it: a group, a condition's line, or a condition it keeps as written.</summary>
public abstract class FilterNode;

/// <summary>Conditions that must all hold, or any one of them; groups nest.</summary>
public sealed class FilterGroup : FilterNode
{
    public bool Any { get; set; }

    public List<FilterNode> Items { get; } = [];
}

/// <summary>One condition being written: a field, an operator, and its value as the API's JSON.</summary>
public sealed class FilterLine : FilterNode
{
    public string Field { get; set; } = "";

    public string Op { get; set; } = "";

    public JsonNode? Value { get; set; }
}

/// <summary>A part the builder has no editor for (<c>not</c>, <c>entered</c>), kept exactly as it was written.</summary>
public sealed class FixedFilter(Filter filter) : FilterNode
{
    public Filter Filter { get; } = filter;
}

/// <summary>The engine's filter turned into the builder's tree and back; the engine alone judges what the tree says.</summary>
public static class FilterTree
{
    public static FilterGroup From(Filter? filter) => filter switch
    {
        null => new FilterGroup(),
        AndFilter or OrFilter => (FilterGroup)Node(filter),
        _ => new FilterGroup { Items = { Node(filter) } },
    };

    private static FilterNode Node(Filter filter)
    {
        switch (filter)
        {
            case AndFilter or OrFilter:
                var group = new FilterGroup { Any = filter is OrFilter };
                group.Items.AddRange((filter is AndFilter and ? and.Items : ((OrFilter)filter).Items).Select(Node));
                return group;
            case Condition { Op: not "entered" } condition:
                return new FilterLine { Field = condition.Field, Op = condition.Op, Value = condition.Value is { } value ? JsonNode.Parse(value.GetRawText()) : null };
            default:
                return new FixedFilter(filter);
        }
    }

    /// <summary>The tree as the engine's filter: lines not yet given a field and an operator are left out; nothing left is no filter.</summary>
    public static Filter? ToFilter(FilterGroup root)
    {
        var items = root.Items.Select(ToFilter).OfType<Filter>().ToList();
        // One condition is the same under "all" and "any": it is written alone, as a person would write it.
        return items.Count switch { 0 => null, 1 => items[0], _ => Group(root.Any, items) };
    }

    private static Filter Group(bool any, List<Filter> items) => any ? new OrFilter(items) : new AndFilter(items);

    private static Filter? ToFilter(FilterNode node) => node switch
    {
        FilterGroup group => group.Items.Select(ToFilter).OfType<Filter>().ToList() is { Count: > 0 } items ? Group(group.Any, items) : null,
        FilterLine { Field.Length: > 0, Op.Length: > 0 } line =>
            new Condition(line.Field, line.Op, line.Value is null ? null : JsonSerializer.SerializeToElement(line.Value)),
        FixedFilter kept => kept.Filter,
        _ => null,
    };
}
