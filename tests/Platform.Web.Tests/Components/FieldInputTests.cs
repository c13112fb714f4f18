using System.Text.Json.Nodes;
using Bunit;
using MudBlazor.Services;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Records;
using Platform.Engine.Users;
using Platform.Runtime.Web;
using Platform.Runtime.Web.Components.Fields;

namespace Platform.Web.Tests.Components;

/// <summary>
/// The record form's inputs on their own: each gives the value as the API writes it (a percent as a fraction, an instant
/// in the user's zone turned into one with its offset, a date as ISO), and shows the engine's error under itself.
/// </summary>
public sealed class FieldInputTests
{
    private static SignedIn Someone(string culture, string zone) =>
        new(new UserProfile(1, "li@example.com", "Li", null, culture, zone, false, true),
            CallerContext.ForUser(1) with { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone), Culture = culture }, new UiText(culture));

    private static (IRenderedComponent<TInput> Input, List<JsonNode?> Given) Render<TInput>(BunitContext context, FieldDefinition field, JsonNode? value = null,
        string? error = null, string zone = "Asia/Shanghai") where TInput : FieldInput
    {
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        var given = new List<JsonNode?>();
        var input = context.Render<TInput>(p => p
            .AddCascadingValue(Someone("zh-CN", zone))
            .Add(i => i.Field, field)
            .Add(i => i.Model, null!)
            .Add(i => i.Value, value)
            .Add(i => i.Error, error)
            .Add(i => i.ValueChanged, (JsonNode? v) => given.Add(v)));
        return (input, given);
    }

    [Test]
    public async Task A_time_typed_in_the_users_zone_is_given_with_its_offset_and_shown_back_in_that_zone()
    {
        await using var context = new BunitContext();
        var (input, given) = Render<DateTimeInput>(context, new DateTimeField { Key = "time", Label = "When" },
            JsonValue.Create("2026-12-01T02:30:00Z"));

        Assert.That(input.Find("input").GetAttribute("value"), Is.EqualTo("2026-12-01T10:30"));
        input.Find("input").Change("2026-12-02T09:15");
        Assert.That(given.Single()!.GetValue<string>(), Is.EqualTo("2026-12-02T09:15:00+08:00"));
    }

    [Test]
    public async Task A_percent_is_typed_as_people_say_it_and_given_as_a_fraction()
    {
        await using var context = new BunitContext();
        var (input, given) = Render<NumberInput>(context, new PercentField { Key = "discount" }, JsonValue.Create(0.125m));

        Assert.That(input.Find("input").GetAttribute("value"), Is.EqualTo("12.5"));
        input.Find("input").Change("20");
        Assert.That(given.Single()!.GetValue<decimal>(), Is.EqualTo(0.2m));
    }

    [Test]
    public async Task A_date_is_given_as_ISO_and_an_emptied_text_as_nothing()
    {
        await using var context = new BunitContext();
        var (date, dates) = Render<DateInput>(context, new DateField { Key = "signed_on" });
        date.Find("input").Change("2026-03-04");
        // The picker parses the text and tells its value off the change's own call: on a busy machine, a moment later.
        // (Here nobody binds the value back, so the picker then falls back to the null it was given; the form binds it.)
        date.WaitForAssertion(() => Assert.That(dates, Is.Not.Empty), TimeSpan.FromSeconds(10));
        Assert.That(dates.First()!.GetValue<string>(), Is.EqualTo("2026-03-04"));

        var (text, texts) = Render<TextInput>(context, new TextField { Key = "name" }, JsonValue.Create("星辰"), error: "必填");
        Assert.That(text.Markup, Does.Contain("必填"));
        text.Find("input").Change("");
        Assert.That(texts.Single(), Is.Null);
    }
}
