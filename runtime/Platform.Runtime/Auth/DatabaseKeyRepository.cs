using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Platform.Engine.Storage;

namespace Platform.Runtime.Auth;

/// <summary>
/// The keys that seal session cookies and anti-forgery tokens, kept in the platform's database: every node behind a load
/// balancer reads the same ones, so a cookie signed by one is taken by the next, and a restart signs nobody out. Keys an
/// earlier version kept in the data folder are moved in the first time the table is found empty.
/// </summary>
public sealed class DatabaseKeyRepository(PlatformDatabase database, TimeProvider clock, DirectoryInfo? earlierKeys = null) : IXmlRepository
{
    private int _moved;

    // Data protection asks synchronously, and rarely: at start and when its key ring is a day old.
    public IReadOnlyCollection<XElement> GetAllElements() => Task.Run(ReadAsync).GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => Task.Run(() => StoreAsync(element, friendlyName)).GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> ReadAsync()
    {
        var rows = await QueryAsync();
        if (rows.Count == 0 && Interlocked.Exchange(ref _moved, 1) == 0 && earlierKeys is { Exists: true } folder)
        {
            foreach (var file in folder.EnumerateFiles("*.xml"))
                await StoreAsync(XElement.Load(file.FullName), Path.GetFileNameWithoutExtension(file.Name));
            rows = await QueryAsync();
        }
        return [.. rows.Select(XElement.Parse)];
    }

    private async Task<List<string>> QueryAsync()
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<string>("SELECT xml FROM pf_protection_keys ORDER BY created_at, name")];
    }

    // A name already stored (two nodes making the first key at once) keeps the first: both read the same ring after.
    private async Task StoreAsync(XElement element, string name)
    {
        await using var connection = await database.OpenAsync();
        try
        {
            await connection.ExecuteAsync("INSERT INTO pf_protection_keys (name, xml, created_at) VALUES (@name, @xml, @at)", new
            {
                name, xml = element.ToString(SaveOptions.DisableFormatting), at = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime),
            });
        }
        catch (Exception e) when (database.Dialect.IsUniqueViolation(e))
        {
        }
    }
}
