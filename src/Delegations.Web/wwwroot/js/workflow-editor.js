// The workflow editor (/admin/workflows/{id}): CodeMirror 5 over the definition's text area, completion from
// workflows/schema.json (Ctrl+Space), the server's validator as the linter, and a live diagram of the draft drawn by
// the server (POST /api/admin/workflows/{id}/diagram). Errors in the list and steps in the diagram jump to their line.
// Without this script the page is a plain form that validates and saves on the server.
(() => {
  'use strict';
  const textarea = document.getElementById('definition-json');
  if (!textarea || typeof window.CodeMirror === 'undefined') return;
  const CodeMirror = window.CodeMirror;
  const diagram = document.getElementById('draft-diagram');
  const stale = document.getElementById('diagram-stale');
  const errorBox = document.getElementById('definition-errors');
  const lineWord = textarea.dataset.lineText || 'line';
  let generation = 0; // the latest check wins: answers to older texts are dropped

  // ---------------------------------------------------------------- schema completion
  let schema = null;
  fetch(textarea.dataset.schemaUrl, { credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : null))
    .then((s) => { schema = s; })
    .catch(() => { /* completion is a convenience */ });

  function resolve(node) {
    let n = node;
    for (let i = 0; n && n.$ref && i < 10; i++) {
      const parts = n.$ref.replace(/^#\//, '').split('/');
      n = parts.reduce((acc, p) => (acc ? acc[p] : undefined), schema);
    }
    return n || {};
  }

  // The schema node at a path of keys and indices (null for an index).
  function schemaAt(path) {
    let node = resolve(schema);
    for (const key of path) {
      if (key === null) node = resolve(node.items || {});
      else node = resolve((node.properties || {})[key] || (typeof node.additionalProperties === 'object' ? node.additionalProperties : {}));
    }
    return node;
  }

  // Reads the text up to the cursor: the path of containers, and whether the cursor is at a property name or a value.
  function contextAt(text) {
    const stack = []; // { array: bool, key: string|null, index: number }
    let expectKey = false;
    let afterColon = false;
    let i = 0;
    let token = null; // the string literal the cursor is in: { start, value }
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        let j = i + 1;
        let value = '';
        while (j < text.length && text[j] !== '"') { if (text[j] === '\\') { value += text[j + 1] || ''; j += 2; } else { value += text[j]; j++; } }
        if (j >= text.length) { token = { start: i, value }; break; }
        const top = stack[stack.length - 1];
        if (top && !top.array && expectKey) { top.key = value; expectKey = false; }
        afterColon = false;
        i = j + 1;
        continue;
      }
      if (c === '{') { stack.push({ array: false, key: null, index: 0 }); expectKey = true; afterColon = false; }
      else if (c === '[') { stack.push({ array: true, key: null, index: 0 }); expectKey = false; afterColon = true; }
      else if (c === '}' || c === ']') { stack.pop(); expectKey = false; afterColon = false; }
      else if (c === ':') { afterColon = true; }
      else if (c === ',') {
        const top = stack[stack.length - 1];
        if (top && top.array) { top.index++; afterColon = true; } else { expectKey = true; afterColon = false; }
      }
      i++;
    }
    const top = stack[stack.length - 1];
    const atKey = !!top && !top.array && (expectKey || (token !== null && !afterColon));
    const path = [];
    stack.forEach((s, n) => {
      if (n === 0) return;
      const parent = stack[n - 1];
      path.push(parent.array ? null : parent.key);
    });
    if (!atKey && top) path.push(top.array ? null : top.key);
    return { path, atKey, token };
  }

  function stepIds(text) {
    const ids = [];
    const re = /"id"\s*:\s*"([^"]+)"/g;
    let m;
    while ((m = re.exec(text)) !== null) ids.push(m[1]);
    return ids.slice(1); // the first is the definition's own id
  }

  function schemaHint(cm) {
    if (!schema) return null;
    const cursor = cm.getCursor();
    const before = cm.getRange(CodeMirror.Pos(0, 0), cursor);
    const ctx = contextAt(before);
    const typed = ctx.token ? ctx.token.value : '';
    const from = ctx.token ? cm.posFromIndex(ctx.token.start) : cursor;
    let list = [];
    if (ctx.atKey) {
      const node = schemaAt(ctx.path);
      list = Object.keys(node.properties || {}).map((k) => ({
        text: `"${k}": `,
        displayText: k + (resolve(node.properties[k]).description ? ' — ' + resolve(node.properties[k]).description : ''),
      }));
    } else {
      const node = schemaAt(ctx.path);
      const values = [];
      (node.enum || []).forEach((v) => values.push(v));
      (node.examples || []).forEach((v) => values.push(v));
      if (node.type === 'boolean') values.push(true, false);
      const last = ctx.path[ctx.path.length - 1];
      const refersToStep = (node.pattern === '^[a-z][a-z0-9-]{0,63}$') || ['start', 'next', 'otherwise', 'join', 'approve', 'reject', 'changes'].includes(last);
      if (refersToStep) stepIds(cm.getValue()).forEach((v) => values.push(v));
      list = values.map((v) => ({ text: typeof v === 'string' ? `"${v}"` : String(v), displayText: String(v) }));
    }
    list = list.filter((h) => h.displayText.toLowerCase().startsWith(typed.toLowerCase()) || h.text.toLowerCase().includes(typed.toLowerCase()));
    if (list.length === 0) return null;
    return { list, from, to: cursor };
  }

  // ---------------------------------------------------------------- the editor
  const editor = CodeMirror.fromTextArea(textarea, {
    mode: { name: 'javascript', json: true },
    lineNumbers: true,
    matchBrackets: true,
    styleActiveLine: true,
    indentUnit: 2,
    tabSize: 2,
    lineWrapping: false,
    gutters: ['CodeMirror-lint-markers', 'CodeMirror-linenumbers'],
    extraKeys: { 'Ctrl-Space': 'autocomplete' },
    hintOptions: { hint: schemaHint, completeSingle: false },
    lint: { getAnnotations: check, async: true, delay: 700 },
  });
  editor.getWrapperElement().setAttribute('data-testid', 'code-editor');
  window.workflowEditor = editor; // for tests and the browser console

  function goToLine(line) {
    if (!line) return;
    editor.focus();
    editor.setCursor(CodeMirror.Pos(line - 1, 0));
    editor.scrollIntoView(CodeMirror.Pos(line - 1, 0), 120);
  }

  // Click on an error: to its line. Click on a step in the diagram: to where that step is defined.
  document.addEventListener('click', (event) => {
    const link = event.target.closest('.error-link');
    if (link) {
      event.preventDefault();
      goToLine(Number(link.dataset.line));
      return;
    }
    const step = event.target.closest('#draft-diagram [data-step]');
    if (step) {
      const text = editor.getValue();
      const at = text.search(new RegExp(`"id"\\s*:\\s*"${step.dataset.step.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
      if (at >= 0) goToLine(editor.posFromIndex(at).line + 1);
    }
  });

  // ---------------------------------------------------------------- the server checks: lint + diagram
  function check(text, updateLinting) {
    const mine = ++generation;
    fetch(textarea.dataset.diagramUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'image/svg+xml, application/problem+json' },
      body: text,
    }).then(async (response) => {
      if (mine !== generation) return;
      if (response.ok) {
        const svg = await response.text();
        diagram.innerHTML = svg; // drawn by our server from a valid definition, every text escaped
        stale.classList.add('d-none');
        showErrors([]);
        updateLinting([]);
        return;
      }
      let problem = {};
      try { problem = await response.json(); } catch { /* not JSON */ }
      const errors = problem.errors && Array.isArray(problem.errors) ? problem.errors : [];
      showErrors(errors);
      stale.textContent = textarea.dataset.staleText;
      stale.classList.toggle('d-none', errors.length === 0);
      updateLinting(errors.map((e) => {
        const line = Math.max(0, (e.line || 1) - 1);
        return { from: CodeMirror.Pos(line, 0), to: CodeMirror.Pos(line, editor.getLine(line) ? editor.getLine(line).length : 0), message: `${e.path}: ${e.message}`, severity: 'error' };
      }));
    }).catch(() => updateLinting([]));
  }

  function showErrors(errors) {
    if (!errorBox) return;
    const list = errorBox.querySelector('[data-errors-list]');
    const title = errorBox.querySelector('[data-errors-title]');
    list.replaceChildren();
    errors.forEach((e) => {
      const li = document.createElement('li');
      li.dataset.code = e.code || '';
      li.dataset.path = e.path || '';
      if (e.stepId) li.dataset.step = e.stepId;
      const a = document.createElement('a');
      a.href = '#definition-json';
      a.className = 'error-link';
      if (e.line) a.dataset.line = e.line;
      if (e.stepId) {
        const s = document.createElement('span');
        s.className = 'fw-semibold';
        s.textContent = e.stepId;
        a.append(s, ' · ');
      }
      const code = document.createElement('code');
      code.textContent = e.path;
      a.append(code, e.line ? ` (${lineWord} ${e.line})` : '');
      const message = document.createElement('span');
      message.className = 'error-message';
      message.textContent = e.message;
      li.append(a, ': ', message);
      list.append(li);
    });
    title.textContent = (textarea.dataset.errorsText || '{0}').replace('{0}', String(errors.length));
    errorBox.classList.toggle('d-none', errors.length === 0);
  }

  // Property names are suggested as soon as a quote opens one (values on Ctrl+Space).
  editor.on('inputRead', (cm, change) => {
    if (change.text.length !== 1 || change.text[0] !== '"' || cm.state.completionActive) return;
    if (contextAt(cm.getRange(CodeMirror.Pos(0, 0), cm.getCursor())).atKey) cm.showHint({ completeSingle: false });
  });
})();
