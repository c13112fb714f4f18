using Microsoft.AspNetCore.Components;
using Platform.Engine.Records.Query;
using Platform.Engine.Validation;
using Platform.Engine.Views;

namespace Platform.Runtime.Web.Components.Views;

/// <summary>
/// What a list's address asks for: a saved view (<c>?view=</c>) and a filter (<c>?filter=</c>, the API's JSON, which takes
/// the view's place when both are there — the builder's changes before they are saved, a dashboard's drill-down, a shared link).
/// </summary>
/// <param name="Problem">What the address asked that cannot be had (a view not found, a filter refused), in the user's language.</param>
public sealed record ListAddress(string? Key, ViewDefinition? View, bool CanChange, Filter? Filter, string? FilterText, string? Problem)
{
    /// <summary>Whether the filter in the address differs from the open view's own.</summary>
    public bool FilterChanged => FilterText is not null;

    public static async Task<ListAddress> ReadAsync(NavigationManager navigation, ViewService views, string app, string form, SignedIn signedIn)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(navigation.Uri).Query);
        string? key = query.TryGetValue("view", out var asked) ? asked.ToString() : null;
        ViewDefinition? view = null;
        Filter? filter = null;
        string? problem = null;
        if (key is not null)
        {
            try
            {
                view = (await views.GetAsync(app, key, signedIn.Caller)).Definition;
                if (view.Form != form) throw new NotFoundException("view.notFound", key);
                if (view.Filter is { } json) filter = Api.FilterParameter.From(json);
            }
            catch (PlatformException refused) when (refused is NotFoundException or ValidationFailedException)
            {
                (key, view, problem) = (null, null, signedIn.Text.Problem(refused));
            }
        }
        string? text = query.TryGetValue("filter", out var given) ? given.ToString() : null;
        if (text is not null)
        {
            try
            {
                filter = Api.FilterParameter.FromQuery(text);
            }
            catch (ValidationFailedException refused)
            {
                problem = signedIn.Text.Problem(refused);
            }
        }
        return new ListAddress(key, view, key is not null && ViewService.CanChange(key, signedIn.Caller), filter, text, problem);
    }

    /// <summary>The address of a form's list (or board, or calendar) with <paramref name="viewKey"/> open and <paramref name="filter"/> in place of its filter.</summary>
    public static string Of(string page, string? viewKey, Filter? filter)
    {
        var parts = new List<string>();
        if (viewKey is not null) parts.Add("view=" + Uri.EscapeDataString(viewKey));
        if (filter is not null) parts.Add("filter=" + Uri.EscapeDataString(FilterConverter.ToJson(filter).ToJsonString()));
        return parts.Count == 0 ? page : page + "?" + string.Join("&", parts);
    }

    /// <summary>Where a saved view opens: a table in the list, a board or a calendar on its page.</summary>
    public static string Page(string app, string form, string layout, string? by) => layout switch
    {
        ViewLayouts.Kanban when by is not null => $"/apps/{app}/forms/{form}/kanban/{by}",
        ViewLayouts.Calendar when by is not null => $"/apps/{app}/forms/{form}/calendar/{by}",
        _ => $"/apps/{app}/forms/{form}",
    };
}
