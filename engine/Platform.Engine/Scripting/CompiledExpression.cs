using Acornima.Ast;
using Jint;

namespace Platform.Engine.Scripting;

/// <summary>
/// An expression checked and prepared once, run many times. Its values arrive as the parameters of
/// a strict-mode function, in <see cref="Parameters"/> order.
/// </summary>
public sealed class CompiledExpression
{
    private static long _nextId;

    internal CompiledExpression(string source, IReadOnlyList<string> parameters, Prepared<Script> prepared)
    {
        Source = source;
        Parameters = parameters;
        Prepared = prepared;
    }

    internal long Id { get; } = Interlocked.Increment(ref _nextId);

    public string Source { get; }

    public IReadOnlyList<string> Parameters { get; }

    internal Prepared<Script> Prepared { get; }
}
