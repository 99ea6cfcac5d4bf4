// The state of the generated job, from the state it declares: per stage one ValueState over
// its one-per-key members and one MapState per member with several rows per key. It is sized
// by the union plan of the sizing model (UnionStageLayout, src/sizing/joinState.ts): one model.
// The generator's layout must be the one the union plan sized; where they differ, the rewrite
// is refused rather than shown with a figure that does not describe it.
import type { ChainEstimate, ChainSpec } from '../sizing/joinState';
import type { RewritePlan } from './plan';

export interface RewriteStage {
  name: string;
  key: string;
  /** The ValueState's members (input names; `stage N result` for the previous stage's) and its entries. */
  valueState?: { members: string[]; keys: number; bytes: number };
  mapStates: { member: string; mapKey: string; rows: number; bytes: number }[];
  stateBytes: number;
}

export interface RewriteState {
  stages: RewriteStage[];
  stateBytes: number;
}

const lc = (s: string) => s.toLowerCase();

/** What the generated functions declare, stage by stage (the same rules as the Java: src/rewrite/java.ts). */
function declaredLayout(
  plan: RewritePlan,
): { key: string; value: string[]; maps: { member: string; mapKey: string }[] }[] {
  return plan.stages.map((s) => {
    const value: string[] = [];
    const maps: { member: string; mapKey: string }[] = [];
    if (s.index > 0) {
      const label = `stage ${s.index} result`;
      if (s.previousOnePerKey) value.push(label);
      else maps.push({ member: label, mapKey: plan.resultKey.map((k) => k.column).join(', ') });
    }
    for (const i of s.inputs) {
      const inp = plan.inputs[i];
      if (inp.onePerKey) value.push(inp.name);
      else maps.push({ member: inp.name, mapKey: inp.uniqueKey.join(', ') });
    }
    return { key: s.key.column.name, value, maps };
  });
}

export function rewriteState(
  plan: RewritePlan,
  spec: ChainSpec,
  estimate: ChainEstimate,
): RewriteState | { error: string } {
  const declared = declaredLayout(plan);
  const layout = estimate.union.layout;
  const label = (input: number | undefined, stage: number) =>
    input === undefined ? `stage ${stage} result` : (spec.inputs[input]?.name ?? '?');
  if (layout.length !== declared.length)
    return { error: `the union plan has ${layout.length} stages and the generated job ${declared.length}` };
  const stages: RewriteStage[] = [];
  for (const [n, d] of declared.entries()) {
    const l = layout[n];
    const value = (l.valueState?.members ?? []).map((m) => label(m.input, n));
    const maps = l.mapStates.map((m) => label(m.input, n));
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => lc(x) === lc(b[i]));
    if (
      !same(value, d.value) ||
      !same(
        maps,
        d.maps.map((m) => m.member),
      ) ||
      lc(l.key.join(',')) !== lc(d.key)
    ) {
      return {
        error: `stage ${n + 1}: the generated job keeps ${d.value.join(', ') || 'nothing'} in its ValueState and ${d.maps.map((m) => m.member).join(', ') || 'nothing'} in MapStates (key ${d.key}), the union plan ${value.join(', ') || 'nothing'} and ${maps.join(', ') || 'nothing'} (key ${l.key.join(', ')})`,
      };
    }
    // The columns each member keeps: the POJOs hold the columns the chain needs, as the union plan sizes them.
    for (const m of [...(l.valueState?.members ?? []), ...l.mapStates]) {
      if (m.input === undefined) continue;
      const planned = plan.inputs[m.input].columns.map((c) => lc(c.name)).sort();
      const sized = m.columns.map(lc).sort();
      if (planned.join(',') !== sized.join(','))
        return {
          error: `${spec.inputs[m.input].name}: the generated job keeps ${planned.join(', ')}, the union plan sized ${sized.join(', ')}`,
        };
    }
    stages.push({
      name: `stage ${n + 1} (key ${d.key})`,
      key: d.key,
      valueState: l.valueState ? { members: value, keys: l.valueState.keys, bytes: l.valueState.bytes } : undefined,
      mapStates: l.mapStates.map((m, i) => ({
        member: maps[i],
        mapKey: d.maps[i].mapKey,
        rows: m.rows,
        bytes: m.bytes,
      })),
      stateBytes: l.bytes,
    });
  }
  return { stages, stateBytes: stages.reduce((s, x) => s + x.stateBytes, 0) };
}
