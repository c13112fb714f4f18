using System.Globalization;
using System.Text;

namespace Platform.Engine.Formulas.Syntax;

/// <summary>
/// Splits a formula into tokens. Full-width brackets, commas and quotes, as typed with a Chinese
/// input method, count as their ASCII twins. <c>{...}</c> is an array when it holds only constants
/// (<c>{1,2,3}</c>) and a field reference otherwise (<c>{金额}</c>).
/// </summary>
internal sealed class Lexer(string source)
{
    private static readonly string[] Operators = ["===", "!==", "==", "!=", "<>", "<=", ">=", "&&", "||", "+", "-", "*", "/", "^", "%", "&", "=", "<", ">", "!"];
    private int _at;
    private int _arrayDepth;

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        while (true)
        {
            var token = Next() with { End = _at };
            tokens.Add(token);
            if (token.Kind == TokenKind.End) return tokens;
        }
    }

    private Token Next()
    {
        while (_at < source.Length && (char.IsWhiteSpace(source[_at]) || source[_at] == '\u3000')) _at++;
        if (_at >= source.Length) return new(TokenKind.End, "", _at);
        var start = _at;
        var c = source[_at];

        if (char.IsAsciiDigit(c) || c == '.' && _at + 1 < source.Length && char.IsAsciiDigit(source[_at + 1])) return Number(start);
        if (c is '"' or '\'' or '“' or '‘') return Text(start);
        if (char.IsLetter(c) || c == '_') return Name(start);
        if (c == '{') return Brace(start);
        if (c == '}' && _arrayDepth > 0) { _at++; _arrayDepth--; return new(TokenKind.ArrayEnd, "}", start); }
        _at++;
        switch (c)
        {
            case '(' or '（': return new(TokenKind.Open, "(", start);
            case ')' or '）': return new(TokenKind.Close, ")", start);
            case ',' or ';' or '，' or '；': return new(TokenKind.Comma, ",", start);
            case '.': return new(TokenKind.Dot, ".", start);
        }
        _at--;
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(source, _at, op, 0, op.Length) != 0) continue;
            _at += op.Length;
            return new(TokenKind.Operator, op, start);
        }
        throw FormulaErrors.Syntax(source, start, "syntax.character", char.ConvertFromUtf32(char.ConvertToUtf32(source, start)));
    }

    private Token Number(int start)
    {
        while (_at < source.Length && char.IsAsciiDigit(source[_at])) _at++;
        if (_at < source.Length && source[_at] == '.') { _at++; while (_at < source.Length && char.IsAsciiDigit(source[_at])) _at++; }
        if (_at < source.Length && source[_at] is 'e' or 'E')
        {
            var mark = _at++;
            if (_at < source.Length && source[_at] is '+' or '-') _at++;
            if (_at < source.Length && char.IsAsciiDigit(source[_at])) { while (_at < source.Length && char.IsAsciiDigit(source[_at])) _at++; }
            else _at = mark;
        }
        var text = source[start.._at];
        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value)) throw FormulaErrors.Syntax(source, start, "syntax.number", text);
        return new(TokenKind.Number, text, start, value);
    }

    private Token Text(int start)
    {
        var open = source[_at++];
        var close = open switch { '“' => '”', '‘' => '’', _ => open };
        var text = new StringBuilder();
        while (_at < source.Length)
        {
            var c = source[_at++];
            if (c == close || (open is '“' && c == '"'))
            {
                // A doubled quote is a quote inside the text, as in Excel: "say ""hi""".
                if (_at < source.Length && source[_at] == c) { text.Append(c); _at++; continue; }
                return new(TokenKind.Text, text.ToString(), start);
            }
            text.Append(c);
        }
        throw FormulaErrors.Syntax(source, start, "syntax.unclosedText");
    }

    private Token Name(int start)
    {
        while (_at < source.Length && (char.IsLetterOrDigit(source[_at]) || source[_at] == '_')) _at++;
        return new(TokenKind.Name, source[start.._at], start);
    }

    private Token Brace(int start)
    {
        var end = source.IndexOf('}', start + 1);
        if (end < 0) throw FormulaErrors.Syntax(source, start, "syntax.unclosedField");
        var inside = source[(start + 1)..end];
        if (IsConstantList(inside))
        {
            _at++;
            _arrayDepth++;
            return new(TokenKind.ArrayStart, "{", start);
        }
        _at = end + 1;
        var label = inside.Trim();
        if (label.Length == 0) throw FormulaErrors.Syntax(source, start, "syntax.emptyField");
        return new(TokenKind.Field, label, start);
    }

    private static bool IsConstantList(string inside)
    {
        foreach (var raw in inside.Split([',', ';', '，', '；']))
        {
            var item = raw.Trim();
            if (item.Length == 0) return false;
            if (item[0] is '"' or '\'' or '“' && item.Length >= 2) continue;
            if (item.Equals("TRUE", StringComparison.OrdinalIgnoreCase) || item.Equals("FALSE", StringComparison.OrdinalIgnoreCase)) continue;
            if (!double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return false;
        }
        return true;
    }
}
