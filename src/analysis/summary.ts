// What the editor shows of a report at all times (lenses, inlay hints, diagnostics, the status
// bar, and where a hover applies), as a structural subset of the report: a full FileReport is a
// ReportSummary too, so the functions that draw those (src/present) take either. The editor's
// analysis thread sends the host only this; the rest of the report (every operator's terms and
// notes, the chains' inputs and key-group statistics, the tables) stays on the thread until a
// hover, the comparison or a command asks for it (AnalysisThread.details). On the bench's
// 2,165-line file the summary is 0.24 MB of structured clone and 5,270 objects against the
// report's 1.6 MB and 25,933, whose clone was a fifth of the editor's full analysis
// (docs/architecture.md, "What crosses threads").
import type { ChainInfo, JoinInfo, SqlAnalysis } from '../sql';
import type { ChainEstimate, OperatorState, PlanEstimate } from '../sizing';
import type { ChainResult, JobPlans, SqlEstimate } from './estimate';
import type { FileReport, JobReport } from './index';

/** An operator's state as the lenses and hints show it (no terms, no notes). */
export type OperatorSummary = Pick<OperatorState, 'name' | 'kind' | 'stateBytes' | 'estimated'>;

type PlanSummary = Pick<PlanEstimate, 'stateBytes'> & { operators: OperatorSummary[] };

export interface ChainSummary {
  chain: Pick<ChainInfo, 'range' | 'anchor'> & { joins: Pick<ChainInfo['joins'][number], 'join'>[] };
  estimate: Pick<ChainEstimate, 'amplification' | 'notEstimated'> & {
    binary: PlanSummary;
    multiJoin: PlanSummary & Pick<ChainEstimate['multiJoin'], 'available'>;
    union: PlanSummary;
  };
}

/** A join as its hint and its hover's range need it. */
export type JoinSummary = Pick<JoinInfo, 'kind' | 'type' | 'left' | 'right' | 'range' | 'fullRange' | 'reason'>;

export interface SqlSummary {
  joins: JoinSummary[];
}

export type EstimateSummary = Pick<SqlEstimate, 'stateBytes' | 'statsFrom'> & {
  chains: ChainSummary[];
  joinStates: (OperatorSummary | undefined)[];
};

export type JobSummary = Pick<JobReport, 'spec' | 'sqlPath' | 'plans'> & {
  sql?: SqlSummary;
  estimate: { chains: ChainSummary[] };
};

export type ReportSummary = Pick<
  FileReport,
  'path' | 'kind' | 'diagnostics' | 'program' | 'skipped' | 'descriptorUsed' | 'descriptor'
> & {
  sql?: SqlSummary;
  estimate?: EstimateSummary;
  plans?: JobPlans;
  jobs: JobSummary[];
};

/**
 * Makes summaries, keeping the summary of each part of a report it summarised before (by the
 * part's identity): an edit keeps the objects of the statements it did not touch (SqlSession
 * placed()) and the estimates of the chains it did not change (the estimate cache), so the
 * summary of the edited report shares their summaries with the last one, and the patch that
 * carries it (patch.ts) stops at them. The analysis thread owns one.
 */
export class Summarizer {
  private readonly operators = new WeakMap<OperatorState, OperatorSummary>();
  private readonly plans = new WeakMap<PlanEstimate, PlanSummary>();
  private readonly chainInfos = new WeakMap<ChainInfo, ChainSummary['chain']>();
  private readonly chainEstimates = new WeakMap<ChainEstimate, ChainSummary['estimate']>();
  private readonly joins = new WeakMap<JoinInfo, JoinSummary>();

  /** The summary of a report: its small parts as they are, the rest cut down to what the summary shows. */
  summarize(r: FileReport): ReportSummary {
    return {
      path: r.path,
      kind: r.kind,
      diagnostics: r.diagnostics,
      ...(r.program && { program: r.program }),
      ...(r.skipped && { skipped: r.skipped }),
      ...(r.descriptorUsed && { descriptorUsed: r.descriptorUsed }),
      ...(r.descriptor && { descriptor: r.descriptor }),
      ...(r.sql && { sql: this.sql(r.sql) }),
      ...(r.estimate && { estimate: this.estimate(r.estimate) }),
      ...(r.plans && { plans: r.plans }),
      jobs: r.jobs.map((j) => ({
        spec: j.spec,
        ...(j.sqlPath !== undefined && { sqlPath: j.sqlPath }),
        plans: j.plans,
        ...(j.sql && { sql: this.sql(j.sql) }),
        estimate: { chains: j.estimate.chains.map((c) => this.chain(c)) },
      })),
    };
  }

  private operator(o: OperatorState): OperatorSummary {
    let s = this.operators.get(o);
    if (!s) {
      s = { name: o.name, kind: o.kind, stateBytes: o.stateBytes };
      if (o.estimated !== undefined) s.estimated = o.estimated;
      this.operators.set(o, s);
    }
    return s;
  }

  private plan(p: PlanEstimate): PlanSummary {
    let s = this.plans.get(p);
    if (!s) {
      s = { stateBytes: p.stateBytes, operators: p.operators.map((o) => this.operator(o)) };
      this.plans.set(p, s);
    }
    return s;
  }

  private chain(c: ChainResult): ChainSummary {
    let info = this.chainInfos.get(c.chain);
    if (!info) {
      info = { range: c.chain.range, anchor: c.chain.anchor, joins: c.chain.joins.map((j) => ({ join: j.join })) };
      this.chainInfos.set(c.chain, info);
    }
    const e = c.estimate;
    let estimate = this.chainEstimates.get(e);
    if (!estimate) {
      estimate = {
        amplification: e.amplification,
        ...(e.notEstimated !== undefined && { notEstimated: e.notEstimated }),
        binary: this.plan(e.binary),
        multiJoin: { ...this.plan(e.multiJoin), available: e.multiJoin.available },
        union: this.plan(e.union),
      };
      this.chainEstimates.set(e, estimate);
    }
    return { chain: info, estimate };
  }

  private join(j: JoinInfo): JoinSummary {
    let s = this.joins.get(j);
    if (!s) {
      s = {
        kind: j.kind,
        type: j.type,
        left: j.left,
        right: j.right,
        range: j.range,
        fullRange: j.fullRange,
        reason: j.reason,
      };
      this.joins.set(j, s);
    }
    return s;
  }

  private sql(s: SqlAnalysis): SqlSummary {
    return { joins: s.joins.map((j) => this.join(j)) };
  }

  private estimate(e: SqlEstimate): EstimateSummary {
    return {
      stateBytes: e.stateBytes,
      statsFrom: e.statsFrom,
      chains: e.chains.map((c) => this.chain(c)),
      joinStates: e.joinStates.map((o) => o && this.operator(o)),
    };
  }
}
