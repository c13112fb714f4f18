using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Platform.Engine.Users;

namespace Platform.Runtime.Web;

/// <summary>
/// Signs a user out of an open circuit at their next action once they are disabled: every click, key or navigation the
/// circuit receives first asks whether its user is still active (one read by key); a disabled user's action is dropped
/// and the page is loaded afresh, which finds their session refused and shows the sign-in page.
/// </summary>
public sealed class SignedInGuard(WebSession session, UserService users, NavigationManager navigation) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            if (session.SignedInUserId is { } id && !await ActiveAsync(id))
            {
                navigation.NavigateTo("/signin", forceLoad: true);
                return;
            }
            await next(context);
        };

    private async Task<bool> ActiveAsync(long id)
    {
        try
        {
            return (await users.GetAsync(id)).Active;
        }
        catch (Platform.Engine.Validation.NotFoundException)
        {
            return false;
        }
    }
}
