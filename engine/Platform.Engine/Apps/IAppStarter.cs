namespace Platform.Engine.Apps;

/// <summary>
/// What every new app is given by another part of the engine (the workflow engine's task form), once the app exists.
/// A part adds one by registering a starter; <see cref="AppService"/> runs them all, whoever creates the app.
/// </summary>
public interface IAppStarter
{
    Task StartAsync(string appKey, CancellationToken ct);
}
