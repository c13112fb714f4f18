namespace Platform.Engine.Formulas.Syntax;

internal enum TokenKind
{
    Number,
    Text,
    Name,
    Field,
    ArrayStart,
    ArrayEnd,
    Operator,
    Open,
    Close,
    Comma,
    Dot,
    End,
}

/// <summary>One token of a formula; <see cref="Start"/> is its offset in the source.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Start, double Number = 0)
{
    /// <summary>The offset just after the token; the lexer sets it.</summary>
    public int End { get; init; }

    public bool Is(TokenKind kind, string text) => Kind == kind && Text == text;

    /// <summary>How the token is named in an error message.</summary>
    public object Describe() => Kind == TokenKind.End ? new Validation.ValidationError("", "syntax.endOfInput") : $"'{Text}'";
}
