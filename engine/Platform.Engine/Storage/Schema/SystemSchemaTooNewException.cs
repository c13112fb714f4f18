namespace Platform.Engine.Storage.Schema;

/// <summary>The database was upgraded by a newer release than this one; running on would risk its data.</summary>
public sealed class SystemSchemaTooNewException(int database, int code)
    : Exception($"The database's platform schema is at version {database}, but this release knows versions up to {code}. " +
                "Run the release that upgraded it (or a newer one); this one stops so that it cannot damage data it does not understand.")
{
    public int DatabaseVersion { get; } = database;

    public int CodeVersion { get; } = code;
}
