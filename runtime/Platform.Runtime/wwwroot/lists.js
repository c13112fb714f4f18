// The widths a user gave a list's columns by dragging their edges (CSS resize, no script needed for that), read when
// they save the view: { field: pixels } for every header marked with data-column.
window.platformLists = {
    widths(table) {
        const widths = {};
        table?.querySelectorAll('[data-column]').forEach(th => widths[th.dataset.column] = Math.round(th.getBoundingClientRect().width));
        return widths;
    }
};
