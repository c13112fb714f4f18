using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Formulas;
using Platform.Engine.Formulas.Functions;
using Platform.Engine.Validation;

namespace Platform.Runtime.Api;

/// <summary><c>/api/expressions</c>: what the designer needs while a formula is typed — checks and the function list.</summary>
public static class ExpressionsApi
{
    public static IEndpointRouteBuilder MapExpressionsApi(this IEndpointRouteBuilder app)
    {
        var expressions = app.MapGroup("/api/expressions").WithTags("Expressions").RequireAuthorization();
        expressions.MapPost("/check", CheckAsync).WithName("CheckExpression")
            .WithSummary("Parse a formula against a form: errors with line and column, the fields it reads, its result type")
            .Accepts<CheckRequest>("application/json").ProducesValidationProblem(400).ProducesProblem(404);
        expressions.MapGet("/functions", () => TypedResults.Ok(FunctionCatalog.All)).WithName("ListFunctions")
            .WithSummary("Every function with its signature, description and example in English and Chinese, for autocomplete");
        return app;
    }

    private static async Task<Ok<CheckResponse>> CheckAsync(HttpContext context, FormService forms, FormulaService formulas)
    {
        var body = await RequestJson.ReadAsync(context);
        var errors = new List<ValidationError>();
        if (body.ValueKind != JsonValueKind.Object) RequestJson.RequireValid([new("body", "type.object")]);
        var expression = Text(body, "expression", errors, required: true);
        var draft = Draft(body, errors);
        // A draft alone is enough to check against; an app adds its other forms for lookups.
        var appKey = Text(body, "app", errors, required: draft is null);
        var formKey = Text(body, "form", errors, required: false);
        if (formKey is null && draft is null && errors.Count == 0) errors.Add(new("form", "required"));
        FormulaType? expected = null;
        if (Text(body, "resultType", errors, required: false) is { } type)
        {
            if (Enum.TryParse<FormulaType>(type, ignoreCase: true, out var parsed) && parsed != FormulaType.List) expected = parsed == FormulaType.Any ? null : parsed;
            else errors.Add(new("resultType", "field.setting", "resultType", "number, text, date, datetime, boolean or any"));
        }
        RequestJson.RequireValid(errors);

        var scope = await forms.ScopeAsync(appKey, formKey, draft, context.RequestAborted);
        var culture = ApiCulture.Of(context);
        // Labels are shown in the caller's language; the culture flows with this request only.
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(culture);
        var check = formulas.Check(expression!, scope, expected);
        return TypedResults.Ok(new CheckResponse(
            check.IsValid,
            check.Errors.Select(e => new CheckProblem(e.Line, e.Column, e.Error.Args.OfType<ValidationError>().FirstOrDefault()?.Code ?? e.Code, e.Error.Message(culture))).ToList(),
            check.Reads,
            check.Type?.ToString().ToLowerInvariant(),
            check.WithKeys,
            check.WithLabels));
    }

    private static string? Text(JsonElement body, string name, List<ValidationError> errors, bool required)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add(new(name, "required"));
            return null;
        }
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        errors.Add(new(name, "type.text"));
        return null;
    }

    private static FormDefinition? Draft(JsonElement body, List<ValidationError> errors)
    {
        if (!body.TryGetProperty("definition", out var json) || json.ValueKind == JsonValueKind.Null) return null;
        try
        {
            return json.Deserialize<FormDefinition>(FormJson.Options);
        }
        catch (JsonException e)
        {
            errors.Add(new("definition", "json.invalid", e.Message));
            return null;
        }
    }
}
