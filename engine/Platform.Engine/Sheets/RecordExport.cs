using System.Globalization;
using System.Text;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Engine.Sheets;

/// <summary>What to export: which records (filter, sort), which columns (fields and system fields; the visible fields and the owner and times when null), and as what.</summary>
public sealed record ExportRequest(Filter? Filter, IReadOnlyList<Records.Query.SortKey> Sort, IReadOnlyList<string>? Columns, string Format)
{
    public static readonly IReadOnlySet<string> Formats = new HashSet<string> { "xlsx", "csv" };
}

/// <summary>
/// A form's records written to <c>.xlsx</c> or <c>.csv</c> as the caller sees them (their row scope and field rights, the
/// export right), page by page so a large export never sits in memory: typed cells, headings and words in the caller's
/// language, and text that a spreadsheet could take for a formula written so it never runs.
/// </summary>
public sealed class RecordExport(RecordService records, ReferenceNames referenceNames)
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvType = "text/csv; charset=utf-8";

    private static readonly string[] DefaultSystemColumns = [SystemFields.Owner, SystemFields.CreatedAt, SystemFields.UpdatedAt];

    /// <summary>One column: a field, or a system field when <see cref="Field"/> is null.</summary>
    private sealed record Column(string Key, string Heading, FieldDefinition? Field, string? Format);

    public async Task WriteAsync(FormModel model, ExportRequest request, CallerContext caller, Stream output, CancellationToken ct = default)
    {
        caller.Require(model, RecordAction.Export);
        caller.Require(model, RecordAction.Read);
        if (!ExportRequest.Formats.Contains(request.Format)) throw new ValidationFailedException([new("format", "export.format", request.Format)]);
        var culture = CultureInfo.GetCultureInfo(caller.Culture);
        var view = caller.Fields(model);
        var columns = Columns(model, request.Columns, view, culture);
        var query = new QueryRequest
        {
            Filter = request.Filter, Sort = request.Sort, PageSize = records.Options.MaxPageSize,
            Fields = columns.Where(c => c.Field is not null).Select(c => c.Key).ToList(),
        };
        // The first page is read before anything is written, so a bad filter or sort is a clean 400, not half a file.
        var first = await records.QueryAsync(model, query, caller, ct);
        var pages = Pages(model, query, caller, first, ct);
        if (request.Format == "csv") await CsvAsync(model, output, columns, pages, caller, culture, ct);
        else await XlsxAsync(model, output, columns, pages, caller, culture, ct);
    }

    private async IAsyncEnumerable<IReadOnlyList<RecordData>> Pages(FormModel model, QueryRequest query, CallerContext caller, QueryResult first,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var page = first;
        while (true)
        {
            yield return page.Items;
            if (page.Next is null) yield break;
            page = await records.QueryAsync(model, query with { After = page.Next }, caller, ct);
        }
    }

    private static List<Column> Columns(FormModel model, IReadOnlyList<string>? wanted, FieldView view, CultureInfo culture)
    {
        var keys = wanted ?? model.Fields.Where(f => view.CanRead(f.Key)).Select(f => f.Key).Concat(DefaultSystemColumns).ToList();
        var errors = new List<ValidationError>();
        var columns = new List<Column>();
        foreach (var key in keys.Distinct())
        {
            if (model.Field(key) is { } field)
            {
                if (!view.CanRead(key)) throw new ForbiddenException("access.hiddenField", key);
                var sample = new ExportCell(PageNames.None, culture, TimeZoneInfo.Utc).Of(field.Definition, null);
                columns.Add(new Column(key, field.Definition.Label?.Resolve(culture) ?? key, field.Definition, sample.Format));
            }
            else if (SystemFields.All.Contains(key) && key is not (SystemFields.DeletedAt or SystemFields.DeletedBy))
                columns.Add(new Column(key, Messages.Format("system." + key, culture.Name), null,
                    key is SystemFields.CreatedAt or SystemFields.UpdatedAt ? "yyyy-mm-dd hh:mm" : null));
            else errors.Add(new("fields", "unknownField", key));
        }
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return columns;
    }

    /// <summary>The cells of one page's records, the names of the people, departments and records they name read once for the page.</summary>
    private async Task<IEnumerable<ExportValue[]>> CellsAsync(FormModel model, IReadOnlyList<RecordData> page, List<Column> columns, CallerContext caller, CultureInfo culture,
        CancellationToken ct)
    {
        var names = await referenceNames.ReadAsync(model, page, columns.Where(c => c.Field is not null).Select(c => c.Field!), columns.Select(c => c.Key), caller, ct);
        var cell = new ExportCell(names, culture, caller.TimeZone);
        return page.Select(record => columns.Select(column => column.Field is { } field
            ? cell.Of(field, record.Values.GetValueOrDefault(column.Key))
            : record.Get(column.Key) switch
            {
                DateTime at => cell.At(at),
                var id when SystemFields.UserIds.Contains(column.Key) => cell.Person((long?)id),
                var other => new ExportValue(other, null),
            }).ToArray()).ToList();
    }

    private async Task XlsxAsync(FormModel model, Stream output, List<Column> columns, IAsyncEnumerable<IReadOnlyList<RecordData>> pages, CallerContext caller, CultureInfo culture,
        CancellationToken ct)
    {
        var configuration = new OpenXmlConfiguration
        {
            DynamicColumns = columns.Select((c, i) => new DynamicExcelColumn(c.Key) { Name = c.Heading, Format = c.Format, Index = i, Width = SheetFiles.Width(c.Heading) }).ToArray(),
        };
        await SheetFiles.WriteXlsxAsync(output, Rows(), configuration, ct);

        // MiniExcel reads its rows as a plain sequence: each page is fetched as the writer reaches it.
        IEnumerable<IDictionary<string, object?>> Rows()
        {
            var reader = pages.GetAsyncEnumerator(ct);
            try
            {
                while (reader.MoveNextAsync().AsTask().GetAwaiter().GetResult())
                {
                    foreach (var cells in CellsAsync(model, reader.Current, columns, caller, culture, ct).GetAwaiter().GetResult())
                    {
                        var row = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
                        for (var i = 0; i < columns.Count; i++) row[columns[i].Key] = cells[i].Value;
                        yield return row;
                    }
                }
            }
            finally
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    private async Task CsvAsync(FormModel model, Stream output, List<Column> columns, IAsyncEnumerable<IReadOnlyList<RecordData>> pages, CallerContext caller, CultureInfo culture,
        CancellationToken ct)
    {
        // With a byte-order mark, so Excel opens Chinese text as UTF-8.
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true);
        await writer.WriteAsync(CsvText.Line(columns.Select(c => c.Heading)).AsMemory(), ct);
        await foreach (var page in pages.WithCancellation(ct))
            foreach (var cells in await CellsAsync(model, page, columns, caller, culture, ct))
                await writer.WriteAsync(CsvText.Line(cells.Select(Csv)).AsMemory(), ct);
    }

    private static string Csv(ExportValue cell) => cell.Value switch
    {
        null => "",
        DateTime at when at.TimeOfDay == TimeSpan.Zero && cell.Format == "yyyy-mm-dd" => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime at => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        var text => text.ToString() ?? "",
    };
}
