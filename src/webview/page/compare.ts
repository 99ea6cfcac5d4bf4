// The comparison page (bundled for the browser into dist/webview/compare.js). It draws the model
// the extension sends and never computes an estimate: the figures come from the host, the words
// and the plan table from src/present. Every message is checked on arrival (HostMessageSchema);
// everything from the user's files goes in as text (dom.ts).
import { gb, kpu } from '../../present/format';
import { HostMessageSchema, type PageMessage, type PanelState, type WhatIf } from '../../present/messages';
import { compareColumns, planTable } from '../../present/planTable';
import { refComparisonTable } from '../../present/refComparison';
import type { ApplyView, CompareModel, PlanView, RefComparison } from '../../present/views';
import { bars, h } from './dom';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;

/** The state of the comparison shown: the host's, with the page's own what-if and chain. */
let state: PanelState | undefined;

function send(message: PageMessage): void {
  vscode.postMessage(message);
}

function saveState(next: PanelState): void {
  state = next;
  vscode.setState(next);
}

let timer: ReturnType<typeof setTimeout> | undefined;
function whatIfChanged(): void {
  clearTimeout(timer);
  timer = setTimeout(() => {
    const q = (id: string) => document.getElementById(id) as HTMLInputElement;
    const rows: Record<string, number> = {};
    for (const el of document.querySelectorAll<HTMLInputElement>('input[data-rows]')) {
      const v = Number(el.value);
      if (el.value !== '' && Number.isFinite(v) && v >= 0) rows[el.dataset.rows ?? ''] = v;
    }
    const whatIf: WhatIf = {
      parallelism: Math.max(1, Math.round(Number(q('wi-parallelism').value) || 1)),
      parallelismPerKPU: Math.min(8, Math.max(1, Math.round(Number(q('wi-ppk').value) || 1))),
      region: q('wi-region').value,
      stateTtlDays: Math.max(0, Number(q('wi-ttl').value) || 0),
      rows,
    };
    if (state) saveState({ ...state, whatIf });
    send({ type: 'whatIf', whatIf });
  }, 250);
}

function field(id: string, label: string, value: string, attrs: Record<string, string>): HTMLElement {
  const input = h('input', { id, type: 'number', value, ...attrs });
  input.addEventListener('input', whatIfChanged);
  return h('label', { for: id }, [label, input]);
}

/** What-if controls: the extension recomputes the comparison with their figures. */
function buildControls(m: CompareModel): HTMLElement {
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
      placeholder: inp.ratePerSec !== undefined ? `${inp.ratePerSec}/s` : '',
    });
    input.addEventListener('input', whatIfChanged);
    fieldset.append(h('label', {}, [`Rows of ${inp.name}${inp.source === 'default' ? ' (default)' : ''}`, input]));
  }
  return fieldset;
}

const BAR_LABELS: Record<PlanView['id'], string> = {
  binary: 'binary joins',
  multiJoin: 'MultiJoin',
  union: 'union rewrite',
};

function header(m: CompareModel): HTMLElement {
  const el = h('header', {}, [h('h1', {}, ['Compare join plans']), h('p', { class: 'muted' }, [m.title])]);
  if (m.chains.length > 1) {
    const sel = h(
      'select',
      { id: 'chain', 'aria-label': 'Join chain' },
      m.chains.map((c, i) => {
        const o = h('option', { value: String(i) }, [c]);
        if (i === m.chainIndex) o.setAttribute('selected', '');
        return o;
      }),
    ) as HTMLSelectElement;
    sel.addEventListener('change', () => {
      const chain = Number(sel.value);
      if (state) saveState({ ...state, chain });
      send({ type: 'selectChain', chain });
    });
    el.append(h('label', { for: 'chain' }, ['Chain ', sel]));
  } else el.append(h('p', {}, [m.chains[0]]));
  el.append(
    h('p', { class: 'muted' }, [
      `Statistics: ${m.statsFrom}. Key groups: ${m.keyGroups.join('; ')}. Amplification x${m.amplification.toFixed(2)} (binary / union).`,
    ]),
  );
  return el;
}

/** Three plans side by side: operator trees with the state of each operator. */
function planColumns(m: CompareModel): HTMLElement {
  const cols = h('section', { class: 'plans', 'aria-label': 'Plans' });
  for (const p of m.plans) {
    const col = h('article', { class: `plan${p.available ? '' : ' unavailable'}` }, [
      h('h2', {}, [p.label]),
      h('p', { class: 'total' }, [p.available ? gb(p.stateBytes) : 'not available']),
    ]);
    if (!p.available) col.append(h('p', { class: 'muted' }, [p.reason ?? '']));
    const list = h('ol', { class: 'tree' });
    for (const o of p.operators)
      list.append(
        h('li', { tabindex: '0', title: o.detail }, [
          h('span', { class: 'op' }, [o.name]),
          h('span', { class: 'state' }, [gb(o.stateBytes)]),
        ]),
      );
    col.append(list);
    cols.append(col);
  }
  return cols;
}

function charts(m: CompareModel): HTMLElement {
  const [binary, , union] = m.plans;
  const k = binary.job.kpu;
  return h('section', { class: 'charts' }, [
    bars(
      'Chain state',
      m.plans
        .filter((p) => p.available)
        .map((p) => ({ label: BAR_LABELS[p.id], value: p.stateBytes, text: gb(p.stateBytes) })),
    ),
    bars('KPU needed per dimension (as written)', [
      { label: 'CPU', value: k.byDimension.cpu, text: kpu(k.byDimension.cpu) },
      {
        label: 'memory',
        value: k.byDimension.memory,
        text: k.memoryDeclared ? kpu(k.byDimension.memory) : 'unknown (not declared)',
      },
      { label: 'storage', value: k.byDimension.storage, text: kpu(k.byDimension.storage) },
      {
        label: 'storage (union)',
        value: union.job.kpu.byDimension.storage,
        text: kpu(union.job.kpu.byDimension.storage),
      },
    ]),
  ]);
}

/** The job under each plan: the rows of src/present/planTable.ts. */
function jobTable(m: CompareModel): HTMLElement[] {
  const t = planTable(compareColumns(m.plans), { hasSql: true });
  const table = h('table', {}, [h('caption', {}, ['The whole job with this chain under each plan'])]);
  table.append(
    h('thead', {}, [
      h('tr', {}, [h('th', { scope: 'col' }, ['']), ...m.plans.map((p) => h('th', { scope: 'col' }, [p.label]))]),
    ]),
  );
  table.append(
    h(
      'tbody',
      {},
      t.rows.map((r) => h('tr', {}, [h('th', { scope: 'row' }, [r.label]), ...r.cells.map((c) => h('td', {}, [c]))])),
    ),
  );
  return [table, ...t.notes.map((n) => h('p', { class: 'muted small' }, [n]))];
}

function actions(m: CompareModel): HTMLElement[] {
  const exportBtn = h('button', { type: 'button' }, ['Export as Markdown']);
  exportBtn.addEventListener('click', () => send({ type: 'export' }));
  const reveal = h('button', { type: 'button', class: 'secondary' }, ['Show the SQL']);
  reveal.addEventListener('click', () => send({ type: 'reveal' }));
  const out = [h('p', { class: 'actions' }, [exportBtn, reveal])];
  const rw = m.rewrite;
  if (rw) {
    const gen = h('button', { type: 'button', id: 'generate-rewrite' }, [
      'Generate the DataStream union rewrite (Java)',
    ]);
    if (rw.available) gen.addEventListener('click', () => send({ type: 'rewrite' }));
    else gen.setAttribute('disabled', '');
    const note = rw.available
      ? `Its union stages hold ${gb(rw.stateBytes ?? 0)} (the SQL joins ${gb(rw.binaryBytes ?? 0)}), with this file\u2019s statistics. Written as a Maven module into a folder you choose, never over a file; it cannot restore the SQL job\u2019s savepoints.`
      : `Cannot be generated: ${rw.reason ?? ''}`;
    out.push(h('p', { class: 'actions rewrite' }, [gen, h('span', { class: 'muted small' }, [` ${note}`])]));
  }
  return out;
}

/** "Apply to the descriptor": what it writes, and what it cannot write with why. */
function applySection(a: ApplyView): HTMLElement {
  const btn = h('button', { type: 'button', id: 'apply-descriptor' }, ['Apply to the descriptor']);
  if (a.edits.length > 0) btn.addEventListener('click', () => send({ type: 'applyToDescriptor' }));
  else btn.setAttribute('disabled', '');
  const note =
    a.descriptor === undefined
      ? `Cannot be applied: ${a.reason ?? ''}.`
      : a.edits.length > 0
        ? `Writes ${a.edits.map((e) => `${e.label} ${e.from} \u2192 ${e.to}`).join(', ')} into ${a.descriptor}, as an edit you can undo.`
        : `Nothing of this can be written into ${a.descriptor}.`;
  const section = h('section', { class: 'apply', 'aria-label': 'Apply to the descriptor' }, [
    h('p', { class: 'actions' }, [btn, h('span', { class: 'muted small' }, [` ${note}`])]),
  ]);
  if (a.skipped.length > 0)
    section.append(
      h(
        'ul',
        { class: 'muted small' },
        a.skipped.map((s) => h('li', {}, [`Not written: ${s.label}: ${s.reason}.`])),
      ),
    );
  return section;
}

// "Compare with a git ref": the file's jobs before and after, above the plans, until another file is compared.
let refSection: HTMLElement | undefined;

function buildRefSection(c: RefComparison): HTMLElement {
  const t = refComparisonTable(c);
  const again = h('button', { type: 'button', class: 'secondary', id: 'compare-ref-again' }, ['Compare again']);
  again.addEventListener('click', () => send({ type: 'compareWithRefAgain' }));
  const section = h('section', { class: 'ref-diff', 'aria-label': t.title, 'data-uri': c.uri }, [
    h('h2', {}, [t.title]),
    h('p', { class: 'muted' }, [`${t.note} `, again]),
  ]);
  if (t.newAtRef) section.append(h('p', {}, [t.newAtRef]));
  if (t.rows.length === 0) {
    section.append(h('p', {}, ['No job on either side.']));
    return section;
  }
  section.append(
    h('table', {}, [
      h('caption', {}, ['Each job before \u2192 after']),
      h('thead', {}, [
        h(
          'tr',
          {},
          t.header.map((x) => h('th', { scope: 'col' }, [x])),
        ),
      ]),
      h(
        'tbody',
        {},
        t.rows.map((r) =>
          h('tr', { class: r.change }, [h('th', { scope: 'row' }, [r.label]), ...r.cells.map((x) => h('td', {}, [x]))]),
        ),
      ),
    ]),
  );
  return section;
}

/** The before/after section stays on top of what the page shows, for its own file only (`uri`: the file shown, when known). */
function placeRefSection(uri: string | undefined): void {
  if (!refSection) return;
  if (uri !== undefined && refSection.dataset.uri !== uri) {
    refSection.remove();
    refSection = undefined;
  } else app.prepend(refSection);
}

// The what-if controls survive a re-render: a new model arrives while the user types, and
// rebuilding the inputs would take their focus and the keys typed since (issue 20, item 1).
// They are rebuilt only when their set changes (another chain, other inputs, other regions).
let controls: HTMLElement | undefined;
let controlsKey = '';
let renders = 0;

function render(m: CompareModel): void {
  const key = JSON.stringify([m.chainIndex, m.regions, m.inputs.map((i) => i.name)]);
  if (!controls || key !== controlsKey) {
    controls = buildControls(m);
    controlsKey = key;
  }
  const keep = controls;
  const before: Node[] = [
    header(m),
    planColumns(m),
    charts(m),
    ...jobTable(m),
    h('section', { class: 'why' }, [
      h('h2', {}, ['What the rewrite changes, and why']),
      h(
        'ul',
        {},
        m.explanation.map((x) => h('li', {}, [x])),
      ),
    ]),
  ];
  const after: Node[] = [
    ...(m.apply ? [applySection(m.apply)] : []),
    ...actions(m),
    h('p', { class: 'muted small' }, [`Assumptions: ${m.assumptions}`]),
  ];
  // Everything but the controls is replaced; the controls stay in the page (a focused input
  // taken out of the document would lose its focus).
  for (const c of [...app.childNodes]) if (c !== keep && c !== refSection) c.remove();
  if (keep.parentNode !== app) app.append(keep);
  keep.before(...before);
  keep.after(...after);
  placeRefSection(state?.uri);
  app.dataset.renders = String(++renders);
}

function showError(message: string): void {
  app.replaceChildren(h('p', { class: 'error' }, [message]));
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = HostMessageSchema.safeParse(event.data);
  if (!parsed.success) {
    // One of the host's messages that does not match this page (an extension and page of two
    // versions): say so rather than draw half a comparison. Anything else is not ours.
    const type = (event.data as { type?: unknown } | null)?.type;
    if (type === 'model' || type === 'error' || type === 'refComparison')
      showError('This comparison could not be shown: reopen it.');
    return;
  }
  const msg = parsed.data;
  if (msg.type === 'model') {
    saveState(msg.state);
    render(msg.model);
  } else if (msg.type === 'error') {
    if (msg.state) saveState(msg.state);
    showError(msg.message);
    placeRefSection(msg.state?.uri);
  } else {
    refSection?.remove();
    refSection = buildRefSection(msg.comparison);
    placeRefSection(undefined);
  }
});
send({ type: 'ready' });
