using Jint;
using Jint.Native;
using Jint.Runtime.Interop;

namespace Platform.Engine.Scripting;

/// <summary>
/// One Jint engine with the prelude loaded and every built-in frozen, plus the functions it has
/// already built from prepared expressions. Used by one evaluation at a time, then pooled.
/// </summary>
internal sealed class SandboxEngine
{
    private static readonly string Functions = Load("Functions.js");
    private static readonly string Prelude = Load("Prelude.js");
    private readonly Dictionary<long, JsValue> _functions = [];
    private ScriptContext? _context;

    private readonly ScriptBudget _budget;

    public SandboxEngine(ScriptLimits limits)
    {
        _budget = new ScriptBudget(limits);
        Engine = new Jint.Engine(options =>
        {
            // Measures the native stack on every way into a function (getters, valueOf, Proxy traps,
            // callbacks), turning what would end the process into a catchable RangeError.
            options.Constraints.StackOverflowGuard = true;
            options.Constraints.RegexTimeout = limits.RegexTimeout;
            options
            .Strict()
            .DisableStringCompilation()
            .LimitRecursion(limits.RecursionDepth)
            .LimitMemory(limits.MemoryBytes)
            .MaxStatements(limits.MaxStatements)
            .Constraint(_budget);
        });
        // Host functions are Jint functions written in C#, not CLR objects: no reflection path leads out.
        Engine.SetValue("__today", new ClrFunction(Engine, "__today", (_, _) => ScriptValues.ToJs(Engine, Context.Today, Context.TimeZone)));
        Engine.SetValue("__now", new ClrFunction(Engine, "__now", (_, _) => ScriptValues.ToJs(Engine, Context.Now.UtcDateTime, Context.TimeZone)));
        Engine.SetValue("__me", new ClrFunction(Engine, "__me", (_, _) => Context.UserId is { } id ? new JsNumber(id) : JsValue.Null));
        DecimalArithmetic.Register(Engine);
        HostFunctions.Register(Engine);
        Engine.Execute(Functions);
        Engine.Execute(Prelude);
        _budget.Enabled = true;
    }

    public Jint.Engine Engine { get; }

    public ScriptContext Context
    {
        get => _context ?? throw new InvalidOperationException("No evaluation is running.");
        set
        {
            _context = value;
            _budget.OperationDeadline = value.Deadline;
        }
    }

    /// <summary>
    /// An argument array to fill for one call, reused by this engine's calls of the same arity: a
    /// million evaluations then allocate no arrays. Safe because the engine runs one call at a time
    /// and generated functions never keep their <c>arguments</c>.
    /// </summary>
    public JsValue[] Arguments(int count)
    {
        if (count >= _arguments.Length) return new JsValue[count];
        return _arguments[count] ??= new JsValue[count];
    }

    private readonly JsValue[]?[] _arguments = new JsValue[]?[16];

    public JsValue FunctionOf(CompiledExpression expression)
    {
        if (!_functions.TryGetValue(expression.Id, out var function))
        {
            var prepared = expression.Prepared;
            function = Engine.Evaluate(in prepared);
            _functions[expression.Id] = function;
        }
        return function;
    }

    private static string Load(string name)
    {
        using var stream = typeof(SandboxEngine).Assembly.GetManifestResourceStream("Platform.Engine.Scripting." + name)!;
        return new StreamReader(stream).ReadToEnd();
    }
}
