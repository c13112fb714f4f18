using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Sheets.Import;

/// <summary>
/// Finds the ids behind the words a sheet names people, departments and related records by: a person by email, phone or
/// name (active people only), a department by name, a related record by its display field (the relation's, else the
/// related form's first text field), read as the importer sees that form. A word that matches nobody, or several, is the
/// row's error, naming the word; an id written as a number is left for the record's own reference check.
/// </summary>
internal sealed class ImportLookups(PlatformDatabase database, RecordService records, FormModel model, CallerContext caller)
{
    private Dictionary<string, List<long>>? _people;
    private Dictionary<string, List<long>>? _departments;

    public async Task ResolveAsync(IReadOnlyList<ImportRow> rows, IReadOnlyCollection<BoundField> fields, CancellationToken ct)
    {
        foreach (var field in fields.Where(f => f.Traits.References != ReferenceKind.None))
        {
            var words = rows.Where(r => !r.Failed).SelectMany(r => Words(r.Payload[field.Key])).Distinct(StringComparer.Ordinal).ToList();
            if (words.Count == 0) continue;
            var found = field.Traits.References switch
            {
                ReferenceKind.Users => Find(_people ??= await PeopleAsync(ct), words, Person),
                ReferenceKind.Departments => Find(_departments ??= await DepartmentsAsync(ct), words, w => "name:" + w),
                _ => await RelatedAsync((RelationField)field.Definition, words, ct),
            };
            var (missing, ambiguous) = field.Traits.References switch
            {
                ReferenceKind.Users => ("import.personNotFound", "import.personAmbiguous"),
                ReferenceKind.Departments => ("import.departmentNotFound", "import.departmentAmbiguous"),
                _ => ("import.recordNotFound", "import.recordAmbiguous"),
            };
            foreach (var row in rows.Where(r => !r.Failed))
            {
                row.Payload[field.Key] = Replace(row.Payload[field.Key], word => found.TryGetValue(word, out var ids) && ids.Count == 1
                    ? ids[0]
                    : Fail(row, field.Key, ids is { Count: > 1 } ? ambiguous : missing, word));
            }
        }
    }

    private static long? Fail(ImportRow row, string field, string code, string word)
    {
        row.Errors.Add(new ValidationError(field, code, word));
        return null;
    }

    private static IEnumerable<string> Words(JsonNode? value) => value switch
    {
        JsonArray many => many.SelectMany(Words),
        JsonValue one when one.TryGetValue<string>(out var word) => [word],
        _ => [],
    };

    private static JsonNode? Replace(JsonNode? value, Func<string, long?> id) => value switch
    {
        JsonArray many => new JsonArray(many.Select(v => Replace(v, id)).Where(v => v is not null).ToArray()),
        JsonValue one when one.TryGetValue<string>(out var word) => id(word) is { } found ? JsonValue.Create(found) : null,
        _ => value?.DeepClone(),
    };

    private static Dictionary<string, List<long>> Find(Dictionary<string, List<long>> index, List<string> words, Func<string, string> key) =>
        words.ToDictionary(w => w, w => index.GetValueOrDefault(key(w)) ?? [], StringComparer.Ordinal);

    /// <summary>How a word names a person: an email has an @, a phone is digits (and + - ( ) . and spaces), anything else is a name.</summary>
    private static string Person(string word) =>
        word.Contains('@') ? "email:" + word.ToLowerInvariant()
        : word.All(ch => char.IsAsciiDigit(ch) || ch is '+' or '-' or '(' or ')' or '.' or ' ') && Digits(word) is { Length: >= 5 } digits ? "phone:" + digits
        : "name:" + word;

    private static string Digits(string text)
    {
        var digits = new StringBuilder();
        foreach (var ch in text.Where(char.IsAsciiDigit)) digits.Append(ch);
        return digits.ToString();
    }

    private async Task<Dictionary<string, List<long>>> PeopleAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var people = await connection.QueryAsync<(long Id, string Email, string? Name, string? Phone)>(
            new CommandDefinition("SELECT id, email, name, phone FROM pf_users WHERE disabled_at IS NULL", cancellationToken: ct));
        var index = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var person in people)
        {
            Add(index, "email:" + person.Email.ToLowerInvariant(), person.Id);
            if (person.Name is { Length: > 0 } name) Add(index, "name:" + name.Trim(), person.Id);
            if (person.Phone is { Length: > 0 } phone && Digits(phone) is { Length: >= 5 } digits) Add(index, "phone:" + digits, person.Id);
        }
        return index;
    }

    private async Task<Dictionary<string, List<long>>> DepartmentsAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var index = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var (id, name) in await connection.QueryAsync<(long Id, string Name)>(new CommandDefinition("SELECT id, name FROM pf_departments", cancellationToken: ct)))
            Add(index, "name:" + name.Trim(), id);
        return index;
    }

    private static void Add(Dictionary<string, List<long>> index, string key, long id)
    {
        if (!index.TryGetValue(key, out var ids)) index[key] = ids = [];
        if (!ids.Contains(id)) ids.Add(id);
    }

    private async Task<Dictionary<string, List<long>>> RelatedAsync(RelationField field, List<string> words, CancellationToken ct)
    {
        var found = words.ToDictionary(w => w, _ => new List<long>(), StringComparer.Ordinal);
        if (model.Links is not { } links) return found;
        var target = await links.ModelAsync(field.Form, ct);
        if ((field.DisplayField is { } key ? target.Field(key) : target.SearchFields.FirstOrDefault()) is not { } display) return found;
        foreach (var chunk in words.Chunk(records.Options.MaxPageSize / 2))
        {
            var page = await records.QueryAsync(target, new QueryRequest
            {
                Filter = Condition.Of(display.Key, "in", chunk), PageSize = records.Options.MaxPageSize, Fields = [display.Key],
            }, caller, ct);
            foreach (var record in page.Items)
                if (record.Values.GetValueOrDefault(display.Key) is string word && found.TryGetValue(word, out var ids)) ids.Add(record.Id);
        }
        return found;
    }
}
