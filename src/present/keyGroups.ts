// A key group's statistics in words, for the CLI, the join hover and the comparison.
import { count } from './format';

/**
 * One key group's statistics in a line: "1,000 distinct keys (customers' unique key); rows per
 * key: addresses 5 (derived), loyalty 1". The distinct keys' source is said in words; the
 * derivation itself is the terms' (--explain, hovers).
 */
export function keyGroupStatisticsText(g: {
  distinctKeys: number;
  source: 'unique-key' | 'declared' | 'default';
  from: string;
  inputs: { name: string; rowsPerKey: number; source: string }[];
}): string {
  const from =
    g.source === 'unique-key'
      ? `the unique key of ${g.from}`
      : g.source === 'declared'
        ? `distinctKeys declared for ${g.from}`
        : `assumption: ${g.from}, the smallest input, has one row per key`;
  return `${count(g.distinctKeys)} distinct keys (${from}); rows per key: ${g.inputs.map((i) => `${i.name} ${count(i.rowsPerKey)} (${i.source})`).join(', ')}`;
}
