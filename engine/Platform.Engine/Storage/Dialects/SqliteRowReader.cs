using System.Collections;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Platform.Engine.Storage.Dialects;

/// <summary>
/// The rows of a statement run on SQLite's own API (<see cref="SqliteStatements"/>), read as the driver's reader reads
/// them: integers as <see cref="long"/>, reals as <see cref="double"/>, text as <see cref="string"/>, blobs as byte arrays,
/// NULL as <see cref="DBNull"/>. Its first row was stepped to when it was made; disposing it resets the statement.
/// </summary>
internal sealed class SqliteRowReader(sqlite3_stmt statement, sqlite3 connection, bool firstRow, Action released) : DbDataReader
{
    private bool _started;
    private bool _onRow;
    private bool _done = !firstRow;
    private bool _closed;

    public override int FieldCount => raw.sqlite3_column_count(statement);

    public override bool HasRows => firstRow;

    public override bool IsClosed => _closed;

    public override int RecordsAffected => -1;

    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read()
    {
        if (!_started)
        {
            _started = true;
            return _onRow = firstRow;
        }
        if (_done) return _onRow = false;
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW) return _onRow = true;
        _done = true;
        _onRow = false;
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, connection);
        return false;
    }

    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Read() ? TrueTask : FalseTask;
    }

    private static readonly Task<bool> TrueTask = Task.FromResult(true);
    private static readonly Task<bool> FalseTask = Task.FromResult(false);

    public override bool NextResult() => false;

    public override object GetValue(int ordinal) => SqliteStatements.Column(statement, Checked(ordinal));

    public override bool IsDBNull(int ordinal) => raw.sqlite3_column_type(statement, Checked(ordinal)) == raw.SQLITE_NULL;

    public override string GetString(int ordinal) => IsDBNull(ordinal)
        ? throw new InvalidCastException($"Column {ordinal} is NULL.")
        : raw.sqlite3_column_text(statement, ordinal).utf8_to_string();

    public override long GetInt64(int ordinal) => raw.sqlite3_column_int64(statement, Checked(ordinal));

    public override int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));

    public override short GetInt16(int ordinal) => checked((short)GetInt64(ordinal));

    public override byte GetByte(int ordinal) => checked((byte)GetInt64(ordinal));

    public override bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    public override double GetDouble(int ordinal) => raw.sqlite3_column_double(statement, Checked(ordinal));

    public override float GetFloat(int ordinal) => (float)GetDouble(ordinal);

    public override decimal GetDecimal(int ordinal) => Convert.ToDecimal(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override DateTime GetDateTime(int ordinal) => Convert.ToDateTime(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override Guid GetGuid(int ordinal) => GetValue(ordinal) switch
    {
        byte[] bytes => new Guid(bytes),
        var value => Guid.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!),
    };

    public override char GetChar(int ordinal) => GetString(ordinal)[0];

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var bytes = (byte[])GetValue(ordinal);
        if (buffer is null) return bytes.Length;
        var count = (int)Math.Max(0, Math.Min(length, bytes.Length - dataOffset));
        Array.Copy(bytes, dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null) return text.Length;
        var count = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++) values[i] = GetValue(i);
        return count;
    }

    public override string GetName(int ordinal) => raw.sqlite3_column_name(statement, ordinal).utf8_to_string();

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < FieldCount; i++)
        {
            if (string.Equals(GetName(i), name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        throw new IndexOutOfRangeException(name);
    }

    public override string GetDataTypeName(int ordinal) => GetFieldType(ordinal).Name;

    public override Type GetFieldType(int ordinal) => raw.sqlite3_column_type(statement, ordinal) switch
    {
        raw.SQLITE_INTEGER => typeof(long),
        raw.SQLITE_FLOAT => typeof(double),
        raw.SQLITE_BLOB => typeof(byte[]),
        raw.SQLITE_TEXT => typeof(string),
        _ => DeclaredType(raw.sqlite3_column_decltype(statement, ordinal).utf8_to_string()),
    };

    /// <summary>A NULL's type, from its column's declared type by SQLite's affinity rules (none declared: a blob), as the driver gives it.</summary>
    private static Type DeclaredType(string? declared) => declared?.ToUpperInvariant() switch
    {
        null or "" => typeof(byte[]),
        var d when d.Contains("INT", StringComparison.Ordinal) => typeof(long),
        var d when d.Contains("CHAR", StringComparison.Ordinal) || d.Contains("CLOB", StringComparison.Ordinal) || d.Contains("TEXT", StringComparison.Ordinal) => typeof(string),
        var d when d.Contains("BLOB", StringComparison.Ordinal) => typeof(byte[]),
        var d when d.Contains("REAL", StringComparison.Ordinal) || d.Contains("FLOA", StringComparison.Ordinal) || d.Contains("DOUB", StringComparison.Ordinal) => typeof(double),
        _ => typeof(string),
    };

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    public override void Close()
    {
        if (_closed) return;
        _closed = true;
        raw.sqlite3_reset(statement);
        released();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }

    /// <summary>Only the row stepped to can be read, as with the driver's reader.</summary>
    private int Checked(int ordinal)
    {
        if (!_onRow) throw new InvalidOperationException("No data exists for the row/column.");
        return ordinal;
    }
}
