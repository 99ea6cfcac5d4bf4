// The comparison as Markdown, for the page's export button: the plan table (planTable.ts), each
// plan's operators, the explanation and the assumptions. Table cells escape `|`.
import { gb } from './format';
import { compareColumns, planTable } from './planTable';
import type { CompareModel } from './views';

export function compareMarkdown(m: CompareModel): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `# ${esc(m.title)}`,
    '',
    esc(m.chains[m.chainIndex]),
    '',
    `Statistics: ${m.statsFrom}. Key groups: ${m.keyGroups.map(esc).join('; ')}.`,
    '',
  ];
  const table = planTable(compareColumns(m.plans), { hasSql: true });
  lines.push(`| | ${m.plans.map((p) => esc(p.label)).join(' | ')} |`);
  lines.push(`|---|${m.plans.map(() => '---:').join('|')}|`);
  for (const r of table.rows) lines.push(`| ${esc(r.label)} | ${r.cells.map(esc).join(' | ')} |`);
  if (table.notes.length) lines.push('', ...table.notes.map(esc));
  lines.push('');
  for (const p of m.plans) {
    lines.push(`## ${esc(p.label)}`, '');
    if (!p.available) lines.push(`Not available: ${esc(p.reason ?? '')}`, '');
    for (const o of p.operators) lines.push(`- ${esc(o.name)}: ${gb(o.stateBytes)}`);
    lines.push('');
  }
  lines.push('## What the rewrite changes, and why', '', ...m.explanation.map((x) => `- ${esc(x)}`), '');
  lines.push(`Assumptions: ${esc(m.assumptions)}`);
  return lines.join('\n');
}
