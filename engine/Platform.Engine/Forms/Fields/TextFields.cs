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
    /// <summary>RFC 5321's limit for an address in a mail path.</summary>
    public const int MaxLength = 256;

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

public sealed record PhoneField : FieldDefinition
{
    /// <summary>Room for an international number with extension and separators.</summary>
    public const int MaxLength = 64;

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

public sealed record UrlField : FieldDefinition
{
    /// <summary>What browsers and servers reliably accept.</summary>
    public const int MaxLength = 2048;

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}
