namespace Platform.Designer.Forms;

/// <summary>
/// Where a field lands on the canvas: before column <see cref="Column"/> of row <see cref="Row"/> of section
/// <see cref="Section"/>. A row one past the section's last is a new row at its end; a section one past the last, a new section.
/// </summary>
public sealed record Place(int Section, int Row, int Column);
