// Statements parsed and queries resolved, kept from one analysis to the next.
import { GroupedCache } from '../cache';
import type { Diagnostic } from '../text';
import type { StatementFacts } from './facts';
import { type Segment, type Split, splitStatements, statementText } from './split';
import type { ChainInfo, JoinInfo, OperatorInfo, TableDef } from './types';

// ---------- statement cache ----------
const MAX_CACHE = 5000;
/** Longer statements are not parsed (sql-too-large), as descriptors over MAX_TEXT_CHARS are not read. */
export const MAX_STATEMENT_CHARS = 1_000_000;
const cache = new Map<string, StatementFacts>();
/** Forgets every parsed statement and every resolved query (the benchmark measures a cold analysis with it). */
export function clearStatementCache(): void {
  cache.clear();
  resultCache.clear();
  envIds.clear();
  declarationIds.clear();
  tableDefs.clear();
  lastSplit = undefined;
}

/** The definition a CREATE TABLE (without LIKE) gave in the last analysis, and where its statement started. */
const tableDefs = new Map<string, { line: number; column: number; def: TableDef }>();
export function keptTableDef(statement: string): { line: number; column: number; def: TableDef } | undefined {
  return tableDefs.get(statement);
}
export function keepTableDef(statement: string, kept: { line: number; column: number; def: TableDef }): void {
  tableDefs.set(statement, kept);
  if (tableDefs.size > MAX_CACHE) tableDefs.delete(tableDefs.keys().next().value as string);
}

/** The last file split: a parse-ahead (pool.ts) and the analysis after it split the same text. */
let lastSplit: Split | undefined;
export function segmentsOf(text: string): Segment[] {
  if (lastSplit?.text !== text) lastSplit = { text, segments: splitStatements(text, lastSplit) };
  return lastSplit.segments;
}

/** Facts of one statement if its text was parsed already (and marks them recently used). */
export function cachedFacts(text: string): StatementFacts | undefined {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
  }
  return hit;
}

/** Keeps the facts of one statement text (parsed here, or on a parse thread: pool.ts). */
export function cacheStatementFacts(text: string, facts: StatementFacts): void {
  cache.set(text, facts);
  if (cache.size > MAX_CACHE) cache.delete(cache.keys().next().value as string);
}

/** Whether a statement text's facts are cached (a pool's parse-ahead asks after the fact). */
export function hasStatementFacts(text: string): boolean {
  return cache.has(text);
}

/** Facts of one statement if its text was parsed already (not marked as used). */
export function peekFacts(text: string): StatementFacts | undefined {
  return cache.get(text);
}

/** The statement texts that analyzeSql(text) would parse now (not cached, not too large), in file order. */
export function statementsToParse(text: string): string[] {
  const out: string[] = [];
  for (const seg of segmentsOf(text)) {
    if (seg.kind !== 'sql' || seg.end - seg.start > MAX_STATEMENT_CHARS) continue;
    const t = statementText(text, seg);
    if (!cache.has(t)) out.push(t);
  }
  return out;
}

// ---------- pass 2, per statement ----------
/** What pass 2 finds in one statement, in positions relative to the statement's start. */
export interface StatementResults {
  joins: JoinInfo[];
  chains: ChainInfo[];
  operators: OperatorInfo[];
  diagnostics: Diagnostic[];
}

/**
 * Pass-2 results by the declarations they were resolved against and the statement's text:
 * an edit of one query re-walks that query only; the others are moved to their place.
 */
const resultCache = new GroupedCache<number, string, StatementResults>(MAX_CACHE, 8);
/** Declaration statement text → a small number; a file's declarations → its environment id. */
const declarationIds = new Map<string, number>();
let nextDeclarationId = 0;
const envIds = new Map<string, number>();
let nextEnvId = 1;

/**
 * A small id for the file's declarations (every CREATE TABLE / VIEW text, in order). Built
 * from a number per declaration text, not from the texts joined: those are the segments'
 * own strings, whose hashes are known, where a joined string would be hashed whole again.
 */
export function declarationsId(text: string, facts: { seg: Segment; f: StatementFacts }[]): number {
  // Numbers are never reused either: a text seen again after this gets a new one.
  // The oldest go first: the declarations of the file being edited are the newest, and stay.
  if (declarationIds.size > 20_000) declarationIds.delete(declarationIds.keys().next().value as string);
  const ids: number[] = [];
  for (const { seg, f } of facts) {
    if (f.fact.kind !== 'create-table' && f.fact.kind !== 'create-view') continue;
    const t = statementText(text, seg);
    let n = declarationIds.get(t);
    if (n === undefined) {
      n = nextDeclarationId++;
      declarationIds.set(t, n);
    }
    ids.push(n);
  }
  const key = ids.join(',');
  let id = envIds.get(key);
  if (id === undefined) {
    if (envIds.size > 200) envIds.delete(envIds.keys().next().value as string);
    // Ids are never reused, so a forgotten environment cannot make old results look current.
    id = nextEnvId++;
    envIds.set(key, id);
  }
  return id;
}

/** Results of a statement's query resolved against the environment `envId`, if kept. */
export function cachedResults(envId: number, statement: string): StatementResults | undefined {
  return resultCache.get(envId, statement);
}
/** Keeps them; the results of the last 8 environments are kept (an edit of a declaration, and its undo). */
export function keepResults(envId: number, statement: string, results: StatementResults): void {
  resultCache.set(envId, statement, results);
}

let walked = 0;
/** Counts a query pass 2 walked (not found in its cache). */
export function walkedOne(): void {
  walked++;
}
/** How many queries pass 2 has walked (not found in its cache) since the process started: for tests. */
export function queriesWalked(): number {
  return walked;
}
