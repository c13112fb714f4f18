using Platform.Engine.Forms;

namespace Platform.Engine.Workflows.Tasks;

/// <summary>
/// The platform's own task form, which every app has (published when the app is made, or when a workflow first gives a
/// task): a title, the person it is for, a due time, a status, a note and the record it is about. People may add fields
/// to it; the ones here stay, since workflows and "my tasks" read them.
/// </summary>
public static class TaskForm
{
    public const string Key = "tasks";
    public const string Title = "title";
    public const string Assignee = "assignee";
    public const string Due = "due";
    public const string Status = "status";
    public const string Note = "note";
    public const string SourceForm = "source_form";
    public const string SourceId = "source_id";

    public const string Open = "open";
    public const string Done = "done";
    public const string Cancelled = "cancelled";

    public static readonly FormDefinition Definition = FormJson.Parse("""
        { "key": "tasks", "name": { "en": "Tasks", "zh-CN": "任务" },
          "fields": [
            { "key": "title", "type": "text", "required": true, "label": { "en": "Title", "zh-CN": "标题" } },
            { "key": "assignee", "type": "user", "required": true, "label": { "en": "Assignee", "zh-CN": "执行人" } },
            { "key": "due", "type": "datetime", "label": { "en": "Due", "zh-CN": "截止时间" } },
            { "key": "status", "type": "select", "required": true, "defaultValue": "open", "label": { "en": "Status", "zh-CN": "状态" },
              "options": [ { "key": "open", "label": { "en": "Open", "zh-CN": "待办" } }, { "key": "done", "label": { "en": "Done", "zh-CN": "已完成" } },
                           { "key": "cancelled", "label": { "en": "Cancelled", "zh-CN": "已取消" } } ] },
            { "key": "note", "type": "textarea", "label": { "en": "Note", "zh-CN": "备注" } },
            { "key": "source_form", "type": "text", "label": { "en": "About form", "zh-CN": "来源表单" } },
            { "key": "source_id", "type": "number", "label": { "en": "About record", "zh-CN": "来源记录" } } ],
          "indexes": [ { "fields": [ "assignee", "status", "due" ] } ] }
        """);
}
