using System.Text.Json.Nodes;
using Bunit;
using MudBlazor.Services;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Records;
using Platform.Engine.Users;
using Platform.Runtime.Web;
using Platform.Runtime.Web.Components.Fields;

namespace Platform.Web.Tests.Components;

/// <summary>The subform grid on its own: each error beside its own cell, rows added and removed, the whole list given back as the API writes it.</summary>
public sealed class SubformInputTests
{
    private static readonly SubformField Products = new()
    {
        Key = "products",
        Fields = [new TextField { Key = "product", Label = "产品" }, new NumberField { Key = "quantity", Label = "数量" }],
    };

    [Test]
    public async Task An_error_sits_beside_its_cell_and_rows_are_added_and_removed()
    {
        await using var context = new BunitContext();
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        var given = new List<JsonNode?>();
        var grid = context.Render<SubformInput>(p => p
            .AddCascadingValue(new SignedIn(new UserProfile(1, "li@example.com", "Li", null, "zh-CN", "Asia/Shanghai", false, true),
                CallerContext.ForUser(1) with { Culture = "zh-CN" }, new UiText("zh-CN")))
            .Add(i => i.Field, Products)
            .Add(i => i.Model, null!)
            .Add(i => i.Value, JsonNode.Parse("""[ { "product": "相机", "quantity": 4 }, { "product": "软件", "quantity": 0 } ]"""))
            .Add(i => i.Error, "不能小于 1。")
            .Add(i => i.PathErrors, new Dictionary<string, string> { ["products[1].quantity"] = "不能小于 1。" })
            .Add(i => i.ValueChanged, (JsonNode? v) => given.Add(v)));

        var rows = grid.FindAll("[data-testid=subform-row]");
        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(rows[0].TextContent, Does.Not.Contain("不能小于 1。"));
        Assert.That(rows[1].QuerySelector(".mud-input-helper-text")!.TextContent, Does.Contain("不能小于 1。"));
        Assert.That(grid.FindAll("[data-testid=field-products-error]"), Is.Empty, "said at the cell, not again under the grid");

        grid.Find("button[data-testid=field-products-add]").Click();
        Assert.That(given.Last()!.AsArray(), Has.Count.EqualTo(3));
        grid.FindAll("[data-testid=subform-remove]")[0].Click();
        var left = given.Last()!.AsArray();
        Assert.That((left.Count, (string?)left[0]!["product"], left[1]!.AsObject().Count), Is.EqualTo((2, "软件", 0)));
        Assert.That(grid.FindAll("[data-testid=subform-remove]")[0].GetAttribute("aria-label"), Is.EqualTo("删除第 1 行"));
    }
}
