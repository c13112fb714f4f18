using System.Text.Json.Nodes;

namespace Platform.Engine.Records;

/// <summary>One outbox event as a caller may read it: its id (the position to read on from), kind, record and payload.</summary>
public sealed record ChangeEvent(long Id, string Kind, long RecordId, JsonObject Payload);
