using System.Text.Json.Nodes;
using Platform.Engine.Forms.Fields;
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
        var linked = Linked(model, record).Where(file => FileStore.HashOf(file.Url) == hash).Select(file => file.Name).FirstOrDefault()
            ?? throw new NotFoundException("file.notFound", hash);
        return await store.OpenAsync(hash, linked, ct);
    }

    /// <summary>The files a record links in the attachment fields its reader sees.</summary>
    public static IEnumerable<(string Field, string Name, string Url)> Linked(FormModel model, RecordData record) =>
        from field in model.Fields
        where field.Definition is AttachmentField
        let files = record.Values.GetValueOrDefault(field.Key) as JsonArray
        where files is not null
        from file in files.OfType<JsonObject>()
        select (field.Key, (string?)file["name"] ?? "", (string?)file["url"] ?? "");
}
