using System.Collections.Frozen;
using System.Collections.Immutable;
using Platform.Engine.Forms;
using static Platform.Engine.Formulas.FormulaType;

namespace Platform.Engine.Formulas.Functions;

/// <summary>Every function a formula can call, with its documentation in English and Chinese.</summary>
public static class FunctionCatalog
{
    private const int Many = FunctionInfo.Many;

    public static readonly IReadOnlyList<FunctionInfo> All =
    [
        // logical
        F("IF", "logical", 2, 3, Any, "IF(test, then, [else])", "Gives 'then' when the test is true, otherwise 'else' (FALSE when left out). Only the branch taken is evaluated.", "条件为真时返回“then”，否则返回“else”（省略时为 FALSE）。只计算被选中的分支。", "IF({金额} > 100000, \"A\", \"B\")") with { ResultFrom = i => i > 0 },
        F("IFS", "logical", 2, Many, Any, "IFS(test1, value1, [test2, value2], …)", "Gives the value of the first test that is true; #N/A when none is.", "返回第一个为真的条件对应的值；都不为真时返回 #N/A。", "IFS({评分} >= 90, \"A\", {评分} >= 60, \"B\", TRUE, \"C\")") with { ResultFrom = i => i % 2 == 1 },
        F("AND", "logical", 1, Many, FormulaType.Boolean, "AND(logical1, [logical2], …)", "TRUE when every argument is true. Also written a && b.", "所有参数都为真时返回 TRUE。也可写作 a && b。", "AND({金额} > 0, {阶段} = \"成交\")"),
        F("OR", "logical", 1, Many, FormulaType.Boolean, "OR(logical1, [logical2], …)", "TRUE when any argument is true. Also written a || b.", "任一参数为真时返回 TRUE。也可写作 a || b。", "OR({城市} = \"北京\", {城市} = \"上海\")"),
        F("XOR", "logical", 1, Many, FormulaType.Boolean, "XOR(logical1, [logical2], …)", "TRUE when an odd number of arguments are true.", "为真的参数个数为奇数时返回 TRUE。", "XOR(TRUE, FALSE)"),
        F("NOT", "logical", 1, 1, FormulaType.Boolean, "NOT(logical)", "Reverses a logical value. Also written !a.", "对逻辑值取反。也可写作 !a。", "NOT({已签约})"),
        F("SWITCH", "logical", 3, Many, Any, "SWITCH(value, match1, result1, [match2, result2], …, [default])", "Compares a value with each match and gives the result of the first equal one, else the default, else #N/A.", "将值依次与各匹配值比较，返回第一个相等项的结果；都不相等时返回默认值，无默认值时返回 #N/A。", "SWITCH({级别}, \"A\", 0.9, \"B\", 0.95, 1)") with { ResultFrom = i => i > 0 && i % 2 == 0 },
        F("IFERROR", "logical", 2, 2, Any, "IFERROR(value, value_if_error)", "Gives the value, or the second argument when the value is an error such as #DIV/0!.", "返回值本身；若为 #DIV/0! 等错误值，则返回第二个参数。", "IFERROR({金额} / {数量}, 0)") with { ResultFrom = _ => true },
        F("ISERROR", "logical", 1, 1, FormulaType.Boolean, "ISERROR(value)", "TRUE when the value is an error value.", "值为错误值时返回 TRUE。", "ISERROR(1 / 0)"),
        F("NA", "logical", 0, 0, Any, "NA()", "The #N/A error value.", "返回错误值 #N/A。", "IF({数量} = 0, NA(), {数量})"),
        F("TRUE", "logical", 0, 0, FormulaType.Boolean, "TRUE()", "The logical value TRUE.", "逻辑值 TRUE。", "TRUE()"),
        F("FALSE", "logical", 0, 0, FormulaType.Boolean, "FALSE()", "The logical value FALSE.", "逻辑值 FALSE。", "FALSE()"),
        // math
        F("SUM", "math", 1, Many, Number, "SUM(number1, [number2], …)", "Adds numbers and lists of numbers; blanks and text inside lists are skipped.", "对数字及数字列表求和；列表中的空值和文本被忽略。", "SUM({明细.金额})"),
        F("AVERAGE", "math", 1, Many, Number, "AVERAGE(number1, [number2], …)", "The mean of the numbers; #DIV/0! when there are none.", "求平均值；没有数字时返回 #DIV/0!。", "AVERAGE({明细.单价})"),
        F("MIN", "math", 1, Many, Number, "MIN(number1, [number2], …)", "The smallest number (or earliest date); 0 when there are none.", "返回最小的数字（或最早的日期）；没有数字时返回 0。", "MIN({明细.折扣})") with { ResultFrom = _ => true },
        F("MAX", "math", 1, Many, Number, "MAX(number1, [number2], …)", "The largest number (or latest date); 0 when there are none.", "返回最大的数字（或最晚的日期）；没有数字时返回 0。", "MAX({明细.金额})") with { ResultFrom = _ => true },
        F("COUNT", "math", 1, Many, Number, "COUNT(value1, [value2], …)", "Counts the numbers and dates.", "统计数字和日期的个数。", "COUNT({明细.金额})"),
        F("COUNTA", "math", 1, Many, Number, "COUNTA(value1, [value2], …)", "Counts the values that are not blank.", "统计非空值的个数。", "COUNTA({明细.产品})"),
        F("ROUND", "math", 1, 2, Number, "ROUND(number, [digits])", "Rounds half away from zero to the given digits (0 when left out); negative digits round to tens, hundreds…", "四舍五入到指定位数（省略时为 0）；位数为负时舍入到十位、百位……", "ROUND({金额} * 1.13, 2)"),
        F("ROUNDUP", "math", 1, 2, Number, "ROUNDUP(number, [digits])", "Rounds away from zero.", "远离零方向舍入。", "ROUNDUP(3.21, 1)"),
        F("ROUNDDOWN", "math", 1, 2, Number, "ROUNDDOWN(number, [digits])", "Rounds toward zero.", "向零方向舍入。", "ROUNDDOWN(3.29, 1)"),
        F("INT", "math", 1, 1, Number, "INT(number)", "Rounds down to a whole number: INT(-2.5) is -3.", "向下取整：INT(-2.5) 为 -3。", "INT({天数} / 7)"),
        F("MOD", "math", 2, 2, Number, "MOD(number, divisor)", "The remainder, with the divisor's sign: MOD(-3, 2) is 1. #DIV/0! for a zero divisor.", "求余数，符号与除数相同：MOD(-3, 2) 为 1。除数为 0 时返回 #DIV/0!。", "MOD({序号}, 2)"),
        F("ABS", "math", 1, 1, Number, "ABS(number)", "The absolute value.", "绝对值。", "ABS({差额})"),
        F("POWER", "math", 2, 2, Number, "POWER(number, power)", "Raises a number to a power; also written number ^ power.", "求乘幂；也可写作 number ^ power。", "POWER(1 + {年利率}, {年数})"),
        F("SQRT", "math", 1, 1, Number, "SQRT(number)", "The square root; #NUM! for a negative number.", "平方根；负数返回 #NUM!。", "SQRT(16)"),
        F("CEILING", "math", 1, 2, Number, "CEILING(number, [significance])", "Rounds up to a multiple of the significance (1 when left out).", "向上舍入为基数的倍数（省略时基数为 1）。", "CEILING({金额}, 100)"),
        F("FLOOR", "math", 1, 2, Number, "FLOOR(number, [significance])", "Rounds down to a multiple of the significance (1 when left out).", "向下舍入为基数的倍数（省略时基数为 1）。", "FLOOR({金额}, 100)"),
        // text
        F("CONCAT", "text", 1, Many, Text, "CONCAT(text1, [text2], …)", "Joins texts and lists into one text. Also written a & b.", "将文本和列表连接为一个文本。也可写作 a & b。", "CONCAT({名称}, \"-\", {城市})"),
        F("CONCATENATE", "text", 1, Many, Text, "CONCATENATE(text1, [text2], …)", "The same as CONCAT.", "与 CONCAT 相同。", "CONCATENATE({姓}, {名})"),
        F("TEXTJOIN", "text", 3, Many, Text, "TEXTJOIN(delimiter, ignore_empty, text1, …)", "Joins texts with a delimiter, skipping blanks when ignore_empty is TRUE.", "用分隔符连接文本；ignore_empty 为 TRUE 时跳过空值。", "TEXTJOIN(\"、\", TRUE, {明细.产品})"),
        F("LEFT", "text", 1, 2, Text, "LEFT(text, [count])", "The first characters (1 when left out). A Chinese character counts as one.", "返回开头的若干字符（省略时为 1 个）。一个汉字算一个字符。", "LEFT({手机}, 3)"),
        F("RIGHT", "text", 1, 2, Text, "RIGHT(text, [count])", "The last characters (1 when left out).", "返回末尾的若干字符（省略时为 1 个）。", "RIGHT({手机}, 4)"),
        F("MID", "text", 3, 3, Text, "MID(text, start, count)", "Characters from a position, counting from 1.", "从指定位置（从 1 开始）起返回若干字符。", "MID({身份证号}, 7, 8)"),
        F("LEN", "text", 1, 1, Number, "LEN(text)", "The number of characters; \"你好\" has 2.", "字符个数；\"你好\" 为 2。", "LEN({备注})"),
        F("UPPER", "text", 1, 1, Text, "UPPER(text)", "Upper case.", "转为大写。", "UPPER({代码})"),
        F("LOWER", "text", 1, 1, Text, "LOWER(text)", "Lower case.", "转为小写。", "LOWER({邮箱})"),
        F("TRIM", "text", 1, 1, Text, "TRIM(text)", "Removes spaces at both ends and keeps single spaces between words.", "去掉首尾空格，并将词间的多个空格合并为一个。", "TRIM({名称})"),
        F("REPLACE", "text", 4, 4, Text, "REPLACE(text, start, count, new_text)", "Replaces count characters from start with new text.", "从指定位置起将若干字符替换为新文本。", "REPLACE({手机}, 4, 4, \"****\")"),
        F("SUBSTITUTE", "text", 3, 4, Text, "SUBSTITUTE(text, old_text, new_text, [instance])", "Replaces old text with new text, everywhere or only the given occurrence.", "将旧文本替换为新文本；指定 instance 时只替换第几次出现的。", "SUBSTITUTE({地址}, \"省\", \"\")"),
        F("SEARCH", "text", 2, 3, Number, "SEARCH(find_text, within_text, [start])", "Where text is found, ignoring case; ? and * are wildcards. #VALUE! when not found.", "查找文本出现的位置，不区分大小写，支持 ? 和 * 通配符；找不到时返回 #VALUE!。", "SEARCH(\"vip\", {标签文本})"),
        F("FIND", "text", 2, 3, Number, "FIND(find_text, within_text, [start])", "Where text is found, matching case. #VALUE! when not found.", "查找文本出现的位置，区分大小写；找不到时返回 #VALUE!。", "FIND(\"-\", {编号})"),
        F("TEXT", "text", 2, 2, Text, "TEXT(value, format)", "Formats a number or date: \"0.00\", \"#,##0\", \"0%\", \"¥#,##0.00\", \"yyyy-mm-dd\", \"yyyy年m月d日\", \"hh:mm\", \"dddd\", \"aaaa\" (星期一).", "按格式把数字或日期转为文本：\"0.00\"、\"#,##0\"、\"0%\"、\"¥#,##0.00\"、\"yyyy-mm-dd\"、\"yyyy年m月d日\"、\"hh:mm\"、\"dddd\"、\"aaaa\"（星期一）。", "TEXT({签约日期}, \"yyyy年m月d日\")"),
        F("VALUE", "text", 1, 1, Number, "VALUE(text)", "Turns text such as \"1,234.5\", \"10%\" or \"¥99\" into a number; #VALUE! when it is not one.", "把 \"1,234.5\"、\"10%\"、\"¥99\" 等文本转为数字；无法转换时返回 #VALUE!。", "VALUE({数量文本})"),
        F("REPT", "text", 2, 2, Text, "REPT(text, times)", "Repeats text; #VALUE! past 32,767 characters, as in Excel.", "重复文本；超过 32767 个字符时返回 #VALUE!（与 Excel 相同）。", "REPT(\"★\", {评分})"),
        // date
        F("TODAY", "date", 0, 0, Date, "TODAY()", "Today's date in the user's time zone.", "用户所在时区的今天日期。", "DATEDIF({签约日期}, TODAY(), \"d\")"),
        F("NOW", "date", 0, 0, FormulaType.DateTime, "NOW()", "The current date and time in the user's time zone.", "用户所在时区的当前日期和时间。", "NOW()"),
        F("ME", "date", 0, 0, Number, "ME()", "The id of the user making the change.", "当前操作用户的 ID。", "{负责人} = ME()"),
        F("DATE", "date", 3, 3, Date, "DATE(year, month, day)", "A date; months and days past the end roll over: DATE(2024, 14, 1) is 2025-02-01.", "构造日期；月、日超出范围会顺延：DATE(2024, 14, 1) 为 2025-02-01。", "DATE(YEAR(TODAY()), 12, 31)"),
        F("YEAR", "date", 1, 1, Number, "YEAR(date)", "The year of a date.", "日期的年份。", "YEAR({签约日期})"),
        F("MONTH", "date", 1, 1, Number, "MONTH(date)", "The month, 1 to 12.", "月份，1 到 12。", "MONTH({签约日期})"),
        F("DAY", "date", 1, 1, Number, "DAY(date)", "The day of the month, 1 to 31.", "日，1 到 31。", "DAY({签约日期})"),
        F("HOUR", "date", 1, 1, Number, "HOUR(datetime)", "The hour, 0 to 23, in the user's time zone.", "小时，0 到 23（用户时区）。", "HOUR({创建时间})"),
        F("MINUTE", "date", 1, 1, Number, "MINUTE(datetime)", "The minute, 0 to 59.", "分钟，0 到 59。", "MINUTE({创建时间})"),
        F("WEEKDAY", "date", 1, 2, Number, "WEEKDAY(date, [type])", "The day of the week: type 1 (default) Sunday=1…Saturday=7, type 2 Monday=1…Sunday=7, type 3 Monday=0…Sunday=6.", "星期几：类型 1（默认）周日=1…周六=7；类型 2 周一=1…周日=7；类型 3 周一=0…周日=6。", "WEEKDAY({拜访日期}, 2)"),
        F("WEEKNUM", "date", 1, 2, Number, "WEEKNUM(date, [type])", "The week of the year: type 1 weeks start on Sunday, 2 on Monday, 21 is the ISO week.", "一年中的第几周：类型 1 周日为一周开始，2 为周一，21 为 ISO 周。", "WEEKNUM({拜访日期}, 21)"),
        F("DATEDIF", "date", 3, 3, Number, "DATEDIF(start, end, unit)", "The difference in \"Y\" years, \"M\" months, \"D\" days, \"YM\" months ignoring years, \"MD\" days ignoring months, \"YD\" days ignoring years. #NUM! when start is after end.", "两个日期之差：\"Y\" 年，\"M\" 月，\"D\" 天，\"YM\" 忽略年的月数，\"MD\" 忽略月的天数，\"YD\" 忽略年的天数。开始晚于结束时返回 #NUM!。", "DATEDIF({签约日期}, TODAY(), \"d\")"),
        F("DAYS", "date", 2, 2, Number, "DAYS(end, start)", "The number of days from start to end.", "从开始到结束的天数。", "DAYS({到期日}, TODAY())"),
        F("EDATE", "date", 2, 2, Date, "EDATE(date, months)", "The same day some months later, kept within the month: EDATE(2024-01-31, 1) is 2024-02-29.", "若干个月后的同一天，不超过月末：EDATE(2024-01-31, 1) 为 2024-02-29。", "EDATE({签约日期}, 12)"),
        F("EOMONTH", "date", 2, 2, Date, "EOMONTH(date, months)", "The last day of the month some months away.", "若干个月后那个月的最后一天。", "EOMONTH(TODAY(), 0)"),
        F("NETWORKDAYS", "date", 2, 3, Number, "NETWORKDAYS(start, end, [holidays])", "Working days (Monday to Friday) from start to end, both counted, less holidays.", "开始到结束（含两端）的工作日（周一至周五）天数，扣除节假日。", "NETWORKDAYS({立项日期}, {结项日期}, {2026-10-01, 2026-10-02})"),
        F("WORKDAY", "date", 2, 3, Date, "WORKDAY(start, days, [holidays])", "The date that many working days away, skipping weekends and holidays.", "若干个工作日之后（或之前）的日期，跳过周末和节假日。", "WORKDAY(TODAY(), 3)"),
        F("DATEADD", "date", 2, 3, FormulaType.DateTime, "DATEADD(date, number, [unit])", "Adds time: unit \"y\", \"q\", \"m\", \"w\", \"d\" (default), \"h\", \"mi\", \"s\". Months stay within the month end.", "加上一段时间：单位 \"y\" 年、\"q\" 季、\"m\" 月、\"w\" 周、\"d\" 天（默认）、\"h\" 时、\"mi\" 分、\"s\" 秒。按月加时不超过月末。", "DATEADD({下次跟进}, 7, \"d\")") with { ResultFrom = i => i == 0, Differences = Localized("Not an Excel function; like Jiandaoyun's DATEDELTA with a unit.", "非 Excel 函数；类似简道云带单位的 DATEDELTA。") },
        // over subform rows and arrays
        F("SUMIF", "lists", 2, 3, Number, "SUMIF(range, criteria, [sum_range])", "Adds the values whose range entry meets the criteria: 5, \">100\", \"<>A\", \"A*\", \"\" for blank.", "对满足条件的项求和，条件如 5、\">100\"、\"<>A\"、\"A*\"、\"\"（空）。", "SUMIF({明细.类别}, \"硬件\", {明细.金额})"),
        F("COUNTIF", "lists", 2, 2, Number, "COUNTIF(range, criteria)", "Counts the entries that meet the criteria.", "统计满足条件的项数。", "COUNTIF({明细.状态}, \"已发货\")"),
        F("AVERAGEIF", "lists", 2, 3, Number, "AVERAGEIF(range, criteria, [average_range])", "The mean of the values whose entry meets the criteria; #DIV/0! when none does.", "满足条件的项的平均值；没有满足条件的项时返回 #DIV/0!。", "AVERAGEIF({明细.类别}, \"服务\", {明细.金额})"),
        F("SUMPRODUCT", "lists", 1, Many, Number, "SUMPRODUCT(list1, [list2], …)", "Multiplies lists entry by entry and adds the products; lists must be the same length.", "将各列表对应项相乘后求和；列表长度必须相同。", "SUMPRODUCT({明细.单价}, {明细.数量})"),
        F("MAXIFS", "lists", 3, Many, Number, "MAXIFS(max_range, criteria_range1, criteria1, …)", "The largest value whose entries meet every criterion; 0 when none does.", "满足所有条件的项中的最大值；没有时返回 0。", "MAXIFS({明细.金额}, {明细.类别}, \"硬件\")"),
        F("MINIFS", "lists", 3, Many, Number, "MINIFS(min_range, criteria_range1, criteria1, …)", "The smallest value whose entries meet every criterion; 0 when none does.", "满足所有条件的项中的最小值；没有时返回 0。", "MINIFS({明细.金额}, {明细.类别}, \"硬件\")"),
        // information
        F("ISBLANK", "information", 1, 1, FormulaType.Boolean, "ISBLANK(value)", "TRUE for a blank value; an empty text or an empty list is blank too.", "值为空时返回 TRUE；空文本和空列表也算空。", "ISBLANK({电话})") with { Differences = Localized("An empty text counts as blank, as a cleared form field is; Excel's ISBLANK(\"\") is FALSE.", "空文本也算空，与清空的表单字段一致；Excel 中 ISBLANK(\"\") 为 FALSE。") },
        F("ISNUMBER", "information", 1, 1, FormulaType.Boolean, "ISNUMBER(value)", "TRUE for a number or a date.", "值为数字或日期时返回 TRUE。", "ISNUMBER({金额})"),
        F("ISTEXT", "information", 1, 1, FormulaType.Boolean, "ISTEXT(value)", "TRUE for non-empty text.", "值为非空文本时返回 TRUE。", "ISTEXT({备注})"),
    ];

    private static readonly FrozenDictionary<string, FunctionInfo> ByName = All.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    public static FunctionInfo? Find(string name) => ByName.GetValueOrDefault(name);

    private static FunctionInfo F(string name, string category, int min, int max, FormulaType returns, string signature, string en, string zh, string example) =>
        new(name, category, min, max, returns, signature, Localized(en, zh), example);

    private static LocalizedText Localized(string en, string zh) =>
        new(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>("en", en), new("zh-CN", zh)]));
}
