namespace Platform.Engine.Records.Pipeline;

/// <summary>Where the built-in steps stand; a registered step picks a number between them.</summary>
public static class StepOrder
{
    public const int ReadPayload = 100;
    public const int LoadCurrent = 150;
    public const int ApplyDefaults = 200;
    public const int CheckAccess = 300;
    public const int CheckRequired = 350;
    public const int ComputeFormulas = 400;
    public const int CheckRules = 450;

    /// <summary>Stage gates: after the formulas and rules they may read, with them before anything needs the database.</summary>
    public const int StageRules = 470;
    public const int CheckReferences = 500;
    public const int AssignNumbers = 640;
    public const int Diff = 650;

    /// <summary>The duplicate check: after the diff names what an update changed, the last look before the write.</summary>
    public const int CheckDuplicates = 660;
    public const int Write = 700;
    public const int IndexSearch = 720;
    public const int CheckScopeAfterWrite = 750;
    public const int LogChange = 800;
    public const int RefreshDependents = 900;
}
