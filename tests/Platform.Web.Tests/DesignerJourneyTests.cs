using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.Web.Tests;

/// <summary>
/// An administrator builds an app in the form designer, in Chinese and in English, only by dragging and typing: a new app,
/// a new form with a section of two columns, a select with options, a formula, a second section with a field its condition
/// shows; undo and redo; a phone preview; the publish plan; then records entered through the web app. And a type change that
/// would lose values: warned, applied only once confirmed, and gone back from in the version history.
/// </summary>
[NonParallelizable]
public sealed class DesignerJourneyTests
{
    private static readonly Dictionary<string, Dictionary<string, string>> Words = new()
    {
        ["zh-CN"] = new()
        {
            ["app"] = "现场服务", ["form"] = "上门拜访", ["cancelled"] = "已取消", ["published"] = "已发布第 1 版", ["lost"] = "会丢失",
            ["published2"] = "已发布第 2 版", ["published3"] = "已发布第 3 版",
        },
        ["en"] = new()
        {
            ["app"] = "Field service", ["form"] = "Site visits", ["cancelled"] = "Cancelled", ["published"] = "Version 1 published", ["lost"] = "will be lost",
            ["published2"] = "Version 2 published", ["published3"] = "Version 3 published",
        },
    };

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task An_admin_builds_a_form_from_an_empty_app_by_dragging_and_typing_and_enters_records_with_it(string locale)
    {
        var words = Words[locale];
        var app = locale == "en" ? "service_en" : "service_zh";
        var email = $"designer-{locale}@example.com";
        await Crm.AdminAsync(email, locale == "en" ? "Dana Designer" : "周设计", locale);

        await using var journey = await Journey.StartAsync("designer", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/");

        // An empty app, then a new form in it: a name, and a key made from it that can be typed over.
        await page.ClickAsync("[data-testid=new-app]");
        await page.FillAsync("[data-testid=new-app-panel] input[data-testid=new-name]", words["app"]);
        // The key suggested from the name is there before it is typed over.
        await Expect(page.Locator("[data-testid=new-app-panel] input[data-testid=new-key]")).Not.ToHaveValueAsync("");
        await page.FillAsync("[data-testid=new-app-panel] input[data-testid=new-key]", app);
        await page.ClickAsync("[data-testid=new-app-panel] [data-testid=new-create]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/apps/{app}$"));
        await journey.InteractiveAsync();
        await page.ClickAsync("[data-testid=new-form]");
        await page.FillAsync("[data-testid=new-form-panel] input[data-testid=new-name]", words["form"]);
        await Expect(page.Locator("[data-testid=new-form-panel] input[data-testid=new-key]")).Not.ToHaveValueAsync("");
        await page.FillAsync("[data-testid=new-form-panel] input[data-testid=new-key]", "visit");
        await page.ClickAsync("[data-testid=new-form-panel] [data-testid=new-create]");
        await Expect(page.Locator("[data-testid=form-designer]")).ToBeVisibleAsync();
        await Expect(page.Locator(locale == "en" ? "input[data-testid=form-name-en]" : "input[data-testid=form-name-zh]")).ToHaveValueAsync(words["form"]);

        // The first section: the customer and the status side by side.
        await DragAsync(page, "palette-text", page.Locator("[data-testid=design-new-row]").First, "text");
        await LabelAsync(page, "客户", "Customer", "customer");
        await Expect(page.Locator("[data-testid=field-properties]")).ToHaveAttributeAsync("data-field", "customer");
        await DragAsync(page, "palette-select", page.Locator("[data-testid=design-row-slot]").First, "select");
        await LabelAsync(page, "状态", "Status", "status");
        await Expect(page.Locator("[data-testid=design-row]").First.Locator("[data-testid=design-cell]")).ToHaveCountAsync(2);
        await page.Locator("input[data-testid=field-required]").CheckAsync();
        var options = page.Locator("[data-testid=option]");
        await options.Nth(0).Locator("input[data-testid=option-zh]").FillAsync("已完成");
        await options.Nth(0).Locator("input[data-testid=option-en]").FillAsync("Done");
        await options.Nth(0).Locator("input[data-testid=option-en]").PressAsync("Tab");
        await options.Nth(1).Locator("input[data-testid=option-zh]").FillAsync("已取消");
        await options.Nth(1).Locator("input[data-testid=option-en]").FillAsync("Cancelled");
        await options.Nth(1).Locator("input[data-testid=option-en]").PressAsync("Tab");
        await options.Nth(1).Locator("[data-testid=option-colour]").ClickAsync();
        await page.Locator("[data-testid=option-colours] [data-colour='#ffcdd2']").ClickAsync();
        await page.ClickAsync("[data-testid=option-add]");
        await Expect(options).ToHaveCountAsync(3);
        await options.Nth(2).Locator("[data-testid=option-up]").ClickAsync();
        await Expect(options.Nth(1)).ToHaveAttributeAsync("data-option", "option_3");

        // Hours, and the cost worked out from them, in the next row; the formula's words offered as they are typed.
        await DragAsync(page, "palette-number", page.Locator("[data-testid=design-new-row]").First, "number");
        await LabelAsync(page, "工时", "Hours", "hours");
        await DragAsync(page, "palette-formula", page.Locator("[data-testid=design-row-slot]").Nth(1), "formula");
        await LabelAsync(page, "费用", "Cost", "cost");
        var expression = page.Locator("textarea[data-testid=setting-expression-input]");
        await expression.PressSequentiallyAsync("hou");
        await page.Locator("[data-testid=formula-suggestion][data-insert=hours]").ClickAsync();
        await Expect(expression).ToHaveValueAsync("hours");
        await expression.PressSequentiallyAsync(" * ");
        await Expect(page.Locator("[data-testid=setting-expression] .mud-input-error").First).ToBeVisibleAsync();
        await expression.PressSequentiallyAsync("200");
        await expression.PressAsync("Tab");
        await Expect(page.Locator("[data-testid=setting-expression] .mud-input-error")).ToHaveCountAsync(0);

        // A second section, with the reason a visit was cancelled shown only then.
        await page.ClickAsync("[data-testid=section-add]");
        var titles = page.Locator("input[data-testid=section-title]");
        await titles.Nth(1).FillAsync(locale == "en" ? "Follow-up" : "后续");
        await titles.Nth(1).PressAsync("Tab");
        await DragAsync(page, "palette-textarea", page.Locator("[data-testid=design-new-row]").Nth(1), "long_text");
        await LabelAsync(page, "取消原因", "Why cancelled", "why_cancelled");
        var condition = page.Locator("textarea[data-testid=field-visibleWhen-input]");
        await condition.FillAsync("status = 'option_2'");
        await condition.PressAsync("Tab");
        await Expect(page.Locator("[data-testid=design-cell][data-field=why_cancelled] .design-cell-type svg")).ToHaveCountAsync(1);

        // Undo takes the last field away and redo brings it back.
        await page.ClickAsync("[data-testid=palette-rating]");
        await Expect(page.Locator("[data-testid=design-cell]")).ToHaveCountAsync(6);
        await page.ClickAsync("[data-testid=undo]");
        await Expect(page.Locator("[data-testid=design-cell]")).ToHaveCountAsync(5);
        await page.ClickAsync("[data-testid=redo]");
        await Expect(page.Locator("[data-testid=design-cell]")).ToHaveCountAsync(6);
        await page.ClickAsync("[data-testid=undo]");
        await Expect(page.Locator("[data-testid=design-cell]")).ToHaveCountAsync(5);
        await Expect(page.Locator("[data-testid=draft-status]")).ToContainTextAsync(locale == "en" ? "Draft saved" : "草稿已保存");
        await journey.ShotAsync("1-designed");

        // The draft is the server's: a reload finds the canvas as it was left.
        await journey.GoAsync($"/apps/{app}/forms/visit/design");
        await Expect(page.Locator("[data-testid=design-cell]")).ToHaveCountAsync(5);
        await page.Locator("[data-testid=design-view]").GetByText(locale == "en" ? "Phone" : "手机预览").ClickAsync();
        await Expect(page.Locator("[data-testid=design-preview]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("design-preview-phone"));
        await journey.ShotAsync("2-phone-preview");

        // Published after its plan is seen.
        await page.ClickAsync("[data-testid=publish]");
        await Expect(page.Locator("[data-testid=plan-change][data-action=add]")).ToHaveCountAsync(5);
        await journey.ShotAsync("3-plan");
        await page.ClickAsync("[data-testid=publish-confirm]");
        await Expect(page.Locator("[data-testid=draft-status]")).ToContainTextAsync(words["published"]);
        await page.ClickAsync("[data-testid=open-records]");

        // Records entered through the web app: the reason appears only once the status is "cancelled".
        // (The follow-up section, with nothing to show yet, is not shown either.)
        await page.ClickAsync("[data-testid=new-record]");
        await journey.Field("customer").FillAsync("星辰科技");
        await Expect(page.Locator("[data-field=why_cancelled]")).ToHaveCountAsync(0);
        await Expect(page.Locator(".form-section-title")).ToHaveCountAsync(0);
        await journey.ChooseAsync("status", words["cancelled"]);
        await Expect(page.Locator("[data-field=why_cancelled]")).ToHaveCountAsync(1);
        await Expect(page.Locator(".form-section-title")).ToHaveTextAsync(locale == "en" ? "Follow-up" : "后续");
        await journey.Field("why_cancelled").FillAsync(locale == "en" ? "They moved the date" : "客户改期");
        await journey.Field("hours").FillAsync("3");
        await journey.Field("hours").PressAsync("Tab");
        await journey.ShotAsync("4-record");
        await page.ClickAsync("[data-testid=save]");
        await Expect(page.Locator("[data-testid=record-title]")).ToBeVisibleAsync();

        using var api = await Browser.Runtime.SignInAsync();
        var answer = await api.PostAsJsonAsync($"/api/apps/{app}/forms/visit/records/query", new { });
        var records = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        var record = records["items"]![0]!;
        Assert.That(((string?)record["status"], (decimal?)record["cost"], (string?)record["why_cancelled"]),
            Is.EqualTo(("option_2", 600m, locale == "en" ? "They moved the date" : "客户改期")));
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_type_change_that_loses_values_waits_for_confirmation_and_is_gone_back_from_in_the_history(string locale)
    {
        var words = Words[locale];
        var app = locale == "en" ? "quotes_en" : "quotes_zh";
        var email = $"designer2-{locale}@example.com";
        await Crm.AdminAsync(email, locale == "en" ? "Dana Designer" : "周设计", locale);
        using (var api = await Browser.Runtime.SignInAsync())
        {
            await Ok(await api.PostAsJsonAsync("/api/apps", new { key = app, name = "Quotes" }));
            await Ok(await api.PutAsJsonAsync($"/api/apps/{app}/forms/quote", new { key = "quote", fields = new object[] { new { key = "amount", type = "text", label = "Amount" } } }));
            await Ok(await api.PostAsJsonAsync($"/api/apps/{app}/forms/quote/records", new { amount = "about 5000" }));
            await Ok(await api.PostAsJsonAsync($"/api/apps/{app}/forms/quote/records", new { amount = "5000" }));
        }

        await using var journey = await Journey.StartAsync("designer-type", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, $"/apps/{app}/forms/quote");
        await page.ClickAsync("[data-testid=design-form]");
        await page.ClickAsync("[data-testid=design-cell][data-field=amount]");
        await Expect(page.Locator("input[data-testid=field-key]")).ToBeDisabledAsync();
        await page.Locator("[data-testid=field-type]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(locale == "en" ? "Number" : "数字", new() { Exact = true }).ClickAsync();
        // The choice is the server's once the list has closed; publishing before that published the old type (seen once).
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await page.ClickAsync("[data-testid=publish]");

        await Expect(page.Locator("[data-testid=plan-data-loss]")).ToContainTextAsync(words["lost"]);
        await Expect(page.Locator("[data-testid=plan-data-loss]")).ToContainTextAsync("about 5000");
        await Expect(page.Locator("[data-testid=publish-confirm]")).ToBeDisabledAsync();
        await journey.ShotAsync("1-data-loss");
        await page.Locator("[data-testid=confirm-loss] input, input[data-testid=confirm-loss]").First.CheckAsync();
        await page.ClickAsync("[data-testid=publish-confirm]");
        await Expect(page.Locator("[data-testid=draft-status]")).ToContainTextAsync(words["published2"]);
        Assert.That(await TypeOfAmountAsync(app), Is.EqualTo("number"));

        // Version 1 again, from the history: its plan shown first, as any publish.
        await page.ClickAsync("[data-testid=history-open]");
        await page.ClickAsync("[data-testid=version][data-version='1'] [data-testid=version-revert]");
        await Expect(page.Locator("[data-testid=plan-change][data-action=changeType]")).ToHaveCountAsync(1);
        await journey.ShotAsync("2-revert-plan");
        await page.ClickAsync("[data-testid=publish-confirm]");
        await Expect(page.Locator("[data-testid=draft-status]")).ToContainTextAsync(words["published3"]);
        Assert.That(await TypeOfAmountAsync(app), Is.EqualTo("text"));
    }

    private static async Task<string?> TypeOfAmountAsync(string app)
    {
        using var api = await Browser.Runtime.SignInAsync();
        var form = JsonNode.Parse(await api.GetStringAsync($"/api/apps/{app}/forms/quote"))!;
        return (string?)(form["definition"] ?? form)["fields"]![0]!["type"];
    }

    private static async Task Ok(HttpResponseMessage answer) =>
        Assert.That(answer.IsSuccessStatusCode, Is.True, await answer.Content.ReadAsStringAsync());

    /// <summary>Drags a field type from the palette onto the canvas, as a person does with the mouse, and waits for it to land.</summary>
    private static async Task DragAsync(IPage page, string palette, ILocator target, string key)
    {
        await page.Locator($"[data-testid={palette}]").DragToAsync(target);
        await Expect(page.Locator("[data-testid=field-properties]")).ToHaveAttributeAsync("data-field", key);
    }

    /// <summary>Types the chosen field's label in both languages; its key follows.</summary>
    private static async Task LabelAsync(IPage page, string zh, string en, string key)
    {
        var panel = page.Locator("[data-testid=field-properties]");
        await panel.Locator("input[data-testid=field-label-zh]").FillAsync(zh);
        await panel.Locator("input[data-testid=field-label-zh]").PressAsync("Tab");
        await panel.Locator("input[data-testid=field-label-en]").FillAsync(en);
        await panel.Locator("input[data-testid=field-label-en]").PressAsync("Tab");
        var chinese = await page.Locator("html").GetAttributeAsync("lang") == "zh-CN";
        await Expect(page.Locator(".design-cell-chosen .design-cell-label")).ToContainTextAsync(chinese ? zh : en);
        // The key follows the English label while the form is unpublished.
        await Expect(panel).ToHaveAttributeAsync("data-field", key);
    }
}
