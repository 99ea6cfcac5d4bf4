// The CLI's JSON report of a file (docs/cli-json.md, version 2): its diagnostics, joins, chains,
// stateful operators and, for a descriptor, its jobs with the figures of src/present/job.ts.
import type { ChainResult, FileReport, JobReport, StatefulOperator } from '../analysis';
import { chainsOf, statefulOf } from './fileParts';
import { jobView } from './job';

/** A Kubernetes manifest's role (application, session cluster, session job) and the autoscaler's range. */
function kubernetesJson(j: JobReport) {
  const k = j.spec.kubernetes;
  if (!k) return {};
  const a = j.plans.autoscaler;
  return {
    kubernetes: {
      role: k.role ?? 'application',
      ...(k.sessionCluster ? { sessionCluster: k.sessionCluster.value } : {}),
      ...(k.sessionJobs ? { sessionJobs: k.sessionJobs } : {}),
      ...(k.taskManagerReplicas ? { taskManagerReplicas: k.taskManagerReplicas.value } : {}),
      ...(a
        ? {
            autoscaler: {
              minParallelism: a.minParallelism,
              maxParallelism: a.maxParallelism,
              minKpu: a.minKpu,
              maxKpu: a.maxKpu,
            },
          }
        : {}),
    },
  };
}

function chainJson(c: ChainResult) {
  const e = c.estimate;
  return {
    line: c.chain.range.start.line,
    inputs: c.chain.inputs.map((i) => i.name),
    keyGroups: c.chain.keyGroups.map((g, i) => {
      const s = e.keyGroups.find((x) => x.group === i);
      return {
        ...g,
        ...(s
          ? {
              distinctKeys: s.distinctKeys,
              distinctKeysFrom: s.source,
              rowsPerKey: s.inputs.map((x) => ({ input: x.name, rowsPerKey: x.rowsPerKey, from: x.source })),
            }
          : {}),
      };
    }),
    ...(e.notEstimated
      ? { plans: null, amplification: null, notEstimated: e.notEstimated }
      : {
          plans: {
            binary: {
              stateBytes: e.binary.stateBytes,
              operators: e.binary.operators.map((o) => ({ name: o.name, stateBytes: o.stateBytes })),
            },
            multiJoin: {
              available: e.multiJoin.available,
              reason: e.multiJoin.reason,
              stateBytes: e.multiJoin.stateBytes,
            },
            union: { stateBytes: e.union.stateBytes, stages: e.union.stages },
          },
          amplification: e.amplification,
        }),
  };
}

function operatorJson(o: StatefulOperator) {
  const known = o.state.estimated !== false;
  return {
    kind: o.kind,
    line: o.range.start.line,
    column: o.range.start.column,
    name: o.state.name,
    stateBytes: known ? o.state.stateBytes : null,
    ...(known ? { entries: o.state.entries } : { notEstimated: o.state.reason ?? o.state.notes[0] ?? 'not modelled' }),
    ...(o.strategy ? { strategy: o.strategy } : {}),
    ...(o.chain ? { chain: o.chain.chain.range.start.line } : {}),
  };
}

/** One file of the report (`files[]`); `rel` writes a path as the report shows it. */
export function fileJson(r: FileReport, rel: (path: string) => string) {
  const sql = r.kind === 'sql' ? r.sql : r.jobs.find((j) => !j.sqlPath && j.sql)?.sql;
  const chains = r.kind === 'sql' ? (r.estimate?.chains ?? []) : chainsOf(r);
  const out: Record<string, unknown> = {
    path: rel(r.path),
    kind: r.kind,
    ...(r.program
      ? {
          language: r.program.language,
          tableApiCalls: r.program.calls,
          analysedCalls: r.program.analysed,
          callsWithRuntimeParts: r.program.withRuntimeParts,
          tableSettings: r.program.settings,
        }
      : {}),
    ...(r.kind === 'sql'
      ? {
          descriptor: r.descriptorUsed
            ? { path: rel(r.descriptorUsed.path), job: r.descriptorUsed.job ?? null, how: r.descriptorUsed.how }
            : null,
        }
      : {}),
    diagnostics: r.diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      line: d.range.start.line,
      column: d.range.start.column,
    })),
    joins: (sql?.joins ?? []).map((j) => ({
      line: j.range.start.line,
      column: j.range.start.column,
      kind: j.kind,
      type: j.type,
      left: j.left,
      right: j.right,
      keys: j.keys,
    })),
    chains: chains.map(chainJson),
    operators: statefulOf(r).map(operatorJson),
  };
  if (r.kind === 'descriptor') {
    const j = r.jobs[0];
    out.job = j
      ? {
          name: j.spec.name?.value,
          ...(j.spec.address ? { address: j.spec.address } : {}),
          ...kubernetesJson(j),
          sql: j.sqlPath ? rel(j.sqlPath) : undefined,
          ...jobView(j.plans.binary),
          plans: { union: jobView(j.plans.union), multiJoin: jobView(j.plans.multiJoin) },
        }
      : undefined;
    if (r.jobs.length > 1)
      out.jobs = r.jobs.map((x) => ({
        name: x.spec.name?.value,
        ...(x.spec.address ? { address: x.spec.address } : {}),
        ...kubernetesJson(x),
        ...jobView(x.plans.binary),
      }));
  }
  return out;
}
