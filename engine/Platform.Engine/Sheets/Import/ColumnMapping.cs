using System.Globalization;
using System.Text;
using Platform.Engine.Models;
using Platform.Engine.Records;

namespace Platform.Engine.Sheets.Import;

/// <summary>
/// The field each column of a sheet is suggested to fill: the heading as a field's label (in any language) or key, first
/// exactly, then written the same once case, spaces (full-width too), full-width letters and digits and a required mark
/// (*) are set aside. A field is suggested for one column at most; computed fields and fields the caller may not set, never.
/// </summary>
public static class ColumnMapping
{
    public static IReadOnlyList<string?> Suggest(FormModel model, IReadOnlyList<string?> headings, CallerContext caller)
    {
        var settable = Settable(model, caller);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var names = settable.Select(f => (Field: f.Key, Names: f.Definition.Label?.AllTexts.Append(f.Key).ToList() ?? [f.Key])).ToList();
        var suggested = new string?[headings.Count];
        foreach (var exact in new[] { true, false })
        {
            for (var i = 0; i < headings.Count; i++)
            {
                if (suggested[i] is not null || headings[i] is not { } heading) continue;
                var match = names.FirstOrDefault(n => !taken.Contains(n.Field) &&
                    n.Names.Any(name => exact ? name == heading.Trim() : Normalise(name) == Normalise(heading)));
                if (match.Field is null) continue;
                suggested[i] = match.Field;
                taken.Add(match.Field);
            }
        }
        return suggested;
    }

    /// <summary>The fields a sheet's column may fill for this caller: those they may change and a value can be written to.</summary>
    public static List<BoundField> Settable(FormModel model, CallerContext caller)
    {
        var view = caller.Fields(model);
        return model.Fields.Where(f => view.CanEdit(f.Key) && f.Codec.IsWritable && !f.Traits.Generated).ToList();
    }

    /// <summary>Full-width forms to their plain ones (NFKC), no spaces of any width, no required mark, lower case.</summary>
    public static string Normalise(string text)
    {
        var plain = text.Normalize(NormalizationForm.FormKC);
        var kept = new StringBuilder(plain.Length);
        foreach (var ch in plain.Where(ch => !char.IsWhiteSpace(ch) && ch != '*')) kept.Append(char.ToLower(ch, CultureInfo.InvariantCulture));
        return kept.ToString();
    }
}
