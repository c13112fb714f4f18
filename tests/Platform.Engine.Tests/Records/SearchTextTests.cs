using Platform.Engine.Records.Search;

namespace Platform.Engine.Tests.Records;

/// <summary>How quick search cuts text: letters and digits folded to one width and case, in overlapping pairs.</summary>
public sealed class SearchTextTests
{
    [TestCase("华为 Tech", new[] { "华为", "为t", "te", "ec", "ch" })]
    [TestCase("ＡＢ－１２", new[] { "ab", "b1", "12" })]
    [TestCase("138-0000", new[] { "13", "38", "80", "00", "00", "00" })]
    [TestCase("𠀀𠀁a", new[] { "𠀀𠀁", "𠀁a" })]
    [TestCase("x", new string[0])]
    [TestCase("Ⅻ ﬁ", new[] { "xi", "ii", "if", "fi" })]
    public void A_value_becomes_its_pairs(string value, string[] pairs) =>
        Assert.That(SearchText.Document([value]).SelectMany(p => p), Is.EqualTo(pairs));

    [Test]
    public void Empty_values_and_values_without_letters_leave_nothing()
    {
        Assert.That(SearchText.Document([null, "", "- / -", "张三"]), Has.Count.EqualTo(1));
        Assert.That(SearchText.Normalize("Ｅ-mail：A@B.cn"), Is.EqualTo("emailabcn"));
    }
}
