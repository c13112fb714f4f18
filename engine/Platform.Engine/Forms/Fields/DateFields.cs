namespace Platform.Engine.Forms.Fields;

/// <summary>A calendar date with no time and no time zone.</summary>
public sealed record DateField : FieldDefinition
{
    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>An instant, stored in UTC.</summary>
public sealed record DateTimeField : FieldDefinition
{
    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

public sealed record BooleanField : FieldDefinition
{
    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}
