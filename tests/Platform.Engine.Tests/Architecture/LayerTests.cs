using NetArchTest.Rules;
using Platform.Engine.Forms;

namespace Platform.Engine.Tests.Architecture;

/// <summary>
/// The engine's layers, lowest first. Each may use the ones below it and none above, so the form
/// model stays plain data and storage never reaches into records. A back-arrow fails here, naming the type.
/// </summary>
public sealed class LayerTests
{
    private const string Root = "Platform.Engine.";

    /// <summary>Lowest first: what the engine tells tracing and metrics, the form model, errors, calls to the outside, the sandbox, field values, formulas, storage, background jobs, compiled models, records, apps, users, notifications, then workflows.</summary>
    private static readonly string[] Layers = ["Telemetry", "Forms", "Validation", "Outbound", "Scripting", "Values", "Formulas", "Storage", "Jobs", "Models", "Records", "Apps", "Views", "Users", "Notifications", "Comments", "Files", "Workflows", "Reports", "Sheets", "Packages"];

    public static IEnumerable<TestCaseData> EveryLayer() =>
        Layers.Select((layer, index) => new TestCaseData(layer, Layers.Skip(index + 1).ToArray()).SetName($"{layer} uses no layer above it"));

    [TestCaseSource(nameof(EveryLayer))]
    public void A_layer_uses_no_layer_above_it(string layer, string[] above)
    {
        if (above.Length == 0) Assert.Pass("the top layer may use every other");
        var result = Types.InAssembly(typeof(FormDefinition).Assembly)
            .That().ResideInNamespace(Root + layer)
            .ShouldNot().HaveDependencyOnAny(above.Select(a => Root + a).ToArray())
            .GetResult();

        Assert.That(result.FailingTypeNames ?? [], Is.Empty, $"{layer} reaches up into {string.Join(", ", above)}");
    }

    [Test]
    public void Every_namespace_of_the_engine_is_in_a_layer()
    {
        var namespaces = typeof(FormDefinition).Assembly.GetTypes()
            .Select(t => t.Namespace).OfType<string>().Where(n => n.StartsWith(Root, StringComparison.Ordinal))
            .Select(n => n[Root.Length..].Split('.')[0]).Distinct();

        Assert.That(namespaces, Is.SubsetOf(Layers));
    }

    [Test]
    public void The_rule_catches_a_back_arrow()
    {
        // The rule itself must be able to fail: records do use storage, so "records use nothing of storage" is broken.
        var result = Types.InAssembly(typeof(FormDefinition).Assembly)
            .That().ResideInNamespace(Root + "Records")
            .ShouldNot().HaveDependencyOnAny(Root + "Storage")
            .GetResult();

        Assert.That(result.IsSuccessful, Is.False);
    }
}
