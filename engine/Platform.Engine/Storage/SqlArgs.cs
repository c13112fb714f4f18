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

    public void ApplyTo(DbCommand command)
    {
        foreach (var (name, value) in _values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }
}
