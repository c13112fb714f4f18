namespace Platform.Benchmarks;

/// <summary>The realistic CRM customer form measured: the field mix Jiandaoyun and Salesforce users keep on a customer.</summary>
public static class CustomerForm
{
    public static readonly string[] Stages = ["lead", "mql", "sql", "opportunity", "customer", "loyal"];
    public static readonly string[] Sources = ["web", "referral", "event", "ads", "partner"];
    public static readonly string[] Tags = ["vip", "new", "at_risk", "enterprise", "smb"];

    public const string Company = """
        { "key": "company", "name": { "en": "Company", "zh-CN": "公司" },
          "fields": [ { "key": "name", "type": "text", "required": true }, { "key": "city", "type": "text" } ] }
        """;

    public static readonly string Customer = $$"""
        { "key": "customer", "name": { "en": "Customer", "zh-CN": "客户" },
          "fields": [
            { "key": "name", "type": "text", "required": true, "label": { "en": "Name", "zh-CN": "客户名称" } },
            { "key": "company", "type": "relation", "form": "company" },
            { "key": "stage", "type": "select", "options": [ {{string.Join(", ", Stages.Select(s => $"{{ \"key\": \"{s}\" }}"))}} ] },
            { "key": "sales", "type": "user" },
            { "key": "amount", "type": "money" },
            { "key": "source", "type": "select", "options": [ {{string.Join(", ", Sources.Select(s => $"{{ \"key\": \"{s}\" }}"))}} ] },
            { "key": "tags", "type": "multiselect", "options": [ {{string.Join(", ", Tags.Select(s => $"{{ \"key\": \"{s}\" }}"))}} ] },
            { "key": "email", "type": "email" },
            { "key": "phone", "type": "phone" },
            { "key": "firstContact", "type": "date" },
            { "key": "lastActivity", "type": "datetime" },
            { "key": "score", "type": "number", "precision": 0 },
            { "key": "city", "type": "text" } ] }
        """;
}
