using System.Collections.Immutable;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Storage.Dialects;
using Platform.Engine.Validation;
using Platform.Engine.Values;

namespace Platform.Engine.Storage.Forms;

/// <summary>A type change that needs the values copied, converted, into a new column.</summary>
internal sealed record ColumnConversion(string Field, string Table, StoredField From, FieldCodec FromCodec, StoredField To, FieldCodec ToCodec);

/// <summary>
/// A duplicate check switched on or changed: its keys written for every record (<see cref="Fill"/>: a new key column, or a
/// type that reduces values otherwise), and first checked to be unique where it will refuse (<see cref="MustBeUnique"/>).
/// </summary>
internal sealed record DuplicateKeyWork(string Table, StoredField Stored, FieldDefinition Field, bool Fill, bool MustBeUnique);

/// <summary>
/// Compares the stored layout with a new definition and decides the DDL: added fields get new
/// columns or tables; removed fields are retired with their data; a removed field published again
/// with a compatible type gets its old data back; a type change between column types copies the
/// values into a new column (the old one retired); any other type change is refused.
/// </summary>
internal sealed class MigrationPlanner(SqlDialect dialect)
{
    private readonly List<string> _statements = [];
    private readonly List<MigrationChange> _changes = [];
    private readonly List<ColumnConversion> _conversions = [];
    private readonly List<DuplicateKeyWork> _duplicateKeys = [];
    private readonly List<ValidationError> _errors = [];
    private int _nextId;
    private int _version;

    public static MigrationPlan Plan(SqlDialect dialect, long formId, FormStorage? current, FormDefinition? previous, FormDefinition next, int version) =>
        new MigrationPlanner(dialect).Build(formId, current, previous, next, version);

    private MigrationPlan Build(long formId, FormStorage? current, FormDefinition? previous, FormDefinition next, int version)
    {
        _nextId = current?.NextId ?? 1;
        _version = version;
        var table = current?.Table ?? $"f_{formId}";
        if (current is null)
        {
            _statements.Add(dialect.CreateTable(new TableSpec(table, SystemColumns.Columns, IdentityKey: true)));
            foreach (var column in SystemColumns.IndexedColumns) _statements.Add(dialect.CreateIndex(LiveIndex(table, column)));
            _statements.AddRange(dialect.CreateSearchIndex(table));
        }
        else if (current.Layout < FormStorage.CurrentLayout)
        {
            RebuildIndexes(current);
            _statements.AddRange(dialect.CreateSearchIndex(table));
        }

        var fields = PlanFields(table, current?.Fields ?? [], previous?.Fields ?? [], next.Fields, "");
        if (_errors.Count > 0) throw new DefinitionRejectedException(_errors);
        var indexes = PlanIndexes(table, current?.Indexes ?? [], next.Indexes, fields);
        var searchedKeys = next.Fields.Where(f => f is not UnknownField && FieldTraits.Of(f).Searchable).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var searched = searchedKeys.Select(key => fields.First(s => s.Key == key && !s.Retired).Id).ToImmutableList();
        // Text that came back (a field restored, or converted to text) is in the records already, not yet in their documents.
        var revived = _changes.Any(c => c.Action is "restore" or "changeType" && searchedKeys.Contains(c.Field));
        var rebuildsSearch = current is not null && dialect.HasSearchIndex &&
            (current.Layout < FormStorage.CurrentLayout || revived || current.SearchFields.Except(searched).Any());
        if (rebuildsSearch) _changes.Add(new MigrationChange("*", "rebuildSearch"));

        return new MigrationPlan
        {
            Version = version,
            Changes = _changes,
            DataLoss = [],
            NewStorage = new FormStorage
            {
                Table = table, Layout = FormStorage.CurrentLayout, NextId = _nextId, Fields = fields, Indexes = indexes, SearchFields = searched,
            },
            RebuildsSearch = rebuildsSearch,
            Statements = _statements,
            Conversions = _conversions,
            DuplicateKeys = _duplicateKeys,
        };
    }

    private ImmutableList<StoredField> PlanFields(string table, ImmutableList<StoredField> existing, IReadOnlyList<FieldDefinition> previous,
        IReadOnlyList<FieldDefinition> next, string prefix)
    {
        var result = existing.ToBuilder();
        foreach (var field in next)
        {
            var storage = FieldStorages.For(field);
            var path = prefix + field.Key;
            var active = existing.FirstOrDefault(s => s.Key == field.Key && !s.Retired);
            if (active is null)
            {
                var retired = existing.LastOrDefault(s => s.Key == field.Key && s.Retired && SameShape(s, storage));
                if (retired is not null)
                {
                    var revived = Refresh(table, retired with { Retired = false, RetiredInVersion = null }, field, storage, wasUnique: false);
                    result[result.IndexOf(retired)] = revived with { Children = PlanChildren(revived, field, previous) };
                    _changes.Add(new MigrationChange(path, "restore", retired.Type, field.TypeName));
                }
                else
                {
                    var added = Add(table, field, storage);
                    result.Add(added with { Children = PlanChildren(added, field, previous) });
                    _changes.Add(new MigrationChange(path, "add", To: field.TypeName));
                }
            }
            else if (SameShape(active, storage))
            {
                var refreshed = Refresh(table, active, field, storage, active.Unique);
                result[result.IndexOf(active)] = refreshed with { Children = PlanChildren(refreshed, field, previous) };
                if (active.Type != field.TypeName) _changes.Add(new MigrationChange(path, "changeType", active.Type, field.TypeName));
            }
            else if (active.Kind == StorageKind.Column && storage.Kind == StorageKind.Column &&
                     previous.FirstOrDefault(f => f.Key == field.Key) is { } before && before is not UnknownField)
            {
                // Going back to a type the field had before revives that column, so values the
                // earlier change could not convert come back; rows with a current value take it.
                var earlier = existing.LastOrDefault(s => s.Key == field.Key && s.Retired && SameShape(s, storage));
                StoredField replacement;
                if (earlier is not null)
                {
                    replacement = Refresh(table, earlier with { Retired = false, RetiredInVersion = null }, field, storage, wasUnique: false);
                    result[result.IndexOf(earlier)] = replacement;
                }
                else
                {
                    replacement = Add(table, field, storage);
                    result.Add(replacement);
                }
                result[result.IndexOf(active)] = Retire(table, active);
                _conversions.Add(new ColumnConversion(path, table, active, FieldCodecs.For(before), replacement, FieldCodecs.For(field)));
                _changes.Add(new MigrationChange(path, "changeType", active.Type, field.TypeName));
            }
            else
            {
                _errors.Add(new ValidationError(path, "field.typeChange", path, active.Type, field.TypeName));
            }
        }

        foreach (var gone in existing.Where(s => !s.Retired && next.All(f => f.Key != s.Key)))
        {
            result[result.IndexOf(gone)] = Retire(table, gone);
            _changes.Add(new MigrationChange(prefix + gone.Key, "remove", gone.Type));
        }
        return result.ToImmutable();
    }

    private ImmutableList<StoredField> PlanChildren(StoredField stored, FieldDefinition field, IReadOnlyList<FieldDefinition> previous) =>
        field is SubformField subform
            ? PlanFields(stored.Table!, stored.Children, (previous.FirstOrDefault(f => f.Key == field.Key) as SubformField)?.Fields ?? [],
                subform.Fields, field.Key + ".")
            : stored.Children;

    // A fixed-point column of another precision holds other minor units: its values are converted, like a type change.
    private static bool SameShape(StoredField stored, FieldStorage storage) =>
        stored.Kind == storage.Kind && (stored.Kind == StorageKind.Child ||
            stored.Spec!.Type == storage.Spec!.Type && (storage.Spec.Type != ColumnType.Fixed || stored.Spec.Scale == storage.Spec.Scale));

    private StoredField Add(string table, FieldDefinition field, FieldStorage storage)
    {
        var id = _nextId++;
        var stored = new StoredField { Id = id, Key = field.Key, Type = field.TypeName, Kind = storage.Kind, Spec = storage.Spec };
        switch (storage.Kind)
        {
            case StorageKind.Column:
                stored = stored with { Column = $"c_{id}" };
                _statements.Add(dialect.AddColumn(table, new ColumnDef(stored.Column, storage.Spec!)));
                break;
            case StorageKind.Link:
                stored = stored with { Table = $"{table}_m_{id}" };
                _statements.Add(dialect.CreateTable(new TableSpec(stored.Table,
                    [new("record_id", ColumnSpec.Id, false), new("value", storage.Spec!, false), new("ord", ColumnSpec.Id, false)],
                    IdentityKey: false, ["record_id", "value"])));
                _statements.Add(dialect.CreateIndex(new IndexSpec($"ix_{stored.Table}__value", stored.Table, ["value", "record_id"])));
                break;
            case StorageKind.Child:
                stored = stored with { Table = $"{table}_s_{id}" };
                _statements.Add(dialect.CreateTable(new TableSpec(stored.Table,
                    [new("parent_id", ColumnSpec.Id, false), new("ord", ColumnSpec.Id, false)], IdentityKey: true)));
                _statements.Add(dialect.CreateIndex(new IndexSpec($"ix_{stored.Table}__parent_id", stored.Table, ["parent_id", "ord"])));
                break;
        }
        return Refresh(table, stored, field, storage, wasUnique: false, isNew: true);
    }

    /// <summary>Brings type name, spec and indexes of a kept column in line with the field.</summary>
    private StoredField Refresh(string table, StoredField stored, FieldDefinition field, FieldStorage storage, bool wasUnique, bool isNew = false)
    {
        if (stored.Kind == StorageKind.Column)
        {
            if (!isNew && stored.Spec != storage.Spec && dialect.AlterColumnType(table, stored.Column!, storage.Spec!) is { } alter)
                _statements.Add(alter);
            var unique = field.Unique && stored.Kind == StorageKind.Column;
            if (unique && !wasUnique)
                _statements.Add(dialect.CreateIndex(new IndexSpec(SqlDialect.UniqueIndexName(table, stored.Column!), table, [stored.Column!], Unique: true)));
            if (!unique && wasUnique)
                _statements.Add(dialect.DropIndex(table, SqlDialect.UniqueIndexName(table, stored.Column!)));
            if (storage.Indexed && !stored.Indexed) _statements.Add(dialect.CreateIndex(LiveIndex(table, stored.Column!)));
            return PlanDuplicates(table, stored, field, isNew) with { Type = field.TypeName, Spec = storage.Spec, Unique = unique, Indexed = stored.Indexed || storage.Indexed };
        }
        return stored with { Type = field.TypeName, Spec = storage.Spec };
    }

    /// <summary>
    /// A duplicate check gets a column of keys (kept current by every write from then on) and an index over live records:
    /// unique where it refuses, so two records saved in the same instant cannot both have a key; plain where it warns.
    /// </summary>
    private StoredField PlanDuplicates(string table, StoredField stored, FieldDefinition field, bool isNew)
    {
        var wanted = field.Duplicates;
        var column = stored.DuplicateColumn;
        var fill = column is not null && wanted is not null && stored.Type != field.TypeName; // a phone reduces otherwise than a text
        if (wanted != stored.DuplicateMode)
        {
            if (stored.DuplicateMode is { } had) _statements.Add(dialect.DropIndex(table, DuplicateIndex(table, column!, had).Name));
            if (wanted is not null)
            {
                if (column is null)
                {
                    column = $"d_{stored.Id}";
                    _statements.Add(dialect.AddColumn(table, new ColumnDef(column, new ColumnSpec(ColumnType.Text, DuplicateKey.MaxLength))));
                    fill = true;
                }
                _statements.Add(dialect.CreateIndex(DuplicateIndex(table, column, wanted)));
            }
            _changes.Add(new MigrationChange(field.Key, "duplicates", stored.DuplicateMode, wanted));
        }
        var mustBeUnique = wanted == DuplicateModes.Refuse && (stored.DuplicateMode != DuplicateModes.Refuse || fill);
        // A new field has no values yet: nothing to fill or compare.
        if (!isNew && (fill || mustBeUnique)) _duplicateKeys.Add(new DuplicateKeyWork(table, stored with { DuplicateColumn = column }, field, fill, mustBeUnique));
        return stored with { DuplicateColumn = column, DuplicateMode = wanted };
    }

    private static IndexSpec DuplicateIndex(string table, string column, string mode) => mode == DuplicateModes.Refuse
        ? new IndexSpec(SqlDialect.UniqueIndexName(table, column), table, [column], Unique: true, LiveOnly: true)
        : LiveIndex(table, column);

    /// <summary>The index of one column for the record queries: live records only, the id last so a page in id order needs no sort.</summary>
    private static IndexSpec LiveIndex(string table, string column) => new($"ix_{table}__{column}", table, [column, "id"], LiveOnly: true);

    /// <summary>An earlier layout indexed every row, the recycle bin too: those indexes are built again over live records.</summary>
    private void RebuildIndexes(FormStorage current)
    {
        var columns = SystemColumns.IndexedColumns.Concat(current.Fields.Where(f => f is { Indexed: true, Retired: false, Kind: StorageKind.Column }).Select(f => f.Column!));
        foreach (var column in columns)
        {
            _statements.Add(dialect.DropIndex(current.Table, $"ix_{current.Table}__{column}"));
            _statements.Add(dialect.CreateIndex(LiveIndex(current.Table, column)));
        }
        _changes.Add(new MigrationChange("*", "reindex"));
    }

    /// <summary>The indexes the definition declares, by column: new ones are created, ones no longer declared (or over a replaced column) dropped.</summary>
    private ImmutableList<StoredIndex> PlanIndexes(string table, ImmutableList<StoredIndex> existing, IReadOnlyList<FormIndex> declared, ImmutableList<StoredField> fields)
    {
        var wanted = declared.Select(index => (Fields: string.Join(", ", index.Fields), Columns: index.Fields
            .Select(key => SystemColumns.ByProperty.TryGetValue(key, out var system) ? system.Name : fields.First(f => f.Key == key && !f.Retired).Column!)
            .Append("id").ToImmutableList())).ToList();
        foreach (var gone in existing.Where(e => wanted.All(w => !w.Columns.SequenceEqual(e.Columns))))
        {
            _statements.Add(dialect.DropIndex(table, gone.Name));
            _changes.Add(new MigrationChange(gone.Fields, "removeIndex"));
        }
        var result = ImmutableList.CreateBuilder<StoredIndex>();
        foreach (var (keys, columns) in wanted)
        {
            if (existing.FirstOrDefault(e => e.Columns.SequenceEqual(columns)) is { } kept)
            {
                result.Add(kept);
                continue;
            }
            var index = new StoredIndex($"cx_{table}__{string.Join("__", columns.SkipLast(1))}", columns, keys);
            _statements.Add(dialect.CreateIndex(new IndexSpec(index.Name, table, columns, LiveOnly: true)));
            _changes.Add(new MigrationChange(keys, "addIndex"));
            result.Add(index);
        }
        return result.ToImmutable();
    }

    private StoredField Retire(string table, StoredField stored)
    {
        // A retired column keeps its values but no longer enforces uniqueness on new records.
        if (stored.Unique) _statements.Add(dialect.DropIndex(table, SqlDialect.UniqueIndexName(table, stored.Column!)));
        if (stored.DuplicateMode is { } mode) _statements.Add(dialect.DropIndex(table, DuplicateIndex(table, stored.DuplicateColumn!, mode).Name));
        return stored with { Retired = true, RetiredInVersion = _version, Unique = false, DuplicateMode = null };
    }
}
