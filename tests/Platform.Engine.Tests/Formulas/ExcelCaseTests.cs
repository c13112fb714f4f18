namespace Platform.Engine.Tests.Formulas;

/// <summary>
/// The formula language against Excel, case by case. Each line of <c>ExcelCases.txt</c> is
/// <c>formula =&gt; result</c>, the result written by hand from Excel's documented behaviour
/// (differences are marked in the file and documented with the function).
/// </summary>
public sealed class ExcelCaseTests
{
    private static readonly FormulaBench Bench = new();

    public static IEnumerable<TestCaseData> Cases()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Formulas", "ExcelCases.txt");
        foreach (var (line, number) in File.ReadAllLines(path).Select((l, i) => (l, i + 1)))
        {
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var split = line.LastIndexOf(" => ", StringComparison.Ordinal);
            if (split < 0) throw new FormatException($"ExcelCases.txt line {number} has no ' => '.");
            var formula = line[..split].Trim();
            yield return new TestCaseData(formula, line[(split + 4)..].Trim()).SetName($"L{number:000} {formula}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Gives_what_excel_gives(string formula, string expected)
    {
        Assert.That(FormulaBench.Show(Bench.Evaluate(formula)), Is.EqualTo(expected));
    }

    [Test]
    public void The_table_holds_at_least_300_cases()
    {
        Assert.That(Cases().Count(), Is.GreaterThanOrEqualTo(300));
    }
}
