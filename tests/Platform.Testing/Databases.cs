using NUnit.Framework;

namespace Platform.Testing;

/// <summary>The databases every storage fixture runs against.</summary>
public static class Databases
{
    public static IEnumerable<TestFixtureData> All()
    {
        yield return new TestFixtureData(new SqliteTestDatabase()).SetArgDisplayNames("sqlite");
        yield return new TestFixtureData(new PostgresTestDatabase()).SetArgDisplayNames("postgres");
        yield return new TestFixtureData(new SqlServerTestDatabase()).SetArgDisplayNames("sqlserver");
    }
}
