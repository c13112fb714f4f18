using System.Text.Json.Nodes;

namespace Platform.Runtime.Api;

// The bodies the API takes, for its documentation: endpoints read them from the raw JSON so that
// every problem (a duplicate key, a wrong type) is reported by name rather than by a model binder.

/// <summary><c>POST /api/auth/token</c>.</summary>
public sealed record TokenRequest(string Email, string Password);

/// <summary>An app: <c>key</c> (required when creating), <c>name</c> as text or per language, <c>description</c>.</summary>
public sealed record AppRequest(string? Key, JsonNode? Name, string? Description);

/// <summary>The removed fields whose kept data to drop for good.</summary>
public sealed record PurgeRequest(IReadOnlyList<string> Fields);

/// <summary>A formula to check against a published form (<c>app</c>, <c>form</c>) or a draft <c>definition</c>.</summary>
public sealed record CheckRequest(string Expression, string? App, string? Form, JsonObject? Definition, string? ResultType);

/// <summary>What a formula check found.</summary>
public sealed record CheckResponse(bool Valid, IReadOnlyList<CheckProblem> Errors, IReadOnlyList<string> Reads, string? Type, string? Stored, string? Display);

public sealed record CheckProblem(int Line, int Column, string Code, string Message);

public sealed record HealthResponse(string Status, string Database);
