using Platform.Engine.Validation;

namespace Platform.Designer;

/// <summary>Lookups where "not there (yet)" is an answer, not an error: a form not published, a workflow not made.</summary>
public static class Found
{
    public static async Task<T?> OrNullAsync<T>(Task<T> lookup)
        where T : class
    {
        try
        {
            return await lookup;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
