using System.Text.Json.Nodes;

namespace Platform.Engine.Forms.Fields;

/// <summary>
/// A field whose type this version does not know, as a newer template package may carry.
/// Its JSON is kept exactly so that saving the definition again loses nothing; publishing
/// reports it instead of crashing.
/// </summary>
public sealed record UnknownField : FieldDefinition
{
    public required string OriginalType { get; init; }

    public required JsonObject OriginalJson { get; init; }

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}
