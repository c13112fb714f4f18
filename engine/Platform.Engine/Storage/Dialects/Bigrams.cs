namespace Platform.Engine.Storage.Dialects;

/// <summary>
/// Where the overlapping pairs of characters of a normalized search text are (a character beyond the first plane counts
/// as one): what quick search indexes, read by the dialects as they write a search document, without a string a pair.
/// </summary>
public static class Bigrams
{
    /// <summary>Where each pair of <paramref name="text"/> starts and how long it is.</summary>
    public static IEnumerable<(int Start, int Length)> Ranges(string text)
    {
        var first = 0;
        while (first < text.Length)
        {
            var second = NextCharacter(text, first);
            if (second >= text.Length) yield break;
            yield return (first, NextCharacter(text, second) - first);
            first = second;
        }
    }

    /// <summary>Whether <paramref name="text"/> has a pair at all (two characters or more).</summary>
    public static bool Any(string text) => text.Length > 0 && NextCharacter(text, 0) < text.Length;

    private static int NextCharacter(string text, int at) => at + (char.IsHighSurrogate(text[at]) && at + 1 < text.Length ? 2 : 1);
}
