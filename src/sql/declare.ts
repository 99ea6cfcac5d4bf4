// Pass 1 for a CREATE TABLE or CREATE VIEW: its definition goes into the environment.
import { diagnostic, type LineIndex } from '../text';
import type { Span, StatementFact } from './facts';
import { watermarkDelaySec } from './interval';
import { lc } from './relation';
import { declareTable, type Env, lookupTable, queryRelation } from './scope';
import type { SqlSession } from './session';
import { type Segment, statementText } from './split';
import type { ColumnDef, SqlAnalysis, TableDef } from './types';

const CHANGELOG_CONNECTORS = new Set([
  'upsert-kafka',
  'mysql-cdc',
  'postgres-cdc',
  'oracle-cdc',
  'sqlserver-cdc',
  'mongodb-cdc',
  'tidb-cdc',
  'db2-cdc',
]);

/**
 * Connectors whose scan source emits inserts only even with a PRIMARY KEY (their
 * getChangelogMode() is ChangelogMode.insertOnly(): JdbcDynamicTableSource,
 * HBaseDynamicTableSource, MongoDynamicTableSource, FileSystemTableSource, DataGenTableSource).
 * A keyed table of another connector (Paimon, Hudi, an unknown one) is read as a changelog.
 */
const INSERT_ONLY_SCANS = new Set(['jdbc', 'hbase-1.4', 'hbase-2.2', 'mongodb', 'filesystem', 'datagen']);

/**
 * Pass 1 for a CREATE TABLE or CREATE VIEW: its definition goes into `env` (and into `out`,
 * with a diagnostic for a LIKE source that is not declared).
 */
export function declare(
  session: SqlSession,
  env: Env,
  text: string,
  index: LineIndex,
  seg: Segment,
  fact: StatementFact,
  out: SqlAnalysis,
): void {
  const at = (sp: Span) => index.range(seg.start + sp.start, seg.start + sp.end);
  const r = index.range(seg.start, seg.end);
  if (fact.kind === 'create-view') {
    env.views.set(lc(fact.name), { query: fact.query, columnNames: fact.columnNames });
    out.views.push({ name: fact.name, columns: [], tables: [], range: r, nameRange: at(fact.nameSpan) });
    return;
  }
  if (fact.kind !== 'create-table') return;
  const t = fact.table;
  // A table without LIKE or AS depends on its statement alone: while the statement starts at
  // the same place, the definition of the previous analysis is the same (an edit elsewhere).
  const start = r.start;
  const standalone = !t.likeSource && !t.query;
  const kept = standalone ? session.keptTableDef(statementText(text, seg)) : undefined;
  if (kept && kept.line === start.line && kept.column === start.column) {
    out.tables.push(kept.def);
    declareTable(env, kept.def);
    return;
  }
  const like = t.likeSource ? lookupTable(env, t.likeSource) : undefined;
  const own: ColumnDef[] = t.columns.map((c) => ({
    name: c.name,
    type: c.type,
    kind: c.kind,
    timeAttribute: c.proctime
      ? 'proctime'
      : t.watermark && lc(t.watermark.column) === lc(c.name)
        ? 'rowtime'
        : undefined,
    range: at(c),
  }));
  // A LIKE table inherits the source's columns; its own WATERMARK (if any) replaces the source's.
  const inherited = (like?.columns ?? []).map((c) =>
    t.watermark && c.timeAttribute !== 'proctime'
      ? { ...c, timeAttribute: lc(c.name) === lc(t.watermark.column) ? ('rowtime' as const) : undefined }
      : c,
  );
  // A CTAS without a column list has the query's columns (Flink's CTAS takes the query's schema).
  const selected =
    t.query && own.length === 0
      ? queryRelation(env, t.query, t.name).columns.map(
          (c): ColumnDef => ({ name: c.name, type: c.type ?? '', kind: 'physical', range: at(t.nameSpan) }),
        )
      : [];
  const columns = like ? [...inherited, ...own] : own.length > 0 ? own : selected;
  const connector = t.options.connector ?? like?.options.connector;
  const format = t.options.format ?? t.options['value.format'] ?? '';
  const primaryKey = t.primaryKey ?? like?.primaryKey;
  const def: TableDef = {
    name: t.name,
    columns,
    primaryKey,
    watermarkColumn: t.watermark?.column ?? like?.watermarkColumn,
    watermarkDelaySec: t.watermark
      ? watermarkDelaySec(text.slice(seg.start + t.watermark.start, seg.start + t.watermark.end))
      : like?.watermarkDelaySec,
    options: { ...(like?.options ?? {}), ...t.options },
    connector,
    appendOnly:
      (!primaryKey || (connector !== undefined && INSERT_ONLY_SCANS.has(connector))) &&
      !(connector && CHANGELOG_CONNECTORS.has(connector)) &&
      !/debezium|canal|maxwell|ogg/.test(format),
    likeSource: t.likeSource,
    range: r,
    nameRange: at(t.nameSpan),
  };
  out.tables.push(def);
  declareTable(env, def);
  if (standalone) session.keepTableDef(statementText(text, seg), { line: start.line, column: start.column, def });
  if (t.likeSource && !like)
    out.diagnostics.push(
      diagnostic(
        'info',
        'sql-unknown-table',
        `LIKE ${t.likeSource}: no CREATE TABLE for it in this file, so its columns are unknown.`,
        at(t.nameSpan),
      ),
    );
}
