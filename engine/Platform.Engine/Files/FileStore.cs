using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Files;

/// <summary>
/// Uploaded files, kept under the store's folder by the SHA-256 of their content (the same file uploaded twice is kept
/// once), with who uploaded each (<c>pf_files</c>): an upload is its uploader's until a record they write links it, and from
/// then on whoever may read that record's field may download it (<see cref="RecordFiles"/>).
/// </summary>
public sealed class FileStore(PlatformDatabase database, FileStoreOptions options, TimeProvider clock)
{
    public const string UrlPrefix = "/files/";
    public const int MaxName = 255;

    public FileStoreOptions Options => options;

    /// <summary>The size limit as messages say it.</summary>
    public double Megabytes => Math.Round(options.MaxFileBytes / 1024d / 1024d, 1);

    /// <summary>
    /// Keeps <paramref name="content"/> (refused whole beyond the size limit, nothing kept) and returns how an attachment
    /// field links it. The type is read from the bytes; the name keeps only its last part.
    /// </summary>
    public async Task<StoredFile> SaveAsync(Stream content, string? name, CallerContext caller, CancellationToken ct = default)
    {
        var fileName = Path.GetFileName((name ?? "").Replace('\\', '/')).Trim();
        if (fileName.Trim('.').Length == 0) throw new ValidationFailedException([new("name", "required")]);
        if (fileName.Length > MaxName) throw new ValidationFailedException([new("name", "text.tooLong", MaxName)]);

        var temporary = Path.Combine(Folder("tmp"), Guid.NewGuid().ToString("N"));
        try
        {
            var (hash, size, header) = await CopyAsync(content, temporary, ct);
            var type = ContentSniffer.Sniff(header, fileName);
            var final = Path.Combine(Folder(hash[..2]), hash);
            if (File.Exists(final)) File.Delete(temporary);
            else File.Move(temporary, final, overwrite: true);
            await RememberAsync(hash, caller.UserId ?? 0, fileName, size, type, ct);
            return new StoredFile(fileName, UrlPrefix + hash, size, type);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>One of the caller's own uploads, to see it before a record links it.</summary>
    public async Task<FileDownload> OpenOwnAsync(string hash, CallerContext caller, CancellationToken ct = default)
    {
        if (!IsHash(hash) || caller.UserId is not { } me) throw new NotFoundException("file.notFound", hash);
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(string Name, string ContentType)?>(
            "SELECT name, content_type FROM pf_files WHERE hash = @hash AND user_id = @me", new { hash, me }) ?? throw new NotFoundException("file.notFound", hash);
        return Open(hash, row.Name, row.ContentType);
    }

    /// <summary>A stored file under the name a record gives it, typed as its bytes were read at upload.</summary>
    internal async Task<FileDownload> OpenAsync(string hash, string name, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var type = await connection.QueryFirstOrDefaultAsync<string?>("SELECT content_type FROM pf_files WHERE hash = @hash", new { hash })
            ?? throw new NotFoundException("file.notFound", hash);
        return Open(hash, name, type);
    }

    /// <summary>Which of <paramref name="hashes"/> are stored, and which of those <paramref name="userId"/> uploaded.</summary>
    internal static async Task<(HashSet<string> Stored, HashSet<string> Theirs)> KnownAsync(DbConnection connection, DbTransaction transaction,
        IReadOnlyCollection<string> hashes, long? userId)
    {
        var list = new List<(string Hash, long UserId)>();
        // Named parameters, a chunk at a time: one statement shape for every database, whatever it does with arrays.
        foreach (var chunk in hashes.Chunk(500))
        {
            var parameters = new DynamicParameters();
            for (var i = 0; i < chunk.Length; i++) parameters.Add("h" + i, chunk[i]);
            list.AddRange(await connection.QueryAsync<(string Hash, long UserId)>(
                $"SELECT hash, user_id FROM pf_files WHERE hash IN ({string.Join(", ", chunk.Select((_, i) => "@h" + i))})", parameters, transaction));
        }
        return (list.Select(r => r.Hash).ToHashSet(StringComparer.Ordinal), list.Where(r => r.UserId == userId).Select(r => r.Hash).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The hash a link of this store names, or null for any other link.</summary>
    public static string? HashOf(string? url) =>
        url is not null && url.StartsWith(UrlPrefix, StringComparison.Ordinal) && url[UrlPrefix.Length..] is var hash && IsHash(hash) ? hash : null;

    public static bool IsHash(string? text) => text is { Length: 64 } && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private FileDownload Open(string hash, string name, string type)
    {
        var path = Path.Combine(options.Directory, hash[..2], hash);
        if (!File.Exists(path)) throw new NotFoundException("file.notFound", hash);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        return new FileDownload(stream, name, stream.Length, type, ContentSniffer.ShownInline(type));
    }

    private string Folder(string name)
    {
        var folder = Path.Combine(options.Directory, name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private async Task<(string Hash, long Size, byte[] Header)> CopyAsync(Stream content, string path, CancellationToken ct)
    {
        using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var header = new MemoryStream();
        var buffer = new byte[81920];
        long size = 0;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, buffer.Length, useAsync: true))
        {
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                size += read;
                if (size > options.MaxFileBytes)
                    throw new TooLargeException("file.tooLarge", Megabytes);
                hasher.AppendData(buffer, 0, read);
                if (header.Length < ContentSniffer.HeaderBytes) header.Write(buffer, 0, (int)Math.Min(read, ContentSniffer.HeaderBytes - header.Length));
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        return (Convert.ToHexStringLower(hasher.GetHashAndReset()), size, header.ToArray());
    }

    // One row per file and uploader; uploading it again changes nothing.
    private Task RememberAsync(string hash, long userId, string name, long size, string type, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_files WHERE hash = @hash AND user_id = @userId", new { hash, userId }, transaction) > 0)
                return 0;
            return await connection.ExecuteAsync(database.Dialect.Insert("pf_files", ["hash", "user_id", "name", "size", "content_type", "uploaded_at"]),
                new { p0 = hash, p1 = userId, p2 = name, p3 = size, p4 = type, p5 = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime) },
                transaction);
        }, ct);
}
