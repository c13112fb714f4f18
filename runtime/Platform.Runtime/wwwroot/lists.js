// The widths a user gave a list's columns by dragging their edges (CSS resize, no script needed for that), read when
// they save the view: { field: pixels } for every header marked with data-column.
window.platformLists = {
    widths(table) {
        const widths = {};
        table?.querySelectorAll('[data-column]').forEach(th => widths[th.dataset.column] = Math.round(th.getBoundingClientRect().width));
        return widths;
    }
};

// Changing a list in place with one listener per list, not one per cell (each would be held by the server for the page's
// life): a double-click, Enter or F2 on an editable cell, and a row's checkbox, are told to the list by their row and column.
window.platformLists.cells = (table, list, chosen) => {
    window.platformLists.decorate(table, chosen);
    if (!table || table.dataset.cells) return;
    table.dataset.cells = 'on';
    const cell = e => e.target.closest?.('td[data-col]');
    const edit = td => list.invokeMethodAsync('EditCell', Number(td.parentElement.dataset.row), Number(td.dataset.col));
    table.addEventListener('dblclick', e => { const td = cell(e); if (td && !e.target.closest('.cell-editor')) edit(td); });
    table.addEventListener('keydown', e => {
        const td = cell(e);
        if (td && e.target === td && (e.key === 'Enter' || e.key === 'F2')) { e.preventDefault(); edit(td); }
    });
    table.addEventListener('change', e => {
        const box = e.target.closest?.('input[data-select]');
        if (box) list.invokeMethodAsync('SelectRow', box.dataset.select === 'all' ? -1 : Number(box.dataset.select), box.checked);
    });
};

// The first input of an editor takes the focus, so typing starts at once.
window.platformLists.focusIn = box => box?.querySelector('input:not([type=hidden]), textarea, [tabindex="0"]')?.focus();

// After an edit, the keyboard is back on the cell it started from (its row drawn again: decorated first).
window.platformLists.focusCell = (table, row, column) => {
    window.platformLists.decorate(table);
    table?.querySelector(`tr[data-row="${row}"] td[data-col="${column}"]`)?.focus();
};

// What every cell of a column shares, copied from its heading after each render rather than drawn into each cell: the label
// a phone shows before the value, and whether it is edited in place (then it takes the keyboard's focus). Drawn by the
// server, each would be held in memory per cell for as long as the page is open. The rows the user chose (by number) are
// ticked here too, so a row's HTML stays the same whether it is chosen or not.
window.platformLists.decorate = (table, chosen) => {
    if (!table) return;
    const heads = [...table.querySelectorAll('thead th')];
    if (chosen) {
        const ticked = new Set(chosen);
        table.querySelectorAll('tbody tr[data-row] input[data-select]').forEach(box => box.checked = ticked.has(Number(box.dataset.select)));
    }
    table.querySelectorAll('tbody tr[data-row]').forEach(tr => [...tr.cells].forEach((td, i) => {
        const th = heads[i];
        if (!th || th.dataset.label === undefined) return;
        td.dataset.label = th.dataset.label;
        if (th.dataset.col !== undefined) {
            td.dataset.col = th.dataset.col;
            td.tabIndex = 0;
        } else if (td.dataset.col !== undefined) {
            delete td.dataset.col;
            td.removeAttribute('tabindex');
        }
    }));
};
