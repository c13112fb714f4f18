using Platform.Engine.Scripting;

namespace Platform.Engine.Tests.Scripting;

public sealed class SandboxTests
{
    private static readonly ScriptContext Context = new(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero), TimeZoneInfo.Utc, 7);
    private readonly ScriptSandbox _sandbox = new(ScriptLimits.Default with { Timeout = TimeSpan.FromMilliseconds(300) });

    private string Run(string expression, params (string Name, object? Value)[] values)
    {
        var compiled = _sandbox.Compile(expression, values.Select(v => v.Name).ToList());
        return _sandbox.EvaluateToJson(compiled, Context, values.Select(v => v.Value).ToList()).GetRawText();
    }

    private string Fails(string expression)
    {
        var error = Assert.Throws<ScriptException>(() => Run(expression));
        return error!.Code;
    }

    [TestCase("IF(amount > 100, 'A', 'B')", "\"A\"")]
    [TestCase("AND(true, amount > 1, OR(false, true))", "true")]
    [TestCase("SUM(1, [2, 3], null, '')", "6")]
    [TestCase("ROUND(2.5, 0)", "3")]
    [TestCase("ROUND(-2.5, 0)", "-3")]
    [TestCase("ROUND(1.005, 2)", "1.01")]
    [TestCase("CONCAT('a', 1, null, 'b')", "\"a1b\"")]
    [TestCase("ISBLANK('')", "true")]
    [TestCase("ISBLANK(amount)", "false")]
    [TestCase("DATEDIF(new Date('2024-02-29'), TODAY(), 'Y')", "2")]
    [TestCase("DATEDIF(new Date('2026-01-31'), new Date('2026-03-01'), 'M')", "1")]
    [TestCase("DATEDIF(new Date('2026-11-01'), TODAY(), 'D')", "22")]
    [TestCase("TODAY()", "\"2026-11-23T00:00:00Z\"")]
    public void The_first_functions_behave_like_excel(string expression, string expected)
    {
        Assert.That(Run(expression, ("amount", 150m)), Is.EqualTo(expected));
    }

    [TestCase("while(true){}", "script.syntax")]
    [TestCase("(() => { while (true) {} })()", "script.timeout")]
    [TestCase("(() => { let a = [1]; while (true) a = a.concat(a); })()", "script.memory")]
    [TestCase("'x'.repeat(2 ** 28)", "script.error")]
    [TestCase("'x'.padEnd(1e9)", "script.error")]
    [TestCase("(function f() { return f(); })()", "script.recursion")]
    [TestCase("(() => { const o = { get x() { return this.x; } }; return o.x; })()", "script.recursion")]
    [TestCase("(() => { const o = { valueOf() { return this + 1; } }; return o + 1; })()", "script.recursion")]
    [TestCase("JSON.stringify({ toJSON() { return JSON.stringify(this); } })", "script.recursion")]
    [TestCase("new Proxy({}, { get: (t, k, r) => r[k] }).x", "script.recursion")]
    [TestCase("System.IO.File.ReadAllText('/etc/passwd')", "script.error")]
    [TestCase("importNamespace('System.IO')", "script.error")]
    [TestCase("(1).GetType()", "script.error")]
    [TestCase("eval('1 + 1')", "script.error")]
    [TestCase("Function('return this')()", "script.error")]
    [TestCase("/(a+)+$/.test('a'.repeat(30) + '!')", "script.timeout")]
    public void Hostile_scripts_get_a_bounded_clear_error_and_the_process_lives(string expression, string code)
    {
        Assert.That(Fails(expression), Is.EqualTo(code));
        Assert.That(Run("1 + 1"), Is.EqualTo("2"));
    }

    [Test]
    public void Polluting_a_prototype_is_refused_and_never_seen_by_another_script()
    {
        Assert.That(Fails("Object.prototype.polluted = 1"), Is.EqualTo("script.error"));
        Assert.That(Fails("(() => { Array.prototype.push = null; })()"), Is.EqualTo("script.error"));
        Assert.That(Fails("(() => { SUM = () => 42; })()"), Is.EqualTo("script.error"));
        Assert.That(Fails("(() => { globalThis.leak = 1; })()"), Is.EqualTo("script.error"));

        Assert.That(Run("typeof ({}).polluted"), Is.EqualTo("\"undefined\""));
        Assert.That(Run("SUM(1, 2)"), Is.EqualTo("3"));
        Assert.That(Run("typeof leak"), Is.EqualTo("\"undefined\""));
    }

    [Test]
    public void Expressions_cannot_escape_their_wrapper()
    {
        var error = Assert.Throws<ScriptException>(() => _sandbox.Compile("1); while(true){ (1", []));

        Assert.That(error!.Code, Is.EqualTo("script.syntax"));
    }

    [Test]
    public void Deep_nesting_is_refused_before_parsing()
    {
        var error = Assert.Throws<ScriptException>(() => _sandbox.Compile(new string('(', 1_000) + "1" + new string(')', 1_000), []));

        Assert.That(error!.Code, Is.EqualTo("script.syntax"));
        Assert.That(error.Message, Does.Contain("nested"));
    }

    [Test]
    public void A_hundred_thousand_nested_parentheses_are_refused()
    {
        var error = Assert.Throws<ScriptException>(() => _sandbox.Compile(new string('(', 100_000) + "1" + new string(')', 100_000), []));

        Assert.That(error!.Code, Is.EqualTo("script.syntax"));
    }

    [Test]
    public void Syntax_errors_give_line_and_column()
    {
        var error = Assert.Throws<ScriptException>(() => _sandbox.Compile("amount +\n  * 2", ["amount"]));

        Assert.That(error!.Args[0], Is.EqualTo(2));
        Assert.That(error.Args[1], Is.EqualTo(3));
    }
}
