using Platform.Engine.Records.Query;
using Platform.Runtime.Api;
using Platform.Runtime.Web.Components.Filters;

namespace Platform.Web.Tests.Components;

/// <summary>The filter builder's tree: any filter the API takes opens in it and comes back as it was; lines not yet written are left out.</summary>
public sealed class FilterTreeTests
{
    private static string RoundTrip(string json) =>
        FilterConverter.ToJson(FilterTree.ToFilter(FilterTree.From(FilterParameter.FromQuery(json)))!).ToJsonString();

    [TestCase("""{"field":"owner","op":"eq","value":"me"}""")]
    [TestCase("""{"and":[{"field":"owner","op":"eq","value":"me"},{"or":[{"field":"stage","op":"in","value":["lead","mql"]},{"field":"birthday","op":"lastNDays","value":30}]}]}""")]
    [TestCase("""{"or":[{"not":{"field":"city","op":"isEmpty"}},{"field":"stage","op":"entered","value":{"stages":["sql"]}}]}""")]
    public void A_filter_opens_in_the_builder_and_comes_back_as_it_was(string json) => Assert.That(RoundTrip(json), Is.EqualTo(json));

    [Test]
    public void Lines_without_a_field_or_an_operator_are_left_out_and_one_condition_stands_alone()
    {
        var root = FilterTree.From(null);
        Assert.That(FilterTree.ToFilter(root), Is.Null);
        root.Items.Add(new FilterLine { Field = "stage", Op = "eq", Value = System.Text.Json.Nodes.JsonValue.Create("lead") });
        root.Items.Add(new FilterLine());
        var nested = new FilterGroup { Any = true };
        nested.Items.Add(new FilterLine { Field = "city" });
        root.Items.Add(nested);

        Assert.That(FilterConverter.ToJson(FilterTree.ToFilter(root)!).ToJsonString(), Is.EqualTo("""{"field":"stage","op":"eq","value":"lead"}"""));
    }
}
