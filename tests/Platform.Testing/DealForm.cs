namespace Platform.Testing;

/// <summary>The definition integrators write, as the API documentation shows it.</summary>
public static class DealForm
{
    public const string Json = """
        { "key": "deal", "name": { "en": "Deal", "zh-CN": "商机" },
          "fields": [
            { "key": "name",   "type": "text",   "label": "Name", "required": true },
            { "key": "amount", "type": "money",  "label": { "en": "Amount", "zh-CN": "金额" } },
            { "key": "stage",  "type": "select", "label": "Stage",
              "options": [ { "key": "lead", "label": "Lead" }, { "key": "won", "label": "Won" } ] },
            { "key": "tags",   "type": "multiselect", "label": "Tags", "options": [ { "key": "vip", "label": "VIP" } ] },
            { "key": "total",  "type": "formula", "label": "Total", "expression": "amount * 2" } ],
          "rules": [ { "expression": "stage != 'won' || amount > 0", "message": "A won deal needs an amount", "fields": ["amount"] } ] }
        """;
}
