using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Validation;

namespace Platform.Engine.Files;

/// <summary>
/// Downloads through the record that links a file: the record's rights apply (its row scope, the field's visibility), so
/// a file is never reachable by its hash alone, and it is sent under the name the record gives it.
/// </summary>
public sealed class RecordFiles(RecordService records, FileStore store)
{
    public async Task<FileDownload> OpenAsync(FormModel model, long recordId, string hash, CallerContext caller, CancellationToken ct = default)
    {
        if (!FileStore.IsHash(hash)) throw new NotFoundException("file.notFound", hash);
        var record = await records.GetAsync(model, recordId, caller, ct);
        // The values the reader sees: a field hidden from them (or a subform holding the file) links nothing for them.
        var linked = FileLinks.In(model.Definition.Fields, record.Values).Where(file => FileStore.HashOf(file.Url) == hash).Select(file => file.Name).FirstOrDefault()
            ?? throw new NotFoundException("file.notFound", hash);
        return await store.OpenAsync(hash, linked, ct);
    }
}
