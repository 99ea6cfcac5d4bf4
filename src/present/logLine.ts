// The analysis log's line for one analysis (the editor's Output channel).
import type { ReportSummary } from '../analysis';

/**
 * The Output channel's line for one analysis: the file, what it is, how long it took, what it
 * holds, whose statistics it used, and how many problems it has.
 */
export function analysisLogLine(
  file: string,
  report: ReportSummary,
  ms: number,
  descriptor: string | undefined,
): string {
  const what = report.skipped
    ? `skipped (${report.skipped})`
    : report.program
      ? `Table-API SQL in ${report.program.language}, ${report.program.analysed} of ${report.program.calls} calls read`
      : report.kind === 'sql'
        ? 'Flink SQL'
        : `${report.descriptor?.source ?? 'descriptor'}, ${report.jobs.length} job${report.jobs.length === 1 ? '' : 's'}`;
  const estimate = report.kind === 'sql' ? report.estimate : undefined;
  const chains = estimate
    ? estimate.chains.length
    : report.jobs.reduce((n, j) => n + (j.sqlPath ? 0 : j.estimate.chains.length), 0);
  const count = (sev: string) => report.diagnostics.filter((d) => d.severity === sev).length;
  const stats = report.kind === 'sql' ? `; statistics: ${descriptor ?? 'defaults (no descriptor names it)'}` : '';
  return `${file}: ${what}, ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms; ${chains} join chain${chains === 1 ? '' : 's'}${stats}; ${count('error')} errors, ${count('warning')} warnings`;
}
