using Platform.Engine.Records.Search;
using Platform.Engine.Storage.Dialects;

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
        Assert.That(SearchText.Document([value]).SelectMany(SearchText.Pairs), Is.EqualTo(pairs));

    [Test]
    public void Empty_values_and_values_without_letters_leave_nothing()
    {
        Assert.That(SearchText.Document([null, "", "- / -", "张三"]), Has.Count.EqualTo(1));
        Assert.That(SearchText.Normalize("Ｅ-mail：A@B.cn"), Is.EqualTo("emailabcn"));
        Assert.That(SearchText.Normalize("Mail-2@X.cn"), Is.EqualTo("mail2xcn"));
    }

    [Test]
    public void A_document_keeps_each_values_pairs_apart()
    {
        var values = SearchText.Document(["华为 Tech", null, "x", "138"]);
        Assert.That(new SqliteDialect().SearchDocument(values), Is.EqualTo("华为 为t te ec ch sep 13 38"));
        // PostgreSQL's positions skip one between values, so a phrase never runs from one value into the next.
        Assert.That(new PostgresDialect().SearchDocument(values), Is.EqualTo("'华为':1 '为t':2 'te':3 'ec':4 'ch':5 '13':7 '38':8 "));
    }
}
