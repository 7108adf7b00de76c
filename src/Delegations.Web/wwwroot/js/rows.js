// Repeating rows in any form: a container [data-rows="name"], a <template data-template="name"> holding one row,
// buttons [data-add-row="name"] and [data-remove-row]. Inputs are named by JSON path (members[2].fullName) and
// identified by members-2-fullName, so removing a row renumbers the rest. Each change fires "rows:changed".
(() => {
  'use strict';

  function renumber(container) {
    [...container.querySelectorAll(':scope > [data-row]')].forEach((row, n) => {
      row.querySelectorAll('[name]').forEach((el) => { el.name = el.name.replace(/\[(\d+|__i__)\]/, `[${n}]`); });
      for (const attribute of ['id', 'for', 'aria-describedby']) {
        row.querySelectorAll(`[${attribute}]`).forEach((el) => {
          el.setAttribute(attribute, el.getAttribute(attribute).replace(/-(\d+|__i__)-/g, `-${n}-`));
        });
      }
      row.querySelectorAll('[data-row-number]').forEach((el) => { el.textContent = String(n + 1); });
    });
  }

  document.addEventListener('click', (event) => {
    const add = event.target.closest('[data-add-row]');
    if (add) {
      const scope = add.closest('form') ?? document;
      const list = add.dataset.addRow;
      const container = scope.querySelector(`[data-rows="${list}"]`);
      const template = scope.querySelector(`template[data-template="${list}"]`);
      if (!container || !template) return;
      const row = template.content.firstElementChild.cloneNode(true);
      container.appendChild(row);
      renumber(container);
      container.dispatchEvent(new CustomEvent('rows:changed', { bubbles: true, detail: { list, row, added: true } }));
      row.querySelector('input:not([type="hidden"]), select, textarea')?.focus();
      return;
    }
    const remove = event.target.closest('[data-remove-row]');
    if (remove) {
      const row = remove.closest('[data-row]');
      const container = row.parentElement;
      const neighbour = row.nextElementSibling ?? row.previousElementSibling;
      const addButton = container.parentElement.querySelector('[data-add-row]');
      row.remove();
      renumber(container);
      container.dispatchEvent(new CustomEvent('rows:changed', { bubbles: true, detail: { list: container.dataset.rows, added: false } }));
      (neighbour?.querySelector('input:not([type="hidden"]), select, textarea') ?? addButton)?.focus();
    }
  });
})();
