// flink-kpu-rewrite.json: what a generated module is the rewrite of, in the module itself, so
// that `npm run check-rewrite -- <dir>` can replay it against the SQL chain's semantics without
// the SQL file: the chain (inputs, columns, joins, SELECT list) and the classes that run it.
import type { RewritePlan } from './plan';

export const MANIFEST_FILE = 'flink-kpu-rewrite.json';

export interface RewriteManifest {
  format: 1;
  package: string;
  jobClass: string;
  flinkVersion: string;
  inputs: {
    name: string;
    className: string;
    /** The envelope class and its factory for this input's rows (`Stage1Event.ofOffer`). */
    event: string;
    factory: string;
    stage: number;
    columns: { name: string; sqlType: string; nullable: boolean; javaClass: string }[];
    uniqueKey: string[];
    keyColumn: string;
    /** The join that brings it in: `name.keyColumn = inputs[leftInput].leftColumn`. */
    join?: { type: 'INNER' | 'LEFT'; leftInput: number; leftColumn: string };
  }[];
  stages: {
    event: string;
    function: string;
    keyClass: string;
    /** Its output: the next stage's change class, or `Row` for the sink. */
    output: string;
    /** From stage 2 on: the envelope's factory for the previous stage's changes. */
    fromPrevious?: string;
    /** Rows with a null key give output without state (the function's static withoutKey). */
    withoutKey: boolean;
  }[];
  output: {
    table: string;
    className: string;
    columns: { name: string; input: number; column: string }[];
    key: string[];
  };
}

export function manifestOf(plan: RewritePlan): RewriteManifest {
  return {
    format: 1,
    package: plan.packageName,
    jobClass: plan.jobClass,
    flinkVersion: plan.flinkVersion,
    inputs: plan.inputs.map((i) => ({
      name: i.name,
      className: i.className,
      event: `Stage${i.stage + 1}Event`,
      factory: `of${i.className.replace(/Row$/, '')}`,
      stage: i.stage,
      columns: i.columns.map((c) => ({
        name: c.name,
        sqlType: c.sqlType,
        nullable: c.nullable,
        javaClass: c.java.rawClass,
      })),
      uniqueKey: i.uniqueKey,
      keyColumn: i.keyColumn,
      join:
        i.joinType && i.on ? { type: i.joinType, leftInput: i.on.leftInput, leftColumn: i.on.leftColumn } : undefined,
    })),
    stages: plan.stages.map((s) => ({
      event: `Stage${s.index + 1}Event`,
      function: `Stage${s.index + 1}Function`,
      keyClass: s.key.column.java.rawClass,
      output: s.index === plan.stages.length - 1 ? 'Row' : `Stage${s.index + 1}Change`,
      fromPrevious: s.index > 0 ? `ofStage${s.index}` : undefined,
      withoutKey: s.nullKeyOutput,
    })),
    output: {
      table: plan.sink.name,
      className: `${plan.jobClass.replace(/Job$/, '')}Row`,
      columns: plan.output.map((o) => ({ name: o.column.name, input: o.input, column: o.inputColumn })),
      key: plan.outputKey,
    },
  };
}
