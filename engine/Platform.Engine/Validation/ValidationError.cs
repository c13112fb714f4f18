using System.Globalization;
using Platform.Engine.Forms;

namespace Platform.Engine.Validation;

/// <summary>
/// One problem with one field (or <c>_form</c>, <c>filter</c>, <c>sort</c>...), as a code and
/// arguments so that each caller can word it in its own language.
/// </summary>
public sealed record ValidationError(string Field, string Code, params object?[] Args)
{
    public const string FormLevel = "_form";

    /// <summary>A message written by a user (a rule's message), shown as it is.</summary>
    public LocalizedText? Text { get; init; }

    /// <summary>The form's field the error is about: <c>products</c> for <c>products[2].quantity</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string TopField => Field.Split('[', '.')[0];

    public string Message(string? culture = null) =>
        Text?.Resolve(CultureInfo.GetCultureInfo(culture ?? "en")) ?? Messages.Format(Code, culture, Args);
}
