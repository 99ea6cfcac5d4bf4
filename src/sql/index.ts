export { analyzeSql, emptyAnalysis, type AnalyzeOptions } from './analyze';
export { parseFlinkDuration } from './duration';
export { warmUpParser } from './parser';
export type * from './types';
