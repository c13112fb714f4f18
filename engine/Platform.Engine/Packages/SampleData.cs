using System.Text.Json;
using Bogus;
using Platform.Engine.Apps;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Validation;

namespace Platform.Engine.Packages;

/// <summary>How many sample records were written per form, and how many the engine refused (each refusal retried with other values first).</summary>
public sealed record SampleResult(IReadOnlyDictionary<string, int> Created, int Refused);

/// <summary>
/// Believable sample data for any app, for demos and benchmarks: companies, people, phones, amounts and dates in Chinese
/// (<c>zh_CN</c>) or English, each record written through the record pipeline (its rules, gates and duplicate checks hold)
/// and its stage fields walked stage by stage to where a funnel would leave it (earlier stages more often), so stage
/// histories, rollups and tags are what real use would make. The same seed over the same app and people gives the same
/// records. Workflows start only when asked.
/// </summary>
public sealed class SampleData(FormService forms, RecordService records, Users.UserService users, TimeProvider clock)
{
    public const int MaxPerForm = 1_000_000;

    public async Task<SampleResult> LoadAsync(string app, int perForm, int seed, string locale = "zh_CN", bool workflows = false,
        IReadOnlyCollection<string>? onlyForms = null, CancellationToken ct = default)
    {
        if (perForm is < 1 or > MaxPerForm) throw new ValidationFailedException([new("records", "sample.count", MaxPerForm)]);
        if (locale is not ("zh_CN" or "en")) throw new ValidationFailedException([new("locale", "sample.locale")]);
        var chosen = new List<FormModel>();
        foreach (var form in await forms.ListAsync(app, ct))
            if (form.Key != Workflows.Tasks.TaskForm.Key && (onlyForms is null || onlyForms.Contains(form.Key))) chosen.Add(await forms.GetModelAsync(app, form.Key, ct));
        if (onlyForms?.FirstOrDefault(k => chosen.All(m => m.Key != k)) is { } unknown) throw new NotFoundException("form.notFound", unknown);
        var people = (await users.ListAsync(ct)).Where(u => u.Active).Select(u => u.Id).Order().ToList();
        var faker = new Faker(locale) { Random = new Randomizer(seed) };
        var values = new SampleValues(faker, locale == "zh_CN", clock.GetUtcNow().UtcDateTime);
        var caller = new CallerContext(Actor.Import($"sample-{seed}", null) with { StartsWorkflows = workflows }) { IsAdmin = true };
        var ids = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var created = new Dictionary<string, int>(StringComparer.Ordinal);
        var walks = new List<(FormModel Model, long Id, SelectField Field, string Target)>();
        var refused = 0;
        foreach (var model in RelationOrder.Of(chosen))
        {
            var made = ids[model.Key] = [];
            for (var i = 0; i < perForm; i++)
            {
                var record = await CreateAsync(model, values, people, ids, caller, ct);
                if (record is null)
                {
                    refused++;
                    continue;
                }
                made.Add(record.Id);
                foreach (var stages in model.StageFields)
                    walks.Add((model, record.Id, stages, values.Funnel(stages)));
            }
            created[model.Key] = made.Count;
        }
        // Stages are walked once every form has its records, the forms that point at others first: a customer's gate may ask
        // for a won deal, which the deal's own walk makes.
        foreach (var (model, id, field, target) in Enumerable.Reverse(walks)) await WalkAsync(model, id, field, target, values, caller, ct);
        return new SampleResult(created, refused);
    }

    private async Task<RecordData?> CreateAsync(FormModel model, SampleValues values, IReadOnlyList<long> people, Dictionary<string, List<long>> ids,
        CallerContext caller, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var payload = values.Record(model.Definition.Fields, key => ids.GetValueOrDefault(key) ?? [], people, model.Definition.Pool is not null);
            try
            {
                return await records.CreateAsync(model, JsonSerializer.SerializeToElement(payload), caller, ct);
            }
            catch (ValidationFailedException)
            {
                // A value the form refuses (a duplicate name, a rule): other values next time.
            }
        }
        return null;
    }

    /// <summary>Moves a record's stage one allowed step at a time towards <paramref name="target"/>, filling what a gate asks for; it stops where a gate still refuses.</summary>
    private async Task WalkAsync(FormModel model, long id, SelectField field, string target, SampleValues values, CallerContext caller, CancellationToken ct)
    {
        var record = await records.GetAsync(model, id, caller, ct);
        var path = StagePath(field, record.Values.GetValueOrDefault(field.Key) as string, target);
        foreach (var stage in path)
        {
            var change = new Dictionary<string, object?> { [field.Key] = stage };
            if (field.Stages!.Entry.TryGetValue(stage, out var entry))
            {
                foreach (var required in entry.Required.Where(k => record.Values.GetValueOrDefault(k) is null))
                    if (model.Definition.FindField(required) is { } needed && values.Value(needed, _ => [], []) is { } filled) change[required] = filled;
                // A gate's condition usually asks for a yes (the budget confirmed): the record has it.
                foreach (var yes in model.Definition.Fields.OfType<BooleanField>().Where(b => entry.Condition?.Contains(b.Key, StringComparison.Ordinal) == true))
                    change[yes.Key] = true;
            }
            try
            {
                record = await records.UpdateAsync(model, id, JsonSerializer.SerializeToElement(change), record.Version, caller, ct);
            }
            catch (ValidationFailedException)
            {
                return;
            }
        }
    }

    /// <summary>The shortest way through the stage field's allowed moves (a stage without rules may go anywhere).</summary>
    private static IReadOnlyList<string> StagePath(SelectField field, string? from, string target)
    {
        if (from is null || from == target) return [];
        var previous = new Dictionary<string, string> { [from] = from };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var stage))
        {
            IEnumerable<string> next = field.Stages!.Moves.TryGetValue(stage, out var allowed) ? allowed : field.Options.Select(o => o.Key);
            foreach (var to in next.Where(to => !previous.ContainsKey(to)))
            {
                previous[to] = stage;
                if (to == target)
                {
                    var path = new List<string> { to };
                    for (var at = stage; at != from; at = previous[at]) path.Insert(0, at);
                    return path;
                }
                queue.Enqueue(to);
            }
        }
        return [];
    }
}
