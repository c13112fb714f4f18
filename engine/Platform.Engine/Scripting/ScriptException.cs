using Platform.Engine.Validation;

namespace Platform.Engine.Scripting;

/// <summary>A script failed in a way the user can act on: syntax, a thrown error, or a limit hit.</summary>
public sealed class ScriptException(string code, params object?[] args) : Exception(Messages.Format(code, "en", args))
{
    public string Code { get; } = code;

    public object?[] Args { get; } = args;

    public ValidationError ToError(string field) => new(field, Code, Args);
}
