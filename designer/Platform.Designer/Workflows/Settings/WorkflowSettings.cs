namespace Platform.Designer.Workflows.Settings;

/// <summary>A trigger's panel.</summary>
public abstract class TriggerSettings<TTrigger> : PartSettings<Engine.Workflows.Definitions.WorkflowTrigger, TTrigger>
    where TTrigger : Engine.Workflows.Definitions.WorkflowTrigger;

/// <summary>A step's panel.</summary>
public abstract class StepSettings<TStep> : PartSettings<Engine.Workflows.Definitions.WorkflowStep, TStep>
    where TStep : Engine.Workflows.Definitions.WorkflowStep;
