using System.Text.Json.Nodes;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;

namespace Platform.Engine.Tests.Forms;

public sealed class FormJsonTests
{
    private const string Deal = DealForm.Json;

    [Test]
    public void Reads_the_documented_shape_with_pinned_type_names()
    {
        var form = FormJson.Parse(Deal);

        Assert.That(form.Fields.Select(f => f.GetType()), Is.EqualTo(new[]
        {
            typeof(TextField), typeof(MoneyField), typeof(SelectField), typeof(MultiSelectField), typeof(FormulaField),
        }));
        Assert.That(form.Name!.Resolve(new System.Globalization.CultureInfo("zh-CN")), Is.EqualTo("商机"));
        Assert.That(form.Fields[1].Label!.Resolve(new System.Globalization.CultureInfo("en-US")), Is.EqualTo("Amount"));
        Assert.That(((SelectField)form.Fields[2]).Options.Select(o => o.Key), Is.EqualTo(new[] { "lead", "won" }));
        Assert.That(form.Rules[0].Fields, Is.EqualTo(new[] { "amount" }));
    }

    [Test]
    public void Writes_type_names_not_clr_names_and_round_trips()
    {
        var written = FormJson.Serialize(FormJson.Parse(Deal));

        Assert.That(written, Does.Contain("\"type\":\"money\"").And.Not.Contain("MoneyField"));
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(FormJson.Serialize(FormJson.Parse(written))), JsonNode.Parse(written)), Is.True);
    }

    [Test]
    public void A_field_type_this_version_does_not_know_survives_a_round_trip_unchanged()
    {
        const string field = """{"key":"sig","type":"signature","label":"Sign here","pen":{"color":"#000","width":2},"required":true}""";
        var form = FormJson.Parse($$"""{ "key": "f", "fields": [ {{field}} ] }""");

        var unknown = (UnknownField)form.Fields[0];
        var written = JsonNode.Parse(FormJson.Serialize(form))!["fields"]![0];

        Assert.That(unknown.OriginalType, Is.EqualTo("signature"));
        Assert.That(JsonNode.DeepEquals(written, JsonNode.Parse(field)), Is.True, written!.ToJsonString());
    }

    [Test]
    public void Settings_a_newer_version_added_to_a_known_type_survive_a_round_trip()
    {
        var form = FormJson.Parse("""{ "key": "f", "futureSetting": [1, 2], "fields": [ { "key": "a", "type": "text", "mask": "###" } ] }""");

        var written = JsonNode.Parse(FormJson.Serialize(form))!;

        Assert.That(written["futureSetting"]!.ToJsonString(), Is.EqualTo("[1,2]"));
        Assert.That(written["fields"]![0]!["mask"]!.GetValue<string>(), Is.EqualTo("###"));
    }
}
