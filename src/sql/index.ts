export { analyzeSql, parseFlinkDuration, statementFacts } from './analyze';
export { warmUpParser } from './parser';
export type * from './types';
