// One entry for every consumer (CLI, editor): a file's text → its analysis and estimate.
import {
  descriptorFileKind,
  mapInlineSqlRange,
  parseDescriptor,
  type DescriptorFile,
  type JobSpec,
  type SqlRef,
} from '../descriptor';
import { analyzeSql, emptyAnalysis, type SqlAnalysis } from '../sql';
import { diagnostic, escapeControl, notTextReasonOfText, type Diagnostic, type Range } from '../text';
import { extractProgram, hostLanguageOf, type HostLanguage } from '../embedded';
import {
  estimateJobPlans,
  estimateSql,
  jobDiagnostics,
  type EstimateOptions,
  type JobPlans,
  type SqlEstimate,
} from './estimate';
import { analyzeProgram, type ProgramInfo } from './program';
import type { AnalysisSession } from './session';

export * from './estimate';
export * from './summary';
export { analyzeProgram, isProgramFileName, type ProgramInfo } from './program';
export { AnalysisSession } from './session';

export interface JobReport {
  spec: JobSpec;
  /** The SQL file the job runs (resolved path), or undefined for inline SQL / no SQL. */
  sqlPath?: string;
  sql?: SqlAnalysis;
  estimate: SqlEstimate;
  plans: JobPlans;
}

export interface FileReport {
  path: string;
  kind: 'sql' | 'descriptor';
  sql?: SqlAnalysis;
  /** For SQL files: the estimate with the statistics used. */
  estimate?: SqlEstimate;
  plans?: JobPlans;
  descriptor?: DescriptorFile;
  jobs: JobReport[];
  diagnostics: Diagnostic[];
  /** For programs (Java, Kotlin, Scala, Python): the host language and its Table-API calls; `sql` ranges are host-file ranges. */
  program?: ProgramInfo;
  /** Set when the file was not analysed at all: it is not text, or it has nothing to analyse (the one diagnostic says which). */
  skipped?: 'not-text' | 'empty-file';
  /** A SQL file or program estimated with a descriptor's job: which descriptor, and how it was found. */
  descriptorUsed?: { path: string; job?: string; how: 'in the run' | 'found beside it' | '--descriptor' };
}

/** Reads another file of the workspace (a descriptor's SQL); undefined when it cannot be read. */
export type ReadText = (path: string) => string | undefined;

/** Lists a directory of the workspace (names, not paths); undefined when it cannot be listed. A Terraform file is read with its module's other files through it. */
export type ListDir = (dir: string) => string[] | undefined;

export function isSqlFileName(path: string): boolean {
  return /\.sql$/i.test(path);
}

/** 1:1, for a diagnostic about the whole file (a new object each time: no report shares it). */
const fileStart = (): Range => ({ start: { line: 1, column: 1 }, end: { line: 1, column: 1 } });

/** The comment syntax of a file, for telling a file of comments only from one with something to analyse. */
interface Comments {
  line: string[];
  block: boolean;
}
const SQL_COMMENTS: Comments = { line: ['--'], block: true };
const C_COMMENTS: Comments = { line: ['//'], block: true }; // Java, Kotlin, Scala
const HASH_COMMENTS: Comments = { line: ['#'], block: false }; // Python, YAML
const NO_COMMENTS: Comments = { line: [], block: false }; // JSON

/** 'empty' when the text is nothing but white space (a byte-order mark included), 'comments' when it has comments besides, else undefined. */
function blankText(text: string, comments: Comments): 'empty' | 'comments' | undefined {
  let sawComment = false;
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
    } else if (comments.line.some((m) => text.startsWith(m, i))) {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      sawComment = true;
    } else if (comments.block && text.startsWith('/*', i)) {
      // A comment never closed is a syntax error, reported by the parser.
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      i = end + 2;
      sawComment = true;
    } else return undefined;
  }
  return sawComment ? 'comments' : 'empty';
}

type Skip = Diagnostic & { code: NonNullable<FileReport['skipped']> };

/**
 * The one diagnostic of a file that is not analysed at all: not text (a binary named `.sql`,
 * which would give a flood of `sql-syntax` errors quoting its bytes), or empty, or comments only.
 */
function skipDiagnostic(text: string, comments: Comments): Skip | undefined {
  const reason = notTextReasonOfText(text);
  if (reason)
    return {
      severity: 'warning',
      code: 'not-text',
      message: `not a text file: not analysed (${reason})`,
      range: fileStart(),
    };
  const blank = blankText(text, comments);
  if (blank)
    return {
      severity: 'info',
      code: 'empty-file',
      message: `nothing to analyse: the file ${blank === 'empty' ? 'is empty' : 'has only comments'}`,
      range: fileStart(),
    };
  return undefined;
}

/**
 * Every diagnostic of a report passes here: its message may quote the user's file (an SQL
 * token, a table name, a YAML key), and a control character or a bidi override in it must not
 * reach a terminal or the Problems view as it is (see escapeControl).
 */
function safe(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => {
    const message = escapeControl(d.message);
    return message === d.message ? d : { ...d, message };
  });
}

/** A SQL file, with the statistics of the job that runs it when there is one. */
export function analyzeSqlFile(
  session: AnalysisSession,
  path: string,
  text: string,
  job?: JobSpec,
  opts: EstimateOptions = {},
): FileReport {
  const skip = skipDiagnostic(text, SQL_COMMENTS);
  const sql = skip ? emptyAnalysis() : analyzeSql(session.sql, text, opts);
  const estimate = estimateSql(sql, job, opts, session.estimates);
  const plans = estimateJobPlans(estimate, job, opts);
  const diagnostics = skip ? [skip] : [...sql.diagnostics, ...estimate.diagnostics];
  return {
    path,
    kind: 'sql',
    sql,
    estimate,
    plans,
    jobs: [],
    diagnostics: safe(diagnostics),
    ...(skip ? { skipped: skip.code } : {}),
  };
}

/** Table-API SQL inside a program, analysed together, with every range in the program's own positions. */
export function analyzeProgramFile(
  session: AnalysisSession,
  path: string,
  text: string,
  job?: JobSpec,
  opts: EstimateOptions = {},
  language?: HostLanguage,
): FileReport {
  const lang = language ?? hostLanguageOf(path) ?? 'java';
  // An empty program (or one of comments only) says so rather than `embedded-sql-none`: there is no program to pass SQL.
  const skip = skipDiagnostic(text, lang === 'python' ? HASH_COMMENTS : C_COMMENTS);
  const p = analyzeProgram(session, skip ? '' : text, lang, opts);
  const estimate = estimateSql(p.sql, job, opts, session.estimates);
  const plans = estimateJobPlans(estimate, job, opts);
  const none =
    p.info.calls === 0 && !p.program.pending && !p.program.error
      ? [
          diagnostic(
            'info',
            'embedded-sql-none',
            `No SQL passed to the Table API (${p.info.language === 'python' ? 'execute_sql, sql_query, add_insert_sql, explain_sql' : 'executeSql, sqlQuery, addInsertSql, explainSql'}) in this file.`,
            fileStart(),
          ),
        ]
      : [];
  const diagnostics = skip
    ? [skip]
    : [...none, ...p.sql.diagnostics, ...p.notAnalysed, ...estimate.diagnostics].sort(
        (a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column,
      );
  return {
    path,
    kind: 'sql',
    sql: p.sql,
    estimate,
    plans,
    jobs: [],
    diagnostics: safe(diagnostics),
    program: p.info,
    ...(skip ? { skipped: skip.code } : {}),
  };
}

/**
 * A descriptor and the SQL of each of its jobs. Undefined when the file is no descriptor we read.
 * A file named as our descriptor (`*.flinkjob.yaml`, `flink-job.yaml`) that is not text or has
 * nothing in it gets its one diagnostic; any other YAML, JSON or Terraform file then is no descriptor.
 */
export function analyzeDescriptorFile(
  session: AnalysisSession,
  path: string,
  text: string,
  readText: ReadText,
  opts: EstimateOptions = {},
  listDir?: ListDir,
): FileReport | undefined {
  const skip = skipDiagnostic(text, /\.json$/i.test(path) ? NO_COMMENTS : HASH_COMMENTS);
  if (skip) {
    if (descriptorFileKind(path) !== 'flinkjob') return undefined;
    const d = safe([skip]);
    return {
      path,
      kind: 'descriptor',
      descriptor: { source: 'flinkjob', jobs: [], diagnostics: d },
      jobs: [],
      diagnostics: d,
      skipped: skip.code,
    };
  }
  const descriptor = parseDescriptor(text, path, listDir ? { readText, listDir } : undefined);
  if (!descriptor) return undefined;
  const diagnostics: Diagnostic[] = [...descriptor.diagnostics];
  const jobs: JobReport[] = [];
  for (const spec of descriptor.jobs) {
    let sql: SqlAnalysis | undefined;
    let sqlPath: string | undefined;
    const ref = spec.sql?.value;
    if (ref?.inline !== undefined) {
      sql = analyzeSql(session.sql, ref.inline, { parsed: opts.parsed });
      // Positions of inline SQL are mapped into the descriptor.
      for (const d of sql.diagnostics)
        diagnostics.push({ ...d, range: mapInlineSqlRange(ref, d.range) ?? spec.sql!.range });
    } else if (ref?.path || ref?.image) {
      const file = sqlFileOf(path, ref, readText);
      sqlPath = file?.path;
      const sqlText = file?.text;
      if (ref.image) diagnostics.push(imageSqlDiagnostic(ref.image, file?.copy, spec.sql!.range));
      const notText = sqlText === undefined ? undefined : notTextReasonOfText(sqlText);
      if (file && sqlText === undefined)
        diagnostics.push(
          diagnostic(
            'error',
            'descriptor-sql-missing',
            `SQL file '${ref.path}' not found (looked for ${file.path}).`,
            spec.sql!.range,
          ),
        );
      else if (file && notText)
        diagnostics.push(
          diagnostic(
            'warning',
            'not-text',
            `SQL file '${ref.path ?? file.path}' is not a text file: not analysed (${notText})`,
            spec.sql!.range,
          ),
        );
      else if (file && sqlText !== undefined) {
        // `sql:` may name a program (Job.java, job.py): its Table-API SQL is the job's SQL.
        const language = hostLanguageOf(file.path);
        // (Statements parsed ahead on the parse threads come in opts.parsed.)
        sql = language
          ? analyzeProgram(session, sqlText, language, { parsed: opts.parsed }).sql
          : analyzeSql(session.sql, sqlText, { parsed: opts.parsed });
      }
    }
    const estimate = estimateSql(sql ?? emptyAnalysis(), spec, opts, session.estimates);
    const plans = estimateJobPlans(estimate, spec, opts);
    diagnostics.push(...jobDiagnostics(spec, plans));
    jobs.push({ spec, sqlPath, sql, estimate, plans });
  }
  return { path, kind: 'descriptor', descriptor, jobs, diagnostics: safe(diagnostics) };
}

/**
 * The SQL texts that analysing a file parses, each with the job that runs it (a descriptor's),
 * for a parse ahead of the analysis on the parse threads (ParsePool.prefetch): a SQL file's
 * text, a program's Table-API SQL, each job's inline SQL or SQL file.
 */
export function sqlToParse(
  session: AnalysisSession,
  path: string,
  text: string,
  readText: ReadText,
): { sql: string; job?: JobSpec }[] {
  const sqlOf = (p: string, t: string) => {
    if (notTextReasonOfText(t)) return undefined;
    const language = hostLanguageOf(p);
    return language ? extractProgram(t, language, session.programs).sql.text : t;
  };
  if (isSqlFileName(path) || hostLanguageOf(path)) {
    const sql = sqlOf(path, text);
    return sql === undefined ? [] : [{ sql }];
  }
  const out: { sql: string; job?: JobSpec }[] = [];
  for (const job of parseDescriptor(text, path)?.jobs ?? []) {
    const ref = job.sql?.value;
    const file = sqlFileOf(path, ref, readText);
    const sql = ref?.inline ?? (file?.text !== undefined ? sqlOf(file.path, file.text) : undefined);
    if (sql !== undefined) out.push({ sql, job });
  }
  return out;
}

/** The job of a descriptor that runs `file` (its `sql:` resolves to it), if one does. */
export function jobNaming(file: string, descriptorPath: string, text: string): JobSpec | undefined {
  const same = (a: string, b: string) => a.replace(/\\/g, '/') === b.replace(/\\/g, '/');
  return parseDescriptor(text, descriptorPath)?.jobs.find((j) =>
    sqlFileCandidates(j.sql?.value).some((c) => same(resolvePath(descriptorPath, c), file)),
  );
}

/** Where a job's SQL file may be, relative to its descriptor: its `sql:` path, or the copies of a SQL file of the image. */
export function sqlFileCandidates(ref: SqlRef | undefined): string[] {
  return ref?.path !== undefined ? [ref.path] : (ref?.image?.copies ?? []);
}

/**
 * The file a job's SQL comes from, and its text (read once): its `sql:` path resolved against the
 * descriptor (text undefined when missing); for a SQL file inside the container image, the first
 * of its copies below the descriptor's folder that `readText` finds (undefined when none is).
 */
function sqlFileOf(
  descriptorPath: string,
  ref: SqlRef | undefined,
  readText: ReadText,
): { path: string; text: string | undefined; copy?: string } | undefined {
  if (ref?.path !== undefined) {
    const p = resolvePath(descriptorPath, ref.path);
    return { path: p, text: readText(p) };
  }
  for (const copy of ref?.image?.copies ?? []) {
    const p = resolvePath(descriptorPath, copy);
    const text = readText(p);
    if (text !== undefined) return { path: p, text, copy };
  }
  return undefined;
}

/** What the analysis did with a SQL file of the image: read a copy (`copy`), or found none. */
function imageSqlDiagnostic(image: NonNullable<SqlRef['image']>, copy: string | undefined, range: Range): Diagnostic {
  return copy !== undefined
    ? diagnostic(
        'info',
        'descriptor-sql-copy',
        `${image.field}: '${image.path}' is a file inside ${image.inside}: analysed from ${copy} below this folder, taken as its copy.`,
        range,
      )
    : diagnostic(
        'info',
        'descriptor-sql-in-image',
        `${image.field}: '${image.path}' is a file inside ${image.inside}, and no copy of it is below this folder (${image.copies.join(', ')}): not analysed. Name a copy in a *.flinkjob.yaml (sql:) to have it analysed.`,
        range,
      );
}

/** `dir/job.flinkjob.yaml` + `enrichment.sql` → `dir/enrichment.sql` (POSIX or Windows separators). */
export function resolvePath(from: string, rel: string): string {
  if (/^([a-zA-Z]:)?[\\/]/.test(rel)) return rel;
  const sep = from.includes('\\') && !from.includes('/') ? '\\' : '/';
  const parts = from.split(/[\\/]/);
  parts.pop();
  for (const p of rel.split(/[\\/]/)) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join(sep);
}
