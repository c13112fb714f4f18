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

public sealed record HealthResponse(string Status, string Database, string Node);

/// <summary>Whether a node should be sent work, and each check's answer (<c>ok</c>, or what is wrong).</summary>
public sealed record ReadinessResponse(string Status, string Database, string Node, IReadOnlyDictionary<string, string> Checks);

/// <summary>A profile change: only what is sent changes. <c>locale</c> is <c>en</c> or <c>zh-CN</c>; <c>timeZone</c> a name such as Asia/Shanghai; <c>active</c> (admins) disables or enables.</summary>
public sealed record ProfileRequest(string? Name, string? Phone, string? Locale, string? TimeZone, bool? Active, Dictionary<string, string?>? Attributes);

/// <summary>A user attribute's name (its key is in the path).</summary>
public sealed record AttributeRequest(string Name);

/// <summary>A new user.</summary>
public sealed record NewUserRequest(string Email, string Password, string? Name, bool? IsAdmin, string? Phone, string? Locale, string? TimeZone);

/// <summary>A department: <c>name</c>, <c>parentId</c> (null or absent at the top when creating; null moves it to the top when changing), <c>sortOrder</c>.</summary>
public sealed record DepartmentRequest(string? Name, long? ParentId, long? SortOrder);

/// <summary>How a user is in a department; a user's first department is their primary one unless said otherwise.</summary>
public sealed record MemberRequest(bool? IsPrimary, bool? IsManager);

/// <summary>
/// A role's permission on a form: <c>actions</c> (create, read, update, delete, export, import, manage), <c>read</c> and
/// <c>write</c> row scopes (own, myDepartment, myDepartmentAndBelow, pool, all, or <c>{"filter": …}</c>; a list admits
/// a record any of them admits; write defaults to read), and <c>fields</c>: key → hidden, readOnly or editable.
/// </summary>
public sealed record PermissionRequest(IReadOnlyList<string> Actions, JsonNode? Read, JsonNode? Write, IReadOnlyDictionary<string, string>? Fields);

/// <summary>A role: <c>key</c> (when creating) and <c>name</c> as text or per language.</summary>
public sealed record RoleRequest(string? Key, System.Text.Json.Nodes.JsonNode? Name);

/// <summary>Your own password change.</summary>
public sealed record PasswordChangeRequest(string CurrentPassword, string NewPassword);

/// <summary>An admin's reset of a user's password.</summary>
public sealed record PasswordResetRequest(string Password);

/// <summary>A personal token: <c>name</c>; <c>apps</c> to limit it to (all when absent); <c>readOnly</c>; <c>expiresInDays</c> (1–366, 90 by default).</summary>
public sealed record PersonalTokenRequest(string Name, IReadOnlyList<string>? Apps, bool? ReadOnly, int? ExpiresInDays);
