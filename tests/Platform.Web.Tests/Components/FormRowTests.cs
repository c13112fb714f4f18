using Platform.Runtime.Web.Components.Records;

namespace Platform.Web.Tests.Components;

/// <summary>A row of the record form that loses a field closes the gap: the others widen in proportion to fill what the row was given.</summary>
public sealed class FormRowTests
{
    private static FormCell Cell(int span) => new(null!, span);

    [TestCase(new[] { 8, 8, 8 }, new[] { true, false, true }, 24, new[] { 12, 12 })]
    [TestCase(new[] { 6, 6, 6, 6 }, new[] { true, true, true, false }, 24, new[] { 8, 8, 8 })]
    [TestCase(new[] { 16, 8 }, new[] { true, false }, 24, new[] { 24 })]
    [TestCase(new[] { 12 }, new[] { true }, 12, new[] { 12 })]
    [TestCase(new[] { 5, 5, 7 }, new[] { true, true, false }, 17, new[] { 8, 9 })]
    public void The_fields_left_fill_the_row(int[] spans, bool[] shown, int parts, int[] expected)
    {
        var row = new FormRow(spans.Select(Cell).ToList(), parts);
        var at = 0;

        var kept = row.Shown(_ => shown[at++]);

        Assert.That(kept.Select(c => c.Span), Is.EqualTo(expected));
    }
}
