using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;

namespace Platform.Engine.Packages;

/// <summary>Forms in the order their records can be made: a form others relate to first (a contact finds its customer); forms relating in a circle keep their order.</summary>
internal static class RelationOrder
{
    public static IEnumerable<FormModel> Of(IReadOnlyList<FormModel> models)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var left = models.ToList();
        while (left.Count > 0)
        {
            var ready = left.FirstOrDefault(m => m.Definition.Fields.OfType<RelationField>().All(r => r.Form == m.Key || done.Contains(r.Form) || left.All(l => l.Key != r.Form)))
                        ?? left[0];
            left.Remove(ready);
            done.Add(ready.Key);
            yield return ready;
        }
    }
}
