export { analyzeSql, emptyAnalysis, parseFlinkDuration, type AnalyzeOptions } from './analyze';
export { warmUpParser } from './parser';
export type * from './types';
