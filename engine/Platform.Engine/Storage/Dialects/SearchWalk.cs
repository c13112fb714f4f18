namespace Platform.Engine.Storage.Dialects;

/// <summary>
/// A page's FROM that walks the search index in id order beside the form's table <c>t</c>: the index's matches joined
/// to their rows, and the expression of the id in the index's own order (what the page sorts and pages by).
/// </summary>
public sealed record SearchWalk(string From, string Condition, string Id);
