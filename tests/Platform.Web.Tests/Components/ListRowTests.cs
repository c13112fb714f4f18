using Platform.Engine.Records;
using Platform.Runtime.Web.Components.Lists;

namespace Platform.Web.Tests.Components;

/// <summary>A list's row drawn as HTML: whatever a record holds is text, never markup, and the row is the same whether chosen or not.</summary>
public sealed class ListRowTests
{
    private static ListRow Row(string[] cells, string? select = "Select") =>
        new(3, new RecordData { Id = 42 }, cells, "", "/apps/crm/forms/customer/records/42", select, "2026-12-01 10:00");

    [Test]
    public void What_a_record_holds_is_shown_as_text_and_never_run()
    {
        var html = Row(["<script>alert(1)</script>", "a\" onmouseover=\"x", "上海 & 杭州"]).Html.Value;

        Assert.That(html, Does.Not.Contain("<script>").And.Not.Contain("\" onmouseover"));
        Assert.That(html, Does.Contain("&lt;script&gt;").And.Contain("上海 &amp; 杭州"), "Chinese stays as it is; only what HTML needs is escaped");
        Assert.That(html, Does.StartWith("<tr class=\"mud-table-row\" data-row=\"3\"><td class=\"select-cell\"><input type=\"checkbox\" data-select=\"3\""));
    }

    [Test]
    public void The_first_cell_links_to_the_record_and_empty_cells_are_marked()
    {
        var row = Row(["", "", "x"], select: null);

        Assert.That(row.Html.Value, Does.Contain("<td><a href=\"/apps/crm/forms/customer/records/42\" class=\"record-link\">#42</a></td><td class=\"cell-empty\"></td><td>x</td><td>2026-12-01 10:00</td>"));
        Assert.That(row.Html.Value, Does.Not.Contain("checkbox"), "no checkbox for someone who may neither change nor delete");
        Assert.That(row.Title, Is.EqualTo("#42"));
    }

    [Test]
    public void A_row_with_a_cell_being_edited_is_drawn_around_it_from_the_same_cells()
    {
        var row = Row(["A", "B", "C"]);

        var around = row.Between(0, 1).Value + "<td>editor</td>" + row.Between(2, 3).Value;

        Assert.That($"<tr class=\"mud-table-row\" data-row=\"3\">{around.Replace("<td>editor</td>", "<td>B</td>")}</tr>", Is.EqualTo(row.Html.Value));
        var first = row.Html.Value;
        Assert.That(row.Html.Value, Is.SameAs(first), "made once, the same text every time the page is drawn");
    }
}
