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
        {
            // Links the record already had stay, wherever they are in it (a row of a subform moved up keeps its photos).
            var before = item.Current is null ? [] : FileLinks.In(batch.Model.Definition.Fields, item.Current.Values).Select(f => f.Url).ToHashSet();
            foreach (var link in FileLinks.In(batch.Model.Definition.Fields.Where(f => item.Sent.ContainsKey(f.Key)), item.Sent))
                if (!before.Contains(link.Url) && link.Url.StartsWith(FileStore.UrlPrefix, StringComparison.Ordinal))
                    added.Add((item.Prefix + link.Path, FileStore.HashOf(link.Url) ?? ""));
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
