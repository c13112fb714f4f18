using System.Text.Json;
using Platform.Engine.Scripting;
using Platform.Engine.Validation;

namespace Platform.Engine.Workflows.Runs;

/// <summary>Why a step failed, as the run's log keeps it: codes and arguments, worded in the reader's language when read.</summary>
public sealed record RunError(string? Step, IReadOnlyList<ValidationError> Errors)
{
    public static RunError From(string? step, Exception e) => new(step, e switch
    {
        ValidationFailedException invalid => invalid.Errors,
        ScriptException script => [script.ToError(step ?? "")],
        // A refusal by the records (a pool's limit, a record someone has, one gone) keeps its code, worded in the reader's language.
        ConflictException conflict => [new(step ?? "", conflict.Code, conflict.Args)],
        ForbiddenException forbidden => [new(step ?? "", forbidden.Code, forbidden.Args)],
        NotFoundException missing => [new(step ?? "", missing.Code, missing.Args)],
        _ => [new(step ?? "", "run.stepFailed", step, e.Message)],
    });

    public string ToJson() => JsonSerializer.Serialize(new
    {
        step = Step,
        errors = Errors.Select(e => new { field = e.Field, code = e.Code, args = e.Args.Select(a => a?.ToString()).ToArray() }),
    });

    public static RunError? Parse(string? json)
    {
        if (json is null) return null;
        var root = JsonDocument.Parse(json).RootElement;
        return new RunError(root.GetProperty("step").GetString(), root.GetProperty("errors").EnumerateArray()
            .Select(e => new ValidationError(e.GetProperty("field").GetString()!, e.GetProperty("code").GetString()!,
                e.GetProperty("args").EnumerateArray().Select(a => (object?)a.GetString()).ToArray())).ToList());
    }
}
