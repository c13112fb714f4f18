using Dapper;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Notifications.Deliveries;

/// <summary>
/// Messages sent outside the app. They are queued in the transaction of what caused them (so a rolled-back step sends
/// nothing, and a committed one always sends), then sent by <see cref="SendDueAsync"/>, each taken by one sender at a
/// time; one the channel could not make now is tried again after a growing pause, then fails, kept with why.
/// </summary>
public sealed class DeliveryService(PlatformDatabase database, DeliveryChannels channels, TimeProvider clock)
{
    public const int MaxAttempts = 5;
    public const int MaxPage = 200;

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(30);

    /// <summary>Queues a delivery in <paramref name="work"/>, unless one from the same source was queued already.</summary>
    internal Task QueueInAsync(UnitOfWork work, NewDelivery delivery, CancellationToken ct)
    {
        var now = Time(Now());
        return work.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO pf_deliveries (channel, target, subject, body, secret, source, status, attempts, due_at, created_at) " +
            "SELECT @channel, @target, @subject, @body, @secret, @source, @pending, 0, @now, @now WHERE NOT EXISTS (SELECT 1 FROM pf_deliveries WHERE source = @source)",
            new
            {
                channel = delivery.Channel, target = delivery.Target, subject = Cut(delivery.Subject, 4000), body = delivery.Body, secret = delivery.Secret,
                source = delivery.Source, pending = DeliveryStatus.Pending, now,
            }, work.Transaction, cancellationToken: ct));
    }

    /// <summary>Sends what is due now (new, to try again, or left by a sender that stopped); returns how many it took.</summary>
    public async Task<int> SendDueAsync(int limit = 50, CancellationToken ct = default)
    {
        List<Row> due;
        await using (var connection = await database.OpenAsync(ct))
            due = (await connection.QueryAsync<Row>(database.Dialect.Page(
                "SELECT id, channel, target, subject, body, secret, source, attempts FROM pf_deliveries WHERE status IN (@pending, @sending) AND due_at <= @now ORDER BY due_at, id",
                "@limit", null), new { pending = DeliveryStatus.Pending, sending = DeliveryStatus.Sending, now = Time(Now()), limit })).ToList();
        var taken = 0;
        foreach (var row in due)
        {
            if (!await TakeAsync(row.Id, ct)) continue;
            taken++;
            await SendAsync(row, ct);
        }
        return taken;
    }

    /// <summary>The deliveries, newest first, with <paramref name="status"/> when given, older than <paramref name="before"/>.</summary>
    public async Task<IReadOnlyList<DeliveryInfo>> ListAsync(string? status = null, long? before = null, int limit = 50, CancellationToken ct = default)
    {
        if (limit is < 1 or > MaxPage) throw new ValidationFailedException([new("limit", "page.size", MaxPage)]);
        await using var connection = await database.OpenAsync(ct);
        var where = "1 = 1" + (status is null ? "" : " AND status = @status") + (before is null ? "" : " AND id < @before");
        var rows = await connection.QueryAsync<ListRow>(database.Dialect.Page(
            $"SELECT id, channel, target, subject, source, status, attempts, created_at, sent_at, error FROM pf_deliveries WHERE {where} ORDER BY id DESC", "@limit", null),
            new { status, before, limit });
        return rows.Select(r => new DeliveryInfo(r.Id, r.Channel, r.Target, r.Subject, r.Source, r.Status, (int)r.Attempts, FromDb(r.CreatedAt)!.Value,
            FromDb(r.SentAt), r.Error)).ToList();
    }

    private async Task<bool> TakeAsync(long id, CancellationToken ct)
    {
        var now = Now();
        return await database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync(
            "UPDATE pf_deliveries SET status = @sending, due_at = @lease WHERE id = @id AND status IN (@pending, @sending) AND due_at <= @now",
            new { id, sending = DeliveryStatus.Sending, pending = DeliveryStatus.Pending, now = Time(now), lease = Time(now + Lease) }, transaction), ct) == 1;
    }

    private async Task SendAsync(Row row, CancellationToken ct)
    {
        string? error = null;
        var permanent = false;
        try
        {
            var channel = channels.For(row.Channel) ?? throw new DeliveryFailedException($"No channel '{row.Channel}'.", permanent: true);
            await channel.SendAsync(new NewDelivery(row.Channel, row.Target, row.Subject, row.Body ?? "", row.Source) { Secret = row.Secret }, row.Id, ct);
        }
        catch (DeliveryFailedException e)
        {
            (error, permanent) = (e.Message, e.Permanent);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            error = e.Message;
        }
        var attempts = row.Attempts + 1;
        var now = Now();
        var status = error is null ? DeliveryStatus.Sent : permanent || attempts >= MaxAttempts ? DeliveryStatus.Failed : DeliveryStatus.Pending;
        await database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync(
            "UPDATE pf_deliveries SET status = @status, attempts = @attempts, due_at = @due, sent_at = @sent, error = @error WHERE id = @id",
            new
            {
                id = row.Id, status, attempts, due = Time(now + FirstPause * (attempts * attempts)), sent = error is null ? Time(now) : null,
                error = Cut(error, 4000),
            }, transaction), ct);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private object? Time(DateTime at) => database.Dialect.ToDb(ColumnType.DateTime, at);

    private DateTime? FromDb(object? value) => (DateTime?)database.Dialect.FromDb(ColumnType.DateTime, value);

    private static string? Cut(string? text, int length) => text is not null && text.Length > length ? text[..length] : text;

    private sealed class Row
    {
        public long Id { get; set; }
        public string Channel { get; set; } = "";
        public string Target { get; set; } = "";
        public string? Subject { get; set; }
        public string? Body { get; set; }
        public string? Secret { get; set; }
        public string Source { get; set; } = "";
        public long Attempts { get; set; }
    }

    private sealed class ListRow
    {
        public long Id { get; set; }
        public string Channel { get; set; } = "";
        public string Target { get; set; } = "";
        public string? Subject { get; set; }
        public string Source { get; set; } = "";
        public string Status { get; set; } = "";
        public long Attempts { get; set; }
        public object? CreatedAt { get; set; }
        public object? SentAt { get; set; }
        public string? Error { get; set; }
    }
}
