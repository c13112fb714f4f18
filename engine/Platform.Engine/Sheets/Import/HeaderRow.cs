namespace Platform.Engine.Sheets.Import;

/// <summary>
/// Which of a sheet's first rows holds the headings: the first whose cells are text and fill at least half as many columns
/// as the widest of those rows, so a merged title above them ("2026 客户清单", one cell) or a blank row is passed over.
/// </summary>
public static class HeaderRow
{
    public const int Looked = 10;

    public static int Find(IReadOnlyList<IReadOnlyList<object?>> first)
    {
        var rows = first.Take(Looked).ToList();
        if (rows.Count == 0) return -1;
        var widest = rows.Max(r => r.Count(c => c is not null));
        for (var i = 0; i < rows.Count; i++)
        {
            var filled = rows[i].Where(c => c is not null).ToList();
            if (filled.Count >= Math.Max(widest / 2.0, Math.Min(2, widest)) && filled.All(c => c is string)) return i;
        }
        return 0;
    }
}
