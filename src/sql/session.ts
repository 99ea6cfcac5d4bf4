// What the SQL analysis keeps from one analysis to the next, for one owner: an analysis
// session (src/analysis/session.ts: one per workspace in the editor, one per CLI run, one per
// test). An edit re-parses only the statements whose text changed, and re-walks only the
// queries whose text or whose file's declarations changed; the rest is found here.
import { GroupedCache } from '../cache';
import type { Diagnostic } from '../text';
import type { StatementFacts } from './facts';
import { type Segment, type Split, splitStatements, statementText } from './split';
import type { ChainInfo, JoinInfo, OperatorInfo, TableDef } from './types';

/** Statements (facts, table definitions, query results) kept at most. */
const MAX_STATEMENTS = 5000;
/** Declaration texts that keep their number; environments (sets of declarations) that keep their id. */
const MAX_DECLARATIONS = 20_000;
const MAX_ENVIRONMENTS = 200;
/** Longer statements are not parsed (sql-too-large), as descriptors over MAX_TEXT_CHARS are not read. */
export const MAX_STATEMENT_CHARS = 1_000_000;

/** A file's views by lower-case name: their output columns and base tables. */
export type ViewOutputs = ReadonlyMap<string, { columns: string[]; tables: string[] }>;

/** Environments whose views' outputs are kept: the files being edited, a few at a time. */
const KEPT_VIEW_ENVIRONMENTS = 8;

/** What pass 2 finds in one statement, in positions relative to the statement's start. */
export interface StatementResults {
  joins: JoinInfo[];
  chains: ChainInfo[];
  operators: OperatorInfo[];
  diagnostics: Diagnostic[];
}

/** Results moved to their place in a file (placeResults), and where: the statement's start and the joins before it. */
interface Placement {
  line: number;
  column: number;
  joinOffset: number;
  placed: StatementResults;
}

/** The definition a CREATE TABLE (without LIKE) gave, and where its statement started. */
export interface KeptTableDef {
  line: number;
  column: number;
  def: TableDef;
}

export class SqlSession {
  /** Statement text → its facts; the least recently used go first. */
  private readonly facts = new Map<string, StatementFacts>();
  /** Statement text of a CREATE TABLE (without LIKE) → its definition in the last analysis that read it. */
  private readonly tableDefs = new Map<string, KeptTableDef>();
  /** The last file split: a parse-ahead (pool.ts) and the analysis after it split the same text. */
  private lastSplit: Split | undefined;
  /**
   * Pass-2 results by the declarations they were resolved against (an environment id) and the
   * statement's text: an edit of one query re-walks that query only; the others are moved to
   * their place. The results of the last 8 environments are kept (an edit of a declaration, and its undo).
   */
  private readonly results = new GroupedCache<number, string, StatementResults>(MAX_STATEMENTS, 8);
  /** Declaration statement text → a small number; a file's declarations (their numbers) → its environment id. */
  private readonly declarationIds = new Map<string, number>();
  private nextDeclarationId = 0;
  private readonly envIds = new Map<string, number>();
  private nextEnvId = 1;
  private walked = 0;
  /**
   * Each statement's results as last placed in its file: an edit elsewhere places them at the same
   * position, and gets the same objects, so that a report's patch finds them equal at once
   * (src/analysis/patch.ts) and the extension host keeps its copies.
   */
  private readonly placements = new WeakMap<StatementResults, Placement>();
  /** Environment id → its views' output columns and base tables, by lower-case name (the newest few environments). */
  private readonly views = new Map<number, ViewOutputs>();

  /** The statements of a file (split once per text: see lastSplit). */
  segmentsOf(text: string): Segment[] {
    if (this.lastSplit?.text !== text) this.lastSplit = { text, segments: splitStatements(text, this.lastSplit) };
    return this.lastSplit.segments;
  }

  /** Facts of one statement if its text was parsed already (and marks them recently used). */
  cachedFacts(text: string): StatementFacts | undefined {
    const hit = this.facts.get(text);
    if (hit) {
      this.facts.delete(text);
      this.facts.set(text, hit);
    }
    return hit;
  }

  /** Facts of one statement if its text was parsed already (not marked as used). */
  peekFacts(text: string): StatementFacts | undefined {
    return this.facts.get(text);
  }

  /** Whether a statement text's facts are kept (a pool's parse-ahead asks after the fact). */
  hasFacts(text: string): boolean {
    return this.facts.has(text);
  }

  /** Keeps the facts of one statement text (parsed here, or on a parse thread: pool.ts). */
  keepFacts(text: string, facts: StatementFacts): void {
    this.facts.set(text, facts);
    if (this.facts.size > MAX_STATEMENTS) this.facts.delete(this.facts.keys().next().value as string);
  }

  /** The statement texts that analyzeSql(this, text) would parse now (not kept, not too large), in file order. */
  statementsToParse(text: string): string[] {
    const out: string[] = [];
    for (const seg of this.segmentsOf(text)) {
      if (seg.kind !== 'sql' || seg.end - seg.start > MAX_STATEMENT_CHARS) continue;
      const t = statementText(text, seg);
      if (!this.facts.has(t)) out.push(t);
    }
    return out;
  }

  keptTableDef(statement: string): KeptTableDef | undefined {
    return this.tableDefs.get(statement);
  }

  keepTableDef(statement: string, kept: KeptTableDef): void {
    this.tableDefs.set(statement, kept);
    if (this.tableDefs.size > MAX_STATEMENTS) this.tableDefs.delete(this.tableDefs.keys().next().value as string);
  }

  /**
   * A small id for the file's declarations (every CREATE TABLE / VIEW text, in order). Built
   * from a number per declaration text, not from the texts joined: those are the segments'
   * own strings, whose hashes are known, where a joined string would be hashed whole again.
   */
  declarationsId(text: string, facts: { seg: Segment; f: StatementFacts }[]): number {
    // Numbers are never reused either: a text seen again after this gets a new one.
    // The oldest go first: the declarations of the file being edited are the newest, and stay.
    if (this.declarationIds.size > MAX_DECLARATIONS)
      this.declarationIds.delete(this.declarationIds.keys().next().value as string);
    const ids: number[] = [];
    for (const { seg, f } of facts) {
      if (f.fact.kind !== 'create-table' && f.fact.kind !== 'create-view') continue;
      const t = statementText(text, seg);
      let n = this.declarationIds.get(t);
      if (n === undefined) {
        n = this.nextDeclarationId++;
        this.declarationIds.set(t, n);
      }
      ids.push(n);
    }
    const key = ids.join(',');
    let id = this.envIds.get(key);
    if (id === undefined) {
      if (this.envIds.size > MAX_ENVIRONMENTS) this.envIds.delete(this.envIds.keys().next().value as string);
      // Ids are never reused, so a forgotten environment cannot make old results look current.
      id = this.nextEnvId++;
      this.envIds.set(key, id);
    }
    return id;
  }

  /** Results of a statement's query resolved against the environment `envId`, if kept. */
  cachedResults(envId: number, statement: string): StatementResults | undefined {
    return this.results.get(envId, statement);
  }

  /** `results` placed at `at` after `joinOffset` joins: as the last time there, else `place()`'s. */
  placed(
    results: StatementResults,
    at: { line: number; column: number },
    joinOffset: number,
    place: () => StatementResults,
  ): StatementResults {
    const hit = this.placements.get(results);
    if (hit && hit.line === at.line && hit.column === at.column && hit.joinOffset === joinOffset) return hit.placed;
    const placed = place();
    this.placements.set(results, { line: at.line, column: at.column, joinOffset, placed });
    return placed;
  }

  /** The views' outputs in the environment `envId`: kept, else `resolve()`'s (then kept). */
  viewOutputs(envId: number, resolve: () => ViewOutputs): ViewOutputs {
    let hit = this.views.get(envId);
    if (!hit) {
      hit = resolve();
      this.views.set(envId, hit);
      if (this.views.size > KEPT_VIEW_ENVIRONMENTS) this.views.delete(this.views.keys().next().value as number);
    }
    return hit;
  }

  /** Keeps the results of a query walked now (counted in queriesWalked). */
  keepResults(envId: number, statement: string, results: StatementResults): void {
    this.walked++;
    this.results.set(envId, statement, results);
  }

  /** How many queries pass 2 has walked (not found in this session) since the session began: for tests. */
  get queriesWalked(): number {
    return this.walked;
  }
}
