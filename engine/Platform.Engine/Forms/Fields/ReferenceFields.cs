using System.Collections.Immutable;

namespace Platform.Engine.Forms.Fields;

/// <summary>One or many platform users, by user id.</summary>
public sealed record UserField : FieldDefinition
{
    public bool Multiple { get; init; }

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>One or many departments, by department id.</summary>
public sealed record DepartmentField : FieldDefinition
{
    public bool Multiple { get; init; }

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>One or many records of another form of the same app, by record id.</summary>
public sealed record RelationField : FieldDefinition
{
    /// <summary>The key of the target form.</summary>
    public required string Form { get; init; }

    public bool Multiple { get; init; }

    /// <summary>The target field shown for a related record.</summary>
    public string? DisplayField { get; init; }

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>Detail rows with fields of their own, stored in a child table.</summary>
public sealed record SubformField : FieldDefinition
{
    public ImmutableList<FieldDefinition> Fields { get; init; } = [];

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>Files, stored as a list of descriptors (name, url, size, content type).</summary>
public sealed record AttachmentField : FieldDefinition
{
    public int MaxFiles { get; init; } = 20;

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}
