// Table-API SQL inside a Java, Kotlin, Scala or Python program → a FileReport of kind 'sql'
// whose every range is a host-file range, so each consumer (CLI, CodeLens, inlay hints,
// hovers, diagnostics, code actions) works on it unchanged. The program's SQL pieces are
// analysed together (DDL in one call, the join in another) as one mapped SQL text.
import {
  extractProgram,
  hostEnd,
  hostLanguageOf,
  hostStart,
  type EmbeddedProgram,
  type HostLanguage,
  type MappedString,
} from '../embedded';
import { analyzeSql, type AnalyzeOptions, type SqlAnalysis } from '../sql';
import { diagnostic, LineIndex, type Diagnostic, type Range } from '../text';
import type { AnalysisSession } from './session';

/** `Job.java`, `job.kt`, `Job.scala`, `job.py`: a program whose Table-API SQL we read. */
export function isProgramFileName(path: string): boolean {
  return hostLanguageOf(path) !== undefined;
}

const isRange = (v: unknown): v is Range => {
  const r = v as Range;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.start?.line === 'number' &&
    typeof r.start?.column === 'number' &&
    typeof r.end?.line === 'number' &&
    typeof r.end?.column === 'number'
  );
};

/** A copy of `value` with every Range replaced by f(range). The input (possibly cached) is not touched. */
function mapRanges<T>(value: T, f: (r: Range) => Range): T {
  if (Array.isArray(value)) return value.map((v) => mapRanges(v, f)) as T;
  if (isRange(value)) return f(value) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapRanges(v, f);
    return out as T;
  }
  return value;
}

/** SQL ranges (in the program's joined SQL) → host-file ranges. */
function sqlToHost(sql: MappedString, host: string): (r: Range) => Range {
  const sqlIndex = new LineIndex(sql.text);
  const hostIndex = new LineIndex(host);
  return (r) => {
    const a = sqlIndex.offset(r.start);
    const b = sqlIndex.offset(r.end);
    const start = hostStart(sql, a, 0);
    const end = b <= a ? start : hostEnd(sql, b, start);
    return hostIndex.range(start, Math.max(start, end));
  };
}

/**
 * The parts of the program's SQL known only at run time (`"... '" + topic + "'"`, an f-string
 * field), which the reader read as `${...}` templates: one info each at the host expression, in
 * place of the SQL reader's own template note. A statement that does not parse with them (a
 * run-time part that stands for more than a name or a literal's text) is reported as not analysed
 * rather than as a syntax error of the program.
 */
function runtimeParts(program: EmbeddedProgram, raw: SqlAnalysis, sql: SqlAnalysis, hostIndex: LineIndex): SqlAnalysis {
  const holes = program.calls.flatMap((c) => c.runtimeParts ?? []);
  if (holes.length === 0) return sql;
  const sqlIndex = new LineIndex(program.sql.text);
  const m = program.sql;
  // Where each hole's placeholder starts in the SQL text.
  const at = holes.map((h) => m.starts.findIndex((st, i) => st === h.start && m.ends[i] === h.end));
  const statementOf = (offset: number) =>
    raw.statements.find((st) => sqlIndex.offset(st.range.start) <= offset && offset < sqlIndex.offset(st.range.end));
  const broken = new Set(
    raw.diagnostics
      .filter((d) => d.code === 'sql-syntax')
      .map((d) => statementOf(sqlIndex.offset(d.range.start)))
      .filter((st) => st !== undefined && at.some((o) => o >= 0 && statementOf(o) === st)),
  );
  const rangeKey = (r: Range) => `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
  const holeRanges = new Set(holes.map((h) => rangeKey(hostIndex.range(h.start, h.end))));
  const isHole = (r: Range) => holeRanges.has(rangeKey(r));
  const diagnostics = sql.diagnostics.filter(
    (d, i) =>
      // The placeholder's own notes (a template, a table without DDL) say less than the hole's.
      !((d.code === 'sql-template' || d.code === 'sql-unknown-table') && isHole(d.range)) &&
      !(d.code === 'sql-syntax' && broken.has(statementOf(sqlIndex.offset(raw.diagnostics[i].range.start)))),
  );
  holes.forEach((h, k) => {
    const st = at[k] >= 0 ? statementOf(at[k]) : undefined;
    diagnostics.push(
      diagnostic(
        'info',
        'embedded-sql-runtime-part',
        st && broken.has(st)
          ? `Known only at run time (${h.why}): the statement it is part of does not parse with it read as a placeholder, so it is not analysed.`
          : `Known only at run time (${h.why}): read as a placeholder, so the rest of the statement is analysed.`,
        hostIndex.range(h.start, h.end),
      ),
    );
  });
  return { ...sql, diagnostics };
}

export interface ProgramInfo {
  language: HostLanguage;
  /** Table-API calls that pass SQL, and how many of them were analysed. */
  calls: number;
  analysed: number;
  /** Of the analysed calls, those with parts known only at run time (read as placeholders). */
  withRuntimeParts: number;
  /** Table settings made in code and read (as the SQL SET they stand for). */
  settings: number;
}

export interface ProgramAnalysis {
  program: EmbeddedProgram;
  info: ProgramInfo;
  /** The program's SQL analysis, in host-file positions. */
  sql: SqlAnalysis;
  /** Calls whose SQL is built at run time. */
  notAnalysed: Diagnostic[];
}

export function analyzeProgram(
  session: AnalysisSession,
  text: string,
  language: HostLanguage,
  options: AnalyzeOptions = {},
): ProgramAnalysis {
  const program = extractProgram(text, language, session.programs);
  const hostIndex = new LineIndex(text);
  const raw = analyzeSql(session.sql, program.sql.text, options);
  const sql = runtimeParts(program, raw, mapRanges(raw, sqlToHost(program.sql, text)), hostIndex);
  // A statement whose SQL comes (partly) from elsewhere (a constant, a variable) gets its lens
  // on the call that runs it: its pieces may be far apart, and one constant may run twice.
  const sqlIndex = new LineIndex(program.sql.text);
  raw.chains.forEach((c, i) => {
    const at = sqlIndex.offset(c.anchor.start);
    const piece = program.pieces.find((p) => at >= p.from && at < p.to);
    const call = piece && program.calls[piece.call];
    if (call?.elsewhere) sql.chains[i] = { ...sql.chains[i], anchor: hostIndex.range(call.nameStart, call.nameEnd) };
  });
  const notAnalysed = program.calls
    .filter((c) => c.notAnalysed !== undefined)
    .map((c) => {
      // At the argument; when the reason lies inside it (a parameter, a call), there.
      const inside =
        c.notAnalysedStart !== undefined &&
        c.notAnalysedEnd !== undefined &&
        c.notAnalysedStart >= c.argStart &&
        c.notAnalysedEnd <= c.argEnd;
      const range = inside
        ? hostIndex.range(c.notAnalysedStart!, c.notAnalysedEnd!)
        : hostIndex.range(c.argStart, c.argEnd);
      if (c.setting)
        return diagnostic(
          'info',
          'embedded-setting-not-read',
          `'${c.setting}' is set here to a value known only at run time (${c.notAnalysed}): the estimate does not use it.`,
          range,
        );
      return diagnostic(
        'info',
        'embedded-sql-not-analysed',
        `SQL built at run time: not analysed (${c.notAnalysed}). String literals, constants and variables with one value in this file, and their concatenations, are read.`,
        range,
      );
    });
  if (program.pending)
    notAnalysed.push(
      diagnostic(
        'info',
        'embedded-sql-pending',
        `The ${language} grammar is still loading: this program's SQL is read in a moment.`,
        hostIndex.range(0, 0),
      ),
    );
  if (program.error)
    notAnalysed.push(
      diagnostic(
        'error',
        'embedded-sql-internal',
        `Flink KPU Lens could not read this program (${program.error}).`,
        hostIndex.range(0, 0),
      ),
    );
  if (program.syntaxError) {
    const { start, end } = program.syntaxError;
    notAnalysed.push(
      diagnostic(
        'info',
        'embedded-syntax-error',
        `This ${language} file does not parse here: SQL passed near it may be missed or not analysed.`,
        hostIndex.range(start, end),
      ),
    );
  }
  const sqlCalls = program.calls.filter((c) => !c.setting);
  const analysed = sqlCalls.filter((c) => c.notAnalysed === undefined).length;
  const withRuntimeParts = sqlCalls.filter((c) => c.runtimeParts).length;
  const settings = program.calls.filter((c) => c.setting && c.notAnalysed === undefined).length;
  return {
    program,
    info: { language, calls: sqlCalls.length, analysed, withRuntimeParts, settings },
    sql,
    notAnalysed,
  };
}
