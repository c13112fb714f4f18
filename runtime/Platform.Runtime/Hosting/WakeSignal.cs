namespace Platform.Runtime.Hosting;

/// <summary>
/// Wakes a background loop at once (a commit, a run made ready) or lets it sleep until its next poll; several wakes
/// before it looks count as one.
/// </summary>
internal sealed class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        if (_signal.CurrentCount > 0) return;
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Woken already.
        }
    }

    /// <summary>Waits for a wake or <paramref name="poll"/>; false when the process is stopping.</summary>
    public async Task<bool> WaitAsync(TimeSpan poll, CancellationToken ct)
    {
        try
        {
            await _signal.WaitAsync(poll, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
