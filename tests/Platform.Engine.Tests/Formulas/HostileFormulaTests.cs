using Platform.Engine.Scripting;

namespace Platform.Engine.Tests.Formulas;

/// <summary>Formulas written to break the platform: each meets a bounded, clear error and the next formula runs as usual.</summary>
public sealed class HostileFormulaTests
{
    private readonly FormulaBench _bench = new();

    private string Code(string formula)
    {
        try
        {
            var result = _bench.Evaluate(formula);
            return result.Error ?? "no error: " + FormulaBench.Show(result);
        }
        catch (ScriptException e)
        {
            return e.Args.OfType<Platform.Engine.Validation.ValidationError>().FirstOrDefault()?.Code ?? e.Code;
        }
    }

    [TestCase("REPT(\"x\", 2 ^ 28)", "#VALUE!")]
    [TestCase("LEN(REPT(REPT(\"ab\", 16000), 2 ^ 28))", "#VALUE!")]
    [TestCase("CONCAT(REPT(\"ab\", 16000), REPT(\"ab\", 16000))", "#VALUE!")]
    [TestCase("SUBSTITUTE(REPT(\"a\", 30000), \"a\", REPT(\"b\", 30000))", "#VALUE!")]
    [TestCase("TEXTJOIN(REPT(\"-\", 30000), TRUE, items.product)", "#VALUE!")]
    [TestCase("SEARCH(REPT(\"*a\", 40) & \"b\", REPT(\"a\", 3000))", "script.timeout")]
    [TestCase("WORKDAY(TODAY(), 2 ^ 40)", "#NUM!")]
    [TestCase("DATE(2 ^ 60, 1, 1)", "#NUM!")]
    [TestCase("10 ^ 400", "#NUM!")]
    [TestCase("System.IO.File.ReadAllText(\"/etc/passwd\")", "syntax.operator")]
    [TestCase("System.IO", "formula.unknownField")]
    [TestCase("System", "formula.unknownField")]
    [TestCase("importNamespace(\"System.IO\")", "formula.unknownFunction")]
    [TestCase("GetType()", "formula.unknownFunction")]
    [TestCase("amount.GetType()", "syntax.operator")]
    [TestCase("amount.GetType", "formula.noParts")]
    [TestCase("constructor", "formula.unknownField")]
    [TestCase("__proto__", "formula.unknownField")]
    [TestCase("__x", "formula.unknownField")]
    [TestCase("globalThis", "formula.unknownField")]
    [TestCase("this", "formula.unknownField")]
    [TestCase("eval(\"1\")", "formula.unknownFunction")]
    [TestCase("Function(\"return this\")()", "syntax.operator")]
    [TestCase("amount = 1; while(1){}", "syntax.emptyField")]
    [TestCase("(function(){ while(true){} })()", "syntax.character")]
    [TestCase("{a: 1}", "formula.unknownField")]
    [TestCase("[1, 2]", "syntax.character")]
    [TestCase("`x${1}`", "syntax.character")]
    public void Hostile_formulas_get_a_bounded_clear_error(string formula, string code)
    {
        Assert.That(Code(formula), Is.EqualTo(code));
        Assert.That(FormulaBench.Show(_bench.Evaluate("SUM(items.qty)")), Is.EqualTo("8"));
    }

    [TestCase("\"\"\"); while(true){} (\"\"\"", "\"); while(true){} (\"")]
    [TestCase("'''); while(true){} ('''", "'); while(true){} ('")]
    [TestCase("\"a\\\" & \"b\"", "a\\b")]
    [TestCase("\"\u2028\u2029</script>\"", "\u2028\u2029</script>")]
    public void Text_cannot_break_out_of_its_quotes(string formula, string text)
    {
        var result = _bench.Evaluate(formula);

        Assert.That(result.Value, Is.EqualTo(text));
    }

    [Test]
    public void A_hundred_thousand_nested_parentheses_are_refused_before_parsing_deeply()
    {
        var error = Assert.Throws<ScriptException>(() => _bench.Evaluate(new string('(', 100_000) + "1" + new string(')', 100_000)));

        Assert.That(error!.Code, Is.EqualTo("script.syntax"));
    }

    [Test]
    public void Deep_operator_chains_are_refused_too()
    {
        var error = Assert.Throws<ScriptException>(() => _bench.Evaluate(string.Concat(Enumerable.Repeat("-", 5_000)) + "1"));

        Assert.That(error!.Message, Does.Contain("nested more than"));
    }

    [Test]
    public void Long_formulas_are_fine_up_to_clear_limits()
    {
        var chain = string.Join(" + ", Enumerable.Repeat("1", 100));
        var arguments = "SUM(" + string.Join(", ", Enumerable.Repeat("1", 255)) + ")";

        Assert.That(FormulaBench.Show(_bench.Evaluate(chain)), Is.EqualTo("100"));
        Assert.That(FormulaBench.Show(_bench.Evaluate(arguments)), Is.EqualTo("255"));
        // A flat chain is not nesting: it compiles to steps, however long the formula may be.
        Assert.That(FormulaBench.Show(_bench.Evaluate(string.Join(" + ", Enumerable.Repeat("1", 129)))), Is.EqualTo("129"));
        Assert.That(FormulaBench.Show(_bench.Evaluate(string.Join(" + ", Enumerable.Repeat("1", 2_000)))), Is.EqualTo("2000"));
        Assert.That(FormulaBench.Show(_bench.Evaluate("10 - " + string.Join(" - ", Enumerable.Repeat("0.1", 300)) + " * 2 & \"x\"")), Is.EqualTo("\"-20.1x\""));
        // Comparisons still nest once compiled.
        Assert.That(Assert.Throws<ScriptException>(() => _bench.Evaluate(string.Join(" = ", Enumerable.Repeat("1", 200))))!.Message, Does.Contain("nested more than"));
        Assert.That(Assert.Throws<ScriptException>(() => _bench.Evaluate(new string('1', 20_000)))!.Message, Does.Contain("longer than"));
    }

    [Test]
    public void Prototype_pollution_by_a_script_is_refused_and_no_formula_sees_it()
    {
        var sandbox = _bench.Service.Sandbox;
        var context = FormulaBench.Context;

        foreach (var attack in new[] { "Object.prototype.polluted = 1", "(() => { Array.prototype.map = () => 42; })()", "(() => { SUM = () => 42; })()", "(() => { __x.add = () => 42; })()" })
            Assert.Throws<ScriptException>(() => sandbox.EvaluateToJson(sandbox.Compile(attack, []), context, []));

        Assert.That(FormulaBench.Show(_bench.Evaluate("SUM(items.qty) + 1")), Is.EqualTo("9"));
        Assert.That(FormulaBench.Show(_bench.Evaluate("TEXTJOIN(\",\", TRUE, items.product)")), Is.EqualTo("\"Laptop,Support,Mouse,Setup\""));
    }

    [Test]
    public void An_operation_has_one_deadline_however_many_formulas_it_runs()
    {
        var formula = _bench.Service.Compile("1 + 1", _bench.Scope);
        var spent = FormulaBench.Context with { Deadline = System.Diagnostics.Stopwatch.GetTimestamp() - 1 };

        var error = Assert.Throws<ScriptException>(() => _bench.Service.Evaluate(formula, spent, new Platform.Engine.Records.RecordFormulaValues(FormulaBench.Values, null, null)));

        Assert.That(error!.Code, Is.EqualTo("script.timeout"));
        Assert.That(_bench.Service.Evaluate(formula, FormulaBench.Context, new Platform.Engine.Records.RecordFormulaValues(FormulaBench.Values, null, null)).Value, Is.EqualTo(2m));
    }
}
