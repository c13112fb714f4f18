using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Designer;

/// <summary>Names the designers make up (an option's key, a step's id) and the places the engine's error paths point at.</summary>
public static partial class DesignKeys
{
    /// <summary>The first number from <paramref name="from"/> on whose <c>{prefix}_{n}</c> is not <paramref name="taken"/>.</summary>
    public static int FreeNumber(string prefix, IEnumerable<string> taken, int from = 1)
    {
        var used = taken.ToHashSet(StringComparer.Ordinal);
        var n = from;
        while (used.Contains($"{prefix}_{n}")) n++;
        return n;
    }

    /// <summary>Which item of the list <paramref name="list"/> an error's path starts at: <c>steps[2].to</c> is item 2 of <c>steps</c>.</summary>
    public static int? IndexIn(string path, string list) =>
        ItemPath().Match(path) is { Success: true } match && match.Groups["list"].Value == list
            ? int.Parse(match.Groups["at"].Value, CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"^(?<list>[A-Za-z_]+)\[(?<at>\d+)\]")]
    private static partial Regex ItemPath();
}
