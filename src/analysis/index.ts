// One entry for every consumer (CLI, editor): a file's text → its analysis and estimate.
import { mapInlineSqlRange, parseDescriptor, type DescriptorFile, type JobSpec } from '../descriptor';
import { analyzeSql, emptyAnalysis, type SqlAnalysis } from '../sql';
import { diagnostic, type Diagnostic } from '../text';
import { hostLanguageOf, type HostLanguage } from '../embedded';
import { estimateJobPlans, estimateSql, jobDiagnostics, type EstimateOptions, type JobPlans, type SqlEstimate } from './estimate';
import { analyzeProgram, type ProgramInfo } from './program';

export * from './estimate';
export * from './format';
export { analyzeProgram, isProgramFileName, type ProgramInfo } from './program';

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
}

/** Reads another file of the workspace (a descriptor's SQL); undefined when it cannot be read. */
export type ReadText = (path: string) => string | undefined;

export function isSqlFileName(path: string): boolean {
  return /\.sql$/i.test(path);
}

/** A SQL file, with the statistics of the job that runs it when there is one. */
export function analyzeSqlFile(path: string, text: string, job?: JobSpec, opts: EstimateOptions = {}): FileReport {
  const sql = analyzeSql(text, opts);
  const estimate = estimateSql(sql, job, opts);
  const plans = estimateJobPlans(estimate, job, opts);
  return { path, kind: 'sql', sql, estimate, plans, jobs: [], diagnostics: [...sql.diagnostics, ...estimate.diagnostics] };
}

/** Table-API SQL inside a program, analysed together, with every range in the program's own positions. */
export function analyzeProgramFile(path: string, text: string, job?: JobSpec, opts: EstimateOptions = {}, language?: HostLanguage): FileReport {
  const p = analyzeProgram(text, language ?? hostLanguageOf(path) ?? 'java', opts);
  const estimate = estimateSql(p.sql, job, opts);
  const plans = estimateJobPlans(estimate, job, opts);
  const none = p.info.calls === 0 ? [diagnostic('info', 'embedded-sql-none', `No SQL passed to the Table API (${p.info.language === 'python' ? 'execute_sql, sql_query, add_insert_sql' : 'executeSql, sqlQuery, addInsertSql'}) in this file.`, { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } })] : [];
  const diagnostics = [...none, ...p.sql.diagnostics, ...p.notAnalysed, ...estimate.diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
  return { path, kind: 'sql', sql: p.sql, estimate, plans, jobs: [], diagnostics, program: p.info };
}

/** A descriptor and the SQL of each of its jobs. Undefined when the file is no descriptor we read. */
export function analyzeDescriptorFile(path: string, text: string, readText: ReadText, opts: EstimateOptions = {}): FileReport | undefined {
  const descriptor = parseDescriptor(text, path);
  if (!descriptor) return undefined;
  const diagnostics: Diagnostic[] = [...descriptor.diagnostics];
  const jobs: JobReport[] = [];
  for (const spec of descriptor.jobs) {
    let sql: SqlAnalysis | undefined;
    let sqlPath: string | undefined;
    const ref = spec.sql?.value;
    if (ref?.inline !== undefined) {
      sql = analyzeSql(ref.inline, { parsed: opts.parsed });
      // Positions of inline SQL are mapped into the descriptor.
      for (const d of sql.diagnostics) diagnostics.push({ ...d, range: mapInlineSqlRange(ref, d.range) ?? spec.sql!.range });
    } else if (ref?.path) {
      sqlPath = resolvePath(path, ref.path);
      const sqlText = readText(sqlPath);
      if (sqlText === undefined) diagnostics.push(diagnostic('error', 'descriptor-sql-missing', `SQL file '${ref.path}' not found (looked for ${sqlPath}).`, spec.sql!.range));
      else {
        // `sql:` may name a program (Job.java, job.py): its Table-API SQL is the job's SQL.
        const language = hostLanguageOf(sqlPath);
        // (Statements parsed ahead on the parse threads come in opts.parsed.)
        sql = language ? analyzeProgram(sqlText, language, { parsed: opts.parsed }).sql : analyzeSql(sqlText, { parsed: opts.parsed });
      }
    }
    const estimate = estimateSql(sql ?? emptyAnalysis(), spec, opts);
    const plans = estimateJobPlans(estimate, spec, opts);
    diagnostics.push(...jobDiagnostics(spec, plans));
    jobs.push({ spec, sqlPath, sql, estimate, plans });
  }
  return { path, kind: 'descriptor', descriptor, jobs, diagnostics };
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
