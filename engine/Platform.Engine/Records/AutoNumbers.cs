using System.Globalization;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;

namespace Platform.Engine.Records;

/// <summary>
/// Autonumbers come from a sequence row per form, field and date period, incremented atomically
/// in the record's own transaction: a number is never handed out twice, even under concurrency.
/// </summary>
internal static class AutoNumbers
{
    /// <param name="sequence">The sequence's name within the form: the field's key, or <c>subform.column</c> for a column of subform rows.</param>
    public static async Task<string> NextAsync(CommandCache commands, SqlDialect dialect, long formId, AutoNumberField field, string sequence,
        DateTimeOffset now, TimeZoneInfo zone, CancellationToken ct)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var period = string.IsNullOrEmpty(field.DatePattern) ? "" : local.ToString(field.DatePattern, CultureInfo.InvariantCulture);
        var sql = dialect.NextSequenceValue.Replace("@form", "@p0").Replace("@field", "@p1").Replace("@period", "@p2");
        var value = Convert.ToInt64(await commands.ScalarAsync(sql, [formId, sequence, period], ct), CultureInfo.InvariantCulture);
        var parts = new[] { field.Prefix, period, value.ToString(CultureInfo.InvariantCulture).PadLeft(field.Digits, '0') }
            .Where(p => p.Length > 0);
        return string.Join(field.Separator, parts);
    }
}
