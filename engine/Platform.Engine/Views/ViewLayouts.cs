using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Forms;
using Platform.Engine.Values;

namespace Platform.Engine.Views;

/// <summary>The layouts a view may take, each with the fields it can arrange records by: the one place that decides it.</summary>
public static class ViewLayouts
{
    public const string Table = "table";
    public const string Kanban = "kanban";
    public const string Calendar = "calendar";

    private static readonly Dictionary<string, (bool NeedsField, Func<BoundField, bool> Fits)> Known = new(StringComparer.Ordinal)
    {
        // A table groups by a single option or a person or department (what a manager reads a list by).
        [Table] = (false, f => IsOption(f) || f.Traits.References is ReferenceKind.Users or ReferenceKind.Departments && !f.Traits.Many && IsColumn(f)),
        // A board's columns are a single select's options (stages are selects).
        [Kanban] = (true, IsOption),
        // A calendar places each record on the day of a date or date-time field.
        [Calendar] = (true, f => IsColumn(f) && f.Stored.Spec!.Type is ColumnType.Date or ColumnType.DateTime),
    };

    public static IReadOnlyCollection<string> Names => Known.Keys;

    public static bool IsKnown(string layout) => Known.ContainsKey(layout);

    /// <summary>Whether a view of <paramref name="layout"/> must name the field it arranges by.</summary>
    public static bool NeedsField(string layout) => Known[layout].NeedsField;

    /// <summary>The fields of <paramref name="model"/> a view of <paramref name="layout"/> can arrange by.</summary>
    public static IEnumerable<BoundField> Fields(FormModel model, string layout) => model.Fields.Where(Known[layout].Fits);

    private static bool IsOption(BoundField field) => field.Codec is OptionCodec && IsColumn(field);

    private static bool IsColumn(BoundField field) => field.Stored.Kind == StorageKind.Column && field.Stored.Spec is not null;
}
