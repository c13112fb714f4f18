using System.Text.Json.Serialization;

namespace Platform.Engine.Formulas;

/// <summary>What a formula or part of one produces, as far as can be known before it runs.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FormulaType>))]
public enum FormulaType
{
    Any,
    Number,
    Text,
    Boolean,
    Date,
    DateTime,
    List,
}

public static class FormulaTypes
{
    /// <summary>The type two branches share, or <see cref="FormulaType.Any"/> when they differ.</summary>
    public static FormulaType Unify(IEnumerable<FormulaType> types)
    {
        FormulaType? shared = null;
        foreach (var type in types)
        {
            if (shared is null) shared = type;
            else if (shared != type) return shared is FormulaType.Date or FormulaType.DateTime && type is FormulaType.Date or FormulaType.DateTime ? FormulaType.DateTime : FormulaType.Any;
        }
        return shared ?? FormulaType.Any;
    }
}
