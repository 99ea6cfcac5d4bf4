// Building the page's elements. Text goes in as text nodes and attributes through setAttribute,
// never as markup: a table named `<img src=x onerror=...>` shows as those characters.
const SVG = 'http://www.w3.org/2000/svg';

export function h(tag: string, attrs: Record<string, string> = {}, kids: (Node | string)[] = []): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of kids) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

export interface Bar {
  label: string;
  value: number;
  text: string;
}

/** Horizontal bars, one per row, scaled to the largest value, in a captioned figure. */
export function bars(title: string, rows: readonly Bar[]): HTMLElement {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const width = 420;
  const rowH = 26;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${rows.length * rowH + 4}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${title}: ${rows.map((r) => `${r.label} ${r.text}`).join(', ')}`);
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
    rect.setAttribute('class', `bar bar-${i}`);
    const value = document.createElementNS(SVG, 'text');
    value.setAttribute('x', String(176 + (r.value / max) * (width - 260)));
    value.setAttribute('y', String(y + 16));
    value.textContent = r.text;
    const tip = document.createElementNS(SVG, 'title');
    tip.textContent = `${r.label}: ${r.text}`;
    rect.append(tip);
    svg.append(label, rect, value);
  });
  return h('figure', {}, [h('figcaption', {}, [title]), svg]);
}
