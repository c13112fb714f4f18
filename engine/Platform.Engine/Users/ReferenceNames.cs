using System.Globalization;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Users;

/// <summary>
/// The names a page of records refers to, read once for the page: people (their name, else their email), departments, and
/// related records by their display field as the reader sees that form. A reference the reader may not see keeps its id.
/// </summary>
public sealed record PageNames(IReadOnlyDictionary<long, string> Users, IReadOnlyDictionary<long, string> Departments,
    IReadOnlyDictionary<string, IReadOnlyDictionary<long, string>> Related)
{
    public static readonly PageNames None = new(new Dictionary<long, string>(), new Dictionary<long, string>(), new Dictionary<string, IReadOnlyDictionary<long, string>>());

    /// <summary>The names <paramref name="field"/>'s references go by: people, departments or its related records (null for other fields).</summary>
    public IReadOnlyDictionary<long, string>? For(FieldDefinition field) => field switch
    {
        UserField => Users,
        DepartmentField => Departments,
        RelationField => Related.GetValueOrDefault(field.Key) ?? new Dictionary<long, string>(),
        _ => null,
    };

    /// <summary>A value as a person reads it: a reference by its name, anything else as <see cref="Values.FieldFormatter"/> words it.</summary>
    public string Text(FieldDefinition field, object? value, CultureInfo culture, TimeZoneInfo zone) =>
        For(field) is { } names ? Join(names, value, culture) : Values.FieldFormatter.Format(field, value, culture, zone);

    /// <summary>A reference's words: its name, or <c>#id</c> when the reader may not see it; several joined as the language lists them.</summary>
    public static string Join(IReadOnlyDictionary<long, string> names, object? value, CultureInfo culture) => value switch
    {
        null => "",
        long id => names.GetValueOrDefault(id) ?? "#" + id,
        IEnumerable<long> ids => string.Join(culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "、" : ", ",
            ids.Select(id => names.GetValueOrDefault(id) ?? "#" + id)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>Reads the <see cref="PageNames"/> of a page of records.</summary>
public sealed class ReferenceNames(RecordService records, PlatformDatabase database)
{
    /// <param name="fields">The fields shown (the others' references are not read).</param>
    /// <param name="systemUsers">The system fields naming people that are shown (owner, created by...).</param>
    public async Task<PageNames> ReadAsync(FormModel model, IReadOnlyList<RecordData> page, IEnumerable<FieldDefinition> fields, IEnumerable<string> systemUsers,
        CallerContext caller, CancellationToken ct = default)
    {
        var users = new HashSet<long>();
        var departments = new HashSet<long>();
        var related = new Dictionary<string, IReadOnlyDictionary<long, string>>(StringComparer.Ordinal);
        var shown = fields.ToList();
        foreach (var key in systemUsers.Where(SystemFields.UserIds.Contains))
            foreach (var record in page)
                if (record.Get(key) is long id) users.Add(id);
        foreach (var field in shown.Where(f => f is UserField or DepartmentField))
            foreach (var record in page)
                (field is UserField ? users : departments).UnionWith(ReferenceChecks.Ids(record.Values.GetValueOrDefault(field.Key)));
        foreach (var field in shown.OfType<RelationField>())
            related[field.Key] = await RelatedAsync(model, field, page.SelectMany(r => ReferenceChecks.Ids(r.Values.GetValueOrDefault(field.Key))).Distinct().ToList(), caller, ct);
        return new PageNames(await DirectoryNames.UsersAsync(database, users, ct), await DirectoryNames.DepartmentsAsync(database, departments, ct), related);
    }

    /// <summary>People's names (their name, else their email) by id, for what names people outside a record (its history, its comments).</summary>
    public Task<IReadOnlyDictionary<long, string>> UsersAsync(IEnumerable<long> ids, CancellationToken ct = default) => DirectoryNames.UsersAsync(database, ids, ct);

    /// <summary>
    /// The related records' words: their display field (the relation's, else the related form's first text field), read as
    /// the caller sees that form; a record they may not see, or a form they may not read, keeps its id.
    /// </summary>
    private async Task<IReadOnlyDictionary<long, string>> RelatedAsync(FormModel model, RelationField field, List<long> ids, CallerContext caller, CancellationToken ct)
    {
        var words = new Dictionary<long, string>();
        if (ids.Count == 0 || model.Links is not { } links) return words;
        var target = await links.ModelAsync(field.Form, ct);
        if (DisplayField(target, field, caller) is not { } display) return words;
        var culture = CultureInfo.GetCultureInfo(caller.Culture);
        try
        {
            foreach (var chunk in ids.Chunk(records.Options.MaxPageSize))
            {
                var found = await records.QueryAsync(target, new QueryRequest { Filter = Condition.Of(SystemFields.Id, "in", chunk), PageSize = chunk.Length, Fields = [display.Key] },
                    caller, ct);
                foreach (var record in found.Items)
                    words[record.Id] = Values.FieldFormatter.Format(display.Definition, record.Values.GetValueOrDefault(display.Key), culture, caller.TimeZone);
            }
        }
        catch (ForbiddenException)
        {
            // Not allowed to read the related form: its records stay ids.
        }
        return words;
    }

    /// <summary>The field a related record is named by (the relation's display field, else the target's first searchable text), when the caller may read it.</summary>
    public static BoundField? DisplayField(FormModel target, RelationField field, CallerContext caller) =>
        (field.DisplayField is { } key ? target.Field(key) : target.SearchFields.FirstOrDefault()) is { } display && caller.Fields(target).CanRead(display.Key) ? display : null;
}
