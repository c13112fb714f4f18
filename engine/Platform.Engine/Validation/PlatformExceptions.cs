namespace Platform.Engine.Validation;

/// <summary>Base of the errors a caller caused; the API maps each kind to one status code.</summary>
public abstract class PlatformException(string message) : Exception(message)
{
    /// <summary>What went wrong, told in <paramref name="culture"/> (<c>en</c> or <c>zh-CN</c>), as a page shows it.</summary>
    public virtual string Describe(string culture) => Message;
}

/// <summary>Input that breaks the form's rules (400). Nothing was written.</summary>
public class ValidationFailedException(IReadOnlyList<ValidationError> errors)
    : PlatformException("The input is not valid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message("en")}")))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;

    public override string Describe(string culture) => string.Join(" ", Errors.Select(error => error.Message(culture)));
}

/// <summary>A value a unique field already holds in another record (409), named on its field. Nothing was written.</summary>
public sealed class DuplicateValueException(IReadOnlyList<ValidationError> errors) : ValidationFailedException(errors);

/// <summary>A definition that cannot be published as it is (422). Nothing was changed.</summary>
public class DefinitionRejectedException(IReadOnlyList<ValidationError> errors)
    : PlatformException("The definition cannot be published: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message("en")}")))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;

    public override string Describe(string culture) => string.Join(" ", Errors.Select(error => error.Message(culture)));
}

/// <summary>An error named by a message code and its arguments, told in the caller's language.</summary>
public abstract class CodedException(string code, object?[] args) : PlatformException(Messages.Format(code, "en", args))
{
    public string Code { get; } = code;

    public object?[] Args { get; } = args;

    public override string Describe(string culture) => Messages.Format(Code, culture, Args);
}

/// <summary>The thing asked for does not exist, or the caller may not see it (404).</summary>
public sealed class NotFoundException(string code, params object?[] args) : CodedException(code, args);

/// <summary>The caller may not do this (403): an action their roles do not give, a field hidden from them.</summary>
public sealed class ForbiddenException(string code, params object?[] args) : CodedException(code, args);

/// <summary>The change was based on a stale version or clashes with existing data (409).</summary>
public sealed class ConflictException(string code, params object?[] args) : CodedException(code, args);

/// <summary>Input larger than the limit it is held to (413): an upload, a sheet's columns. Nothing was kept.</summary>
public sealed class TooLargeException(string code, params object?[] args) : CodedException(code, args);
