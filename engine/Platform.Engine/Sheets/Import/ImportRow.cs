using System.Text.Json.Nodes;
using Platform.Engine.Validation;

namespace Platform.Engine.Sheets.Import;

/// <summary>One data row of an import on its way to a record: its number in the sheet, the values read from its cells, the record it updates, and what is wrong with it.</summary>
internal sealed class ImportRow(int number)
{
    public int Number { get; } = number;

    public JsonObject Payload { get; } = [];

    /// <summary>The row's key (upsert, update), as matched against records.</summary>
    public string? Key { get; set; }

    /// <summary>The record this row updates (upsert, update); null to create one.</summary>
    public long? Id { get; set; }

    /// <summary>The version of that record when its key was matched: the update is refused if someone changed it since.</summary>
    public long? Version { get; set; }

    public List<ValidationError> Errors { get; } = [];

    public bool Failed => Errors.Count > 0;

    /// <summary>Where this row's errors are named in a write: its sheet row.</summary>
    public string Prefix => $"[{Number}].";
}
