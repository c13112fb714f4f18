using Platform.Engine.Formulas;
using Platform.Engine.Formulas.Functions;
using Platform.Engine.Scripting;

namespace Platform.Engine.Tests.Formulas;

public sealed class FunctionCatalogTests
{
    private readonly ScriptSandbox _sandbox = new();

    private string Run(string script) =>
        _sandbox.EvaluateToJson(_sandbox.Compile(script, []), FormulaBench.Context, []).GetString()!;

    [Test]
    public void Every_documented_function_is_in_the_runtime_and_every_runtime_function_is_documented()
    {
        var runtime = Run("Object.getOwnPropertyNames(globalThis).filter(n => /^[A-Z]+$/.test(n) && typeof globalThis[n] === 'function' && !['NaN', 'Infinity'].includes(n)).sort().join(',')")
            .Split(',').Where(n => n.Length > 0 && !IsJavaScriptBuiltIn(n)).ToList();

        Assert.That(FunctionCatalog.All.Select(f => f.Name).Order(), Is.EqualTo(runtime));
    }

    private static bool IsJavaScriptBuiltIn(string name) => name is "JSON" or "Math" or "Intl" or "Atomics" or "Reflect";

    [Test]
    public void Every_function_is_documented_in_english_and_chinese_with_an_example_that_compiles()
    {
        var scope = new FormulaBench().Scope;
        var service = new FormulaService(_sandbox);
        foreach (var function in FunctionCatalog.All)
        {
            Assert.That(function.Description.ByCulture!.Keys, Is.EquivalentTo(new[] { "en", "zh-CN" }), function.Name);
            Assert.That(function.Signature, Does.StartWith(function.Name + "("), function.Name);
            Assert.That(function.MinArgs, Is.LessThanOrEqualTo(function.MaxArgs), function.Name);
            Assert.That(function.Example, Does.Contain(function.Name), function.Name);
            Assert.That(function.Differences?.ByCulture?.Keys, Is.Null.Or.EquivalentTo(new[] { "en", "zh-CN" }), function.Name);
        }
        // Examples that name no field compile as they are written in the documentation.
        var standalone = FunctionCatalog.All.Where(f => !f.Example.Contains('{')).ToList();
        Assert.That(standalone, Has.Count.GreaterThan(5));
        foreach (var function in standalone)
            Assert.DoesNotThrow(() => service.Compile(function.Example, scope), function.Example);
    }

    [Test]
    public void A_label_two_fields_share_must_be_written_as_a_key()
    {
        var form = Platform.Engine.Forms.FormJson.Parse("""
            { "key": "f", "fields": [ { "key": "a", "type": "number", "label": "Total" }, { "key": "b", "type": "number", "label": "Total" } ] }
            """);
        var service = new FormulaService(_sandbox);

        var error = Assert.Throws<ScriptException>(() => service.Compile("{Total} * 2", new FormulaScope(form)));

        Assert.That(error!.Message, Does.Contain("use the field's key"));
        Assert.That(service.Compile("a * 2", new FormulaScope(form)).Inputs.Single().Field, Is.EqualTo("a"));
    }
}
