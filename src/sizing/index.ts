// The sizing model (docs/sizing-model.md): pure functions, no I/O, no vscode.
// Where each number is computed:
//   defaults.ts       every setting / assumption, Flink byte-layout facts, max parallelism
//   rowSize.ts        §2   row bytes, key bytes, type parsing
//   joinState.ts      §3.1-3.5 join sides, binary chain, key-group statistics, MultiJoin, union rewrite, dedup
//   otherOperators.ts §3.6-3.7 rows held, interval / temporal / lookup joins, aggregations, "not estimated"
//   kpu.ts            §4   disk per operator, KPUs, fit, billed KPUs, KPUs to fit, cost, overscale, snapshot time; AWS facts; FlinkDeployment
//   prices.ts         §1   sourced price table and overrides
export * from './types';
export * from './defaults';
export * from './rowSize';
export * from './joinState';
export * from './otherOperators';
export * from './kpu';
export * from './prices';
export { fmt, fmtGB } from './num';
