using System.Text.Json.Nodes;

namespace Platform.Engine.Workflows.Runs;

/// <summary>A run as lists and the API show it.</summary>
public sealed record RunInfo(long Id, string Workflow, int Version, long? RecordId, long? UserId, string Status, string? Step, int Attempts,
    RunError? Error, DateTime CreatedAt, DateTime UpdatedAt, DateTime? FinishedAt);

/// <summary>One attempt of one step, as the run's log keeps it, with how long it took.</summary>
public sealed record RunStepInfo(string Step, string Type, int Attempt, string Status, DateTime StartedAt, DateTime FinishedAt, JsonNode? Output, RunError? Error);

/// <summary>A run with its log.</summary>
public sealed record RunDetail(RunInfo Run, IReadOnlyList<RunStepInfo> Steps);
