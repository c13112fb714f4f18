using System.Text.Json.Nodes;

namespace Platform.Engine.Workflows.Runs;

/// <summary>One step a simulated run would take: what it would do, or why it would fail.</summary>
public sealed record SimulatedStep(string Step, string Type, JsonObject? Would, Validation.ValidationError? Error);

/// <summary>A run worked out on a record without doing anything: whether the trigger's condition holds, and the steps in order.</summary>
public sealed record Simulation(bool ConditionHolds, IReadOnlyList<SimulatedStep> Steps);
