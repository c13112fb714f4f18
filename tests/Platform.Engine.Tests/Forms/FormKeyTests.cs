using Platform.Engine.Forms;

namespace Platform.Engine.Tests.Forms;

/// <summary>A key suggested for a new field from its label: readable where the label allows, always valid, never taken or reserved.</summary>
public sealed class FormKeyTests
{
    [TestCase("Company name", new string[0], "company_name")]
    [TestCase("  Expected close (date)  ", new string[0], "expected_close_date")]
    [TestCase("City", new[] { "city" }, "city_2")]
    [TestCase("City", new[] { "city", "city_2" }, "city_3")]
    [TestCase("预计金额", new string[0], "field_1")]
    [TestCase("预计金额", new[] { "field_1", "field_2" }, "field_3")]
    [TestCase("客户 ID", new string[0], "id_field")]
    [TestCase("2nd phone", new string[0], "f_2nd_phone")]
    [TestCase("Owner", new string[0], "owner_field")]
    [TestCase(null, new string[0], "field_1")]
    public void A_label_gives_a_valid_free_key(string? label, string[] taken, string expected)
    {
        var key = FormKeys.Suggest(label, taken);

        Assert.That(key, Is.EqualTo(expected));
        Assert.That(FormKeys.IsValid(key), Is.True);
    }

    [Test]
    public void A_long_label_gives_a_key_within_the_limit()
    {
        var key = FormKeys.Suggest(string.Join(' ', Enumerable.Repeat("quarterly", 20)), []);

        Assert.That(key.Length, Is.LessThanOrEqualTo(48));
        Assert.That(FormKeys.IsValid(key) && !key.EndsWith('_'), Is.True);
    }
}
