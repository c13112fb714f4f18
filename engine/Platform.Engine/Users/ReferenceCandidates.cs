using System.Globalization;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Validation;

namespace Platform.Engine.Users;

/// <summary>Something a reference field may point at, by the name a person knows it by.</summary>
public sealed record ReferenceCandidate(long Id, string Name);

/// <summary>
/// What a person, department or relation field may be set to, found by what the user types: active people by name or
/// email, departments by name, related records through the quick search index as the caller sees that form (the newest
/// first when nothing searchable is typed yet).
/// </summary>
public sealed class ReferenceCandidates(UserService users, DepartmentService departments, RecordService records)
{
    public const int Limit = 20;

    public async Task<IReadOnlyList<ReferenceCandidate>> FindAsync(FormModel model, FieldDefinition field, string? text, CallerContext caller, CancellationToken ct = default)
    {
        var typed = text?.Trim() ?? "";
        return field switch
        {
            UserField => (await users.ListAsync(ct)).Where(u => u.Active && (Matches(u.Name, typed) || Matches(u.Email, typed)))
                .Take(Limit).Select(u => new ReferenceCandidate(u.Id, u.Name ?? u.Email)).ToList(),
            DepartmentField => (await departments.ListAsync(ct)).Where(d => Matches(d.Name, typed)).Take(Limit).Select(d => new ReferenceCandidate(d.Id, d.Name)).ToList(),
            RelationField relation when model.Links is { } links => await RelatedAsync(await links.ModelAsync(relation.Form, ct), relation, typed, caller, ct),
            _ => [],
        };
    }

    private static bool Matches(string? name, string typed) => typed.Length == 0 || name?.Contains(typed, StringComparison.OrdinalIgnoreCase) == true;

    private async Task<IReadOnlyList<ReferenceCandidate>> RelatedAsync(FormModel target, RelationField field, string typed, CallerContext caller, CancellationToken ct)
    {
        if (ReferenceNames.DisplayField(target, field, caller) is not { } display) return [];
        var request = new QueryRequest { PageSize = Limit, Fields = [display.Key], Sort = [new Records.Query.SortKey(Forms.SystemFields.Id, true)] };
        QueryResult found;
        try
        {
            found = await records.QueryAsync(target, typed.Length == 0 ? request : request with { Search = typed, Sort = [] }, caller, ct);
        }
        catch (ValidationFailedException)
        {
            // Too little to search the index with yet (one letter): the newest records, as with nothing typed.
            found = await records.QueryAsync(target, request, caller, ct);
        }
        var culture = CultureInfo.GetCultureInfo(caller.Culture);
        return found.Items.Select(r => new ReferenceCandidate(r.Id,
            Values.FieldFormatter.Format(display.Definition, r.Values.GetValueOrDefault(display.Key), culture, caller.TimeZone))).ToList();
    }
}
