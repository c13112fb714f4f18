namespace Platform.Engine.Scripting;

/// <summary>The bounds every script runs within. Jint resets them at each call.</summary>
public sealed record ScriptLimits
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>All the scripts of one operation together (every formula and rule of a batch write) stop here.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public long MemoryBytes { get; init; } = 32 * 1024 * 1024;

    public int RecursionDepth { get; init; } = 64;

    public int MaxStatements { get; init; } = 100_000;

    /// <summary>How long one regular expression match may run; catastrophic patterns stop here.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    public int MaxExpressionLength { get; init; } = 10_000;

    /// <summary>Brackets nested deeper than this are refused before parsing, so no parser recursion can overflow the stack.</summary>
    public int MaxNesting { get; init; } = 128;

    public static readonly ScriptLimits Default = new();
}
