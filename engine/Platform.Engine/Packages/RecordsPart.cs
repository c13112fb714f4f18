using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Apps;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Engine.Packages;

/// <summary>
/// An app's records, in a package only when asked (<c>?data=true</c>): each record as <c>{ "form", "ref", "owner",
/// "values" }</c>, where <c>ref</c> names it within the package (<c>customer/3</c>: the third customer), a relation holds the
/// refs it points at, a person their email and a department its name, so the records mean the same in another
/// installation; computed fields are left to the engine there. Installed with a new app only (an upgrade leaves the app's
/// records alone): every record written through the record pipeline as a restore — their stages are where they were, not
/// moves through the gates, and no workflow starts — relations pointing ahead filled in once their records exist; a person
/// or department the installation does not have is left empty (an owner so: the record goes to the public pool).
/// </summary>
public sealed class RecordsPart(FormService forms, RecordService records, UserService users, DepartmentService departments) : PackagePart
{
    public override string Name => "records";

    public override int Order => 600;

    public override bool IsData => true;

    public override string KeyOf(JsonNode item) => KeyOf(item, "ref");

    public override async Task<JsonArray> ExportAsync(string app, CancellationToken ct)
    {
        var models = new List<FormModel>();
        foreach (var form in (await forms.ListAsync(app, ct)).OrderBy(f => f.Key, StringComparer.Ordinal)) models.Add(await forms.GetModelAsync(app, form.Key, ct));
        var all = new List<(FormModel Model, RecordData Record)>();
        foreach (var model in models)
            await foreach (var record in AllAsync(model, ct)) all.Add((model, record));
        var refs = new Dictionary<(string Form, long Id), string>();
        foreach (var group in all.GroupBy(r => r.Model.Key))
            foreach (var ((model, record), i) in group.Select((r, i) => (r, i))) refs[(model.Key, record.Id)] = $"{model.Key}/{i + 1}";
        var emails = (await users.ListAsync(ct)).ToDictionary(u => u.Id, u => u.Email);
        var names = (await departments.ListAsync(ct)).ToDictionary(d => d.Id, d => d.Name);
        var items = new JsonArray();
        foreach (var (model, record) in all)
        {
            var values = new JsonObject();
            foreach (var field in model.Fields.Where(f => !f.Traits.Generated && record.Values.TryGetValue(f.Key, out var v) && v is not null))
                values[field.Key] = Out(field, field.Codec.Write(record.Values[field.Key]), refs, emails, names);
            items.Add(new JsonObject
            {
                ["form"] = model.Key, ["ref"] = refs[(model.Key, record.Id)],
                ["owner"] = record.Owner is { } owner ? emails.GetValueOrDefault(owner) : null, ["values"] = values,
            });
        }
        return items;
    }

    public override Task<IReadOnlyList<PackageChange>> PlanAsync(JsonArray items, PackageTarget target, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<PackageChange>>(Read(items).GroupBy(r => r.Form)
            .Select(g => new PackageChange(Name, g.Key, "add", $"{g.Count()} record(s)")).ToList());

    /// <summary>Each record's form must be one the package brings.</summary>
    public override Task<IReadOnlyList<ValidationError>> CheckWithAsync(JsonArray items, JsonObject package, CancellationToken ct)
    {
        var brought = (package["forms"] as JsonArray ?? []).OfType<JsonNode>().Select(f => KeyOf(f, "key")).ToHashSet(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<ValidationError>>(Read(items).Select((r, i) => (r, i)).Where(x => !brought.Contains(x.r.Form))
            .Select(x => new ValidationError($"{Name}[{x.i}].form", "form.notFound", x.r.Form)).ToList());
    }

    public override async Task ApplyAsync(JsonArray items, PackageTarget target, CancellationToken ct)
    {
        var read = Read(items);
        if (read.Count == 0) return;
        var models = new Dictionary<string, FormModel>(StringComparer.Ordinal);
        foreach (var form in read.Select(r => r.Form).Distinct()) models[form] = await forms.GetModelAsync(target.App, form, ct);
        var ids = (await users.ListAsync(ct)).ToDictionary(u => u.Email, u => u.Id, StringComparer.OrdinalIgnoreCase);
        var named = (await departments.ListAsync(ct)).GroupBy(d => d.Name).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var caller = new CallerContext(Actor.Import($"package:{target.App}", target.Caller.UserId) with { StartsWorkflows = false, Restores = true }) { IsAdmin = true };
        var created = new Dictionary<string, (FormModel Model, long Id)>(StringComparer.Ordinal);
        var ahead = new List<(PackageRecord Record, long Id)>();
        foreach (var model in RelationOrder.Of(models.Values.ToList()))
            foreach (var record in read.Where(r => r.Form == model.Key))
            {
                var (payload, pointsAhead) = In(model, record, ids, named, created);
                payload["owner"] = record.Owner is { } email && ids.TryGetValue(email, out var owner) ? owner : null;
                var stored = await WriteAsync(record, () => records.CreateAsync(model, JsonSerializer.SerializeToElement(payload), caller, ct));
                created[record.Ref] = (model, stored.Id);
                if (pointsAhead) ahead.Add((record, stored.Id));
            }
        // Relations to records made after theirs (forms pointing at each other), now that every record has its id.
        foreach (var (record, id) in ahead)
        {
            var model = models[record.Form];
            var (payload, _) = In(model, record, ids, named, created);
            var current = await records.GetAsync(model, id, caller, ct);
            await WriteAsync(record, () => records.UpdateAsync(model, id, JsonSerializer.SerializeToElement(
                payload.Where(p => model.Field(p.Key)?.Traits.References == ReferenceKind.Records).ToDictionary(p => p.Key, p => p.Value)), current.Version, caller, ct));
        }
    }

    public override Task RemoveAsync(IReadOnlyList<string> keys, PackageTarget target, CancellationToken ct) => Task.CompletedTask;

    public override Task<JsonNode> NormalizeAsync(JsonNode item, string app, CancellationToken ct) => Task.FromResult(item.DeepClone());

    /// <summary>A record refused is named by its place in the package: <c>records[12].values.name</c>.</summary>
    private static async Task<RecordData> WriteAsync(PackageRecord record, Func<Task<RecordData>> write)
    {
        try
        {
            return await write();
        }
        catch (ValidationFailedException e)
        {
            throw new ValidationFailedException(e.Errors.Select(x => x with { Field = $"records[{record.Index}].values.{x.Field}" }).ToList());
        }
    }

    private async IAsyncEnumerable<RecordData> AllAsync(FormModel model, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? after = null;
        do
        {
            var page = await records.QueryAsync(model, new QueryRequest { PageSize = 500, After = after, Sort = [new SortKey(Forms.SystemFields.Id, false)] },
                CallerContext.System, ct);
            foreach (var record in page.Items) yield return record;
            after = page.Next;
        }
        while (after is not null);
    }

    /// <summary>A value as the package writes it: references as refs, emails and department names (in subform rows too).</summary>
    private static JsonNode? Out(BoundField field, JsonNode? value, Dictionary<(string, long), string> refs, Dictionary<long, string> emails, Dictionary<long, string> names) =>
        EachReference(field, value, (reference, item) => item is JsonValue v && v.TryGetValue<long>(out var id) ? reference.Traits.References switch
        {
            ReferenceKind.Records => refs.TryGetValue((reference.Traits.RelatedForm!, id), out var r) ? r : null,
            ReferenceKind.Users => emails.GetValueOrDefault(id),
            _ => names.GetValueOrDefault(id),
        } : item?.DeepClone());

    /// <summary>A package record's values for this installation; refs not yet made are left out (and said).</summary>
    private static (Dictionary<string, JsonNode?> Payload, bool PointsAhead) In(FormModel model, PackageRecord record, Dictionary<string, long> users,
        Dictionary<string, long> named, Dictionary<string, (FormModel Model, long Id)> created)
    {
        var ahead = false;
        JsonNode? One(BoundField reference, JsonNode? item)
        {
            if (item is not JsonValue text || !text.TryGetValue<string>(out var s)) return item?.DeepClone();
            switch (reference.Traits.References)
            {
                case ReferenceKind.Records when created.TryGetValue(s, out var made): return made.Id;
                case ReferenceKind.Records:
                    ahead = true;
                    return null;
                case ReferenceKind.Users: return users.TryGetValue(s, out var user) ? user : null;
                default: return named.TryGetValue(s, out var department) ? department : null;
            }
        }
        var payload = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in record.Values)
            if (model.Field(key) is { Traits.Generated: false } field) payload[key] = EachReference(field, value, One);
        return (payload, ahead);
    }

    /// <summary>
    /// <paramref name="value"/> with <paramref name="one"/> applied to each reference it holds (a relation's record, a person, a
    /// department; one or many; in a subform's rows too), every other value as it is. One walk for both directions.
    /// </summary>
    private static JsonNode? EachReference(BoundField field, JsonNode? value, Func<BoundField, JsonNode?, JsonNode?> one)
    {
        if (field.Children.Count > 0 && value is JsonArray rows)
            return new JsonArray(rows.Select(row => (JsonNode?)new JsonObject(((row as JsonObject) ?? []).Select(cell => KeyValuePair.Create(cell.Key,
                field.Children.FirstOrDefault(c => c.Key == cell.Key) is { } child ? EachReference(child, cell.Value, one) : cell.Value?.DeepClone())))).ToArray());
        if (field.Traits.References == ReferenceKind.None) return value?.DeepClone();
        return value is JsonArray many ? new JsonArray(many.Select(item => one(field, item)).Where(v => v is not null).ToArray()) : one(field, value);
    }

    private sealed record PackageRecord(int Index, string Form, string Ref, string? Owner, JsonObject Values);

    private List<PackageRecord> Read(JsonArray items)
    {
        var read = new List<PackageRecord>();
        var errors = new List<ValidationError>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] as JsonObject;
            var form = item?["form"] is JsonValue f && f.TryGetValue<string>(out var formKey) ? formKey : null;
            var reference = item?["ref"] is JsonValue r && r.TryGetValue<string>(out var text) ? text : null;
            if (form is null) errors.Add(new($"{Name}[{i}].form", "required"));
            if (reference is null || form is not null && !reference.StartsWith(form + "/", StringComparison.Ordinal)) errors.Add(new($"{Name}[{i}].ref", "package.recordRef"));
            if (item?["values"] is not JsonObject values) errors.Add(new($"{Name}[{i}].values", "type.object"));
            else if (form is not null && reference is not null)
                read.Add(new(i, form, reference, item["owner"] is JsonValue o && o.TryGetValue<string>(out var owner) ? owner : null, values));
        }
        foreach (var twice in read.GroupBy(r => r.Ref).Where(g => g.Count() > 1)) errors.Add(new(Name, "package.twice", twice.Key));
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return read;
    }
}
