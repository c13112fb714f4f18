using Bogus;
using Platform.Engine.Forms.Fields;

namespace Platform.Engine.Packages;

/// <summary>
/// One believable value per field type (a visitor, so a new type must say what its sample is), read from the field's key
/// where the type alone says too little: a <c>name</c> of a form with an industry is a company, a <c>title</c> a job, a
/// <c>city</c> a city. Computed fields (formulas, rollups, numbers) are left to the engine.
/// </summary>
internal sealed class SampleValues(Faker faker, bool chinese, DateTime now) : IFieldVisitor<object?>
{
    private static readonly string[] Cities = ["北京", "上海", "深圳", "杭州", "广州", "成都", "南京", "苏州", "武汉", "西安", "天津", "重庆", "宁波", "厦门", "青岛"];
    private static readonly string[] Words = ["云杉", "星河", "远景", "华辰", "博远", "瑞丰", "启明", "恒通", "智汇", "鼎盛", "蓝海", "新程", "安泰", "卓越", "汇川", "天衡", "锦程"];
    private static readonly string[] Trades = ["科技", "信息技术", "智能制造", "贸易", "物流", "医疗器械", "教育科技", "软件", "电子", "新材料"];
    private static readonly string[] Suffixes = ["有限公司", "有限公司", "股份有限公司", "有限责任公司"];
    private static readonly string[] Jobs = ["总经理", "采购经理", "IT 总监", "财务总监", "运营经理", "技术负责人", "行政主管", "销售总监"];
    private static readonly string[] Notes =
    [
        "电话沟通了需求，对方希望下周看演示。", "拜访客户，见到了 IT 负责人，预算在审批中。", "发送了报价单，客户在和两家供应商比较。",
        "客户反馈上线顺利，提出了报表导出的需求。", "约了下周二上门，准备方案与案例。", "微信跟进，客户在等老板拍板。",
        "客户对价格敏感，希望年付折扣。", "演示效果好，客户希望试用两周。",
    ];

    private Func<string, IReadOnlyList<long>> _related = _ => [];
    private IReadOnlyList<long> _people = [];

    /// <summary>A new record's payload: every field the engine does not compute, an optional one now and then left empty, an owner (or the pool).</summary>
    public Dictionary<string, object?> Record(IEnumerable<FieldDefinition> fields, Func<string, IReadOnlyList<long>> related, IReadOnlyList<long> people, bool pooled)
    {
        var record = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (field is SelectField { Stages: not null } stages)
            {
                record[field.Key] = stages.Options[0].Key; // the walk moves it on
                continue;
            }
            if (!field.Required && faker.Random.Bool(0.15f)) continue;
            if (Value(field, related, people) is { } value) record[field.Key] = value;
        }
        if (record.GetValueOrDefault("start") is string start && fields.Any(f => f.Key == "end" && f is DateField))
            record["end"] = DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture).AddYears(1).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        record["owner"] = people.Count == 0 || pooled && faker.Random.Bool(0.1f) ? null : faker.PickRandom<long>(people);
        return record;
    }

    public object? Value(FieldDefinition field, Func<string, IReadOnlyList<long>> related, IReadOnlyList<long> people)
    {
        _related = related;
        _people = people;
        return field.Accept(this);
    }

    /// <summary>A stage to leave a record at: earlier stages more often, a lost or churned one now and then.</summary>
    public string Funnel(SelectField field)
    {
        var stages = field.Options.Select(o => o.Key).ToList();
        var ending = stages.Where(s => s is "lost" or "churned").ToList();
        if (ending.Count > 0 && faker.Random.Bool(0.1f)) return faker.PickRandom(ending);
        var open = stages.Except(ending).ToList();
        var weights = open.Select((_, i) => Math.Pow(0.62, i)).ToList();
        var pick = faker.Random.Double() * weights.Sum();
        for (var i = 0; i < open.Count; i++)
            if ((pick -= weights[i]) < 0) return open[i];
        return open[^1];
    }

    public object? Visit(TextField field) => field.Key switch
    {
        "name" or "company" or "competitor" => Company(),
        "title" or "job" or "position" => chinese ? faker.PickRandom(Jobs) : faker.Name.JobTitle(),
        "city" => chinese ? faker.PickRandom(Cities) : faker.Address.City(),
        "address" => chinese ? $"{faker.PickRandom(Cities)}市{faker.Random.Number(1, 30)}区{faker.Random.Number(1, 999)}号" : faker.Address.StreetAddress(),
        "wechat" => "wxid_" + faker.Random.AlphaNumeric(10),
        "product" => chinese ? faker.PickRandom("标准版", "专业版", "企业版", "实施服务", "年度维保") : faker.Commerce.ProductName(),
        _ when field.Key.Contains("name", StringComparison.Ordinal) => faker.Name.FullName(),
        _ => Short(),
    };

    public object? Visit(TextareaField field) => chinese ? faker.PickRandom(Notes) : faker.Lorem.Sentence(12);

    public object? Visit(NumberField field) => Number(field.Min ?? 1, field.Max ?? 100, field.Precision);

    public object? Visit(MoneyField field) => Math.Round(faker.Random.Decimal(Math.Max(field.Min ?? 0, 5_000), Math.Min(field.Max ?? 2_000_000, 2_000_000)) / 1000) * 1000;

    public object? Visit(PercentField field) => Math.Round(faker.Random.Decimal(0, 1), 2);

    public object? Visit(DateField field) => Day(field.Key).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public object? Visit(DateTimeField field) =>
        Day(field.Key).ToDateTime(new TimeOnly(faker.Random.Number(8, 19), faker.Random.Number(0, 59))).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public object? Visit(BooleanField field) => faker.Random.Bool();

    public object? Visit(SelectField field) => field.Options.Count == 0 ? null : faker.PickRandom<SelectOption>(field.Options).Key;

    public object? Visit(MultiSelectField field) =>
        field.Options.Count == 0 ? null : faker.PickRandom<SelectOption>(field.Options, faker.Random.Number(0, Math.Min(2, field.Options.Count))).Select(o => o.Key).ToList();

    public object? Visit(UserField field) =>
        _people.Count == 0 ? null : field.Multiple ? faker.PickRandom<long>(_people, Math.Min(2, _people.Count)).ToList() : faker.PickRandom<long>(_people);

    public object? Visit(DepartmentField field) => null;

    public object? Visit(RelationField field) => _related(field.Form) is { Count: > 0 } ids
        ? field.Multiple ? faker.PickRandom<long>(ids, Math.Min(2, ids.Count)).ToList() : faker.PickRandom<long>(ids)
        : null;

    public object? Visit(SubformField field) => Enumerable.Range(0, faker.Random.Number(1, 3))
        .Select(_ => field.Fields.Select(c => (c.Key, Value: c.Accept(this))).Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value))
        .ToList();

    public object? Visit(AttachmentField field) => null;

    public object? Visit(FormulaField field) => null;

    public object? Visit(AutoNumberField field) => null;

    public object? Visit(RollupField field) => null;

    public object? Visit(EmailField field) => faker.Internet.Email(provider: faker.PickRandom("qq.com", "163.com", "example.com", "outlook.com")).ToLowerInvariant();

    public object? Visit(PhoneField field) => chinese ? "1" + faker.PickRandom("3", "5", "7", "8", "9") + faker.Random.ReplaceNumbers("#########") : faker.Phone.PhoneNumber("###-###-####");

    public object? Visit(UrlField field) => "https://www." + faker.Internet.DomainWord() + ".com";

    public object? Visit(RatingField field) => faker.Random.Number(1, field.Max);

    public object? Visit(UnknownField field) => null;

    private string Company() => chinese
        ? $"{faker.PickRandom(Cities)}{faker.PickRandom(Words)}{faker.PickRandom(Trades)}{faker.PickRandom(Suffixes)}"
        : faker.Company.CompanyName();

    private string Short() => chinese ? faker.PickRandom(Words) + faker.PickRandom(Trades) + faker.PickRandom("项目", "方案", "需求", "合作") : faker.Commerce.ProductName();

    private decimal Number(decimal min, decimal max, int precision) => Math.Round(faker.Random.Decimal(min, max), precision);

    // Dates ahead for what is yet to come (an expected close, a next follow-up, an end), behind for the rest; from the
    // platform's clock, so a seed gives the same records on the same day.
    private DateOnly Day(string key) =>
        DateOnly.FromDateTime(now).AddDays(key.Contains("next", StringComparison.Ordinal) || key.Contains("expected", StringComparison.Ordinal) || key == "end"
            ? faker.Random.Number(1, 120) : -faker.Random.Number(0, 365));
}
