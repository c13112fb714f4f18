using System.Collections.Immutable;

namespace Platform.Engine.Formulas.Syntax;

/// <summary>
/// Parses the formula language into a tree. Precedence follows Excel, lowest first: <c>||</c>,
/// <c>&amp;&amp;</c>, comparisons (<c>= == === &lt;&gt; != !== &lt; &lt;= &gt; &gt;=</c>), <c>&amp;</c>,
/// <c>+ -</c>, <c>* /</c>, <c>^</c> (left to right, as in Excel), then prefix <c>- + !</c>
/// (so <c>-2^2</c> is 4, as in Excel) and postfix <c>%</c>.
/// </summary>
public sealed class FormulaParser
{
    private static readonly Dictionary<string, int> Binary = new()
    {
        ["||"] = 1, ["&&"] = 2,
        ["="] = 3, ["=="] = 3, ["==="] = 3, ["<>"] = 3, ["!="] = 3, ["!=="] = 3, ["<"] = 3, ["<="] = 3, [">"] = 3, [">="] = 3,
        ["&"] = 4, ["+"] = 5, ["-"] = 5, ["*"] = 6, ["/"] = 6, ["^"] = 7,
    };
    /// <summary>Operators whose left-leaning chains the compiler emits flat, one step after another.</summary>
    internal static readonly HashSet<string> FlatChains = ["+", "-", "*", "/", "&"];

    // Deeper than this is refused before the parser's own recursion could exhaust the stack.
    private const int MaxDepth = 128;
    private const int MaxLength = 10_000;

    private readonly string _source;
    private readonly List<Token> _tokens;
    private int _at;
    private int _depth;

    private FormulaParser(string source)
    {
        _source = source;
        _tokens = new Lexer(source).Tokenize();
    }

    /// <summary>Parses a whole formula; a leading <c>=</c>, as typed in Excel, is allowed.</summary>
    public static FormulaNode Parse(string source)
    {
        if (source.Length > MaxLength) throw FormulaErrors.Syntax(source, MaxLength, "syntax.tooLong", MaxLength);
        var parser = new FormulaParser(source);
        if (parser.Peek.Is(TokenKind.Operator, "=")) parser._at++;
        var node = parser.Expression(0);
        if (parser.Peek.Kind != TokenKind.End)
            throw parser.Expected(parser.Peek.Kind == TokenKind.Close ? "syntax.unopened" : "syntax.operator");
        return node;
    }

    private Token Peek => _tokens[_at];

    private Token Take() => _tokens[_at++];

    private FormulaNode Expression(int minimum)
    {
        Enter();
        var left = Prefix();
        var chain = 0;
        while (Peek.Kind == TokenKind.Operator && Binary.TryGetValue(Peek.Text, out var precedence) && precedence > minimum)
        {
            // A chain of comparisons nests to the left once compiled, as deep as many brackets; arithmetic and
            // joining chains (a + b + c ...) compile flat, so only their length bounds them.
            if (!FlatChains.Contains(Peek.Text) && ++chain + _depth > MaxDepth)
                throw FormulaErrors.Syntax(_source, Peek.Start, "syntax.tooDeep", MaxDepth);
            var op = Take();
            var right = Expression(precedence);
            left = new BinaryNode(op.Text, left, right, op.Start);
        }
        _depth--;
        return left;
    }

    private void Enter()
    {
        if (++_depth > MaxDepth) throw FormulaErrors.Syntax(_source, Peek.Start, "syntax.tooDeep", MaxDepth);
    }

    private FormulaNode Prefix()
    {
        var token = Peek;
        if (token.Kind == TokenKind.Operator && token.Text is "-" or "+" or "!")
        {
            _at++;
            Enter();
            var operand = Prefix();
            _depth--;
            return token.Text == "+" ? operand : new UnaryNode(token.Text, operand, token.Start);
        }
        return Postfix(Primary());
    }

    private FormulaNode Postfix(FormulaNode node)
    {
        while (Peek.Is(TokenKind.Operator, "%")) node = new UnaryNode("%", node, Take().Start);
        return node;
    }

    private FormulaNode Primary()
    {
        var token = Take();
        switch (token.Kind)
        {
            case TokenKind.Number: return new NumberNode(token.Number, token.Start);
            case TokenKind.Text: return new TextNode(token.Text, token.Start);
            case TokenKind.Field: return Name(new NamePart(token.Text, true, token.Start));
            case TokenKind.ArrayStart: return Array(token);
            case TokenKind.Open:
                {
                    var inner = Expression(0);
                    Expect(TokenKind.Close, ")");
                    return inner;
                }
            case TokenKind.Name when Peek.Kind == TokenKind.Open:
                return Call(token);
            case TokenKind.Name when token.Text.Equals("TRUE", StringComparison.OrdinalIgnoreCase):
                return new BooleanNode(true, token.Start);
            case TokenKind.Name when token.Text.Equals("FALSE", StringComparison.OrdinalIgnoreCase):
                return new BooleanNode(false, token.Start);
            case TokenKind.Name:
                return Name(new NamePart(token.Text, false, token.Start));
        }
        _at--;
        throw Expected("syntax.value");
    }

    private NameNode Name(NamePart first)
    {
        var parts = ImmutableArray.CreateBuilder<NamePart>();
        parts.Add(first);
        var end = _tokens[_at - 1].End;
        while (Peek.Kind == TokenKind.Dot)
        {
            _at++;
            var next = Take();
            if (next.Kind is not (TokenKind.Name or TokenKind.Field)) { _at--; throw Expected("syntax.fieldAfterDot"); }
            parts.Add(new NamePart(next.Text, next.Kind == TokenKind.Field, next.Start));
            end = next.End;
        }
        return new NameNode(parts.ToImmutable(), first.Start, end);
    }

    private CallNode Call(Token name)
    {
        _at++;
        var args = ImmutableArray.CreateBuilder<FormulaNode>();
        if (Peek.Kind != TokenKind.Close)
        {
            do args.Add(Expression(0));
            while (Peek.Kind == TokenKind.Comma && Take().Kind == TokenKind.Comma);
        }
        Expect(TokenKind.Close, ")");
        return new CallNode(name.Text.ToUpperInvariant(), args.ToImmutable(), name.Start);
    }

    private ArrayNode Array(Token open)
    {
        var items = ImmutableArray.CreateBuilder<FormulaNode>();
        do items.Add(Prefix());
        while (Peek.Kind == TokenKind.Comma && Take().Kind == TokenKind.Comma);
        Expect(TokenKind.ArrayEnd, "}");
        return new ArrayNode(items.ToImmutable(), open.Start);
    }

    private void Expect(TokenKind kind, string text)
    {
        if (Peek.Kind == kind) { _at++; return; }
        throw FormulaErrors.Syntax(_source, Peek.Start, "syntax.expected", $"'{text}'", Peek.Describe());
    }

    private Scripting.ScriptException Expected(string code) => FormulaErrors.Syntax(_source, Peek.Start, code, Peek.Describe());
}
