using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Forms;
using Platform.Engine.Values;

namespace Platform.Engine.Records.Query;

/// <summary>Something a query can filter or sort on: a system column or a field, with where it lives.</summary>
internal sealed record QueryTarget(string Key, StorageKind Kind, ColumnSpec? Spec, string? Column, string? Table, FieldCodec Codec, bool IsUser,
    bool IsDepartment = false)
{
    public bool IsColumn => Kind == StorageKind.Column && Spec!.Type != ColumnType.Json;

    // Targets depend only on the compiled model: built once per model, not per query.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<FormModel, IReadOnlyDictionary<string, QueryTarget>> Cache = new();

    public static IReadOnlyDictionary<string, QueryTarget> For(FormModel model) => Cache.GetValue(model, Build);

    /// <summary>The targets a caller with this field view may filter and sort on: system fields and the fields they can read.</summary>
    public static IReadOnlyDictionary<string, QueryTarget> Visible(FormModel model, FieldView view) =>
        view.IsAll ? For(model) : For(model).Where(t => model.Field(t.Key) is null || view.CanRead(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

    private static Dictionary<string, QueryTarget> Build(FormModel model)
    {
        var targets = new Dictionary<string, QueryTarget>(StringComparer.Ordinal);
        foreach (var (property, column) in SystemColumns.ByProperty)
        {
            FieldCodec codec = column.Spec.Type == ColumnType.DateTime ? new DateTimeCodec() : new IdCodec();
            var isUser = SystemFields.UserIds.Contains(property);
            targets[property] = new QueryTarget(property, StorageKind.Column, column.Spec, column.Name, null,
                property == SystemFields.Version ? new IntegerCodec(0, long.MaxValue) : codec, isUser);
        }
        foreach (var field in model.Fields)
            targets[field.Key] = new QueryTarget(field.Key, field.Stored.Kind, field.Stored.Spec, field.Stored.Column, field.Stored.Table, field.Codec,
                field.Traits.References == ReferenceKind.Users, field.Traits.References == ReferenceKind.Departments);
        return targets;
    }
}
