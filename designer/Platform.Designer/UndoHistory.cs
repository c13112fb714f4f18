namespace Platform.Designer;

/// <summary>
/// What a designer is changing, every change undoable: immutable values, so a step back is simply the one before. A change
/// that changes nothing (by <c>same</c>) is no step; a new change after undoing drops what could have been redone.
/// </summary>
public sealed class UndoHistory<T>(T initial, Func<T, T, bool> same)
    where T : class
{
    /// <summary>How far back undo reaches.</summary>
    public const int Depth = 200;

    private readonly LinkedList<T> _undo = new();
    private readonly Stack<T> _redo = new();

    public T Now { get; private set; } = initial;

    public bool CanUndo => _undo.Count > 0;

    public bool CanRedo => _redo.Count > 0;

    /// <summary>Makes <paramref name="next"/> the current value as one step; false when it is the same.</summary>
    public bool Apply(T next)
    {
        if (same(next, Now)) return false;
        _undo.AddLast(Now);
        if (_undo.Count > Depth) _undo.RemoveFirst();
        _redo.Clear();
        Now = next;
        return true;
    }

    public void Undo()
    {
        if (_undo.Last is not { } last) return;
        _undo.RemoveLast();
        _redo.Push(Now);
        Now = last.Value;
    }

    public void Redo()
    {
        if (!_redo.TryPop(out var next)) return;
        _undo.AddLast(Now);
        Now = next;
    }
}
