using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Platform.Engine.Scripting;
using Platform.Engine.Storage.Forms;
using Platform.Engine.Validation;

namespace Platform.Runtime.Api;

/// <summary>
/// Every error the API gives is RFC 9457 problem+json. Validation problems carry
/// <c>errors: { field: [message...] }</c> in the caller's language and <c>codes</c> for programs.
/// </summary>
public static class Problems
{
    private static readonly Dictionary<int, (string En, string Zh)> Titles = new()
    {
        [400] = ("The request is not valid.", "请求无效。"),
        [401] = ("Sign in first: send Authorization: Bearer <token>.", "请先登录：发送 Authorization: Bearer <token>。"),
        [403] = ("You may not do this.", "您没有执行此操作的权限。"),
        [404] = ("Not found.", "未找到。"),
        [409] = ("Conflict.", "冲突。"),
        [405] = ("This address does not take that method.", "此地址不支持该请求方法。"),
        [413] = ("The request is too large.", "请求过大。"),
        [415] = ("Send the body as application/json.", "请以 application/json 格式发送请求体。"),
        [500] = ("Something went wrong on the server; it has been logged.", "服务器出错，已记录。"),
        [422] = ("The definition cannot be published.", "定义无法发布。"),
        [429] = ("Too many requests.", "请求过于频繁。"),
        [503] = ("This node is not ready.", "此节点尚未就绪。"),
    };

    public static IResult Validation(HttpContext context, IEnumerable<ValidationError> errors, int status = 400, object? extensions = null)
    {
        var culture = ApiCulture.Of(context);
        var list = errors.ToList();
        var problem = new ProblemDetails
        {
            Status = status,
            Title = Title(status, culture),
            Type = $"https://httpstatuses.io/{status}",
            Detail = string.Join(" ", list.Take(3).Select(e => $"{e.Field}: {e.Message(culture)}")),
        };
        problem.Extensions["errors"] = list.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message(culture)).ToArray());
        problem.Extensions["codes"] = list.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Code).ToArray());
        if (extensions is not null) problem.Extensions["plan"] = extensions;
        return Results.Problem(problem);
    }

    public static IResult Status(HttpContext context, int status, string? code = null, params object?[] args)
    {
        var culture = ApiCulture.Of(context);
        var problem = new ProblemDetails
        {
            Status = status,
            Title = Title(status, culture),
            Type = $"https://httpstatuses.io/{status}",
            Detail = code is null ? null : Messages.Format(code, culture, args),
        };
        if (code is not null) problem.Extensions["code"] = code;
        return Results.Problem(problem);
    }

    /// <summary>Answers with no body of their own (no route: 404, wrong method: 405) become problems too.</summary>
    public static IApplicationBuilder UseProblemStatusPages(this IApplicationBuilder app) => app.UseStatusCodePages(async status =>
    {
        var context = status.HttpContext;
        if (context.Response.HasStarted || context.Response.ContentLength > 0) return;
        await Status(context, context.Response.StatusCode).ExecuteAsync(context);
    });

    public static string Title(int status, string culture) =>
        Titles.TryGetValue(status, out var t) ? Messages.IsChinese(culture) ? t.Zh : t.En : "Error";

    /// <summary>Turns the engine's exceptions into problems, so endpoints stay free of try/catch.</summary>
    public static IApplicationBuilder UseProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        IResult? result;
        int? retryAfter = null;
        try
        {
            await next(context);
            return;
        }
        catch (DuplicateValueException e) { result = Validation(context, e.Errors, 409); }
        catch (ValidationFailedException e) { result = Validation(context, e.Errors); }
        catch (DataLossRefusedException e) { result = Validation(context, e.Errors, 422, new { e.Plan.Changes, e.Plan.DataLoss }); }
        catch (DefinitionRejectedException e) { result = Validation(context, e.Errors, 422); }
        catch (NotFoundException e) { result = Status(context, 404, e.Code, e.Args); }
        catch (ConflictException e) { result = Status(context, 409, e.Code, e.Args); }
        catch (ForbiddenException e) { result = Status(context, 403, e.Code, e.Args); }
        catch (Platform.Engine.Users.AccountLockedException e)
        {
            retryAfter = (int)Math.Ceiling((e.Until - context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).TotalSeconds);
            result = Status(context, 429, "auth.locked", e.Minutes);
        }
        catch (ScriptException e) { result = Validation(context, [e.ToError(ValidationError.FormLevel)]); }
        catch (TooLargeException e) { result = Status(context, 413, e.Code, e.Args); }
        catch (RequestTooLargeException e) { result = Status(context, 413, "body.tooLarge", e.Limit); }
        catch (BadHttpRequestException e) when (e.StatusCode == 413) { result = Status(context, 413, "body.tooLarge", "?"); }
        catch (JsonException e) { result = Validation(context, [new ValidationError("body", "json.invalid", e.Message)]); }
        catch (UnsupportedMediaTypeException) { result = Status(context, 415); }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Never an empty 500, never a stack trace: the details go to the log under the trace id.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.Api")
                .LogError(e, "Unhandled error in {Method} {Path} ({TraceId})", context.Request.Method, context.Request.Path, context.TraceIdentifier);
            result = Status(context, 500);
        }
        if (context.Response.HasStarted) throw new InvalidOperationException("The response had started before the error.");
        context.Response.Clear();
        if (retryAfter is { } seconds) context.Response.Headers.RetryAfter = Math.Max(1, seconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await result.ExecuteAsync(context);
    });
}

public sealed class RequestTooLargeException(long limit) : Exception($"The request body is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}
