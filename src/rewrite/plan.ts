// What the union rewrite of one join chain is, before any Java is written: its inputs with
// the columns the chain needs, its stages (one per run of joins on one key group, as the
// union plan of src/sizing/joinState.ts), each member's state (one ValueState row or a
// MapState), the SELECT list and the output key. Everything the generator refuses is refused
// here, with the range of what it cannot generate and why.
import type { ChainInfo, SqlAnalysis, TableDef } from '../sql';
import { LineIndex, type Range } from '../text';
import { javaType, type JavaType } from './types';

export interface RewriteError {
  message: string;
  range: Range;
}

export interface PlanColumn {
  /** SQL name. */
  name: string;
  /** SQL type as the DDL declares it (NOT NULL dropped). */
  sqlType: string;
  nullable: boolean;
  java: JavaType;
  /** The Java field name. */
  field: string;
}

export interface PlanInput {
  index: number;
  /** Table or view the chain reads. */
  name: string;
  alias: string;
  /** Java class of its rows (`OfferRow`) and the field that holds one (`offer`). */
  className: string;
  field: string;
  columns: PlanColumn[];
  /** Unique key (primary key or deduplication key), column names. */
  uniqueKey: string[];
  /** Its columns of the key of the stage it is joined in. */
  keyColumn: string;
  /** The join that brings it in (undefined for input 0). */
  joinType?: 'INNER' | 'LEFT';
  /** Inputs whose columns its ON condition reads (the left side of its equi-keys). */
  requires: number[];
  /** Its ON condition: `this.keyColumn = inputs[leftInput].leftColumn`. */
  on?: { leftInput: number; leftColumn: string };
  stage: number;
  /** One row per stage key (unique key within the stage key): part of the stage's ValueState; else a MapState keyed by its unique key. */
  onePerKey: boolean;
  /** Base tables behind it (through views). */
  tables: string[];
  /** A view (deduplication, ...) that stays in the Table API in front of the stage. */
  view: boolean;
}

export interface PlanStage {
  index: number;
  /** The key's Java type and where it comes from: an input column (stage 1) or a column of the previous stage's result. */
  key: { input: number; column: PlanColumn };
  /** Inputs joined in this stage, in join order (stage 1 starts with input 0). */
  inputs: number[];
  /** From stage 2 on: whether the previous stage's result has one row per key of this stage (its key is in this stage's key). */
  previousOnePerKey?: boolean;
  /** Rows whose key is null match nothing; they still give output when every join of the stage keeps its left side. */
  nullKeyOutput: boolean;
}

export interface PlanOutputColumn {
  /** Sink column. */
  column: PlanColumn;
  /** The chain column it is (a plain column reference in the SELECT list). */
  input: number;
  inputColumn: string;
}

export interface RewritePlan {
  chainIndex: number;
  sink: TableDef;
  inputs: PlanInput[];
  stages: PlanStage[];
  output: PlanOutputColumn[];
  /** The result's key: input 0's unique key and that of every input with several rows per stage key. */
  resultKey: { input: number; column: string }[];
  /** The sink columns of resultKey, in its order. */
  outputKey: string[];
  stateTtlSec?: number;
  flinkVersion: string;
  /** The statements to run before the sources are read: SET, CREATE TABLE, CREATE VIEW, as written. */
  setup: { kind: 'set'; key: string; value: string }[];
  ddl: string[];
  /** `connector` and format option values of the tables the job reads and writes. */
  connectors: string[];
  formats: string[];
  /** Java package. */
  packageName: string;
  /** Main class. */
  jobClass: string;
}

const JAVA_KEYWORDS = new Set(
  'abstract assert boolean break byte case catch char class const continue default do double else enum extends final finally float for goto if implements import instanceof int interface long native new package private protected public return short static strictfp super switch synchronized this throw throws transient try void volatile while true false null var record yield'.split(
    ' ',
  ),
);

/** `merchant_id` → `merchantId`, `Name` → `name`; a Java keyword gets a trailing underscore. */
function javaField(sqlName: string): string {
  const parts = sqlName
    .replace(/[^A-Za-z0-9_]/g, '_')
    .split('_')
    .filter((p) => p.length > 0);
  let s =
    parts
      .map((p, i) => (i === 0 ? p.charAt(0).toLowerCase() + p.slice(1) : p.charAt(0).toUpperCase() + p.slice(1)))
      .join('') || 'field';
  if (/^[0-9]/.test(s)) s = `c${s}`;
  return JAVA_KEYWORDS.has(s) ? `${s}_` : s;
}

/** `latest_price` → `LatestPrice`. */
export function javaClass(sqlName: string): string {
  const f = javaField(sqlName).replace(/_$/, '');
  return f.charAt(0).toUpperCase() + f.slice(1);
}

const lc = (s: string) => s.toLowerCase();
const eq = (a: string, b: string) => lc(a) === lc(b);
const unquote = (s: string) => s.replace(/^[`"]|[`"]$/g, '');

function tableOf(sql: SqlAnalysis, name: string): TableDef | undefined {
  const last = lc(unquote(name.split('.').pop() ?? name));
  return sql.tables.find((t) => lc(t.name) === lc(name) || lc(unquote(t.name.split('.').pop() ?? t.name)) === last);
}

function stripNotNull(type: string): { type: string; nullable: boolean } {
  const m = /\s+NOT\s+NULL\s*$/i.exec(type);
  return m
    ? { type: type.slice(0, m.index).trim(), nullable: false }
    : { type: type.replace(/\s+NULL\s*$/i, '').trim(), nullable: true };
}

/** Splits a SELECT list at its top-level commas, with each item's offsets in `text`. */
function selectItems(text: string, from: number, to: number): { text: string; start: number; end: number }[] {
  const items: { text: string; start: number; end: number }[] = [];
  let depth = 0;
  let start = from;
  let quote: string | undefined;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const t = raw.trim();
    if (t.length > 0) items.push({ text: t, start: start + lead, end: start + lead + t.length });
  };
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '`' || c === '"') quote = c;
    else if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? to : nl;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      push(i);
      start = i + 1;
    }
  }
  push(to);
  return items;
}

const IDENT = '(?:`[^`]+`|[A-Za-z_][A-Za-z0-9_$]*)';
const ITEM = new RegExp(`^(?:(${IDENT})\\s*\\.\\s*)?(${IDENT})(?:\\s+(?:AS\\s+)?(${IDENT}))?$`, 'i');

/** Comments and white space only. */
function blank(s: string): boolean {
  return (
    s
      .replace(/--[^\n]*/g, '')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/;/g, '')
      .trim().length === 0
  );
}

export interface PlanOptions {
  /** The Flink version the estimate used (the job's). */
  flinkVersion: string;
  stateTtlSec?: number;
}

/** One chain being planned: what it reads, and the refusals found so far (in the order they are found). */
interface Planning {
  text: string;
  sql: SqlAnalysis;
  chain: ChainInfo;
  lines: LineIndex;
  errors: RewriteError[];
  fail: (message: string, range: Range) => void;
}

type ResultKey = { input: number; column: string }[];

/**
 * The rewrite plan of `sql.chains[chainIndex]` in `text` (the SQL the analysis read), or the
 * reasons it cannot be generated.
 */
export function planRewrite(
  text: string,
  sql: SqlAnalysis,
  chainIndex: number,
  opts: PlanOptions,
): { plan: RewritePlan } | { errors: RewriteError[] } {
  const chain: ChainInfo | undefined = sql.chains[chainIndex];
  if (!chain) return { errors: [noSuchChain(sql, chainIndex)] };
  const errors: RewriteError[] = [];
  const p: Planning = {
    text,
    sql,
    chain,
    lines: new LineIndex(text),
    errors,
    fail: (message, range) => errors.push({ message, range }),
  };
  checkJoins(p);
  const sink = sinkOf(p);
  const selected = selectedColumns(p);
  const inputs = planInputs(p);
  const stages = planStages(p, inputs);
  const resultKey = planResultKey(p, inputs, stages);
  const { output, outputKey } = planOutput(p, sink, selected, inputs, resultKey);
  if (errors.length > 0 || !sink) return { errors };
  const sinkClass = javaClass(sink.name);
  return {
    plan: {
      chainIndex,
      sink,
      inputs,
      stages,
      output,
      resultKey,
      outputKey,
      stateTtlSec: opts.stateTtlSec && opts.stateTtlSec > 0 ? opts.stateTtlSec : undefined,
      flinkVersion: opts.flinkVersion,
      ...jobSetup(p, inputs, sink),
      packageName: `flinkkpu.rewrite.${javaField(sink.name).toLowerCase().replace(/_/g, '')}`,
      jobClass: `${sinkClass}Job`,
    },
  };
}

/** The refusal of a chain index the file does not have. */
function noSuchChain(sql: SqlAnalysis, chainIndex: number): RewriteError {
  return {
    message: `there is no join chain ${chainIndex + 1} (the file has ${sql.chains.length})`,
    range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
  };
}

/** Refuses the joins a union stage cannot replace: not INNER or LEFT, not on exactly one equi-key column, not regular. */
function checkJoins({ sql, chain, fail }: Planning): void {
  chain.joins.forEach((j, i) => {
    const at = sql.joins[j.join]?.range ?? chain.range;
    const right = chain.inputs[i + 1]?.name ?? '?';
    if (j.type !== 'INNER' && j.type !== 'LEFT') {
      fail(
        `join ${i + 1} (${right}) is a ${j.type} join: the union rewrite keeps the semantics of INNER and LEFT joins only (a ${j.type} join would need rows of ${right} without a match in the inputs before it, which the left-deep union stages do not emit)`,
        at,
      );
    }
    if (j.keys.length === 0)
      fail(
        `join ${i + 1} (${right}) has no equi-join key: a union stage is keyed by the join key, and a join without one cannot be keyed`,
        at,
      );
    else if (j.keys.length > 1)
      fail(
        `join ${i + 1} (${right}) joins on ${j.keys.length} columns: the generator keys stages by one column only (composite keys are not generated yet)`,
        at,
      );
    const info = sql.joins[j.join];
    if (info && info.kind !== 'regular')
      fail(`join ${i + 1} (${right}) is a ${info.kind} join, not a regular join`, at);
  });
}

/**
 * The sink table of the INSERT whose query is the chain; refuses a chain that is no INSERT, a sink
 * the file does not declare, and a query with clauses after its joins.
 */
function sinkOf({ text, sql, chain, lines, fail }: Planning): TableDef | undefined {
  const stmt = sql.statements.find(
    (s) =>
      s.kind === 'insert' &&
      lines.offset(s.range.start) <= lines.offset(chain.range.start) &&
      lines.offset(chain.range.end) <= lines.offset(s.range.end),
  );
  const sink = stmt?.target ? tableOf(sql, stmt.target) : undefined;
  if (!stmt)
    fail(
      `the chain ${chain.feeds ? `feeds ${chain.feeds}, ` : ''}not an INSERT INTO a table: the generator writes the rewrite of a chain whose result goes to a sink table the file declares`,
      chain.range,
    );
  else if (!sink)
    fail(
      `the sink ${stmt.target ?? '?'} has no CREATE TABLE in this file: its columns and connector are needed`,
      stmt.range,
    );
  const after = text.slice(
    lines.offset(chain.range.end),
    stmt ? lines.offset(stmt.range.end) : lines.offset(chain.range.end),
  );
  if (stmt && !blank(after))
    fail(
      `the query has clauses after its joins (${after.trim().split(/\s+/).slice(0, 3).join(' ')} ...): the generator writes chains whose SELECT reads the joins directly (no WHERE, GROUP BY or set operation)`,
      lines.range(lines.offset(chain.range.end), lines.offset(stmt.range.end)),
    );
  return sink;
}

/** The input a column reference reads: by its qualifier (alias or name), else the one input that has the column. */
function inputOfColumn(
  chain: ChainInfo,
  qualifier: string | undefined,
  column: string,
): number | 'ambiguous' | undefined {
  if (qualifier) {
    const q = unquote(qualifier);
    const i = chain.inputs.findIndex((inp) => eq(inp.alias, q) || eq(inp.name, q));
    return i < 0 ? undefined : i;
  }
  const hits = chain.inputs
    .map((inp, i) => ({ inp, i }))
    .filter(({ inp }) => inp.columns.some((c) => eq(c.name, column)));
  return hits.length === 1 ? hits[0].i : hits.length > 1 ? 'ambiguous' : undefined;
}

/** The chain columns the SELECT list reads, in its order; refuses anything but a plain column reference. */
function selectedColumns({ text, chain, lines, fail }: Planning): { input: number; column: string; range: Range }[] {
  const selected: { input: number; column: string; range: Range }[] = [];
  const selFrom = lines.offset(chain.select.end);
  const selTo = lines.offset(chain.range.start);
  for (const item of selectItems(text, selFrom, selTo)) {
    const range = lines.range(item.start, item.end);
    const m = ITEM.exec(item.text);
    if (!m || /^(DISTINCT|ALL)$/i.test(m[2])) {
      fail(
        `'${item.text}' is not a plain column: the generator writes SELECT lists of column references (alias.column [AS name]); compute expressions in a view in front of the chain or after it`,
        range,
      );
      continue;
    }
    const column = unquote(m[2]);
    const input = inputOfColumn(chain, m[1], column);
    if (input === undefined || input === 'ambiguous') {
      fail(
        input === 'ambiguous'
          ? `column ${column} is in several inputs: qualify it`
          : `'${item.text}' names no column of the chain's inputs`,
        range,
      );
      continue;
    }
    selected.push({ input, column, range });
  }
  return selected;
}

/** Every input of the chain as the generator writes it; refuses the first join when it is not keyed on input 0. */
function planInputs(p: Planning): PlanInput[] {
  const { chain, fail } = p;
  const classNames = new Set<string>();
  const inputs = chain.inputs.map((_, i) => planInput(p, i, classNames));
  if (chain.joins.length > 0 && chain.joins[0].keys.length > 0 && !chain.joins[0].keys.some((k) => k.leftInput === 0)) {
    fail('the first join is not keyed on a column of the first input', chain.range);
  }
  return inputs;
}

/**
 * Input `i`: its Java class and field (a table read twice gets its alias in them), its columns, unique
 * and join keys (stage and onePerKey are set by planStages); refuses an undeclared input and one without
 * a unique key.
 */
function planInput(p: Planning, i: number, classNames: Set<string>): PlanInput {
  const { sql, chain, fail } = p;
  const inp = chain.inputs[i];
  if (!inp.known)
    fail(
      `${inp.name}: no CREATE TABLE or CREATE VIEW in this file declares it, so its columns' types are unknown`,
      inp.range,
    );
  const unique = inp.uniqueKey ?? inp.dedupKeys;
  if (!unique || unique.length === 0) {
    const pk = tableOf(sql, inp.name)?.primaryKey ?? [];
    fail(
      pk.length > 0
        ? `the primary key of ${inp.name} (${pk.join(', ')}) is not read by the query, so its rows have no key here: select it (the output is an upsert stream on the join result's key, which includes it)`
        : `${inp.name} has no unique key (a PRIMARY KEY or a ROW_NUMBER() = 1 deduplication): a union stage keeps each input's rows by their key, and the output needs one to upsert on`,
      inp.range,
    );
  }
  const columns = inputColumns(p, inp);
  // A table read twice (a self-join) gets its alias in its class and field names.
  const twice = classNames.has(`${javaClass(inp.name)}Row`);
  const className = twice ? `${javaClass(inp.name)}${javaClass(inp.alias)}Row` : `${javaClass(inp.name)}Row`;
  classNames.add(className);
  const join = i === 0 ? chain.joins[0] : chain.joins[i - 1];
  const keyColumn = !join
    ? ''
    : i === 0
      ? (join.keys.find((k) => k.leftInput === 0)?.leftColumn ?? '')
      : (join.keys[0]?.rightColumn ?? '');
  const view = sql.views.some((v) => eq(v.name, inp.name));
  return {
    index: i,
    name: inp.name,
    alias: inp.alias,
    className,
    field: twice ? javaField(`${inp.name}_${inp.alias}`) : javaField(inp.name),
    columns,
    uniqueKey: unique ?? [],
    keyColumn,
    joinType: i === 0 ? undefined : (chain.joins[i - 1]?.type as 'INNER' | 'LEFT'),
    requires: i === 0 ? [] : [...new Set((chain.joins[i - 1]?.keys ?? []).map((k) => k.leftInput))],
    on:
      i === 0 || !chain.joins[i - 1]?.keys[0]
        ? undefined
        : { leftInput: chain.joins[i - 1].keys[0].leftInput, leftColumn: chain.joins[i - 1].keys[0].leftColumn },
    stage: 0,
    onePerKey: true,
    tables: inp.tables,
    view,
  };
}

/**
 * The columns of an input the chain reads, with their Java types and field names (unique in the class);
 * nullable unless the DDL says NOT NULL or the column is in the table's primary key. Refuses a column
 * whose type is unknown or has no Java mapping.
 */
function inputColumns({ sql, fail }: Planning, inp: ChainInfo['inputs'][number]): PlanColumn[] {
  const columns: PlanColumn[] = [];
  const fields = new Set<string>();
  for (const c of inp.columns) {
    const decl = c.type ? stripNotNull(c.type) : undefined;
    const ddlCol = tableOf(sql, inp.name)?.columns.find((d) => eq(d.name, c.name));
    const nullable = ddlCol
      ? stripNotNull(ddlCol.type).nullable && !(tableOf(sql, inp.name)?.primaryKey ?? []).some((k) => eq(k, c.name))
      : (decl?.nullable ?? true);
    const jt = decl ? javaType(decl.type) : undefined;
    if (!decl || !jt) {
      fail(
        `${inp.name}.${c.name}: ${decl ? `type ${decl.type} has no Java mapping in the generator` : 'its type is unknown'}`,
        inp.range,
      );
      continue;
    }
    let field = javaField(c.name);
    while (fields.has(field)) field = `${field}_`;
    fields.add(field);
    columns.push({ name: c.name, sqlType: decl.type, nullable, java: jt, field });
  }
  return columns;
}

/** The union stages: one per run of consecutive joins on one key group (unionPlan's runs), with their members placed. */
function planStages(p: Planning, inputs: PlanInput[]): PlanStage[] {
  const stages = stageRuns(p.chain, inputs);
  for (const s of stages) placeStageMembers(p, s, inputs);
  return stages;
}

/** Groups the joins into runs on one key group; each run's key is its first join's left column. */
function stageRuns(chain: ChainInfo, inputs: PlanInput[]): PlanStage[] {
  const stages: PlanStage[] = [];
  chain.joins.forEach((j, i) => {
    const last = stages[stages.length - 1];
    if (last && chain.joins[i - 1].keyGroup === j.keyGroup) {
      last.inputs.push(i + 1);
      return;
    }
    const k = j.keys[0];
    const keyInput = inputs[k?.leftInput ?? 0];
    const keyCol = keyInput?.columns.find((c) => eq(c.name, k?.leftColumn ?? ''));
    stages.push({
      index: stages.length,
      key: {
        input: k?.leftInput ?? 0,
        column: keyCol ?? {
          name: k?.leftColumn ?? '?',
          sqlType: 'STRING',
          nullable: true,
          java: javaType('STRING')!,
          field: 'key',
        },
      },
      inputs: stages.length === 0 ? [0, i + 1] : [i + 1],
      nullKeyOutput: false,
    });
  });
  return stages;
}

/**
 * Sets each member's stage and whether it has one row per stage key, and whether the stage gives output
 * for a null key (every join LEFT); refuses a member whose key is not among its columns, and one with
 * several rows per key after stage 1.
 */
function placeStageMembers({ chain, fail }: Planning, s: PlanStage, inputs: PlanInput[]): void {
  for (const i of s.inputs) {
    const inp = inputs[i];
    if (!inp) continue;
    inp.stage = s.index;
    inp.onePerKey = inp.uniqueKey.length > 0 && inp.uniqueKey.every((u) => eq(u, inp.keyColumn));
    if (!inp.columns.some((c) => eq(c.name, inp.keyColumn)))
      fail(`${inp.name}: its join key ${inp.keyColumn} is not among its columns`, chain.inputs[i].range);
    if (s.index > 0 && !inp.onePerKey)
      fail(
        `${inp.name} has several rows per key of stage ${s.index + 1} (${inp.keyColumn}; its unique key is ${inp.uniqueKey.join(', ')}): the generator writes later stages whose own inputs have one row per key`,
        chain.inputs[i].range,
      );
  }
  const joined = s.inputs.filter((i) => i > 0).map((i) => inputs[i]);
  const keyNullable = s.key.column.nullable || inputs[s.key.input]?.joinType === 'LEFT';
  s.nullKeyOutput = keyNullable && joined.every((inp) => inp?.joinType === 'LEFT');
  if (!inputs[s.key.input]?.columns.some((c) => eq(c.name, s.key.column.name)))
    fail(
      `stage ${s.index + 1}'s key ${s.key.column.name} is not among the columns of ${inputs[s.key.input]?.name}`,
      chain.range,
    );
}

/**
 * The result's key: input 0's unique key and that of every input kept in a MapState (all in stage 1);
 * sets whether each later stage sees one previous row per key. Refuses a MapState or a later stage's
 * previous result keyed by more than one column.
 */
function planResultKey({ chain, fail }: Planning, inputs: PlanInput[], stages: PlanStage[]): ResultKey {
  const resultKey: ResultKey = [];
  for (const inp of inputs)
    if (inp.index === 0 || !inp.onePerKey)
      for (const u of inp.uniqueKey) resultKey.push({ input: inp.index, column: u });
  for (const inp of inputs) {
    if (!inp.onePerKey && inp.uniqueKey.length > 1)
      fail(
        `${inp.name} has several rows per key and a unique key of ${inp.uniqueKey.length} columns: the generator keys its MapState by one column only (not generated yet)`,
        chain.inputs[inp.index].range,
      );
  }
  if (stages.length > 1 && resultKey.length > 1)
    fail(
      `the join result's key has ${resultKey.length} columns (${resultKey.map((r) => `${inputs[r.input]?.alias}.${r.column}`).join(', ')}): a later stage keeps the previous result in a MapState by one column only (not generated yet)`,
      chain.range,
    );
  // From stage 2 on, the previous result is one row per key when its key is this stage's key.
  for (const s of stages.slice(1))
    s.previousOnePerKey =
      resultKey.length === 1 && resultKey[0].input === s.key.input && eq(resultKey[0].column, s.key.column.name);
  return resultKey;
}

/**
 * The sink's columns filled from the SELECT list, in order, and the sink columns of the result's key;
 * refuses a SELECT list that does not match the sink, a result key column it does not write, and a sink
 * primary key that does not contain the result's key.
 */
function planOutput(
  { chain, errors, fail }: Planning,
  sink: TableDef | undefined,
  selected: { input: number; column: string }[],
  inputs: PlanInput[],
  resultKey: ResultKey,
): { output: PlanOutputColumn[]; outputKey: string[] } {
  const output: PlanOutputColumn[] = [];
  const outputKey: string[] = [];
  if (!sink) return { output, outputKey };
  const sinkCols = sink.columns.filter((c) => c.kind === 'physical');
  if (sinkCols.length !== selected.length && errors.length === 0)
    fail(`the SELECT list has ${selected.length} columns and ${sink.name} ${sinkCols.length}`, chain.select);
  selected.forEach((sel, n) => {
    const col = sinkCols[n];
    if (!col) return;
    const t = stripNotNull(col.type);
    const jt = javaType(t.type);
    if (!jt) {
      fail(`${sink.name}.${col.name}: type ${t.type} has no Java mapping in the generator`, col.range);
      return;
    }
    output.push({
      column: { name: col.name, sqlType: t.type, nullable: t.nullable, java: jt, field: javaField(col.name) },
      input: sel.input,
      inputColumn: sel.column,
    });
  });
  for (const k of resultKey) {
    const o = output.find((x) => x.input === k.input && eq(x.inputColumn, k.column));
    if (!o) {
      fail(
        `${inputs[k.input]?.name}.${k.column} is not in the SELECT list: the output is an upsert stream on the join result's key (${resultKey.map((r) => `${inputs[r.input]?.alias ?? '?'}.${r.column}`).join(', ')}), so every column of it must be written`,
        chain.select,
      );
      continue;
    }
    outputKey.push(o.column.name);
  }
  const pk = sink.primaryKey ?? [];
  if (pk.length > 0 && outputKey.length === resultKey.length && !outputKey.every((k) => pk.some((p) => eq(p, k)))) {
    fail(
      `the primary key of ${sink.name} (${pk.join(', ')}) does not contain the join result's key (${outputKey.join(', ')}): several result rows would share one row of the sink`,
      sink.nameRange,
    );
  }
  return { output, outputKey };
}

/**
 * What the job runs before reading its sources (the file's SET statements and its CREATE TABLE and
 * CREATE VIEW statements as written), and the connectors and formats of the tables it reads and writes.
 */
function jobSetup(
  { text, sql, lines }: Planning,
  inputs: PlanInput[],
  sink: TableDef,
): Pick<RewritePlan, 'setup' | 'ddl' | 'connectors' | 'formats'> {
  const ddl = sql.statements
    .filter((s) => s.kind === 'create-table' || s.kind === 'create-view')
    .map((s) => text.slice(lines.offset(s.range.start), lines.offset(s.range.end)));
  const setup = sql.settings.map((s) => ({ kind: 'set' as const, key: s.key, value: s.value }));
  const tables = [...new Set([...inputs.flatMap((i) => i.tables), sink.name])]
    .map((n) => tableOf(sql, n))
    .filter((t): t is TableDef => !!t);
  const connectors = [
    ...new Set(tables.map((t) => t.connector ?? t.options.connector).filter((c): c is string => !!c)),
  ].sort();
  const formats = [
    ...new Set(
      tables.flatMap((t) =>
        ['format', 'key.format', 'value.format'].map((k) => t.options[k]).filter((f): f is string => !!f),
      ),
    ),
  ].sort();
  return { setup, ddl, connectors, formats };
}
