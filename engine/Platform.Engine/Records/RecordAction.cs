namespace Platform.Engine.Records;

/// <summary>What a caller may do with a form's records. The names are pinned: they are stored in permissions.</summary>
public enum RecordAction
{
    Create,
    Read,
    Update,
    Delete,
    Export,
    Import,
    Manage,

    /// <summary>Take a record from the public pool as its owner (领取), without the right to change pooled records otherwise.</summary>
    Claim,
}

public static class RecordActions
{
    private static readonly Dictionary<string, RecordAction> ByName = new(StringComparer.Ordinal)
    {
        ["create"] = RecordAction.Create, ["read"] = RecordAction.Read, ["update"] = RecordAction.Update, ["delete"] = RecordAction.Delete,
        ["export"] = RecordAction.Export, ["import"] = RecordAction.Import, ["manage"] = RecordAction.Manage,
        ["claim"] = RecordAction.Claim,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static string Name(this RecordAction action) => ByName.First(p => p.Value == action).Key;

    public static bool TryParse(string name, out RecordAction action) => ByName.TryGetValue(name, out action);
}
