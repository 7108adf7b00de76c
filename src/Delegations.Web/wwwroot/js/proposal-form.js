// The proposal form (rows.js does the repeating rows): the sections that depend on the kind of delegation, the
// date limits, a new agenda line's date, and the live budget total in VND. Without scripts the form still posts
// and is validated on the server.
(() => {
  'use strict';
  const form = document.querySelector('[data-proposal-form]');
  if (!form) return;

  const lang = form.dataset.lang === 'en' ? 'en' : 'vi';
  const number = new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'vi-VN', { maximumFractionDigits: 0 });
  const money = (value) => (lang === 'en' ? `${number.format(value)} VND` : `${number.format(value)} ₫`);

  const field = (name) => form.querySelector(`[data-field="${name}"]`);

  function addDays(iso, days) {
    const d = new Date(`${iso}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  // A new agenda line starts the day after the last one (within the trip).
  function prefill(list, row, container) {
    if (list !== 'agenda') return;
    const dates = [...container.querySelectorAll('[data-field="agenda-date"]')].map((el) => el.value).filter(Boolean).sort();
    const start = field('start')?.value;
    const end = field('end')?.value;
    let next = dates.length ? addDays(dates[dates.length - 1], 1) : start;
    if (next && end && next > end) next = end;
    const input = row.querySelector('[data-field="agenda-date"]');
    if (input && next) input.value = next;
  }

  function applyKind() {
    const checked = form.querySelector('input[name="kind"]:checked') ?? form.querySelector('input[type="hidden"][name="kind"]');
    const kind = checked?.value ?? 'outbound';
    form.querySelectorAll('[data-kinds]').forEach((el) => { el.hidden = !el.dataset.kinds.split(' ').includes(kind); });
  }

  function applyDates() {
    const start = field('start')?.value;
    const end = field('end')?.value;
    if (field('end')) field('end').min = start || '';
    form.querySelectorAll('[data-field="agenda-date"]').forEach((el) => { el.min = start || ''; el.max = end || ''; });
  }

  function updateBudget() {
    let total = 0;
    form.querySelectorAll('[data-budget-line]').forEach((line) => {
      const amount = parseFloat(line.querySelector('[data-field="amount"]')?.value ?? '');
      const currency = line.querySelector('[data-field="currency"]')?.value || 'VND';
      const rateBox = line.querySelector('[data-needs-rate]');
      if (rateBox) rateBox.hidden = currency === 'VND';
      const rate = currency === 'VND' ? 1 : parseFloat(line.querySelector('[data-field="rate"]')?.value ?? '');
      const output = line.querySelector('[data-line-vnd]');
      if (Number.isFinite(amount) && Number.isFinite(rate)) {
        const vnd = Math.round(amount * rate);
        total += vnd;
        if (output) output.textContent = money(vnd);
      } else if (output) {
        output.textContent = '—';
      }
    });
    const totalOutput = form.querySelector('[data-budget-total]');
    if (totalOutput) totalOutput.textContent = money(total);
  }

  form.addEventListener('rows:changed', (event) => {
    if (event.detail.added) prefill(event.detail.list, event.detail.row, event.target);
    applyDates();
    updateBudget();
  });

  form.addEventListener('input', (event) => {
    if (event.target.closest('[data-budget-line]')) updateBudget();
    if (event.target.matches('[data-field="start"], [data-field="end"]')) applyDates();
  });
  form.addEventListener('change', (event) => {
    if (event.target.name === 'kind') applyKind();
    if (event.target.closest('[data-budget-line]')) updateBudget();
    if (event.target.matches('[data-field="start"], [data-field="end"]')) applyDates();
  });

  applyKind();
  applyDates();
  updateBudget();
})();
