using System.Collections.Frozen;
using System.Globalization;

namespace Platform.Engine.Validation;

/// <summary>Every message the engine can give, in English and Simplified Chinese.</summary>
public static class Messages
{
    private static readonly FrozenDictionary<string, (string En, string Zh)> Catalog = new Dictionary<string, (string, string)>
    {
        ["required"] = ("This field is required.", "此字段为必填项。"),
        ["unknownField"] = ("'{0}' is not a field of this form.", "“{0}”不是此表单的字段。"),
        ["type.text"] = ("Expected text.", "应为文本。"),
        ["type.number"] = ("Expected a number.", "应为数字。"),
        ["type.integer"] = ("Expected a whole number.", "应为整数。"),
        ["type.boolean"] = ("Expected true or false.", "应为 true 或 false。"),
        ["type.date"] = ("Expected a date as yyyy-MM-dd.", "应为 yyyy-MM-dd 格式的日期。"),
        ["type.datetime"] = ("Expected a date and time in ISO 8601, such as 2026-01-31T09:30:00Z.", "应为 ISO 8601 格式的日期时间，例如 2026-01-31T09:30:00Z。"),
        ["type.array"] = ("Expected a list.", "应为列表。"),
        ["type.object"] = ("Expected an object.", "应为对象。"),
        ["type.id"] = ("Expected an id (a positive whole number).", "应为 ID（正整数）。"),
        ["text.tooLong"] = ("At most {0} characters.", "最多 {0} 个字符。"),
        ["text.pattern"] = ("Does not match the required pattern.", "格式不符合要求。"),
        ["format.email"] = ("Not a valid email address.", "不是有效的电子邮件地址。"),
        ["format.phone"] = ("Not a valid phone number.", "不是有效的电话号码。"),
        ["format.url"] = ("Not a valid http or https address.", "不是有效的 http 或 https 地址。"),
        ["number.min"] = ("Must be at least {0}.", "不能小于 {0}。"),
        ["number.max"] = ("Must be at most {0}.", "不能大于 {0}。"),
        ["number.fixedRange"] = ("Must be between -{0} and {0}.", "必须介于 -{0} 与 {0} 之间。"),
        ["number.range"] = ("The number is too large.", "数字太大。"),
        ["option.unknown"] = ("'{0}' is not an option of this field.", "“{0}”不是此字段的选项。"),
        ["list.tooMany"] = ("At most {0} items.", "最多 {0} 项。"),
        ["attachment.invalid"] = ("An attachment needs a name and a url.", "附件需要名称和地址。"),
        ["relation.missing"] = ("Record {0} does not exist in the related form.", "关联表单中不存在记录 {0}。"),
        ["user.missing"] = ("User {0} does not exist.", "用户 {0} 不存在。"),
        ["unique"] = ("This value is already used by another record (possibly a deleted one).", "该值已被其他记录使用（可能是已删除的记录）。"),
        ["rule.failed"] = ("A rule of this form is not met.", "不满足表单规则。"),
        ["script.error"] = ("The expression failed: {0}", "表达式执行失败：{0}"),
        ["script.timeout"] = ("The expression took too long and was stopped.", "表达式执行超时，已被终止。"),
        ["script.memory"] = ("The expression used too much memory and was stopped.", "表达式占用内存过多，已被终止。"),
        ["script.recursion"] = ("The expression recursed too deeply and was stopped.", "表达式递归过深，已被终止。"),
        ["script.syntax"] = ("Syntax error at line {0}, column {1}: {2}", "第 {0} 行第 {1} 列语法错误：{2}"),
        ["formula.result"] = ("The formula did not produce a {0}.", "公式结果不是 {0}。"),
        ["formula.invalid"] = ("Line {0}, column {1}: {2}", "第 {0} 行第 {1} 列：{2}"),
        ["formula.errorValue"] = ("The formula gave the error {0}.", "公式结果为错误值 {0}。"),
        ["formula.unknownField"] = ("There is no field {0}.", "没有字段“{0}”。"),
        ["formula.ambiguous"] = ("More than one field is labelled {0}; use the field's key.", "有多个字段名为“{0}”，请使用字段键。"),
        ["formula.unknownFunction"] = ("There is no function {0}.", "没有函数 {0}。"),
        ["formula.arguments"] = ("{0} is written {1}; it was given {2} argument(s).", "{0} 的写法是 {1}，但给了 {2} 个参数。"),
        ["formula.resultType"] = ("The formula gives {0}, which a {1} field cannot hold.", "公式结果为 {0}，{1} 字段无法保存。"),
        ["formula.noParts"] = ("{0} has no fields to pick with a dot.", "“{0}”没有可用点号选取的字段。"),
        ["formula.tooDeep"] = ("A name can reach one level down: a subform column or a field of a related record.", "名称只能向下引用一层：子表单的列或关联记录的字段。"),
        ["formula.relatedMissing"] = ("The related form '{0}' is not available.", "关联表单“{0}”不可用。"),
        ["formula.cycle"] = ("The formulas depend on each other in a circle: {0}.", "公式之间存在循环引用：{0}。"),
        ["rule.error"] = ("The rule could not be checked: {0}", "无法检查规则：{0}"),
        ["syntax.expected"] = ("expected {0} but found {1}", "应为 {0}，但遇到 {1}"),
        ["syntax.value"] = ("expected a value (a number, text, field or function) but found {0}", "应为值（数字、文本、字段或函数），但遇到 {0}"),
        ["syntax.operator"] = ("expected an operator or the end but found {0}", "应为运算符或结尾，但遇到 {0}"),
        ["syntax.unopened"] = ("{0} closes a bracket that was never opened", "{0} 没有对应的左括号"),
        ["syntax.fieldAfterDot"] = ("expected a field name after the dot but found {0}", "点号后应为字段名，但遇到 {0}"),
        ["syntax.endOfInput"] = ("the end of the formula", "公式结尾"),
        ["syntax.character"] = ("the character '{0}' has no meaning here", "字符“{0}”在此无意义"),
        ["syntax.number"] = ("{0} is not a number a formula can hold", "{0} 不是有效的数字"),
        ["syntax.unclosedText"] = ("the text is not closed with a quote", "文本缺少结束引号"),
        ["syntax.unclosedField"] = ("the field name is not closed with }", "字段名缺少 }"),
        ["syntax.emptyField"] = ("{{}} names no field", "{{}} 中没有字段名"),
        ["syntax.tooLong"] = ("the formula is longer than {0} characters", "公式超过 {0} 个字符"),
        ["syntax.tooDeep"] = ("brackets and operators are nested more than {0} deep", "括号或运算符嵌套超过 {0} 层"),
        ["json.invalid"] = ("The body is not valid JSON: {0}", "请求体不是有效的 JSON：{0}"),
        ["json.tooDeep"] = ("The JSON is nested too deeply.", "JSON 嵌套层级过深。"),
        ["body.tooLarge"] = ("The request body is larger than {0} bytes.", "请求体超过 {0} 字节。"),
        ["filter.unknownOperator"] = ("'{0}' is not a filter operator.", "“{0}”不是筛选运算符。"),
        ["filter.operatorNotForField"] = ("Operator '{0}' does not apply to field '{1}'.", "运算符“{0}”不适用于字段“{1}”。"),
        ["filter.invalid"] = ("A filter is {{ field, op, value }}, {{ and: [...] }}, {{ or: [...] }} or {{ not: {{...}} }}.", "筛选条件应为 {{ field, op, value }}、{{ and: [...] }}、{{ or: [...] }} 或 {{ not: {{...}} }}。"),
        ["filter.tooComplex"] = ("The filter has more than {0} conditions.", "筛选条件超过 {0} 个。"),
        ["filter.value"] = ("The value for '{0}' is not valid: {1}", "“{0}”的筛选值无效：{1}"),
        ["filter.between"] = ("between takes [from, to].", "between 需要 [起始值, 结束值]。"),
        ["filter.days"] = ("{0} takes a number of days from 1 to 36600.", "{0} 需要 1 到 36600 之间的天数。"),
        ["filter.in"] = ("in takes a list of 1 to {0} values.", "in 需要 1 到 {0} 个值的列表。"),
        ["filter.needsValue"] = ("A value is needed (use isEmpty for empty fields).", "需要提供值（筛选空值请用 isEmpty）。"),
        ["sort.invalid"] = ("Cannot sort by '{0}'.", "不能按“{0}”排序。"),
        ["page.size"] = ("The page size must be between 1 and {0}.", "每页条数必须在 1 到 {0} 之间。"),
        ["page.cursor"] = ("The cursor is not valid for this query.", "分页游标对此查询无效。"),
        ["batch.size"] = ("A batch holds 1 to {0} records.", "批量操作需包含 1 到 {0} 条记录。"),
        ["version.required"] = ("Send the version you edited, in If-Match or a version property.", "请在 If-Match 或 version 属性中提供所编辑的版本号。"),
        ["version.stale"] = ("The record was changed by someone else (now version {0}). Reload and try again.", "记录已被他人修改（当前版本 {0}），请刷新后重试。"),
        ["record.notFound"] = ("Record {0} was not found.", "未找到记录 {0}。"),
        ["field.readOnly"] = ("You may see this field but not change it.", "您可以查看此字段，但无权修改。"),
        ["record.outsideScope"] = ("The record would be outside the records you may work with.", "该记录将超出您可操作的数据范围。"),
        ["json.duplicateKey"] = ("'{0}' is given twice; send each key once.", "“{0}”出现了两次，每个键只能出现一次。"),
        ["json.invalidText"] = ("This text is not valid Unicode (a lone surrogate such as \\ud800).", "此文本不是有效的 Unicode（例如单独的代理项 \\ud800）。"),
        ["json.notUtf8"] = ("The body is not valid UTF-8.", "请求体不是有效的 UTF-8 编码。"),
        ["attachment.url"] = ("An attachment link must be an http or https address or a link to this platform's files (/files/...).", "附件链接必须是 http 或 https 地址，或本平台的文件链接（/files/...）。"),
        ["formula.stalls"] = ("This formula stops on existing records ({0}); every record would have to run it, so simplify it first.", "此公式在现有记录上无法完成（{0}）；所有记录都要运行它，请先简化公式。"),
        ["record.notDeleted"] = ("Record {0} is not deleted.", "记录 {0} 未被删除。"),
        ["app.notFound"] = ("App '{0}' was not found.", "未找到应用“{0}”。"),
        ["app.exists"] = ("An app with key '{0}' already exists.", "键为“{0}”的应用已存在。"),
        ["form.notFound"] = ("Form '{0}' was not found.", "未找到表单“{0}”。"),
        ["key.invalid"] = ("A key starts with a letter and has only letters, digits and _ (at most 64).", "键必须以字母开头，只能包含字母、数字和下划线（最多 64 个字符）。"),
        ["key.reserved"] = ("'{0}' is reserved.", "“{0}”为保留字。"),
        ["key.duplicate"] = ("The key '{0}' is used twice.", "键“{0}”重复。"),
        ["key.mismatch"] = ("The key in the body ('{0}') differs from the one in the address.", "请求体中的键（“{0}”）与地址中的不一致。"),
        ["field.unknownType"] = ("Field type '{0}' is not known to this version; the definition was kept but cannot be published.", "此版本不支持字段类型“{0}”；定义已保留，但无法发布。"),
        ["field.setting"] = ("Setting '{0}' is not valid: {1}", "设置“{0}”无效：{1}"),
        ["field.typeChange"] = ("Field '{0}' cannot change from {1} to {2}.", "字段“{0}”不能从 {1} 改为 {2}。"),
        ["field.notInSubform"] = ("A {0} field cannot be used inside a subform.", "子表单中不能使用 {0} 字段。"),
        ["text.length"] = ("At most {0} characters.", "最多 {0} 个字符。"),
        ["relation.targetMissing"] = ("The related form '{0}' does not exist in this app.", "此应用中不存在关联表单“{0}”。"),
        ["search.tooShort"] = ("Type at least two letters or digits to search.", "请至少输入两个字或数字进行搜索。"),
        ["search.tooLong"] = ("Search for at most {0} characters.", "搜索内容最多 {0} 个字符。"),
        ["index.size"] = ("An index takes 1 to {0} fields.", "索引包含 1 至 {0} 个字段。"),
        ["index.unknownField"] = ("The index names '{0}', which is not a field.", "索引中的“{0}”不是字段。"),
        ["index.fieldType"] = ("'{0}' ({1}) cannot be indexed: only single-value fields can.", "“{0}”（{1}）不能建索引：只有单值字段可以。"),
        ["index.repeatedField"] = ("The index names '{0}' twice.", "索引中“{0}”出现了两次。"),
        ["index.duplicate"] = ("The same index is declared twice.", "同一个索引声明了两次。"),
        ["layout.unknownField"] = ("The layout names '{0}', which is not a field.", "布局中的“{0}”不是字段。"),
        ["migration.dataLoss"] = ("Publishing would lose data in {0} record(s); review the dry run and confirm.", "发布将导致 {0} 条记录丢失数据；请查看预演结果并确认。"),
        ["migration.uniqueConflict"] = ("Field '{0}' cannot be unique: existing records share a value.", "字段“{0}”不能设为唯一：已有记录的值重复。"),
        ["auth.invalid"] = ("The email or password is wrong.", "邮箱或密码错误。"),
        ["user.exists"] = ("A user with email '{0}' already exists.", "邮箱为“{0}”的用户已存在。"),
        ["password.weak"] = ("A password needs at least 8 characters.", "密码至少需要 8 个字符。"),
    }.ToFrozenDictionary();

    public static bool IsChinese(string? culture) => culture is not null && culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    public static string Format(string code, string? culture, params object?[] args)
    {
        if (!Catalog.TryGetValue(code, out var texts)) return code;
        var template = IsChinese(culture) ? texts.Zh : texts.En;
        return string.Format(CultureInfo.InvariantCulture, template, args.Select(a => a is ValidationError inner ? inner.Message(culture) : Shorten(a)).ToArray());
    }

    public static IEnumerable<string> Codes => Catalog.Keys;

    /// <summary>User text echoed in a message is cut, so a 10k-character key cannot flood a response.</summary>
    private static object? Shorten(object? arg) => arg switch
    {
        string { Length: > 100 } s => s[..100] + "…",
        string s => s,
        // A list is shown as its items, never as the name of a .NET collection type.
        System.Collections.IEnumerable list => Shorten(string.Join(", ", list.Cast<object?>().Select(Shorten))),
        _ => arg,
    };
}
