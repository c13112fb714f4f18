using System.Data.Common;

namespace Platform.Engine.Storage;

/// <summary>The parameters of one statement; SQL only ever holds their names.</summary>
public sealed class SqlArgs
{
    private readonly List<(string Name, object? Value)> _values = [];

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
}
