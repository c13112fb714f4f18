using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Engine.Storage;

/// <summary>
/// The statements queued on a connection that cannot send a batch (SQLite, in-process), run when flushed: single-row
/// INSERTs of the same text become one INSERT of many rows, which SQLite runs in half the time a row of running each
/// (a bulk write queues a history entry, an event, link rows and a search document a record). A statement other than
/// such an INSERT keeps its place: the rows queued before it are written first. Rows of one text keep their order.
/// </summary>
internal sealed partial class QueuedRows
{
    /// <summary>Rows an INSERT takes at most; a shorter tail runs in the largest smaller size, then a row at a time.</summary>
    private static readonly int[] Sizes = [32, 8];

    private static readonly ConcurrentDictionary<string, Template?> Templates = new();
    private static readonly ConcurrentDictionary<(string Sql, int Rows), string> Statements = new();

    private readonly List<(string Sql, object?[] Values)> _queued = [];

    public int Count => _queued.Count;

    public void Add(string sql, IReadOnlyList<object?> values) => _queued.Add((sql, [.. values]));

    public void Clear() => _queued.Clear();

    /// <summary>Runs what is queued through <paramref name="execute"/>, in order, many rows a statement where it can.</summary>
    public async Task FlushAsync(Func<string, IReadOnlyList<object?>, Task> execute)
    {
        var rows = new Dictionary<string, List<object?[]>>();
        foreach (var (sql, values) in _queued)
        {
            if (Templates.GetOrAdd(sql, Parse) is { } template && template.Width == values.Length)
            {
                if (!rows.TryGetValue(sql, out var list)) rows[sql] = list = [];
                list.Add(values);
                continue;
            }
            await WriteAsync(rows, execute);
            await execute(sql, values);
        }
        await WriteAsync(rows, execute);
        _queued.Clear();
    }

    private static async Task WriteAsync(Dictionary<string, List<object?[]>> rows, Func<string, IReadOnlyList<object?>, Task> execute)
    {
        foreach (var (sql, list) in rows)
        {
            var next = 0;
            foreach (var size in Sizes)
                for (; list.Count - next >= size; next += size)
                {
                    var width = list[next].Length;
                    var values = new object?[size * width];
                    for (var row = 0; row < size; row++) list[next + row].CopyTo(values, row * width);
                    await execute(Statements.GetOrAdd((sql, size), key => Templates[key.Sql]!.Rows(key.Rows)), values);
                }
            for (; next < list.Count; next++) await execute(sql, list[next]);
        }
        rows.Clear();
    }

    /// <summary>
    /// A single-row <c>INSERT INTO t (…) VALUES (@p0, …, @pN)</c>, each parameter once and in order, as its head and its
    /// row; null for any other statement.
    /// </summary>
    private static Template? Parse(string sql)
    {
        var match = SingleRowInsert().Match(sql);
        if (!match.Success) return null;
        var parameters = Parameter().Matches(match.Groups["row"].Value).Select(m => int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)).ToList();
        return parameters.SequenceEqual(Enumerable.Range(0, parameters.Count)) ? new Template(match.Groups["head"].Value, parameters.Count) : null;
    }

    private sealed record Template(string Head, int Width)
    {
        /// <summary>The INSERT of <paramref name="count"/> rows: row r's values are <c>@p(r × width)</c> on.</summary>
        public string Rows(int count) => Head + string.Join(", ",
            Enumerable.Range(0, count).Select(r => "(" + string.Join(", ", Enumerable.Range(r * Width, Width).Select(i => "@p" + i)) + ")"));
    }

    [GeneratedRegex(@"^(?<head>INSERT INTO [^;]+? VALUES )(?<row>\((?:@p\d+, )*@p\d+\))$", RegexOptions.CultureInvariant)]
    private static partial Regex SingleRowInsert();

    [GeneratedRegex(@"@p(\d+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Parameter();
}
