using System.Data.Common;

namespace Platform.Engine.Storage;

/// <summary>The parameters of one statement; SQL only ever holds their names.</summary>
public sealed class SqlArgs
{
    private readonly List<(string Name, object? Value)> _values = [];

    /// <summary>The parameters' names and values, in order.</summary>
    internal IReadOnlyList<(string Name, object? Value)> Values => _values;

    public string Add(object? value)
    {
        var name = "@a" + _values.Count;
        _values.Add((name, value ?? DBNull.Value));
        return name;
    }

    /// <summary>
    /// Gives the command these values. A kept command (the same text names the same parameters, in order) keeps its
    /// parameter objects and only their values change: Npgsql's automatic preparation goes on sending the values of the
    /// objects a statement was prepared with when they are swapped for new ones.
    /// </summary>
    public void ApplyTo(DbCommand command)
    {
        if (command.Parameters.Count == _values.Count && Enumerable.Range(0, _values.Count).All(i => command.Parameters[i].ParameterName == _values[i].Name))
        {
            for (var i = 0; i < _values.Count; i++) command.Parameters[i].Value = _values[i].Value;
            return;
        }
        command.Parameters.Clear();
        foreach (var (name, value) in _values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>The values in order, written out, so a statement and its values can name a cached answer.</summary>
    public string Fingerprint() => string.Join("\u001f", _values.Select(v => v.Value switch
    {
        DBNull => "\u2205",
        DateTime instant => instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list and not string => "[" + string.Join(",", list.Cast<object?>().Select(Text)) + "]",
        var value => Text(value),
    }));

    private static string? Text(object? value) => value is IFormattable formattable
        ? formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture)
        : value?.ToString();
}
