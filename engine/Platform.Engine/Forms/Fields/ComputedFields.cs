using System.Text.Json;
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

/// <summary>How a rollup field reduces the related records it reads.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RollupAggregate>))]
public enum RollupAggregate
{
    Count,
    Sum,
    Min,
    Max,

    /// <summary>The <see cref="RollupField.Field"/> of the most recent related record (by <see cref="RollupField.DateField"/>).</summary>
    Latest,
}

/// <summary>
/// A value gathered from the records of another form that point at this one: the records of <see cref="From"/> whose
/// relation field <see cref="Via"/> names this record, counted, or their <see cref="Field"/> summed, its least, its
/// greatest or its latest value; only those matching <see cref="Where"/> (field = value) and, with
/// <see cref="WithinDays"/>, those whose <see cref="DateField"/> (their creation by default) falls in the last days.
/// Kept current in the transaction of each change of a related record, and every day for a window.
/// </summary>
public sealed record RollupField : FieldDefinition
{
    public required string From { get; init; }

    public required string Via { get; init; }

    public RollupAggregate Aggregate { get; init; } = RollupAggregate.Count;

    public string? Field { get; init; }

    public IReadOnlyDictionary<string, JsonElement> Where { get; init; } = new Dictionary<string, JsonElement>();

    public int? WithinDays { get; init; }

    public string? DateField { get; init; }

    /// <summary>The type of the value: a number (the default, and always for a count or a sum), a text, a date or a date-time.</summary>
    public FormulaResultType? ResultType { get; init; }

    [JsonIgnore]
    public FormulaResultType Result => Aggregate is RollupAggregate.Count or RollupAggregate.Sum ? FormulaResultType.Number : ResultType ?? FormulaResultType.Number;

    /// <summary>Digits kept for a number.</summary>
    public int Precision { get; init; } = 2;

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}
