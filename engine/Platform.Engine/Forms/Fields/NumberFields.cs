namespace Platform.Engine.Forms.Fields;

public sealed record NumberField : FieldDefinition
{
    /// <summary>Digits after the decimal point; values are rounded half away from zero, as Excel does.</summary>
    public int Precision { get; init; } = 2;

    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

public sealed record MoneyField : FieldDefinition
{
    public string Currency { get; init; } = "CNY";

    public int Precision { get; init; } = 2;

    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>A ratio stored as a fraction (0.25 shows as 25%).</summary>
public sealed record PercentField : FieldDefinition
{
    public int Precision { get; init; } = 4;

    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>Whole stars from 0 to <see cref="Max"/>.</summary>
public sealed record RatingField : FieldDefinition
{
    public int Max { get; init; } = 5;

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}
