using System.Collections.Concurrent;
using Acornima;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace Platform.Engine.Scripting;

/// <summary>
/// The one place scripts run. Expressions are parsed alone (so nothing can close the wrapper
/// around them), prepared once, and run as strict functions in pooled engines whose built-ins are
/// frozen. Every limit failure is a <see cref="ScriptException"/>; the engine that hit it is dropped.
/// </summary>
public sealed class ScriptSandbox(ScriptLimits? limits = null)
{
    private readonly ScriptLimits _limits = limits ?? ScriptLimits.Default;
    private readonly ConcurrentBag<SandboxEngine> _pool = [];
    // One engine kept at hand: the common single-threaded caller takes and returns it without the bag's locks.
    private SandboxEngine? _ready;
    private readonly ConcurrentDictionary<(string, string), CompiledExpression> _cache = new();

    public ScriptLimits Limits => _limits;

    /// <summary>Checks and prepares an expression over the named values; throws <see cref="ScriptException"/> with position on error.</summary>
    public CompiledExpression Compile(string expression, IReadOnlyList<string> parameters)
    {
        var key = (string.Join(',', parameters), expression);
        if (_cache.TryGetValue(key, out var cached)) return cached;

        CheckShape(expression);
        try
        {
            new Parser(new ParserOptions { EcmaVersion = EcmaVersion.Latest }).ParseExpression(expression);
        }
        catch (ParseErrorException e)
        {
            // Acornima counts columns from 0; people count from 1.
            throw new ScriptException("script.syntax", e.LineNumber, e.Column + 1, e.Description);
        }
        var source = $"(function ({string.Join(", ", parameters)}) {{ 'use strict'; return ({expression}\n); }})";
        var prepared = Jint.Engine.PrepareScript(source, strict: true);
        return Remember(key, new CompiledExpression(expression, parameters, prepared));
    }

    /// <summary>
    /// Prepares a function the formula compiler generated. Its source is trusted to be one function
    /// expression; the user's text inside it was parsed by the formula parser, never pasted in.
    /// </summary>
    internal CompiledExpression CompileGenerated(string function, IReadOnlyList<string> parameters, string userSource)
    {
        var key = ("\u0001" + string.Join(',', parameters), function);
        if (_cache.TryGetValue(key, out var cached)) return cached;
        Prepared<Acornima.Ast.Script> prepared;
        try
        {
            prepared = Jint.Engine.PrepareScript(function, strict: true);
        }
        catch (ScriptPreparationException e)
        {
            // The formula parser bounds nesting below Jint's limit; this is the net under it.
            throw new ScriptException("script.syntax", 1, 1, e.Message);
        }
        return Remember(key, new CompiledExpression(userSource, parameters, prepared));
    }

    private CompiledExpression Remember((string, string) key, CompiledExpression compiled)
    {
        if (_cache.Count > 10_000) _cache.Clear();
        return _cache.GetOrAdd(key, compiled);
    }

    /// <summary>Runs an expression and hands back its result as JSON (null for null or undefined).</summary>
    public System.Text.Json.JsonElement EvaluateToJson(CompiledExpression expression, ScriptContext context, IReadOnlyList<object?> arguments) =>
        Run(expression, context, arguments, v => ScriptValues.ToJson(v, context.TimeZone));

    /// <summary>Runs an expression and hands back its truthiness, as JavaScript's <c>if</c> would.</summary>
    public bool EvaluateToBoolean(CompiledExpression expression, ScriptContext context, IReadOnlyList<object?> arguments) =>
        Run(expression, context, arguments, ScriptValues.ToBoolean);

    internal T Run<T>(CompiledExpression expression, ScriptContext context, IReadOnlyList<object?> arguments, Func<JsValue, T> read)
    {
        if (arguments.Count != expression.Parameters.Count)
            throw new ArgumentException("The arguments do not match the expression's parameters.", nameof(arguments));
        // An operation whose time is spent does not enter the engine at all.
        if (System.Diagnostics.Stopwatch.GetTimestamp() > context.Deadline) throw new ScriptException("script.timeout");
        var engine = Interlocked.Exchange(ref _ready, null) ?? (_pool.TryTake(out var pooled) ? pooled : new SandboxEngine(_limits));
        var healthy = false;
        try
        {
            engine.Context = context;
            var function = engine.FunctionOf(expression);
            var args = engine.Arguments(arguments.Count);
            for (var i = 0; i < args.Length; i++) args[i] = ScriptValues.ToJs(engine.Engine, arguments[i], context.TimeZone);
            var result = read(engine.Engine.Call(function, args));
            healthy = true;
            return result;
        }
        catch (JavaScriptException e) when (e.Message.Contains("Maximum call stack size exceeded", StringComparison.Ordinal))
        {
            throw new ScriptException("script.recursion");
        }
        catch (JavaScriptException e)
        {
            healthy = true;
            throw new ScriptException("script.error", e.Message);
        }
        catch (Exception e) when (e is TimeoutException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            throw new ScriptException("script.timeout");
        }
        catch (StatementsCountOverflowException)
        {
            throw new ScriptException("script.timeout");
        }
        catch (MemoryLimitExceededException)
        {
            throw new ScriptException("script.memory");
        }
        catch (RecursionDepthOverflowException)
        {
            throw new ScriptException("script.recursion");
        }
        catch (Exception e) when (e is JintException or InvalidOperationException or OutOfMemoryException or InsufficientExecutionStackException)
        {
            throw new ScriptException("script.error", e.Message);
        }
        finally
        {
            // An engine that hit a limit may be mid-call; a fresh one is cheaper than doubt.
            if (healthy && Interlocked.CompareExchange(ref _ready, engine, null) is not null) _pool.Add(engine);
        }
    }

    private void CheckShape(string expression)
    {
        if (expression.Length > _limits.MaxExpressionLength)
            throw new ScriptException("script.syntax", 1, _limits.MaxExpressionLength, $"the expression is longer than {_limits.MaxExpressionLength} characters");
        var depth = 0;
        var line = 1;
        var column = 0;
        foreach (var c in expression)
        {
            column++;
            if (c == '\n') { line++; column = 0; }
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            if (depth > _limits.MaxNesting)
                throw new ScriptException("script.syntax", line, column, $"brackets are nested more than {_limits.MaxNesting} deep");
        }
    }
}
