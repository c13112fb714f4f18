namespace Platform.Engine.Apps;

// Dapper targets for the platform tables; mapped to the public records at the edge.
internal sealed class AppRow
{
    public long Id { get; set; }
    public string AppKey { get; set; } = "";
    public string? Name { get; set; }
    public string? Description { get; set; }
    public object? CreatedAt { get; set; }
    public object? UpdatedAt { get; set; }
}

internal sealed class FormRow
{
    public long Id { get; set; }
    public long AppId { get; set; }
    public string FormKey { get; set; } = "";
    public long Version { get; set; }
    public string Storage { get; set; } = "";
    public object? UpdatedAt { get; set; }
}
