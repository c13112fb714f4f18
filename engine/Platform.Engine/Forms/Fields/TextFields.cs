namespace Platform.Engine.Forms.Fields;

/// <summary>Single-line text.</summary>
public sealed record TextField : FieldDefinition
{
    public const int DefaultMaxLength = 1000;

    public int MaxLength { get; init; } = DefaultMaxLength;

    /// <summary>A .NET regular expression the whole value must match (run with a time limit).</summary>
    public string? Pattern { get; init; }

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>Multi-line text.</summary>
public sealed record TextareaField : FieldDefinition
{
    public const int DefaultMaxLength = 50_000;

    public int MaxLength { get; init; } = DefaultMaxLength;

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

public sealed record EmailField : FieldDefinition
{
    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

public sealed record PhoneField : FieldDefinition
{
    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

public sealed record UrlField : FieldDefinition
{
    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}
