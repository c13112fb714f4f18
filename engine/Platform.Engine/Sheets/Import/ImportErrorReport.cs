using Dapper;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Sheets.Import;

/// <summary>
/// The error report of an import: the rows that failed, cell for cell as they were in the file under the file's own
/// headings, then the sheet row they came from and their errors in the reader's language ("金额：应为数字。"), so people
/// fix them in place and import the report again (its two extra columns map to no field).
/// </summary>
internal static class ImportErrorReport
{
    public static async Task WriteAsync(PlatformDatabase database, ImportInfo info, Stream file, string culture, Stream output, ImportOptions options,
        CancellationToken ct)
    {
        var chinese = Messages.IsChinese(culture);
        var errors = new Dictionary<int, List<string>>();
        var headingOf = (info.Settings.Mapping ?? new Dictionary<string, string?>()).Where(m => m.Value is not null)
            .GroupBy(m => m.Value!).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        await using (var connection = await database.OpenAsync(ct))
        {
            var rows = await connection.QueryAsync<(long Row, string Field, string En, string Zh)>(new CommandDefinition(
                "SELECT row_number, field, message_en, message_zh FROM pf_import_errors WHERE import_id = @id ORDER BY row_number, id", new { id = info.Id }, cancellationToken: ct));
            foreach (var (row, field, en, zh) in rows)
            {
                var where = headingOf.GetValueOrDefault(field.Split('.', '[')[0]) ?? field;
                (errors.TryGetValue((int)row, out var list) ? list : errors[(int)row] = []).Add(where.Length > 0 ? $"{where}{(chinese ? "：" : ": ")}{(chinese ? zh : en)}" : chinese ? zh : en);
            }
        }
        var rowHeading = chinese ? "原行号" : "Row";
        var errorHeading = chinese ? "错误" : "Errors";
        var columns = info.Headings.Select((h, i) => new DynamicExcelColumn("c" + i) { Name = h, Index = i, Width = SheetFiles.Width(h) })
            .Append(new DynamicExcelColumn("row") { Name = rowHeading, Index = info.Headings.Count, Width = 8 })
            .Append(new DynamicExcelColumn("errors") { Name = errorHeading, Index = info.Headings.Count + 1, Width = 60 }).ToArray();
        await SheetFiles.WriteXlsxAsync(output, Rows(), new OpenXmlConfiguration { DynamicColumns = columns }, ct);

        IEnumerable<IDictionary<string, object?>> Rows()
        {
            foreach (var row in SheetRows.Read(file, info.Format, options.MaxColumns))
            {
                if (row.Number <= info.HeaderRow || !errors.TryGetValue(row.Number, out var messages)) continue;
                var cells = new Dictionary<string, object?>(info.Headings.Count + 2, StringComparer.Ordinal);
                for (var i = 0; i < info.Headings.Count; i++) cells["c" + i] = i < row.Cells.Count ? row.Cells[i] : null;
                cells["row"] = row.Number;
                cells["errors"] = string.Join("; ", messages);
                yield return cells;
            }
        }
    }
}
