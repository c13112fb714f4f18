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

    /// <summary>
    /// A key for a new field from what its designer called it, as a designer suggests one before it is published (and
    /// frozen): the label's letters and digits in lower case joined by <c>_</c> (<c>Company name</c> → <c>company_name</c>),
    /// <c>field_1</c>, <c>field_2</c>… for a label with none (<c>预计金额</c>), never a reserved word or one in
    /// <paramref name="taken"/> (<c>city_2</c>).
    /// </summary>
    public static string Suggest(string? label, IReadOnlyCollection<string> taken)
    {
        var words = new System.Text.StringBuilder();
        foreach (var c in (label ?? "").ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) words.Append(c);
            else if (words.Length > 0 && words[^1] != '_') words.Append('_');
        }
        var stem = words.ToString().Trim('_');
        if (stem.Length > 48) stem = stem[..48].TrimEnd('_');
        if (stem.Length > 0 && !char.IsAsciiLetter(stem[0])) stem = "f_" + stem;
        if (Reserved.Contains(stem)) stem += "_field";
        if (stem.Length > 0 && !taken.Contains(stem)) return stem;
        var at = stem.Length == 0 ? "field_" : stem + "_";
        var n = stem.Length == 0 ? 1 : 2;
        while (taken.Contains(at + n)) n++;
        return at + n;
    }
}
