namespace Platform.Engine.Storage.Changes;

/// <summary>
/// Something every node must hear of: a kind of thing (<see cref="ChangeTopics"/>) and which one (for a form,
/// <c>app/form</c>). <see cref="Everything"/> is said when changes may have been missed: drop every cache.
/// </summary>
public sealed record Change(string Topic, string Key)
{
    public static readonly Change Everything = new(ChangeTopics.Everything, "");
}

/// <summary>The kinds of change a cache listens for.</summary>
public static class ChangeTopics
{
    public const string Everything = "*";

    /// <summary>A form's definition was published (key <c>app/form</c>).</summary>
    public const string Form = "form";

    /// <summary>An app's workflows were published, turned on or off.</summary>
    public const string Workflows = "workflows";
}
