using System.Text.Json;

namespace Platform.Engine.Records;

/// <summary>One record's part of a bulk change: its id, the values to set and, when the editor saw one, the version they saw.</summary>
public sealed record RecordPatch(long Id, JsonElement Values, long? Version = null);
