// Comparison page. Draws the model the extension sends; never computes an estimate.
// Everything from the user's files goes through textContent (no innerHTML), so names
// like `<img src=x onerror=...>` show as text.
// @ts-check
(() => {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  const SVG = 'http://www.w3.org/2000/svg';
  /** @type {any} */
  let model;
  /** @type {any} */
  let state = vscode.getState() || {};

  /** @param {string} tag @param {Record<string,string>} [attrs] @param {(Node|string)[]} [kids] */
  function h(tag, attrs, kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
    for (const c of kids || []) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return el;
  }
  /** @param {number} b */
  function gb(b) {
    const g = b / 1e9;
    if (g >= 100) return Math.round(g) + ' GB';
    if (g >= 1) return g.toFixed(1) + ' GB';
    const m = b / 1e6;
    return m >= 1 ? m.toFixed(1) + ' MB' : Math.round(b / 1e3) + ' kB';
  }
  /** @param {number|undefined} n */
  function usd(n) {
    return n === undefined || n === null ? 'n/a' : '$' + Math.round(n).toLocaleString('en-US');
  }
  /** @param {number} s */
  function dur(s) {
    return s < 90 ? Math.round(s) + ' s' : s < 5400 ? (s / 60).toFixed(1) + ' min' : (s / 3600).toFixed(1) + ' h';
  }

  /** Horizontal bars, one per row, scaled to the largest value. @param {string} title @param {{label:string,value:number,text:string}[]} rows */
  function bars(title, rows) {
    const max = Math.max(1, ...rows.map((r) => r.value));
    const width = 420;
    const rowH = 26;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${rows.length * rowH + 4}`);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', title + ': ' + rows.map((r) => r.label + ' ' + r.text).join(', '));
    svg.classList.add('bars');
    rows.forEach((r, i) => {
      const y = i * rowH + 2;
      const label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', '0');
      label.setAttribute('y', String(y + 16));
      label.textContent = r.label;
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('x', '170');
      rect.setAttribute('y', String(y + 4));
      rect.setAttribute('height', '16');
      rect.setAttribute('width', String(Math.max(1, (r.value / max) * (width - 260))));
      rect.setAttribute('class', 'bar bar-' + i);
      const value = document.createElementNS(SVG, 'text');
      value.setAttribute('x', String(176 + (r.value / max) * (width - 260)));
      value.setAttribute('y', String(y + 16));
      value.textContent = r.text;
      const tip = document.createElementNS(SVG, 'title');
      tip.textContent = r.label + ': ' + r.text;
      rect.append(tip);
      svg.append(label, rect, value);
    });
    return h('figure', {}, [h('figcaption', {}, [title]), svg]);
  }

  function send(msg) {
    vscode.postMessage(msg);
  }

  /** @type {ReturnType<typeof setTimeout>|undefined} */
  let timer;
  function whatIfChanged() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const q = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
      const rows = {};
      document.querySelectorAll('input[data-rows]').forEach((el) => {
        const input = /** @type {HTMLInputElement} */ (el);
        const v = Number(input.value);
        if (input.value !== '' && Number.isFinite(v) && v >= 0) rows[input.dataset.rows || ''] = v;
      });
      const whatIf = {
        parallelism: Math.max(1, Math.round(Number(q('wi-parallelism').value) || 1)),
        parallelismPerKPU: Math.min(8, Math.max(1, Math.round(Number(q('wi-ppk').value) || 1))),
        region: q('wi-region').value,
        stateTtlDays: Math.max(0, Number(q('wi-ttl').value) || 0),
        rows,
      };
      state = { ...state, whatIf };
      vscode.setState(state);
      send({ type: 'whatIf', whatIf });
    }, 250);
  }

  /** @param {string} id @param {string} label @param {string} value @param {Record<string,string>} [attrs] */
  function field(id, label, value, attrs) {
    const input = h('input', { id, type: 'number', value, ...(attrs || {}) });
    input.addEventListener('input', whatIfChanged);
    return h('label', { for: id }, [label, input]);
  }

  // The what-if controls survive a re-render: a new model arrives while the user types, and
  // rebuilding the inputs would take their focus and the keys typed since (issue 20, item 1).
  // They are rebuilt only when their set changes (another chain, other inputs, other regions).
  /** @type {HTMLElement|undefined} */
  let controls;
  let controlsKey = '';
  let renders = 0;

  function render() {
    const m = model;
    const key = JSON.stringify([m.chainIndex, m.regions, m.inputs.map((/** @type {any} */ i) => i.name)]);
    if (!controls || key !== controlsKey) {
      controls = buildControls(m);
      controlsKey = key;
    }
    const keep = controls;
    /** @type {Node[]} */
    const out = [];
    const header = h('header', {}, [h('h1', {}, ['Compare join plans']), h('p', { class: 'muted' }, [m.title])]);
    if (m.chains.length > 1) {
      const sel = h(
        'select',
        { id: 'chain', 'aria-label': 'Join chain' },
        m.chains.map((c, i) => {
          const o = h('option', { value: String(i) }, [c]);
          if (i === m.chainIndex) o.setAttribute('selected', '');
          return o;
        }),
      );
      sel.addEventListener('change', () => {
        state = { ...state, chain: Number(/** @type {HTMLSelectElement} */ (sel).value) };
        vscode.setState(state);
        send({ type: 'selectChain', chain: state.chain });
      });
      header.append(h('label', { for: 'chain' }, ['Chain ', sel]));
    } else header.append(h('p', {}, [m.chains[0]]));
    header.append(
      h('p', { class: 'muted' }, [
        'Statistics: ' +
          m.statsFrom +
          '. Key groups: ' +
          m.keyGroups.join('; ') +
          '. Amplification x' +
          m.amplification.toFixed(2) +
          ' (binary / union).',
      ]),
    );
    out.push(header);

    // Three plans side by side: operator trees with state per operator.
    const cols = h('section', { class: 'plans', 'aria-label': 'Plans' });
    for (const p of m.plans) {
      const col = h('article', { class: 'plan' + (p.available ? '' : ' unavailable') }, [
        h('h2', {}, [p.label]),
        h('p', { class: 'total' }, [p.available ? gb(p.stateBytes) : 'not available']),
      ]);
      if (!p.available) col.append(h('p', { class: 'muted' }, [p.reason || '']));
      const list = h('ol', { class: 'tree' });
      for (const o of p.operators) {
        const item = h('li', { tabindex: '0', title: o.detail }, [
          h('span', { class: 'op' }, [o.name]),
          h('span', { class: 'state' }, [gb(o.stateBytes)]),
        ]);
        list.append(item);
      }
      col.append(list);
      cols.append(col);
    }
    out.push(cols);

    const avail = m.plans.filter((p) => p.available);
    out.push(
      h('section', { class: 'charts' }, [
        bars(
          'Chain state',
          avail.map((p) => ({
            label: p.id === 'binary' ? 'binary joins' : p.id === 'union' ? 'union rewrite' : 'MultiJoin',
            value: p.stateBytes,
            text: gb(p.stateBytes),
          })),
        ),
        bars('KPU needed per dimension (as written)', [
          { label: 'CPU', value: m.plans[0].job.kpu.cpu, text: m.plans[0].job.kpu.cpu + ' KPU' },
          {
            label: 'memory',
            value: m.plans[0].job.kpu.memory ?? 0,
            text: m.plans[0].job.kpu.memory === null ? 'unknown (not declared)' : m.plans[0].job.kpu.memory + ' KPU',
          },
          { label: 'storage', value: m.plans[0].job.kpu.storage, text: m.plans[0].job.kpu.storage + ' KPU' },
          { label: 'storage (union)', value: m.plans[2].job.kpu.storage, text: m.plans[2].job.kpu.storage + ' KPU' },
        ]),
      ]),
    );

    // The job under each plan.
    const table = h('table', {}, [h('caption', {}, ['The whole job with this chain under each plan'])]);
    const head = h('tr', {}, [
      h('th', { scope: 'col' }, ['']),
      ...m.plans.map((p) => h('th', { scope: 'col' }, [p.label])),
    ]);
    table.append(h('thead', {}, [head]));
    const body = h('tbody');
    /** @param {string} label @param {(p:any)=>string} f */
    const row = (label, f) =>
      body.append(
        h('tr', {}, [
          h('th', { scope: 'row' }, [label]),
          ...m.plans.map((p) => h('td', {}, [p.available ? f(p) : 'n/a'])),
        ]),
      );
    row('state on disk', (p) => gb(p.job.onDiskBytes));
    row('KPU required', (p) => String(p.job.kpu.required));
    row('KPU billed (+1 orchestration)', (p) => String(p.job.kpu.billed));
    row('binding dimension', (p) => p.job.kpu.binding);
    row('monthly cost', (p) => usd(p.job.monthlyUsd));
    // AWS bills the configuration; a plan that needs more KPUs also shows what it needs to fit.
    if (m.plans.some((p) => p.job.toFit)) {
      row('KPU to fit (+1 orchestration)', (p) =>
        p.job.toFit ? String(p.job.toFit.kpu) + ' (Parallelism ' + p.job.toFit.parallelism + ')' : 'fits',
      );
      row('monthly cost to fit', (p) => (p.job.toFit ? usd(p.job.toFit.monthlyUsd) : '-'));
    }
    row('snapshot on scaling', (p) => dur(p.job.snapshotSeconds));
    row('fits its KPUs', (p) => (p.job.fits ? 'yes' : 'no'));
    table.append(body);
    out.push(table);

    out.push(
      h('section', { class: 'why' }, [
        h('h2', {}, ['What the rewrite changes, and why']),
        h(
          'ul',
          {},
          m.explanation.map((x) => h('li', {}, [x])),
        ),
      ]),
    );

    const split = out.length;

    const exportBtn = h('button', { type: 'button' }, ['Export as Markdown']);
    exportBtn.addEventListener('click', () => send({ type: 'export' }));
    const reveal = h('button', { type: 'button', class: 'secondary' }, ['Show the SQL']);
    reveal.addEventListener('click', () => send({ type: 'reveal' }));
    out.push(h('p', { class: 'actions' }, [exportBtn, reveal]));
    if (m.rewrite) {
      const rw = m.rewrite;
      const gen = h('button', { type: 'button', id: 'generate-rewrite' }, [
        'Generate the DataStream union rewrite (Java)',
      ]);
      if (rw.available) gen.addEventListener('click', () => send({ type: 'rewrite' }));
      else gen.setAttribute('disabled', '');
      const note = rw.available
        ? 'Its union stages hold ' +
          gb(rw.stateBytes) +
          ' (the SQL joins ' +
          gb(rw.binaryBytes) +
          '), with this file\u2019s statistics. Written as a Maven module into a folder you choose, never over a file; it cannot restore the SQL job\u2019s savepoints.'
        : 'Cannot be generated: ' + rw.reason;
      out.push(h('p', { class: 'actions rewrite' }, [gen, h('span', { class: 'muted small' }, [' ' + note])]));
    }
    out.push(h('p', { class: 'muted small' }, ['Assumptions: ' + m.assumptions]));
    // Everything but the controls is replaced; the controls stay in the page (a focused input
    // taken out of the document would lose its focus).
    for (const c of [...app.childNodes]) if (c !== keep) c.remove();
    if (keep.parentNode !== app) app.append(keep);
    keep.before(...out.slice(0, split));
    keep.after(...out.slice(split));
    app.dataset.renders = String(++renders);
  }

  /** What-if controls: recomputed by the extension with the same model. @param {any} m */
  function buildControls(m) {
    const w = m.whatIf;
    const region = h(
      'select',
      { id: 'wi-region' },
      m.regions.map((r) => {
        const o = h('option', { value: r }, [r]);
        if (r === w.region) o.setAttribute('selected', '');
        return o;
      }),
    );
    region.addEventListener('change', whatIfChanged);
    const fieldset = h('fieldset', { class: 'whatif' }, [
      h('legend', {}, ['What if']),
      field('wi-parallelism', 'Parallelism', String(w.parallelism), { min: '1', step: '1' }),
      field('wi-ppk', 'ParallelismPerKPU', String(w.parallelismPerKPU), { min: '1', max: '8', step: '1' }),
      h('label', { for: 'wi-region' }, ['Region', region]),
      field('wi-ttl', 'State TTL (days, 0 = none)', String(w.stateTtlDays), { min: '0', step: '1' }),
    ]);
    for (const inp of m.inputs) {
      const input = h('input', {
        type: 'number',
        min: '0',
        value: inp.rows !== undefined ? String(inp.rows) : '',
        'data-rows': inp.name,
        placeholder: inp.ratePerSec !== undefined ? inp.ratePerSec + '/s' : '',
      });
      input.addEventListener('input', whatIfChanged);
      fieldset.append(h('label', {}, ['Rows of ' + inp.name + (inp.source === 'default' ? ' (default)' : ''), input]));
    }
    return fieldset;
  }

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'model' && msg.model && Array.isArray(msg.model.plans)) {
      model = msg.model;
      state = { ...msg.state };
      vscode.setState(state);
      render();
    } else if (msg.type === 'error' && typeof msg.message === 'string') {
      if (msg.state) vscode.setState(msg.state);
      app.replaceChildren(h('p', { class: 'error' }, [msg.message]));
    }
  });
  send({ type: 'ready' });
})();
