using System.Text.Json.Serialization;
using Platform.Engine.Forms;

namespace Platform.Engine.Formulas.Functions;

/// <summary>
/// What the designer and the compiler know of one function: how many arguments it takes, what it
/// gives, and how it is documented. Its behaviour lives in the sandbox's <c>Functions.js</c>.
/// </summary>
public sealed record FunctionInfo(string Name, string Category, int MinArgs, int MaxArgs, FormulaType Returns, string Signature,
    LocalizedText Description, string Example)
{
    public const int Many = 255;

    /// <summary>The arguments whose types make the result (IF's branches, MAX's values); none when <see cref="Returns"/> is fixed.</summary>
    [JsonIgnore]
    public Func<int, bool>? ResultFrom { get; init; }

    /// <summary>Where the result differs from Excel's, said plainly.</summary>
    public LocalizedText? Differences { get; init; }

    public FormulaType ResultType(IReadOnlyList<FormulaType> args) =>
        ResultFrom is null ? Returns : FormulaTypes.Unify(args.Where((_, i) => ResultFrom(i)));
}
