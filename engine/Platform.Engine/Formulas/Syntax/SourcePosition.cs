namespace Platform.Engine.Formulas.Syntax;

/// <summary>A place in a formula as people count it: lines and columns from 1.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public static SourcePosition At(string source, int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < source.Length; i++)
        {
            if (source[i] == '\n') { line++; column = 1; }
            else column++;
        }
        return new(line, column);
    }
}
