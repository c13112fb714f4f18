using System.Text.Json.Serialization;

namespace Platform.Engine.Forms.Fields;

/// <summary>The kind of value a formula produces, which decides its column.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FormulaResultType>))]
public enum FormulaResultType
{
    Number,
    Text,
    Date,
    DateTime,
    Boolean,
}

/// <summary>A value computed on every write from an expression over the other fields.</summary>
public sealed record FormulaField : FieldDefinition
{
    public required string Expression { get; init; }

    /// <summary>The result type as written; when left out, publishing sets it to the type the formula gives.</summary>
    public FormulaResultType? ResultType { get; init; }

    /// <summary>The type results are stored as.</summary>
    [JsonIgnore]
    public FormulaResultType Result => ResultType ?? FormulaResultType.Number;

    /// <summary>Digits kept for a number result.</summary>
    public int Precision { get; init; } = 2;

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>
/// A generated number such as <c>HT-20261123-0007</c>: prefix, optional date part (the sequence
/// restarts with each new date part) and a zero-padded sequence that never repeats.
/// </summary>
public sealed record AutoNumberField : FieldDefinition
{
    public string Prefix { get; init; } = "";

    /// <summary>A .NET date format such as <c>yyyyMMdd</c>; empty for one running sequence.</summary>
    public string? DatePattern { get; init; }

    public int Digits { get; init; } = 4;

    public string Separator { get; init; } = "";

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}
