using Microsoft.AspNetCore.Components;
using Platform.Engine.Records.Query;

namespace Platform.Designer.Reports;

/// <summary>
/// What the page's filter builder is given to edit a report's record filter: the form counted, the filter it has now, and
/// where the applied one goes. The builder is the record list's own, so a report filters as a list does.
/// </summary>
public sealed record ReportFilterSlot(string Form, Filter? Filter, EventCallback<Filter?> Apply);
