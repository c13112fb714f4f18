namespace Platform.Engine.Forms;

/// <summary>Keys of apps, forms and fields: identifiers that are safe in URLs, formulas and generated code.</summary>
public static class FormKeys
{
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= 64 } && char.IsAsciiLetter(key[0]) && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Names a field key may not take: record properties, and words formulas use.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(SystemFields.Names, StringComparer.Ordinal)
    {
        "prev", "me", "undefined", "NaN", "Infinity", "eval", "arguments", "globalThis",
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
        "export", "extends", "false", "finally", "for", "function", "if", "implements", "import", "in", "instanceof",
        "interface", "let", "new", "null", "package", "private", "protected", "public", "return", "static", "super",
        "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield", "await", "async",
    };
}
