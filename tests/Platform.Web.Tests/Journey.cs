using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.Web.Tests;

/// <summary>
/// One user's browser window in one language: signs in through the page as a person does, waits for the circuit before
/// clicking, saves numbered screenshots named after the journey.
/// </summary>
public sealed class Journey : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _name;

    private Journey(IBrowserContext context, IPage page, string name)
    {
        _context = context;
        Page = page;
        _name = name;
    }

    public IPage Page { get; }

    public static async Task<Journey> StartAsync(string name, string locale, Uri? at = null)
    {
        var context = await Browser.NewContextAsync(locale, at);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => TestContext.Progress.WriteLine($"[browser {message.Type}] {message.Text}");
        return new Journey(context, page, $"{name}-{locale}");
    }

    public async Task SignInAsync(string email, string password, string at)
    {
        await Page.GotoAsync(at);
        await Page.FillAsync("#email", email);
        await Page.FillAsync("#password", password);
        await Page.ClickAsync("[data-testid=signin-submit]");
        await Expect(Page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
    }

    /// <summary>Opens an address of the app and waits until its clicks reach the server (drawn on the server first, then live).</summary>
    public async Task GoAsync(string address)
    {
        await Page.GotoAsync(address);
        await InteractiveAsync();
    }

    public Task InteractiveAsync() => Expect(Page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);

    public Task ShotAsync(string step) =>
        Page.ScreenshotAsync(new() { Path = Path.Combine(Browser.Screenshots, $"{_name}-{step}.png"), FullPage = true });

    /// <summary>The input of a field of the record form.</summary>
    public ILocator Field(string key) => Page.Locator($"input[data-testid={key}], textarea[data-testid={key}], [data-testid={key}] input, [data-testid={key}] textarea, input[data-testid=field-{key}], textarea[data-testid=field-{key}], [data-testid=field-{key}] input, [data-testid=field-{key}] textarea").First;

    /// <summary>
    /// Gives a file input its files once Blazor listens to it (its script marks the element when it starts to): files given
    /// before that would be picked with nobody told, as a person never could on a page they can already see.
    /// </summary>
    public static async Task PickFilesAsync(ILocator input, params FilePayload[] files)
    {
        await Expect(input).ToHaveCountAsync(1);
        await input.EvaluateAsync("async e => { for (let i = 0; i < 200 && e._blazorInputFileNextFileId === undefined; i++) await new Promise(r => setTimeout(r, 50)); }");
        await input.SetInputFilesAsync(files);
    }

    /// <summary>Picks an option of a select field by the words shown.</summary>
    public async Task ChooseAsync(string key, string option)
    {
        await Page.Locator($"[data-testid=field-{key}]").First.ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new() { Exact = true }).ClickAsync();
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}

/// <summary>People and records of the CRM made through the API, as an integrator would, for the journeys to start from.</summary>
public static class Crm
{
    /// <summary>A salesperson (the CRM's <c>sales</c> role) who reads the app in <paramref name="locale"/>; returns their id.</summary>
    public static Task<long> SalespersonAsync(string email, string name, string locale) => PersonAsync(email, name, locale, "sales");

    /// <summary>Someone with one of the CRM's roles (<c>sales</c>, <c>service</c>...); returns their id.</summary>
    public static async Task<long> PersonAsync(string email, string name, string locale, string role)
    {
        using var api = await Browser.Runtime.SignInAsync();
        var created = await Read(await api.PostAsJsonAsync("/api/users", new { email, password = Password, name, locale }));
        var id = created["id"]!.GetValue<long>();
        await Read(await api.PutAsync($"/api/apps/crm/roles/{role}/members/{id}", null));
        return id;
    }

    /// <summary>An administrator (who designs apps) reading the web app in <paramref name="locale"/>; returns their id.</summary>
    public static async Task<long> AdminAsync(string email, string name, string locale)
    {
        using var api = await Browser.Runtime.SignInAsync();
        return (await Read(await api.PostAsJsonAsync("/api/users", new { email, password = Password, name, locale, isAdmin = true })))["id"]!.GetValue<long>();
    }

    /// <summary>Records nobody owns (in the public pool), made by the admin; returns their ids.</summary>
    public static async Task<List<long>> PooledAsync(string form, IEnumerable<object> values)
    {
        using var api = await Browser.Runtime.SignInAsync();
        var ids = new List<long>();
        foreach (var value in values)
            ids.Add((await Read(await api.PostAsJsonAsync($"/api/apps/crm/forms/{form}/records", value)))["id"]!.GetValue<long>());
        return ids;
    }

    public const string Password = "a salesperson's long password";

    /// <summary>The admin comments on a record, mentioning <paramref name="mentions"/> (who are notified).</summary>
    public static async Task CommentAsync(string form, long record, string body, long[] mentions)
    {
        using var api = await Browser.Runtime.SignInAsync();
        await Read(await api.PostAsJsonAsync($"/api/apps/crm/forms/{form}/records/{record}/comments", new { body, mentions }));
    }

    /// <summary>Creates a record of the CRM as <paramref name="email"/> (who then owns it); returns its id.</summary>
    public static async Task<long> CreateAsync(string email, string form, object values)
    {
        using var api = await Browser.Runtime.SignInAsync(email, Password);
        return (await Read(await api.PostAsJsonAsync($"/api/apps/crm/forms/{form}/records", values)))["id"]!.GetValue<long>();
    }

    private static async Task<JsonNode> Read(HttpResponseMessage answer)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.That(answer.IsSuccessStatusCode, Is.True, text);
        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }
}
