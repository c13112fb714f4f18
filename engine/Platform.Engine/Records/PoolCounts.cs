using System.Globalization;
using Platform.Engine.Models;
using Platform.Engine.Storage;

namespace Platform.Engine.Records;

/// <summary>Where a person stands with a form's public pool: claims made today (in their time zone) and records held, against the pool's limits.</summary>
public sealed record PoolStanding(int? ClaimsPerDay, long ClaimedToday, int? MaxHeld, long Held)
{
    /// <summary>Claims left today, when the pool limits them.</summary>
    public long? ClaimsLeft => ClaimsPerDay is { } perDay ? Math.Max(0, perDay - ClaimedToday) : null;
}

/// <summary>The counts the pool's rules are judged by: asked by the claim's check inside its transaction, and by a page that shows them.</summary>
internal static class PoolCounts
{
    private static readonly string Owner = Storage.Forms.SystemColumns.ByProperty[Forms.SystemFields.Owner].Name;
    private static readonly string Deleted = Storage.Forms.SystemColumns.ByProperty[Forms.SystemFields.DeletedAt].Name;

    /// <summary>Claims <paramref name="userId"/> made from the form's pool since their day began.</summary>
    public static async Task<long> ClaimedTodayAsync(CommandCache commands, Storage.Dialects.SqlDialect dialect, FormModel model, long userId, DateTimeOffset now,
        TimeZoneInfo zone, CancellationToken ct)
    {
        var dayStarted = TimeZoneInfo.ConvertTimeToUtc(TimeZoneInfo.ConvertTime(now, zone).Date, zone);
        return Convert.ToInt64(await commands.ScalarAsync(
            "SELECT COUNT(*) FROM pf_pool_history WHERE form_id = @p0 AND user_id = @p1 AND action = 'claimed' AND at >= @p2",
            [model.FormId, userId, dialect.ToDb(ColumnType.DateTime, dayStarted)], ct), CultureInfo.InvariantCulture);
    }

    /// <summary>The form's live records <paramref name="userId"/> owns.</summary>
    public static async Task<long> HeldAsync(CommandCache commands, Storage.Dialects.SqlDialect dialect, FormModel model, long userId, CancellationToken ct) =>
        Convert.ToInt64(await commands.ScalarAsync(
            $"SELECT COUNT(*) FROM {dialect.Quote(model.Table)} WHERE {dialect.Quote(Owner)} = @p0 AND {dialect.Quote(Deleted)} IS NULL", [userId], ct),
            CultureInfo.InvariantCulture);
}
