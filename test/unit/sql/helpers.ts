// Small helpers for the SQL tests: ranges printed as `line:col-line:col` (1-based, end exclusive).
import type { Range } from '../../../src/text';
import type { SqlAnalysis } from '../../../src/sql';

export const at = (r: Range | undefined): string =>
  r ? `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}` : 'none';
export const start = (r: Range | undefined): string => (r ? `${r.start.line}:${r.start.column}` : 'none');
export const syntaxErrors = (a: SqlAnalysis) => a.diagnostics.filter((d) => d.code === 'sql-syntax');
export const lines = (...ls: string[]): string => ls.join('\n');
