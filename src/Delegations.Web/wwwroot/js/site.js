// Behaviour shared by every page. No inline scripts anywhere: the content security policy allows only files from 'self'.
(() => {
  'use strict';

  // A form sends once: buttons marked data-once are disabled right after the submit (the server also refuses a
  // repeated command through its idempotency key; this just spares the second click).
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
    const buttons = form.querySelectorAll('button[data-once]');
    window.setTimeout(() => buttons.forEach((b) => { b.disabled = true; b.setAttribute('aria-busy', 'true'); }), 0);
  });

  // Sign-in page, demo mode: a click on a demo account fills in the form.
  document.querySelectorAll('[data-demo-email]').forEach((button) => {
    button.addEventListener('click', () => {
      const email = document.getElementById('email');
      const password = document.getElementById('password');
      if (!email || !password) return;
      email.value = button.dataset.demoEmail;
      password.value = button.dataset.demoPassword;
      password.focus();
    });
  });

  // Copy buttons (the calendar address).
  document.querySelectorAll('[data-copy]').forEach((button) => {
    button.addEventListener('click', async () => {
      const source = document.getElementById(button.dataset.copy);
      if (!source) return;
      source.select?.();
      try {
        await navigator.clipboard.writeText(source.value ?? source.textContent);
        const done = button.dataset.copied;
        if (done) { const before = button.textContent; button.textContent = done; window.setTimeout(() => { button.textContent = before; }, 1500); }
      } catch { /* the text stays selected for a manual copy */ }
    });
  });

  // Error summaries take the focus, so a screen reader announces them and the keyboard starts there.
  document.getElementById('error-summary')?.focus();
})();
