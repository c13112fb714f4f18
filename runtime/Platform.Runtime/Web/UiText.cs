using System.Collections.Frozen;

namespace Platform.Runtime.Web;

/// <summary>
/// The web app's own words, in English and Chinese (a form's labels come from its definition). One table, so a page
/// never holds a string a user reads.
/// </summary>
public sealed class UiText(string culture) : Platform.Engine.Forms.WordTable(culture, Words)
{
    private static readonly FrozenDictionary<string, (string En, string Zh)> Words = new Dictionary<string, (string, string)>
    {
        ["product"] = ("Platform", "Platform 平台"),
        ["signIn"] = ("Sign in", "登录"),
        ["signInTitle"] = ("Sign in to Platform", "登录 Platform"),
        ["email"] = ("Email", "邮箱"),
        ["password"] = ("Password", "密码"),
        ["signInFailed"] = ("The email or password is wrong.", "邮箱或密码不正确。"),
        ["signInMissing"] = ("Enter your email and password.", "请输入邮箱和密码。"),
        ["signOut"] = ("Sign out", "退出登录"),
        ["apps"] = ("Apps", "应用"),
        ["forms"] = ("Forms", "表单"),
        ["noApps"] = ("No apps yet.", "还没有应用。"),
        ["loadMore"] = ("Load more", "加载更多"),
        ["noRecords"] = ("No records.", "没有记录。"),
        ["language"] = ("Language", "语言"),
        ["notFound"] = ("Not found.", "未找到。"),
        ["forbidden"] = ("You may not see this.", "你没有查看权限。"),
        ["updatedAt"] = ("Updated", "更新时间"),
        ["search"] = ("Search name, phone, email…", "搜索名称、电话、邮箱…"),
        ["save"] = ("Save", "保存"),
        ["saved"] = ("Saved.", "已保存。"),
        ["unsaved"] = ("Not saved yet.", "尚未保存。"),
        ["changedElsewhere"] = ("This record was changed elsewhere. What you typed is not saved: showing the new version lets it go.", "此记录已在别处被修改。你的输入尚未保存，查看最新内容将放弃这些输入。"),
        ["reload"] = ("Show new version", "查看最新内容"),
        ["addFiles"] = ("Add files", "添加文件"),
        ["import"] = ("Import", "导入"),
        ["export"] = ("Export", "导出"),
        ["importFile"] = ("Sheet to import (.xlsx or .csv)", "要导入的表格（.xlsx 或 .csv）"),
        ["importTemplate"] = ("Download the template", "下载导入模板"),
        ["importMapping"] = ("Which field each column fills", "每一列填入哪个字段"),
        ["importSkip"] = ("(not imported)", "（不导入）"),
        ["importMode"] = ("Records", "写入方式"),
        ["importMode-insert"] = ("Add every row", "全部新增"),
        ["importMode-upsert"] = ("Update matches, add the rest", "匹配则更新，否则新增"),
        ["importMode-update"] = ("Update matches only", "只更新匹配的记录"),
        ["importKey"] = ("Matched by", "匹配字段"),
        ["importOnError"] = ("A bad row", "遇到错误行"),
        ["importOnError-skip"] = ("Skip it and go on", "跳过并继续"),
        ["importOnError-abort"] = ("Import nothing", "全部不导入"),
        ["importStart"] = ("Import", "开始导入"),
        ["importProgress"] = ("Import progress", "导入进度"),
        ["importStatus-queued"] = ("Waiting to start…", "等待开始…"),
        ["importStatus-checking"] = ("Checking every row…", "正在检查每一行…"),
        ["importStatus-running"] = ("Importing…", "正在导入…"),
        ["importStatus-done"] = ("Done.", "导入完成。"),
        ["importStatus-failed"] = ("Failed: nothing more was written.", "导入失败：没有再写入。"),
        ["importStatus-cancelled"] = ("Stopped: what was written stays.", "已停止：已写入的保留。"),
        ["importErrorReport"] = ("Download the rows that failed", "下载失败的行"),
        ["importBack"] = ("Back to the list", "返回列表"),
        ["addRow"] = ("Add a row", "添加一行"),
        ["bulkField"] = ("Field to set", "要修改的字段"),
        ["bulkRefused"] = ("Nothing was changed:", "没有修改任何记录："),
        ["bulkEdit"] = ("Edit", "批量修改"),
        ["bulkDelete"] = ("Delete", "批量删除"),
        ["clearSelection"] = ("Clear selection", "取消选择"),
        ["selectAll"] = ("Select all shown", "全选本页"),
        ["selectRow"] = ("Select", "选择"),
        ["editCell"] = ("Double-click or press Enter to edit", "双击或按回车修改"),
        ["removeFile"] = ("Remove", "移除"),
        ["uploadBroken"] = ("The upload stopped before the file arrived whole; try again.", "上传在文件完整到达前中断了，请重试。"),
        ["new"] = ("New", "新建"),
        ["newRecord"] = ("New record", "新建记录"),
        ["timeline"] = ("Timeline", "动态"),
        ["comments"] = ("Comments", "评论"),
        ["comment"] = ("Comment", "评论"),
        ["addComment"] = ("Write a comment…", "写评论…"),
        ["send"] = ("Send", "发送"),
        ["related"] = ("Related", "相关记录"),
        ["add"] = ("Add", "添加"),
        ["system"] = ("The system", "系统"),
        ["history.created"] = ("created the record", "创建了记录"),
        ["history.updated"] = ("changed", "修改了"),
        ["history.deleted"] = ("deleted the record", "删除了记录"),
        ["history.restored"] = ("restored the record", "恢复了记录"),
        ["owner"] = ("Owner", "负责人"),
        ["pageFailed"] = ("Something went wrong on this page; it has been logged. Try again, or open another page.", "此页面出错，已记录日志。请重试或打开其他页面。"),
        ["moveTo"] = ("Move to", "移到"),
        ["kanban"] = ("Board", "看板"),
        ["pool"] = ("Public pool", "公海"),
        ["claim"] = ("Claim", "领取"),
        ["claimedIt"] = ("It is yours now:", "已领取："),
        ["poolEmpty"] = ("Nothing in the pool.", "公海里没有记录。"),
        ["giveBack"] = ("Return to the pool", "退回公海"),
        ["giveBackReason"] = ("Why (the next owner reads it)", "退回原因（下一位负责人可见）"),
        ["giveBackConfirm"] = ("Return", "确认退回"),
        ["cancel"] = ("Cancel", "取消"),
        ["dashboards"] = ("Dashboards", "仪表盘"),
        ["filtered"] = ("Showing the records of the group you clicked. Close to see all.", "正在显示所点分组的记录。关闭可查看全部。"),
        ["myWork"] = ("My work", "我的待办"),
        ["myTasks"] = ("My tasks", "我的任务"),
        ["myApprovals"] = ("My approvals", "我的审批"),
        ["noTasks"] = ("No open tasks.", "没有待办任务。"),
        ["noApprovals"] = ("Nothing waits for your approval.", "没有待你审批的事项。"),
        ["due"] = ("Due", "截止"),
        ["done"] = ("Done", "完成"),
        ["openRecord"] = ("Open the record", "打开记录"),
        ["decisionComment"] = ("Comment (a rejection or return says why)", "意见（驳回或退回需填写原因）"),
        ["decision.approve"] = ("Approve", "同意"),
        ["decision.reject"] = ("Reject", "驳回"),
        ["decision.return"] = ("Return", "退回"),
        ["views"] = ("Views", "视图"),
        ["view.all"] = ("All", "全部"),
        ["view.mine"] = ("Mine", "我的"),
        ["view.myDepartment"] = ("My department's", "本部门"),
        ["profile"] = ("Profile", "个人资料"),
        ["name"] = ("Name", "姓名"),
        ["timeZone"] = ("Time zone", "时区"),
        ["tokens"] = ("Personal API tokens", "个人 API 令牌"),
        ["tokenName"] = ("What the token is for", "令牌用途"),
        ["tokenCreate"] = ("Create a token", "创建令牌"),
        ["tokenOnce"] = ("Copy it now; it is not shown again:", "请立即复制，之后不再显示："),
        ["expires"] = ("expires", "到期"),
        ["revoke"] = ("Revoke", "撤销"),
        ["back"] = ("Back to the list", "返回列表"),
        ["filter"] = ("Filter", "筛选"),
        ["filter.all"] = ("All of these", "满足全部条件"),
        ["filter.any"] = ("Any of these", "满足任一条件"),
        ["filter.addCondition"] = ("Add a condition", "添加条件"),
        ["filter.addGroup"] = ("Add a group", "添加条件组"),
        ["filter.remove"] = ("Remove", "删除"),
        ["filter.apply"] = ("Apply", "应用"),
        ["filter.clear"] = ("Clear", "清空"),
        ["filter.field"] = ("Field", "字段"),
        ["filter.op"] = ("Condition", "条件"),
        ["filter.value"] = ("Value", "值"),
        ["filter.to"] = ("to", "至"),
        ["filter.days"] = ("Days", "天数"),
        ["filter.fixed"] = ("A condition written by hand (kept as it is)", "手写的条件（保持不变）"),
        ["who.me"] = ("Me", "我"),
        ["who.myDepartment"] = ("My department", "我的部门"),
        ["who.someone"] = ("Someone…", "指定…"),
        ["op.eq"] = ("is", "等于"),
        ["op.ne"] = ("is not", "不等于"),
        ["op.gt"] = ("greater than", "大于"),
        ["op.gte"] = ("at least", "大于等于"),
        ["op.lt"] = ("less than", "小于"),
        ["op.lte"] = ("at most", "小于等于"),
        ["op.between"] = ("between", "介于"),
        ["op.in"] = ("is any of", "属于"),
        ["op.contains"] = ("contains", "包含"),
        ["op.startsWith"] = ("starts with", "开头是"),
        ["op.isEmpty"] = ("is empty", "为空"),
        ["op.isNotEmpty"] = ("is not empty", "不为空"),
        ["op.today"] = ("is today", "今天"),
        ["op.yesterday"] = ("is yesterday", "昨天"),
        ["op.tomorrow"] = ("is tomorrow", "明天"),
        ["op.thisWeek"] = ("is this week", "本周"),
        ["op.lastWeek"] = ("is last week", "上周"),
        ["op.nextWeek"] = ("is next week", "下周"),
        ["op.thisMonth"] = ("is this month", "本月"),
        ["op.lastMonth"] = ("is last month", "上月"),
        ["op.nextMonth"] = ("is next month", "下月"),
        ["op.thisYear"] = ("is this year", "今年"),
        ["op.lastYear"] = ("is last year", "去年"),
        ["op.lastNDays"] = ("in the last N days", "最近 N 天"),
        ["op.nextNDays"] = ("in the next N days", "未来 N 天"),
        ["columns"] = ("Columns", "显示列"),
        ["moveLeft"] = ("Move left", "左移"),
        ["moveRight"] = ("Move right", "右移"),
        ["groupBy"] = ("Group by", "分组"),
        ["noGroup"] = ("No grouping", "不分组"),
        ["saveView"] = ("Save the view", "保存视图"),
        ["saveAsView"] = ("Save as a new view", "另存为新视图"),
        ["deleteView"] = ("Delete the view", "删除视图"),
        ["viewName"] = ("Name of the view", "视图名称"),
        ["viewShared"] = ("Everyone sees it (a shared view)", "所有人可见（共享视图）"),
        ["viewSaved"] = ("The view is saved.", "视图已保存。"),
        ["viewChanged"] = ("Changed since it was saved", "已修改，尚未保存"),
        ["myView"] = ("only you see it", "仅自己可见"),
        ["calendar"] = ("Calendar", "日历"),
        ["previousMonth"] = ("Previous month", "上个月"),
        ["nextMonth"] = ("Next month", "下个月"),
        ["thisMonth"] = ("This month", "本月"),
        ["more"] = ("more", "更多"),
        ["addIndex"] = ("Add an index", "添加索引"),
        ["indexAdded"] = ("An index now serves this sort.", "已添加索引，此排序会快很多。"),
        ["dashboard.period"] = ("Created", "创建时间"),
        ["period.all"] = ("Any time", "全部时间"),
        ["period.thisWeek"] = ("This week", "本周"),
        ["period.thisMonth"] = ("This month", "本月"),
        ["period.lastMonth"] = ("Last month", "上月"),
        ["period.thisYear"] = ("This year", "今年"),
        ["period.last30"] = ("Last 30 days", "最近 30 天"),
        ["whose.all"] = ("Everyone's", "全部"),
        ["whose.me"] = ("Mine", "我的"),
        ["whose.myDepartment"] = ("My department's", "本部门"),
        ["exportXlsx"] = ("Export to Excel", "导出 Excel"),
        ["notifications"] = ("Notifications", "通知"),
        ["noNotifications"] = ("No notifications.", "没有通知。"),
        ["markAllRead"] = ("Mark all read", "全部标为已读"),
        ["mention"] = ("Mention people (they are notified)", "提及同事（将收到通知）"),
        ["approval"] = ("Approval", "审批"),
        ["transferTo"] = ("Hand it to", "转交给"),
        ["transfer"] = ("Transfer", "转交"),
        ["designForm"] = ("Design", "设计表单"),
        ["designTitle"] = ("Designing", "设计"),
        ["openRecords"] = ("Open the records", "查看数据"),
        ["adminOnly"] = ("Only an administrator designs the app.", "只有管理员可以设计应用。"),
        ["newForm"] = ("New form", "新建表单"),
        ["newApp"] = ("New app", "新建应用"),
        ["newName"] = ("Name", "名称"),
        ["keyOf"] = ("Key (in addresses and the API)", "标识（用于网址和接口）"),
        ["create"] = ("Create", "创建"),
        ["workflows"] = ("Workflows", "工作流"),
        ["roles"] = ("Roles and permissions", "角色与权限"),
        ["reports"] = ("Reports", "报表"),
        ["newReport"] = ("New report", "新建报表"),
        ["newDashboard"] = ("New dashboard", "新建仪表盘"),
        ["openDashboard"] = ("Open the dashboard", "查看仪表盘"),
        ["importPackage"] = ("Install a package", "安装应用包"),
        ["exportPackage"] = ("Export as a package", "导出为应用包"),
        ["newWorkflow"] = ("New workflow", "新建工作流"),
        ["workflowTrigger"] = ("Starts when", "触发方式"),
        ["workflowState"] = ("State", "状态"),
        ["lastRun"] = ("Last run", "最近运行"),
        ["keyInvalid"] = ("A key starts with a letter and has letters, digits and _ only.", "标识以字母开头，只含字母、数字和下划线。"),
        ["keyTaken"] = ("This key is taken.", "这个标识已被使用。"),
    }.ToFrozenDictionary();

    /// <summary>How many records, as a sentence says it ("1 record", "60 records", "60 条记录").</summary>
    public string Records(long count) =>
        Chinese ? $"{count.ToString("N0", CultureInfo)} 条记录" : count == 1 ? "1 record" : $"{count.ToString("N0", CultureInfo)} records";

    /// <summary>What the engine refused (not found, not allowed, changed meanwhile...), in this language.</summary>
    public string Problem(Platform.Engine.Validation.PlatformException problem) => problem.Describe(Culture);

    /// <summary>How many records are chosen ("3 selected", "已选 3 条").</summary>
    public string Selected(int count) => Chinese ? $"已选 {count} 条" : $"{count} selected";

    /// <summary>How far an import got: "120 of 500 rows read: 100 added, 10 updated, 10 failed".</summary>
    public string ImportCounts(long read, long? total, long created, long updated, long failed) => Chinese
        ? $"已读取 {read.ToString("N0", CultureInfo)}{(total is { } t ? $" / {t.ToString("N0", CultureInfo)}" : "")} 行：新增 {created:N0}，更新 {updated:N0}，失败 {failed:N0}"
        : $"{read.ToString("N0", CultureInfo)}{(total is { } t2 ? $" of {t2.ToString("N0", CultureInfo)}" : "")} rows read: {created:N0} added, {updated:N0} updated, {failed:N0} failed";

    public string RemoveRow(int number) => Chinese ? $"删除第 {number} 行" : $"Remove row {number}";

    public string BulkChanged(int count) => Chinese ? $"已修改 {count} 条记录。" : count == 1 ? "1 record changed." : $"{count} records changed.";

    public string BulkDeleted(int count) => Chinese ? $"已删除 {count} 条记录（可在回收站恢复）。" : count == 1 ? "1 record deleted (it can be restored)." : $"{count} records deleted (they can be restored).";

    public string BulkApply(int count) => Chinese ? $"应用到 {count} 条记录" : count == 1 ? "Apply to 1 record" : $"Apply to {count} records";

    public string BulkDeleteAsk(int count) => Chinese
        ? $"删除这 {count} 条记录？它们会进入回收站，可以恢复。"
        : $"Delete {(count == 1 ? "this record" : $"these {count} records")}? They go to the recycle bin and can be restored.";

    /// <summary>Why a sort is slow: "Sorting 1,000,000 records by 'City' reads all of them…".</summary>
    public string SlowSort(long count, string field) => Chinese
        ? $"按“{field}”排序 {count.ToString("N0", CultureInfo)} 条记录没有索引可用，每一页都要读取并排序全部记录，会比较慢。"
        : $"Sorting {count.ToString("N0", CultureInfo)} records by '{field}' has no index to use: each page reads and sorts all of them, which is slow.";

    /// <summary>Where the user stands with a pool: "Claimed today 3 of 20 · holding 12 of 200".</summary>
    public string PoolStanding(Platform.Engine.Records.PoolStanding standing)
    {
        var today = standing.ClaimsPerDay is { } perDay
            ? Chinese ? $"今日已领取 {standing.ClaimedToday} / {perDay}" : $"Claimed today {standing.ClaimedToday} of {perDay}"
            : Chinese ? $"今日已领取 {standing.ClaimedToday}" : $"Claimed today {standing.ClaimedToday}";
        var held = standing.MaxHeld is { } most
            ? Chinese ? $"持有 {standing.Held} / {most}" : $"holding {standing.Held} of {most}"
            : Chinese ? $"持有 {standing.Held}" : $"holding {standing.Held}";
        return $"{today} · {held}";
    }

    /// <summary>The language a browser asks for first, of the two (English when it asks for neither).</summary>
    public static UiText ForBrowser(HttpContext? context)
    {
        var asked = context?.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault()?.Value.Value;
        return new UiText(asked ?? "en");
    }
}
