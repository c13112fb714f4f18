using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Engine.Forms;
using Platform.Engine.Formulas;
using Platform.Engine.Scripting;
using Platform.Engine.Values;

namespace Platform.Engine.Tests.Formulas;

/// <summary>A form with one field of each kind a formula reads, a record of values for it, and a way to run formulas over them.</summary>
internal sealed class FormulaBench
{
    public static readonly ScriptContext Context = new(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero), TimeZoneInfo.Utc, 7);

    public static readonly FormDefinition Form = FormJson.Parse("""
        { "key": "deal", "fields": [
            { "key": "amount", "type": "money", "label": { "en": "Amount", "zh-CN": "金额" } },
            { "key": "qty", "type": "number", "label": "Quantity" },
            { "key": "price", "type": "money", "label": "Price" },
            { "key": "name", "type": "text", "label": { "en": "Name", "zh-CN": "名称" } },
            { "key": "city", "type": "text", "label": { "en": "City", "zh-CN": "城市" } },
            { "key": "note", "type": "text", "label": "Note" },
            { "key": "empty", "type": "number", "label": "Empty number" },
            { "key": "stage", "type": "select", "label": { "en": "Stage", "zh-CN": "阶段" },
              "options": [ { "key": "lead", "label": { "en": "Lead", "zh-CN": "线索" } }, { "key": "won", "label": { "en": "Won", "zh-CN": "成交" } } ] },
            { "key": "signed", "type": "date", "label": { "en": "Signed on", "zh-CN": "签约日期" } },
            { "key": "closeDate", "type": "date", "label": "Close date" },
            { "key": "created", "type": "datetime", "label": "Created" },
            { "key": "vip", "type": "boolean", "label": "VIP" },
            { "key": "tags", "type": "multiselect", "label": "Tags", "options": [ { "key": "a" }, { "key": "b" } ] },
            { "key": "items", "type": "subform", "label": { "en": "Items", "zh-CN": "明细" }, "fields": [
                { "key": "product", "type": "text", "label": { "en": "Product", "zh-CN": "产品" } },
                { "key": "category", "type": "text", "label": { "en": "Category", "zh-CN": "类别" } },
                { "key": "price", "type": "money", "label": { "en": "Price", "zh-CN": "单价" } },
                { "key": "qty", "type": "number", "label": { "en": "Quantity", "zh-CN": "数量" } },
                { "key": "amount", "type": "money", "label": { "en": "Amount", "zh-CN": "金额" } } ] } ] }
        """);

    public static readonly Dictionary<string, object?> Values = new()
    {
        ["amount"] = 150000m, ["qty"] = 3m, ["price"] = 0.1m, ["name"] = "Acme", ["city"] = "上海", ["note"] = "", ["empty"] = null,
        ["stage"] = "won", ["signed"] = new DateOnly(2024, 2, 29), ["closeDate"] = new DateOnly(2026, 12, 31),
        ["created"] = new DateTime(2026, 11, 20, 14, 45, 0, DateTimeKind.Utc), ["vip"] = true, ["tags"] = new List<string> { "a", "b" },
        ["items"] = new List<SubformRow>
        {
            Row("Laptop", "hardware", 0.1m, 2m, 0.2m),
            Row("Support", "service", 0.2m, 1m, 0.2m),
            Row("Mouse", "hardware", 25m, 4m, 100m),
            Row("Setup", "service", 300m, 1m, 300m),
        },
    };

    private readonly FormulaService _service = new(new ScriptSandbox(ScriptLimits.Default with { Timeout = TimeSpan.FromSeconds(1) }));

    public FormulaService Service => _service;

    public FormulaScope Scope { get; } = new(Form);

    public FormulaResult Evaluate(string formula, FormulaType? expected = null, Dictionary<string, object?>? previous = null) =>
        _service.Evaluate(_service.Compile(formula, Scope, expected), Context, new Platform.Engine.Records.RecordFormulaValues(Values, previous?.AsReadOnly(), null));

    /// <summary>A result as the case tables write it: 3, "text", TRUE, 2024-02-29, 2026-11-20 14:45:00, #DIV/0!, blank, [1, 2].</summary>
    public static string Show(FormulaResult result) => result.Error ?? Show(result.Value);

    private static string Show(object? value) => value switch
    {
        null => "blank",
        decimal n => n.ToString("0.###############", CultureInfo.InvariantCulture),
        string s => JsonValue.Create(s).ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
        bool b => b ? "TRUE" : "FALSE",
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        List<object?> list => "[" + string.Join(", ", list.Select(Show)) + "]",
        _ => value.ToString() ?? "",
    };

    private static SubformRow Row(string product, string category, decimal price, decimal qty, decimal amount) =>
        new() { ["product"] = product, ["category"] = category, ["price"] = price, ["qty"] = qty, ["amount"] = amount };
}
