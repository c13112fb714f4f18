using System.Collections.Immutable;

namespace Platform.Engine.Formulas.Syntax;

/// <summary>A node of a parsed formula; <see cref="Start"/> is its offset in the source, for error positions.</summary>
public abstract record FormulaNode(int Start);

public sealed record NumberNode(double Value, int Start) : FormulaNode(Start);

public sealed record TextNode(string Value, int Start) : FormulaNode(Start);

public sealed record BooleanNode(bool Value, int Start) : FormulaNode(Start);

public sealed record ArrayNode(ImmutableArray<FormulaNode> Items, int Start) : FormulaNode(Start);

/// <summary>One part of a name: <c>amount</c>, or <c>{Close date}</c> when braced (a label, which may contain dots).</summary>
public sealed record NamePart(string Text, bool Braced, int Start);

/// <summary>A field reference such as <c>amount</c>, <c>{金额}</c>, <c>items.price</c>, <c>{明细.金额}</c> or <c>prev.stage</c>.</summary>
public sealed record NameNode(ImmutableArray<NamePart> Parts, int Start, int End) : FormulaNode(Start);

/// <summary><c>-x</c>, <c>!x</c>, or the postfix <c>x%</c>.</summary>
public sealed record UnaryNode(string Operator, FormulaNode Operand, int Start) : FormulaNode(Start);

public sealed record BinaryNode(string Operator, FormulaNode Left, FormulaNode Right, int Start) : FormulaNode(Start);

public sealed record CallNode(string Name, ImmutableArray<FormulaNode> Arguments, int Start) : FormulaNode(Start);
