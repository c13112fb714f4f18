using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.Web.Tests;

/// <summary>
/// An administrator makes a role in the roles matrix, in Chinese and in English: an intern who reads only their own
/// customers and never sees a phone number. Ticked, chosen and saved at each click; a member added; the intern's API
/// answers then show exactly that.
/// </summary>
[NonParallelizable]
public sealed class RolesJourneyTests
{
    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task An_admin_gives_a_new_role_its_forms_records_and_fields_in_the_matrix(string locale)
    {
        var admin = $"roles-{locale}@example.com";
        var intern = $"intern-{locale}@example.com";
        await Crm.AdminAsync(admin, "Rita Roles", locale);
        long internId, theirs, others;
        using (var api = await Browser.Runtime.SignInAsync())
        {
            var created = JsonNode.Parse(await (await api.PostAsJsonAsync("/api/users", new { email = intern, password = Crm.Password, name = $"Ivan Intern {locale}", locale })).Content.ReadAsStringAsync())!;
            internId = created["id"]!.GetValue<long>();
            theirs = JsonNode.Parse(await (await api.PostAsJsonAsync("/api/apps/crm/forms/customer/records",
                new { name = $"实习生的客户 {locale}", stage = "lead", phone = "13700000001", owner = internId })).Content.ReadAsStringAsync())!["id"]!.GetValue<long>();
            others = JsonNode.Parse(await (await api.PostAsJsonAsync("/api/apps/crm/forms/customer/records",
                new { name = $"别人的客户 {locale}", stage = "lead", phone = "13700000002" })).Content.ReadAsStringAsync())!["id"]!.GetValue<long>();
        }

        await using var journey = await Journey.StartAsync("roles", locale);
        var page = journey.Page;
        await journey.SignInAsync(admin, Crm.Password, "/apps/crm");
        await page.ClickAsync("[data-testid=open-roles]");
        await Expect(page.Locator("[data-testid=role][data-role=sales]")).ToBeVisibleAsync();
        await journey.InteractiveAsync();

        var role = $"intern_{locale[..2]}";
        await page.Locator("input[data-testid=role-new-name]").FillAsync(role);
        await page.Locator("input[data-testid=role-new-name]").PressAsync("Tab");
        await page.ClickAsync("[data-testid=role-create]");
        await Expect(page.Locator($"[data-testid=role][data-role={role}]")).ToBeVisibleAsync();

        // Customers: read, only their own; the phone hidden.
        await page.Locator("input[data-testid=perm-customer-read]").CheckAsync();
        var scope = page.Locator("[data-testid=scope-customer-read]");
        await Expect(scope).ToHaveValueAsync(locale == "en" ? "All" : "全部");
        await scope.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(locale == "en" ? "Their own" : "本人负责的", new() { Exact = true }).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(locale == "en" ? "All" : "全部", new() { Exact = true }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(scope).ToHaveValueAsync(locale == "en" ? "Their own" : "本人负责的");
        await page.ClickAsync("[data-testid=fields-customer]");
        await page.Locator("[data-testid=right-customer-phone]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(locale == "en" ? "Hidden" : "不可见", new() { Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-testid=fields-customer]")).ToContainTextAsync(locale == "en" ? "1 limited" : "1 个受限");

        await page.Locator("[data-testid=member-pick]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText($"Ivan Intern {locale}", new() { Exact = false }).ClickAsync();
        await page.ClickAsync("[data-testid=member-add]");
        await Expect(page.Locator($"[data-testid=member][data-user='{internId}']")).ToBeVisibleAsync();
        await journey.ShotAsync("1-matrix");

        using var asIntern = await Browser.Runtime.SignInAsync(intern, Crm.Password);
        var seen = JsonNode.Parse(await (await asIntern.PostAsJsonAsync("/api/apps/crm/forms/customer/records/query", new { })).Content.ReadAsStringAsync())!;
        var items = seen["items"]!.AsArray();
        Assert.That(items.Select(i => (long)i!["id"]!), Is.EqualTo(new[] { theirs }), "their own customers only");
        Assert.That(items[0]!.AsObject().ContainsKey("phone"), Is.False, "the phone is hidden from them");
        Assert.That((await asIntern.GetAsync($"/api/apps/crm/forms/customer/records/{others}")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
    }
}
