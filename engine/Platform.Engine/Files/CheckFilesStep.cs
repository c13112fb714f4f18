using System.Text.Json.Nodes;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Records.Pipeline;

namespace Platform.Engine.Files;

/// <summary>
/// The file store's step in the record pipeline: a link to a stored file (<c>/files/{hash}</c>) that a write adds must name a
/// file that is stored and, for a person, one they uploaded themselves. Otherwise a hash seen once (in a shared screenshot,
/// a log) would let anyone attach a file to their own record and download it through that record.
/// </summary>
public sealed class CheckFilesStep : IRecordStep
{
    public const int Order = StepOrder.CheckReferences + 10;

    public string Name => "check-files";

    int IRecordStep.Order => Order;

    public WriteKind AppliesTo => WriteKind.Change;

    public bool NeedsValidInput => true;

    public async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        // Records a package restores keep their links as exported: packages carry no files, and an install is not refused for them.
        if (batch.Caller.Actor.Restores) return;
        var added = new List<(string Path, string Hash)>();
        foreach (var item in batch.Items)
            foreach (var field in batch.Model.Fields.Where(f => f.Definition is AttachmentField && item.Sent.ContainsKey(f.Key)))
            {
                var before = (item.Current?.Values.GetValueOrDefault(field.Key) as JsonArray)?.Select(f => (string?)f?["url"]).ToHashSet() ?? [];
                var files = item.Sent[field.Key] as JsonArray ?? [];
                for (var i = 0; i < files.Count; i++)
                    if ((string?)files[i]?["url"] is var url && !before.Contains(url) && url is not null && url.StartsWith(FileStore.UrlPrefix, StringComparison.Ordinal))
                        added.Add(($"{item.Prefix}{field.Key}[{i}]", FileStore.HashOf(url) ?? ""));
            }
        if (added.Count == 0) return;

        var work = batch.RequireWork();
        var userId = batch.Caller.UserId;
        var (stored, theirs) = await FileStore.KnownAsync(work.Connection, work.Transaction, added.Select(a => a.Hash).Distinct().ToList(), userId);
        // A person (typing, or importing a sheet) links only their own uploads; a workflow, whose definition an admin wrote, any stored file.
        var person = userId is not null && batch.Caller.Actor.Kind is Records.Actor.UserKind or Records.Actor.ImportKind;
        foreach (var (path, hash) in added)
            if (!stored.Contains(hash)) batch.Errors.Add(new(path, "file.notFound", hash));
            else if (person && !theirs.Contains(hash)) batch.Errors.Add(new(path, "file.notYours"));
    }
}
