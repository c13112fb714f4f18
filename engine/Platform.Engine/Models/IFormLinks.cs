namespace Platform.Engine.Models;

/// <summary>
/// How a form reaches the other forms of its app for lookups: the model of a related form, and
/// the forms whose formulas read this one through a relation (so their values can follow a change).
/// </summary>
public interface IFormLinks
{
    Task<FormModel> ModelAsync(string formKey, CancellationToken ct);

    Task<IReadOnlyList<LookupDependent>> DependentsAsync(string formKey, CancellationToken ct);

    /// <summary>The forms of the app with rollup fields that read <paramref name="formKey"/>'s records.</summary>
    Task<IReadOnlyList<FormModel>> RollupParentsAsync(string formKey, CancellationToken ct);
}

/// <summary>A form whose formulas read fields (<see cref="Reads"/>) of another form's records through its relation field <see cref="Relation"/>.</summary>
public sealed record LookupDependent(FormModel Form, string Relation, IReadOnlySet<string> Reads);
