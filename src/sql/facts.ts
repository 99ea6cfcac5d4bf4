// What one statement says, read off its parse tree without looking at any other
// statement. Offsets are relative to the statement text, so a statement's facts can be
// cached by its text and reused wherever it moves in the file (see analyze.ts).

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';

export interface Span {
  start: number;
  end: number;
}

export interface ColRef extends Span {
  /** Table alias or name before the dot, when written. */
  qualifier?: string;
  name: string;
  /**
   * Every part of a path of three or more (`e.payload.user.id`: an alias, a column and nested
   * fields, or a column and fields), which `qualifier` and `name` (its last two) do not tell apart.
   */
  path?: string[];
}

export interface ColumnFact extends Span {
  name: string;
  /** Type text as written, whitespace folded (for computed columns: empty). */
  type: string;
  kind: 'physical' | 'computed' | 'metadata';
  /** `PROCTIME()` computed columns are processing-time attributes. */
  proctime?: boolean;
  expression?: string;
  notNull?: boolean;
}

export interface CreateTableFact {
  name: string;
  nameSpan: Span;
  columns: ColumnFact[];
  primaryKey?: string[];
  watermark?: { column: string } & Span;
  options: Record<string, string>;
  likeSource?: string;
  /** CREATE TABLE ... AS SELECT */
  query?: QueryFact;
}

/** One condition of an ON clause or WHERE, split at top-level AND. */
export interface Conjunct extends Span {
  cols: ColRef[];
  /**
   * `a.x = b.y` between two plain column references, or between two expressions of one column
   * each (`CAST(a.x AS STRING) = b.y`: a key Flink computes), read as their columns.
   */
  equality?: [ColRef, ColRef];
  /** A range comparison (`<`, `<=`, `>`, `>=`, `BETWEEN`), a candidate time bound. */
  range?: boolean;
  /** Mentions `window_start` / `window_end` equality (window join). */
  text: string;
}

export type FromKind = 'table' | 'subquery' | 'lateral' | 'unnest' | 'window-tvf' | 'values';

export interface FromItem extends Span {
  kind: FromKind;
  /** The alias the scope uses for this item (the table name when none is written). */
  alias: string;
  /** Table, view or CTE name for `table`, and the TVF's input for `window-tvf`. */
  name?: string;
  nameSpan?: Span;
  /** Column aliases written after the alias: `AS t(tag)`. */
  columnAliases?: string[];
  /** The query of a subquery (or of a TVF over a subquery). */
  query?: QueryFact;
  /** `FOR SYSTEM_TIME AS OF <column>` on this item. */
  systemTime?: ColRef;
  /** TUMBLE / HOP / CUMULATE / SESSION for window TVFs. */
  windowFn?: string;
  /** A window TVF's parameters after its TABLE and DESCRIPTOR ones, as written (`INTERVAL '5' MINUTES`, `SIZE => INTERVAL '1' HOUR`). */
  windowParams?: string[];
}

export interface JoinFact extends Span {
  /** First token of the join operator (`LEFT` of `LEFT JOIN`, or the second table of a comma join). */
  opStart: number;
  opEnd: number;
  type: JoinType;
  comma: boolean;
  natural: boolean;
  /** Indices into the scope's items: every item on the left, and the one on the right. */
  left: number[];
  right: number;
  on: Conjunct[];
  using?: string[];
}

export interface AggregateFact extends Span {
  fn: string;
  distinct: boolean;
  args: ColRef[];
}

export interface OverFact extends Span {
  fn: string;
  /** The columns of the call's arguments (`SUM(amount)`: amount). */
  args?: ColRef[];
  alias: string;
  partitionBy: ColRef[];
  orderBy: ColRef[];
  /** Each ORDER BY item: its column when the item is one plain column, and whether it is DESC. */
  orderItems?: { col?: ColRef; desc: boolean }[];
  /** ROWS/RANGE frame, e.g. `ROWS BETWEEN 10 PRECEDING AND CURRENT ROW`. */
  frame?: string;
}

export interface SelectItemFact extends Span {
  /** Output name: the alias, the column's own name, or EXPR$n. */
  name: string;
  /** The column when the item is a plain column reference. */
  ref?: ColRef;
  /** `*` or `t.*`. */
  star?: { qualifier?: string };
  /** Every column the item reads. */
  cols: ColRef[];
  /** `PROCTIME() AS p`: a processing-time attribute. */
  proctime?: boolean;
}

export interface ScopeFact extends Span {
  items: FromItem[];
  joins: JoinFact[];
  where: Conjunct[];
  selectItems: SelectItemFact[];
  /** Every column reference of the scope (select list, ON, WHERE, GROUP BY, HAVING, ORDER BY). */
  columnRefs: ColRef[];
  /**
   * The GROUP BY: its key columns, and a legacy group window's function (`TUMBLE`, `HOP`,
   * `SESSION`), time column and interval arguments as written (`GROUP BY TUMBLE(ts, INTERVAL '1' HOUR)`).
   */
  groupBy?: { cols: ColRef[]; groupWindow?: string; windowTime?: ColRef; windowParams?: string[] } & Span;
  aggregates: AggregateFact[];
  overs: OverFact[];
  distinct: boolean;
  /** A MATCH_RECOGNIZE clause and its PARTITION BY columns (the key of its state). */
  matchRecognize?: Span & { partitionBy: string[] };
  fromSpan?: Span;
  /** Subqueries in the select list, WHERE or HAVING (not in FROM: those are items). */
  subqueries?: SubqueryFact[];
}

/**
 * A subquery inside an expression. Flink decorrelates it into a join: IN / EXISTS a semi join,
 * NOT IN / NOT EXISTS an anti join, a scalar subquery a join with its (aggregated) rows.
 */
export interface SubqueryFact extends Span {
  kind: 'scalar' | 'in' | 'not-in' | 'exists' | 'not-exists';
  query: QueryFact;
  /** It names a column of the enclosing query (`WHERE c.id = o.customer_id`). */
  correlated: boolean;
  /** IN / NOT IN: the column before IN, when it is a plain column (`o.customer_id IN (...)`). */
  column?: ColRef;
}

export interface QueryFact extends Span {
  ctes: { name: string; nameSpan: Span; query: QueryFact }[];
  /** The SELECT branches (several for UNION ALL). */
  scopes: ScopeFact[];
  /** Set operations between branches (`UNION`, `UNION ALL`, ...). */
  setOps: string[];
}

export interface HintFact extends Span {
  name: string;
  /** Positional arguments (`MULTI_JOIN(a, b)`) or key/value options (`STATE_TTL('o' = '1d')`). */
  args: string[];
  options: Record<string, string>;
}

export type StatementFact =
  | { kind: 'create-table'; table: CreateTableFact }
  | { kind: 'create-view'; name: string; nameSpan: Span; columnNames?: string[]; query: QueryFact }
  | { kind: 'insert'; target: string; targetSpan: Span; query?: QueryFact }
  | { kind: 'query'; query: QueryFact }
  | { kind: 'set'; key?: string; value?: string; keySpan?: Span; valueSpan?: Span }
  | { kind: 'reset'; key?: string }
  | { kind: 'unsupported'; what: string }
  | { kind: 'other'; what: string };

/**
 * A template replaced before parsing: `name` when it is read as a name (a dbt `ref('x')` or
 * `source('s', 'x')` as x, else a placeholder), `skipped` when it stands for no SQL (a Jinja
 * statement, comment or `config(...)` call) and was blanked.
 */
export interface TemplateSpan extends Span {
  as: 'name' | 'skipped';
  name?: string;
  /** Inside a string literal (`'jdbc:mysql://${HOST}/db'`): part of a value, not a name. */
  inString?: true;
}

export interface StatementFacts {
  fact: StatementFact;
  hints: HintFact[];
  /** `${VAR}`-style templates replaced before parsing. */
  templates: TemplateSpan[];
  errors: { start: number; end: number; message: string }[];
  repairs: { start: number; end: number; what: string }[];
  /**
   * Set when a parse thread gave up on the statement (src/sql/pool.ts): it parsed longer than
   * the statement budget, or its parse threw there. The analysis reports it, and does not
   * parse it again on its own thread.
   */
  abandoned?: { code: 'sql-statement-budget' | 'sql-internal'; message: string };
  /**
   * The text holds a second statement with no ';' before it (Flink's grammar takes statements
   * without semicolons): where it starts and its leading words. The facts are the first
   * statement's; the analysis reads the rest as statements of their own.
   */
  runOn?: { start: number; lead: string };
}

/** The facts of a statement given up on: nothing read from it but why. */
export function abandonedFacts(abandoned: NonNullable<StatementFacts['abandoned']>): StatementFacts {
  return { fact: { kind: 'other', what: '' }, hints: [], templates: [], errors: [], repairs: [], abandoned };
}
