namespace Platform.Designer.Tests;

/// <summary>The undo history every designer keeps: steps back and forth, nothing for no change, redo dropped by a new change, a bounded depth.</summary>
public sealed class UndoHistoryTests
{
    [Test]
    public void Changes_are_undone_and_redone_and_a_new_change_drops_the_redo()
    {
        var history = new UndoHistory<string>("a", string.Equals);
        Assert.That(history.Apply("b"), Is.True);
        Assert.That(history.Apply("b"), Is.False, "no change is no step");
        history.Apply("c");
        history.Undo();
        history.Undo();
        Assert.That((history.Now, history.CanUndo, history.CanRedo), Is.EqualTo(("a", false, true)));
        history.Redo();
        Assert.That(history.Now, Is.EqualTo("b"));
        history.Apply("d");
        Assert.That((history.Now, history.CanRedo), Is.EqualTo(("d", false)));
        history.Undo();
        Assert.That(history.Now, Is.EqualTo("b"));
    }

    [Test]
    public void Undo_reaches_back_a_bounded_number_of_steps()
    {
        var history = new UndoHistory<string>("0", string.Equals);
        for (var i = 1; i <= UndoHistory<string>.Depth + 10; i++) history.Apply(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var steps = 0;
        while (history.CanUndo)
        {
            history.Undo();
            steps++;
        }
        Assert.That((steps, history.Now), Is.EqualTo((UndoHistory<string>.Depth, "10")));
    }
}
