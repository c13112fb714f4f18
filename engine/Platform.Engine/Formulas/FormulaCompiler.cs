using System.Globalization;
using System.Text;
using System.Text.Json;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Formulas.Functions;
using Platform.Engine.Formulas.Syntax;

namespace Platform.Engine.Formulas;

/// <summary>
/// Turns a parsed formula into the JavaScript the sandbox runs, resolving every name against the
/// scope, checking every call against the catalog and working out the result type on the way.
/// Operators become calls of the runtime's <c>__x</c> helpers, so <c>=</c> compares and never assigns.
/// </summary>
internal sealed class FormulaCompiler
{
    private static readonly Dictionary<string, string> Operators = new()
    {
        ["+"] = "add", ["-"] = "sub", ["*"] = "mul", ["/"] = "div", ["^"] = "pow", ["&"] = "cat",
        ["="] = "eq", ["=="] = "eq", ["==="] = "eq", ["<>"] = "ne", ["!="] = "ne", ["!=="] = "ne",
        ["<"] = "lt", ["<="] = "le", [">"] = "gt", [">="] = "ge", ["&&"] = "and", ["||"] = "or",
    };

    /// <summary>Functions that take an error as a value (ISERROR(1/0) is TRUE) rather than passing it on.</summary>
    private static readonly HashSet<string> SeesErrors = ["ISERROR", "ISBLANK", "ISNUMBER", "ISTEXT", "COUNTA"];

    /// <summary>Rounding runs in the host, in decimal; the JavaScript versions serve plain scripts.</summary>
    private static readonly Dictionary<string, string> HostRounding = new() { ["ROUND"] = "__round", ["ROUNDUP"] = "__roundup", ["ROUNDDOWN"] = "__rounddown" };

    private static readonly Dictionary<string, string> JsComparison = new()
    {
        ["eq"] = "===", ["ne"] = "!==", ["lt"] = "<", ["le"] = "<=", ["gt"] = ">", ["ge"] = ">=",
    };

    private readonly string _source;
    private readonly FormulaScope _scope;
    private readonly List<FormulaInput> _inputs = [];
    private readonly List<(int Start, int End, string Keys, string Labels)> _names = [];
    private int _temps;

    private FormulaCompiler(string source, FormulaScope scope)
    {
        _source = source;
        _scope = scope;
    }

    private sealed record Emitted(string Js, FormulaType Type, FieldDefinition? Field = null);

    /// <summary>
    /// The generated function, the values it reads, the type it gives, and the formula rewritten with
    /// field keys (as stored) and with labels (as shown); throws <see cref="Scripting.ScriptException"/> with a position.
    /// </summary>
    public static (string Function, IReadOnlyList<FormulaInput> Inputs, FormulaType Type, string WithKeys, string WithLabels) Compile(
        string source, FormulaScope scope, FormulaType? expected)
    {
        var tree = FormulaParser.Parse(source);
        var compiler = new FormulaCompiler(source, scope);
        var body = compiler.Emit(tree);
        var js = body.Js;
        if (expected is { } target)
        {
            if (!Accepts(target, body.Type))
                throw FormulaErrors.Invalid(source, 0, "formula.resultType", body.Type.ToString().ToLowerInvariant(), target.ToString().ToLowerInvariant());
            // A result already in the stored shape goes straight out; anything else is converted.
            var t = "t" + compiler._temps++;
            js = target switch
            {
                FormulaType.Number => $"(({t} = {js}), typeof {t} === 'number' ? {t} : __x.asNumber({t}))",
                FormulaType.Boolean => $"(({t} = {js}), typeof {t} === 'boolean' ? {t} : __x.asBoolean({t}))",
                _ => $"__x.as{target}({js})",
            };
        }
        var parameters = string.Join(", ", compiler._inputs.Select((_, i) => "a" + i));
        var temps = compiler._temps == 0 ? "" : "let " + string.Join(", ", Enumerable.Range(0, compiler._temps).Select(i => "t" + i)) + "; ";
        // An Excel error thrown anywhere in the formula is its result, as a value the host can read.
        var function = $"(function ({parameters}) {{ 'use strict'; {temps}try {{ return {js}; }} catch (e) {{ if (__x.isErr(e)) return e; throw e; }} }})";
        return (function, compiler._inputs, body.Type, compiler.Rewrite(n => n.Keys), compiler.Rewrite(n => n.Labels));
    }

    private string Rewrite(Func<(int Start, int End, string Keys, string Labels), string> name)
    {
        var text = new StringBuilder();
        var at = 0;
        foreach (var n in _names.OrderBy(n => n.Start))
        {
            text.Append(_source, at, n.Start - at).Append(name(n));
            at = n.End;
        }
        return text.Append(_source, at, _source.Length - at).ToString();
    }

    private static string Label(FieldDefinition field) => "{" + (field.Label?.Resolve(CultureInfo.CurrentUICulture) is { Length: > 0 } label && !label.Contains('}') ? label : field.Key) + "}";

    /// <summary>Whether a field of type <paramref name="target"/> can hold what the formula gives.</summary>
    private static bool Accepts(FormulaType target, FormulaType given) => given == FormulaType.Any || target switch
    {
        FormulaType.Number => given is FormulaType.Number or FormulaType.Boolean,
        FormulaType.Boolean => given is FormulaType.Boolean or FormulaType.Number,
        FormulaType.Date or FormulaType.DateTime => given is FormulaType.Date or FormulaType.DateTime or FormulaType.Text,
        _ => true,
    };

    private Emitted Emit(FormulaNode node) => node switch
    {
        NumberNode n => new(n.Value.ToString("R", CultureInfo.InvariantCulture), FormulaType.Number),
        TextNode t => new(JsonSerializer.Serialize(t.Value), FormulaType.Text),
        BooleanNode b => new(b.Value ? "true" : "false", FormulaType.Boolean),
        ArrayNode a => new("[" + string.Join(", ", a.Items.Select(i => Emit(i).Js)) + "]", FormulaType.List),
        NameNode name => Name(name),
        UnaryNode u => Unary(u),
        BinaryNode b => Binary(b),
        CallNode call => Call(call),
        _ => throw new InvalidOperationException($"No code for {node.GetType().Name}."),
    };

    private Emitted Unary(UnaryNode node)
    {
        var operand = Emit(node.Operand);
        return node.Operator switch
        {
            "-" => new($"__x.neg({operand.Js})", FormulaType.Number),
            "%" => new($"__x.pct({operand.Js})", FormulaType.Number),
            _ => new($"__x.not({operand.Js})", FormulaType.Boolean),
        };
    }

    private Emitted Binary(BinaryNode node)
    {
        if (FormulaParser.FlatChains.Contains(node.Operator) && node.Left is BinaryNode inner && FormulaParser.FlatChains.Contains(inner.Operator))
            return Chain(node);
        var left = Emit(node.Left);
        var right = Emit(node.Right);
        var helper = Operators[node.Operator];
        if (helper is "eq" or "ne")
        {
            // {阶段} = "成交": a select stores option keys, people write labels; compare with the key.
            left = OptionKey(left, right.Field) ?? left;
            right = OptionKey(right, left.Field) ?? right;
        }
        var type = ResultType(helper, left.Type, right.Type);
        // Two numbers compare in place, without a call: the common case of a condition costs nothing extra.
        if (JsComparison.TryGetValue(helper, out var js))
        {
            var (l, r) = ("t" + _temps++, "t" + _temps++);
            return new($"(({l} = {left.Js}), ({r} = {right.Js}), typeof {l} === 'number' && typeof {r} === 'number' ? {l} {js} {r} : __x.{helper}({l}, {r}))", type);
        }
        return new($"{Callee(helper)}({left.Js}, {right.Js})", type);
    }

    // + - * / are host functions working in decimal; the rest are the runtime's helpers.
    private static string Callee(string helper) => helper switch
    {
        "add" => "__dadd",
        "sub" => "__dsub",
        "mul" => "__dmul",
        "div" => "__ddiv",
        "cat" => Scripting.HostFunctions.Concatenate,
        _ => "__x." + helper,
    };

    private static FormulaType ResultType(string helper, FormulaType left, FormulaType right) => helper switch
    {
        "cat" => FormulaType.Text,
        "eq" or "ne" or "lt" or "le" or "gt" or "ge" or "and" or "or" => FormulaType.Boolean,
        "add" when IsDate(left) || IsDate(right) => IsDate(left) ? left : right,
        "sub" when IsDate(left) && !IsDate(right) && right != FormulaType.Any => left,
        _ => FormulaType.Number,
    };

    /// <summary>
    /// <c>a + b - c &amp; d ...</c> leans left; nested calls would be as deep as the chain is long (Jint stops at
    /// 256 levels), so the chain runs as steps on one temporary, in the same order: <c>(t = a, t = add(t, b), ..., t)</c>.
    /// </summary>
    private Emitted Chain(BinaryNode node)
    {
        var steps = new Stack<BinaryNode>();
        FormulaNode start = node;
        while (start is BinaryNode step && FormulaParser.FlatChains.Contains(step.Operator))
        {
            steps.Push(step);
            start = step.Left;
        }
        var first = Emit(start);
        var t = "t" + _temps++;
        var js = new StringBuilder($"(({t} = {first.Js})");
        var type = first.Type;
        while (steps.Count > 0)
        {
            var step = steps.Pop();
            var right = Emit(step.Right);
            var helper = Operators[step.Operator];
            type = ResultType(helper, type, right.Type);
            js.Append($", ({t} = {Callee(helper)}({t}, {right.Js}))");
        }
        return new(js.Append($", {t})").ToString(), type);
    }

    private static bool IsDate(FormulaType type) => type is FormulaType.Date or FormulaType.DateTime;

    private static Emitted? OptionKey(Emitted literal, FieldDefinition? field)
    {
        if (field is not SelectField select || !literal.Js.StartsWith('"')) return null;
        var text = JsonSerializer.Deserialize<string>(literal.Js)!;
        if (select.Options.Any(o => o.Key == text)) return null;
        var option = select.Options.FirstOrDefault(o => o.Label?.AllTexts.Contains(text, StringComparer.OrdinalIgnoreCase) == true);
        return option is null ? null : literal with { Js = JsonSerializer.Serialize(option.Key) };
    }

    private Emitted Call(CallNode call)
    {
        var function = FunctionCatalog.Find(call.Name)
            ?? throw FormulaErrors.Invalid(_source, call.Start, "formula.unknownFunction", call.Name);
        var count = call.Arguments.Length;
        if (count < function.MinArgs || count > function.MaxArgs || call.Name == "IFS" && count % 2 == 1)
            throw FormulaErrors.Invalid(_source, call.Start, "formula.arguments", call.Name, function.Signature, count);
        var args = call.Arguments.Select(Emit).ToList();
        var type = function.ResultType(args.Select(a => a.Type).ToList());
        // IF and IFERROR take only the branch they need, like Excel; every other function gets all its arguments.
        if (call.Name == "IF")
        {
            // A boolean (a comparison, AND(), a yes/no field: true, false or blank) is tested as it is.
            var test = args[0].Type == FormulaType.Boolean ? args[0].Js : $"__x.test({args[0].Js})";
            return new($"({test} ? {args[1].Js} : {(args.Count > 2 ? args[2].Js : "false")})", type);
        }
        if (call.Name == "IFERROR")
        {
            var t = "t" + _temps++;
            return new($"(__x.isErr({t} = __x.val(() => {args[0].Js})) ? {args[1].Js} : {t})", type);
        }
        if (HostRounding.TryGetValue(call.Name, out var host))
            return new($"{host}({args[0].Js}, {(args.Count > 1 ? args[1].Js : "0")})", type);
        var js = new StringBuilder(Scripting.HostFunctions.Names.GetValueOrDefault(call.Name, call.Name)).Append('(');
        js.AppendJoin(", ", args.Select(a => SeesErrors.Contains(call.Name) ? $"__x.val(() => {a.Js})" : a.Js)).Append(')');
        return new(js.ToString(), type);
    }

    private Emitted Name(NameNode name)
    {
        var parts = name.Parts.ToList();
        var previous = parts.Count > 1 && parts[0] is { Braced: false, Text: "prev" };
        if (previous) parts.RemoveAt(0);
        // {明细.金额} is one braced name: a label with a dot, or a subform and its column.
        if (parts.Count == 1 && parts[0].Braced && parts[0].Text.Contains('.') && FormulaScope.Find(_scope.Form.Fields, parts[0].Text) is null)
        {
            var start = parts[0].Start;
            parts = parts[0].Text.Split('.').Select(t => new NamePart(t.Trim(), true, start)).ToList();
        }
        if (parts.Count > 2) throw FormulaErrors.Invalid(_source, parts[2].Start, "formula.tooDeep");

        var field = FormulaScope.Find(_scope.Form.Fields, parts[0].Text, out var ambiguous)
            ?? throw FormulaErrors.Invalid(_source, parts[0].Start, "formula.unknownField", parts[0].Text);
        if (ambiguous) throw FormulaErrors.Invalid(_source, parts[0].Start, "formula.ambiguous", parts[0].Text);
        var prefix = previous ? "prev." : "";
        if (parts.Count == 1)
        {
            _names.Add((name.Start, name.End, prefix + field.Key, prefix + Label(field)));
            return Input(new FormulaInput(FormulaInputKind.Field, field.Key, null, previous), FieldFormulaTypes.For(field), field);
        }

        var part = parts[1];
        switch (field)
        {
            case SubformField subform:
                {
                    var column = FormulaScope.Find(subform.Fields, part.Text)
                        ?? throw FormulaErrors.Invalid(_source, part.Start, "formula.unknownField", $"{parts[0].Text}.{part.Text}");
                    _names.Add((name.Start, name.End, $"{prefix}{field.Key}.{column.Key}", $"{prefix}{Label(field)}.{Label(column)}"));
                    return Input(new FormulaInput(FormulaInputKind.SubformColumn, field.Key, column.Key, previous), FormulaType.List);
                }
            case RelationField relation:
                {
                    var target = _scope.Related(relation.Form)
                        ?? throw FormulaErrors.Invalid(_source, part.Start, "formula.relatedMissing", relation.Form);
                    var looked = FormulaScope.Find(target.Fields, part.Text)
                        ?? throw FormulaErrors.Invalid(_source, part.Start, "formula.unknownField", $"{parts[0].Text}.{part.Text}");
                    if (looked is SubformField or RelationField { Multiple: true } && relation.Multiple)
                        throw FormulaErrors.Invalid(_source, part.Start, "formula.tooDeep");
                    var type = relation.Multiple ? FormulaType.List : FieldFormulaTypes.For(looked);
                    _names.Add((name.Start, name.End, $"{prefix}{field.Key}.{looked.Key}", $"{prefix}{Label(field)}.{Label(looked)}"));
                    return Input(new FormulaInput(FormulaInputKind.Lookup, field.Key, looked.Key, previous), type, relation.Multiple ? null : looked);
                }
            default:
                throw FormulaErrors.Invalid(_source, part.Start, "formula.noParts", parts[0].Text);
        }
    }

    private Emitted Input(FormulaInput input, FormulaType type, FieldDefinition? field = null)
    {
        var index = _inputs.IndexOf(input);
        if (index < 0)
        {
            index = _inputs.Count;
            _inputs.Add(input);
        }
        return new("a" + index, type, field);
    }
}
