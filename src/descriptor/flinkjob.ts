// Our own descriptor, `*.flinkjob.yaml` / `flink-job.yaml`, validated by the zod schema in schema.ts.
import type { Document } from 'yaml';
import type * as z from 'zod';
import { diagnostic, type Diagnostic, type LineIndex, type Position, type Range } from '../text';
import { checkParallelism, didYouMean, formatNumber } from './checks';
import {
  ASSUMPTION_OUTPUT_KEYS,
  FlinkJobSchema,
  knownKeys,
  schemaAt,
  unitRegistry,
  type FlinkJobInput,
} from './schema';
import type { JobSpec, Located, SqlRef, TableField, TableStats } from './types';
import { parseUnit } from './units';
import {
  isMap,
  isScalar,
  isSeq,
  MAX_DEPTH,
  nodeRange,
  pairRange,
  parseYaml,
  type Scalar,
  templateOf,
  Walker,
  type YamlText,
  type YNode,
} from './yamlAst';

type Path = Array<string | number>;

interface Entry {
  node: YNode;
  keyNode?: YNode;
}

/** A flinkjob document turned into plain values, remembering the node of every path. */
class PlainDoc {
  readonly entries = new Map<string, Entry>();
  constructor(
    private readonly w: Walker,
    private readonly src: YamlText,
    private readonly diagnostics: Diagnostic[],
  ) {}

  static key(path: ReadonlyArray<PropertyKey>): string {
    return JSON.stringify(path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
  }

  entry(path: ReadonlyArray<PropertyKey>): Entry | undefined {
    return this.entries.get(PlainDoc.key(path));
  }

  /** The entry at `path`, else at its nearest ancestor. */
  nearest(path: ReadonlyArray<PropertyKey>): Entry | undefined {
    for (let n = path.length; n >= 0; n--) {
      const e = this.entry(path.slice(0, n));
      if (e) return e;
    }
    return undefined;
  }

  /** undefined: leave the value out (a template, or too deep). */
  convert(raw: unknown, path: Path, keyNode?: YNode, depth = 0): unknown {
    const node = this.w.deref(raw);
    if (!node) return undefined;
    this.entries.set(PlainDoc.key(path), { node, keyNode });
    const template = templateOf(this.src, node);
    if (template) {
      const r = this.w.range(node)!;
      const what = template === 'dollar' ? '${...}' : '{{ ... }}';
      this.diagnostics.push(
        diagnostic(
          'warning',
          'descriptor-template',
          `template value not evaluated: ${what} is replaced by a tool before deployment; ${label(path)} is treated as absent`,
          r,
        ),
      );
      return undefined;
    }
    if (depth > MAX_DEPTH) {
      this.diagnostics.push(
        diagnostic(
          'error',
          'descriptor-invalid-value',
          `nested too deeply (more than ${MAX_DEPTH} levels)`,
          this.w.range(node)!,
        ),
      );
      return undefined;
    }
    if (isScalar(node)) {
      const v = (node as Scalar).value;
      if (path.length === 1 && path[0] === 'flinkVersion' && typeof v === 'number') {
        // YAML reads `1.20` as the number 1.2: the version is what was written.
        return this.src.text.slice(node.range![0], node.range![1]).trim();
      }
      if (typeof v === 'bigint') return Number(v);
      if (Object.is(v, -0)) return 0; // `overscale: -0` is 0, not a "-0 %" shown to the user
      if (v instanceof Date) return this.src.text.slice(node.range![0], node.range![1]).trim();
      return v;
    }
    if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      for (const { key, keyNode: k, value } of this.w.pairs(node)) {
        if (key === undefined) {
          this.diagnostics.push(
            diagnostic(
              'error',
              'descriptor-invalid-value',
              'keys must be plain names',
              this.w.range(k) ?? this.w.range(node)!,
            ),
          );
          continue;
        }
        const v = value ? this.convert(value, [...path, key], k, depth + 1) : null;
        if (value && v === undefined) continue;
        // `stateTtl:` with nothing after it is an unset field, but an unknown key still gets reported.
        if (!value) this.entries.set(PlainDoc.key([...path, key]), { node: k!, keyNode: k });
        Object.defineProperty(obj, key, {
          value: v === null ? undefined : v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return obj;
    }
    if (isSeq(node)) {
      const arr: unknown[] = [];
      for (const item of node.items) {
        const v = this.convert(item, [...path, arr.length], undefined, depth + 1);
        if (v !== undefined) arr.push(v);
      }
      return arr;
    }
    return undefined;
  }
}

function label(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return 'the descriptor';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function deletePath(root: unknown, path: ReadonlyArray<PropertyKey>): boolean {
  if (path.length === 0) return false;
  let cur: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    if (cur === null || typeof cur !== 'object') return false;
    cur = (cur as Record<PropertyKey, unknown>)[path[i]];
  }
  if (cur === null || typeof cur !== 'object') return false;
  const last = path[path.length - 1];
  if (Array.isArray(cur) && typeof last === 'number') cur.splice(last, 1);
  else delete (cur as Record<PropertyKey, unknown>)[last];
  return true;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

const PARALLELISM_FIELDS = new Set(['parallelism', 'parallelismPerKPU', 'maxParallelism']);

function describeType(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text '${v.length > 40 ? `${v.slice(0, 40)}...` : v}'`;
  return `${typeof v} ${String(v)}`;
}

function expectedText(issue: z.core.$ZodIssue, schemaPath: ReadonlyArray<PropertyKey>): string {
  const s = schemaAt(schemaPath);
  const u = s ? unitRegistry.get(s) : undefined;
  if (u) return `a number or a ${u.unit} with a unit`;
  if (issue.code === 'invalid_type') {
    const e = (issue as { expected?: string }).expected ?? 'value';
    return e === 'object' || e === 'record' || e === 'map'
      ? 'a mapping'
      : e === 'array'
        ? 'a list'
        : e === 'int'
          ? 'a whole number'
          : `a ${e}`;
  }
  return 'a different value';
}

/** One diagnostic per zod issue, at the offending value (or key, for unknown fields). */
function issueDiagnostics(
  issue: z.core.$ZodIssue,
  data: unknown,
  doc: PlainDoc,
  fallback: Range,
  w: Walker,
): Diagnostic[] {
  const path = issue.path;
  const at = (p: ReadonlyArray<PropertyKey>): Range => {
    const e = doc.nearest(p);
    return (e && w.range(e.node)) ?? fallback;
  };
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(path);
    return issue.keys.map((k) => {
      const e = doc.entry([...path, k]);
      const range = (e?.keyNode && w.range(e.keyNode)) ?? at([...path, k]);
      const guess = didYouMean(k, known);
      const where = path.length ? ` in ${label(path)}` : '';
      const hint = guess ? `; did you mean '${guess}'?` : known.length ? `; known fields: ${known.join(', ')}` : '';
      return diagnostic('warning', 'descriptor-unknown-field', `unknown field '${k}'${where}${hint}`, range);
    });
  }
  const bad: BadValue = { path, field: label(path), value: valueAt(data, path), range: at(path) };
  const unit = unitDiagnostic(bad);
  if (unit) return [unit];
  return [valueDiagnostic(issue, bad)];
}

/** A value a schema issue is about: its path, its field as messages name it, the value and its range. */
interface BadValue {
  path: ReadonlyArray<PropertyKey>;
  field: string;
  value: unknown;
  range: Range;
}

/** The unit reader's own message for a unit field's value it cannot read (clearer than the schema's). */
function unitDiagnostic({ path, field, value, range }: BadValue): Diagnostic | undefined {
  const schema = schemaAt(path);
  const unitInfo = schema ? unitRegistry.get(schema) : undefined;
  if (!unitInfo || (typeof value !== 'string' && typeof value !== 'number')) return undefined;
  const r = parseUnit(unitInfo.unit, value);
  if (r.ok) return undefined;
  return diagnostic(
    'error',
    r.code === 'unknown-unit' ? 'descriptor-unknown-unit' : 'descriptor-invalid-value',
    `${field}: ${r.message}`,
    range,
  );
}

/** The diagnostic of a schema issue about a value: out of bounds, not an option, a bad format or the wrong type. */
function valueDiagnostic(issue: z.core.$ZodIssue, bad: BadValue): Diagnostic {
  const { path, field, value, range } = bad;
  const top = String(path[0] ?? '');
  const rangeCode =
    path.length === 1 && PARALLELISM_FIELDS.has(top) ? 'descriptor-parallelism-range' : 'descriptor-invalid-value';
  switch (issue.code) {
    case 'too_small':
    case 'too_big':
      return boundDiagnostic(issue, bad, rangeCode);
    case 'invalid_value': {
      const options = issue.values.map(String);
      const guess = typeof value === 'string' ? didYouMean(value, options) : undefined;
      return diagnostic(
        'error',
        'descriptor-invalid-value',
        `${field} must be one of ${options.join(', ')} (got ${describeType(value)})${guess ? `; did you mean '${guess}'?` : ''}`,
        range,
      );
    }
    case 'invalid_format':
      return diagnostic(
        'error',
        'descriptor-invalid-value',
        issue.message.startsWith('Invalid') ? `${field} has an invalid format` : issue.message,
        range,
      );
    case 'invalid_type':
    case 'invalid_union':
      if (issue.code === 'invalid_type' && (issue as { expected?: string }).expected === 'int') {
        return diagnostic('error', rangeCode, `${field} must be a whole number (got ${describeType(value)})`, range);
      }
      return typeDiagnostic(issue, bad);
    default:
      return diagnostic('error', 'descriptor-invalid-value', `${field}: ${issue.message}`, range);
  }
}

/** A value below or above its bound: the schema's own message when it has one, else the bound in words. */
function boundDiagnostic(
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  { field, value, range }: BadValue,
  rangeCode: 'descriptor-parallelism-range' | 'descriptor-invalid-value',
): Diagnostic {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : issue.maximum);
  const custom = !/^Too (small|big)/.test(issue.message);
  const words = small ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'less than';
  const msg = custom ? issue.message : `${field} must be ${words} ${formatNumber(bound)}`;
  const numeric = issue.origin === 'number' || issue.origin === 'int';
  const got =
    typeof value === 'number'
      ? ` (got ${formatNumber(value)})`
      : typeof value === 'string' && value === ''
        ? ' (got an empty text)'
        : '';
  return diagnostic('error', numeric ? rangeCode : 'descriptor-invalid-value', `${msg}${got}`, range);
}

/** A value of the wrong type: what the field expects and what it got (with a hint for YAML 1.1 booleans). */
function typeDiagnostic(
  issue: z.core.$ZodIssueInvalidType | z.core.$ZodIssueInvalidUnion,
  { path, field, value, range }: BadValue,
): Diagnostic {
  const expected = expectedText(issue, path);
  const yaml11 =
    expected === 'a boolean' && typeof value === 'string' && /^(yes|no|on|off|y|n)$/i.test(value)
      ? ' (YAML 1.2 reads it as text: write true or false)'
      : '';
  return diagnostic(
    'error',
    'descriptor-invalid-value',
    `${field}: expected ${expected}, got ${describeType(value)}${yaml11}`,
    range,
  );
}

function located<T>(doc: PlainDoc, w: Walker, path: Path, value: T): Located<T> | undefined {
  const e = doc.entry(path);
  if (!e) return undefined;
  const range = w.range(e.node);
  if (!range) return undefined;
  const keyRange = e.keyNode ? w.range(e.keyNode) : undefined;
  return keyRange ? { value, range, keyRange } : { value, range };
}

/** Converts a unit value that passed the schema; out-of-bounds values become diagnostics and are dropped. */
function unitValue(
  doc: PlainDoc,
  w: Walker,
  path: Path,
  raw: string | number | undefined,
  diagnostics: Diagnostic[],
): Located<number> | undefined {
  if (raw === undefined) return undefined;
  const schema = schemaAt(path);
  const info = schema ? unitRegistry.get(schema) : undefined;
  if (!info) return undefined;
  const loc = located(doc, w, path, 0);
  if (!loc) return undefined;
  const r = parseUnit(info.unit, raw);
  if (!r.ok) {
    diagnostics.push(
      diagnostic(
        'error',
        r.code === 'unknown-unit' ? 'descriptor-unknown-unit' : 'descriptor-invalid-value',
        `${label(path)}: ${r.message}`,
        loc.range,
      ),
    );
    return undefined;
  }
  if (r.value > info.max) {
    diagnostics.push(
      diagnostic(
        'error',
        'descriptor-invalid-value',
        `${label(path)}: ${formatNumber(r.value)} ${info.noun} is implausibly large (more than ${formatNumber(info.max)})`,
        loc.range,
      ),
    );
    return undefined;
  }
  loc.value = r.value;
  return loc;
}

/** Whether a one-line `sql:` value names a file rather than holding SQL. */
function looksLikePath(s: string): boolean {
  const t = s.trim();
  if (/[\r\n]/.test(t)) return false;
  return /\.sql$/i.test(t) || !/\s/.test(t);
}

/**
 * A file inside what is deployed, and where its copy may be below the descriptor's folder: a
 * relative path as written, its last two segments, then its name.
 */
export function packagedFile(text: string, field: string, inside: string): NonNullable<SqlRef['image']> {
  const path = text.trim();
  const segments = path.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
  const copies = [
    ...(path.startsWith('/') ? [] : [segments.join('/')]),
    segments.slice(-2).join('/'),
    segments[segments.length - 1],
  ];
  return { path, copies: [...new Set(copies)], field, inside };
}

/** A `sql:` value (or a Kubernetes `job.args` entry): a path, or inline SQL with the position of each of its lines in the file. */
export function sqlRef(src: YamlText, node: YNode, value: string): SqlRef {
  if (looksLikePath(value)) return { path: value.trim() };
  const scalar = node as Scalar;
  const { text, index } = src;
  const [start, end] = scalar.range!;
  const lines = value.split('\n');
  const positions: Position[] = [];
  let exact = false;
  let firstOffset = start;
  if (scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') {
    // Body lines follow the header line (`|`, `|-`, `>2`, an optional comment).
    let bodyStart = start;
    while (bodyStart < end && text[bodyStart] !== '\n' && text[bodyStart] !== '\r') bodyStart++;
    if (text[bodyStart] === '\r' && text[bodyStart + 1] === '\n') bodyStart++;
    bodyStart++;
    const raw: Array<{ offset: number; text: string }> = [];
    let o = bodyStart;
    while (o <= end && o <= text.length) {
      let e = o;
      while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
      raw.push({ offset: o, text: text.slice(o, e) });
      if (e >= text.length) break;
      o = e + (text[e] === '\r' && text[e + 1] === '\n' ? 2 : 1);
      if (o >= end) break;
    }
    if (scalar.type === 'BLOCK_LITERAL') {
      const first = lines.findIndex((l) => l.length > 0);
      const indent = first >= 0 && raw[first] ? raw[first].text.length - lines[first].length : 0;
      for (let i = 0; i < lines.length; i++) {
        // The empty line after a final line break is where the scalar ends.
        const r = raw[i];
        positions.push(index.position(r ? r.offset + Math.min(indent, r.text.length) : end));
      }
      exact = true;
      firstOffset = raw[0] ? raw[0].offset + Math.min(indent, raw[0].text.length) : bodyStart;
    } else {
      let cursor = bodyStart;
      for (const l of lines) {
        const probe = (l.trimStart().split(/\s/)[0] ?? '').slice(0, 20);
        const at = probe ? text.indexOf(probe, cursor) : -1;
        const off = at >= 0 && at <= end ? at : cursor;
        positions.push(index.position(off));
        if (at >= 0) cursor = at + probe.length;
      }
      firstOffset = positions.length ? index.offset(positions[0]) : bodyStart;
    }
  } else {
    const quoted = scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE';
    firstOffset = start + (quoted ? 1 : 0);
    const inner = text.slice(firstOffset, quoted ? end - 1 : end);
    exact = lines.length === 1 && inner === value;
    let cursor = firstOffset;
    for (const l of lines) {
      const probe = (l.trimStart().split(/\s/)[0] ?? '').slice(0, 20);
      const at = probe ? text.indexOf(probe, cursor) : -1;
      const off = at >= 0 && at <= end ? at : cursor;
      positions.push(index.position(positions.length === 0 ? firstOffset : off));
      if (at >= 0) cursor = at + probe.length;
    }
  }
  return {
    inline: value,
    inlineStartOffset: firstOffset,
    inlineStart: index.position(firstOffset),
    inlineLineStarts: positions,
    inlineExact: exact,
  };
}

const TABLE_FIELDS: Array<[keyof NonNullable<FlinkJobInput['tables']>[string], TableField]> = [
  ['rows', 'rows'],
  ['rate', 'ratePerSec'],
  ['retention', 'retentionSec'],
  ['rowBytes', 'rowBytes'],
  ['distinctKeys', 'distinctKeys'],
];

/** Where the values of one flinkjob document are: its parsed document, its YAML, and the diagnostics of reading it. */
interface FlinkJobDoc {
  doc: PlainDoc;
  w: Walker;
  src: YamlText;
  docRange: Range;
  diagnostics: Diagnostic[];
}

function buildJob(
  data: FlinkJobInput,
  doc: PlainDoc,
  w: Walker,
  src: YamlText,
  docRange: Range,
  diagnostics: Diagnostic[],
): JobSpec {
  const at: FlinkJobDoc = { doc, w, src, docRange, diagnostics };
  const job: JobSpec = {
    source: 'flinkjob',
    platform: data.platform ?? 'aws-managed-flink',
    tables: {},
    range: docRange,
  };
  const put = <K extends keyof JobSpec>(key: K, value: JobSpec[K] | undefined): void => {
    if (value !== undefined) job[key] = value;
  };
  const simple = <T>(field: keyof FlinkJobInput, value: T | undefined): Located<T> | undefined =>
    value === undefined ? undefined : located(doc, w, [field], value);
  put('name', simple('name', data.name));
  put('region', simple('region', data.region));
  put('flinkVersion', simple('flinkVersion', data.flinkVersion === undefined ? undefined : String(data.flinkVersion)));
  put('parallelism', simple('parallelism', data.parallelism));
  put('parallelismPerKPU', simple('parallelismPerKPU', data.parallelismPerKPU));
  put('maxParallelism', simple('maxParallelism', data.maxParallelism));
  put('autoScaling', simple('autoScaling', data.autoScaling));
  put('overscale', simple('overscale', data.overscale));
  put('memoryGB', simple('memoryGB', data.memoryGB));
  put('snapshotsEnabled', simple('snapshots', data.snapshots));
  put('stateTtlSec', unitValue(doc, w, ['stateTtl'], data.stateTtl, diagnostics));
  if (data.sql !== undefined) {
    const e = doc.entry(['sql']);
    if (e) put('sql', located(doc, w, ['sql'], sqlRef(src, e.node, data.sql)));
  }
  for (const [name, t] of Object.entries(data.tables ?? {})) {
    const stats = tableStats(at, name, t);
    Object.defineProperty(job.tables, name, { value: stats, enumerable: true, writable: true, configurable: true });
  }
  if (data.kubernetes) job.kubernetes = kubernetesResources(at, data.kubernetes);
  if (data.assumptions) {
    const { values, ranges } = assumptionValues(at, data.assumptions);
    job.assumptions = values;
    job.assumptionRanges = ranges;
  }
  return job;
}

type TableInput = NonNullable<FlinkJobInput['tables']>[string];

/** One table's statistics, each with the range of its value (for hovers and write-back); unit values converted. */
function tableStats({ doc, w, src, docRange, diagnostics }: FlinkJobDoc, name: string, t: TableInput): TableStats {
  const e = doc.entry(['tables', name]);
  const range = (e && pairRange(src, e.keyNode, e.node)) ?? docRange;
  const stats: TableStats = { range };
  const nameRange = e?.keyNode ? w.range(e.keyNode) : undefined;
  if (nameRange) stats.nameRange = nameRange;
  const ranges: Partial<Record<TableField, Range>> = {};
  for (const [input, output] of TABLE_FIELDS) {
    const v = unitValue(doc, w, ['tables', name, input], t[input] as string | number | undefined, diagnostics);
    if (v) {
      (stats as unknown as Record<string, number>)[output] = v.value;
      ranges[output] = v.range;
    }
  }
  const plain = (input: 'rowsPerKey' | 'matchRate'): void => {
    const v = t[input];
    const loc = v === undefined ? undefined : located(doc, w, ['tables', name, input], v);
    if (loc) {
      stats[input] = loc.value;
      ranges[input] = loc.range;
    }
  };
  plain('rowsPerKey');
  plain('matchRate');
  if (t.uniqueKey !== undefined) {
    stats.uniqueKey = typeof t.uniqueKey === 'string' ? [t.uniqueKey] : [...t.uniqueKey];
    const r = located(doc, w, ['tables', name, 'uniqueKey'], 0)?.range;
    if (r) ranges.uniqueKey = r;
  }
  if (t.columnBytes) {
    const cols: Record<string, number> = {};
    for (const [col, raw] of Object.entries(t.columnBytes)) {
      const v = unitValue(doc, w, ['tables', name, 'columnBytes', col], raw, diagnostics);
      if (v) cols[col] = v.value;
    }
    stats.columnBytes = cols;
    const r = located(doc, w, ['tables', name, 'columnBytes'], 0)?.range;
    if (r) ranges.columnBytes = r;
  }
  if (Object.keys(ranges).length) stats.fieldRanges = ranges;
  return stats;
}

/** The `kubernetes:` block: a task manager's CPU and memory (GB), its slots and the task managers. */
function kubernetesResources(
  { doc, w, diagnostics }: FlinkJobDoc,
  k: NonNullable<FlinkJobInput['kubernetes']>,
): NonNullable<JobSpec['kubernetes']> {
  const kube: NonNullable<JobSpec['kubernetes']> = {};
  const cpu =
    k.taskManagerCpu === undefined ? undefined : located(doc, w, ['kubernetes', 'taskManagerCpu'], k.taskManagerCpu);
  if (cpu) kube.taskManagerCpu = cpu;
  const mem = unitValue(doc, w, ['kubernetes', 'taskManagerMemory'], k.taskManagerMemory, diagnostics);
  if (mem) kube.taskManagerMemoryGB = { ...mem, value: mem.value / 1e9 };
  const slots = k.slots === undefined ? undefined : located(doc, w, ['kubernetes', 'slots'], k.slots);
  if (slots) kube.slots = slots;
  const tms =
    k.taskManagers === undefined ? undefined : located(doc, w, ['kubernetes', 'taskManagers'], k.taskManagers);
  if (tms) kube.taskManagerReplicas = tms;
  return kube;
}

/** The `assumptions:` overrides by their output names (unit values converted), with the range of each. */
function assumptionValues(
  { doc, w, diagnostics }: FlinkJobDoc,
  assumptions: NonNullable<FlinkJobInput['assumptions']>,
): { values: Record<string, number | boolean>; ranges: Record<string, Range> } {
  const values: Record<string, number | boolean> = {};
  const ranges: Record<string, Range> = {};
  for (const [key, raw] of Object.entries(assumptions)) {
    if (raw === undefined) continue;
    const path = ['assumptions', key];
    const s = schemaAt(path);
    const outKey = ASSUMPTION_OUTPUT_KEYS[key] ?? key;
    const loc =
      s && unitRegistry.get(s)
        ? unitValue(doc, w, path, raw as string | number, diagnostics)
        : located(doc, w, path, raw as number | boolean);
    if (loc) {
      values[outKey] = loc.value;
      ranges[outKey] = loc.range;
    }
  }
  return { values, ranges };
}

/** Parses a flinkjob descriptor (one job per YAML document). */
export function parseFlinkJob(text: string, index: LineIndex): { jobs: JobSpec[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const src = parseYaml(text, index, diagnostics);
  const jobs: JobSpec[] = [];
  for (const yamlDoc of src.docs) {
    const job = parseDocument(yamlDoc, src, diagnostics);
    if (job) jobs.push(job);
  }
  return { jobs, diagnostics };
}

function parseDocument(yamlDoc: Document.Parsed, src: YamlText, diagnostics: Diagnostic[]): JobSpec | undefined {
  const w = new Walker(yamlDoc, src);
  const root = w.deref(yamlDoc.contents);
  if (!root || (isScalar(root) && (root as Scalar).value === null)) return undefined;
  const docRange = nodeRange(src, root) ?? src.index.range(0, 0);
  if (!isMap(root)) {
    diagnostics.push(
      diagnostic(
        'error',
        'descriptor-invalid-value',
        'a flinkjob descriptor is a mapping of fields (name:, parallelism:, sql:, tables:, ...)',
        docRange,
      ),
    );
    return undefined;
  }
  const doc = new PlainDoc(w, src, diagnostics);
  const data = doc.convert(root, []);
  let parsed: FlinkJobInput | undefined;
  const seen = new Set<string>();
  for (let round = 0; round < 10 && data !== undefined; round++) {
    const r = FlinkJobSchema.safeParse(data);
    if (r.success) {
      parsed = r.data;
      break;
    }
    let progressed = false;
    for (const issue of r.error.issues) {
      const id = `${issue.code}:${PlainDoc.key(issue.path)}`;
      if (!seen.has(id)) {
        seen.add(id);
        diagnostics.push(...issueDiagnostics(issue, data, doc, docRange, w));
      }
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) progressed = deletePath(data, [...issue.path, k]) || progressed;
      } else {
        progressed = deletePath(data, issue.path) || progressed;
      }
    }
    if (!progressed) break;
  }
  if (!parsed) return undefined;
  const job = buildJob(parsed, doc, w, src, docRange, diagnostics);
  checkParallelism(job, diagnostics);
  return job;
}
