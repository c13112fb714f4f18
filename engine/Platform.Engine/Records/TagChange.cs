namespace Platform.Engine.Records;

/// <summary>A tag a tag rule put on (<see cref="Added"/>) or took off a record, by which rule, at which version, by whose change and when.</summary>
public sealed record TagChange(long Id, string Field, string Tag, bool Added, string Rule, long Version, Actor Actor, DateTime At);
