// The only place that talks to dt-sql-parser: lexing, statement splitting, the
// position-preserving repairs for constructs the grammar lacks, and parsing one
// statement with its errors collected (never printed, never thrown).
import {
  BailErrorStrategy,
  BasicState,
  type CommonTokenStream,
  ParseCancellationException,
  PredicateTransition,
  PredictionMode,
  Token,
  type ParserRuleContext,
} from 'antlr4ng';
import { FlinkSQL } from 'dt-sql-parser/dist/parser/flink';
import { ErrorStrategy } from 'dt-sql-parser/dist/parser/common/errorStrategy';
import { FlinkSqlLexer } from 'dt-sql-parser/dist/lib/flink/FlinkSqlLexer';
import { FlinkSqlParser, type ProgramContext } from 'dt-sql-parser/dist/lib/flink/FlinkSqlParser';

export { FlinkSqlLexer, FlinkSqlParser };

/**
 * dt-sql-parser's grammar lets a column name or select item be empty, behind the predicate
 * `{this.shouldMatchEmpty()}?`, for code completion (`SELECT a, | FROM t`). Outside
 * completion the predicate is false, but SLL prediction carries it unevaluated: to choose
 * between a name and the empty alternative, the decision in `columnName` reads ahead to the
 * end of the select list before it evaluates the predicate. Every column of a list did
 * that, so one statement parsed in time quadratic in its length (20,000 columns: 3.7 s,
 * 4 s in execATN). We never complete, so those alternatives can never be taken: each
 * predicate transition of `shouldMatchEmpty` is pointed at a state with no way out, and
 * every decision sees the name at its first token. Which predicates those are is asked of
 * the parser's own `sempred`, so a renumbered grammar is still pruned. Returns how many
 * were (a test checks that it is not 0).
 */
function pruneEmptyColumnAlternatives(): number {
  const atn = FlinkSqlParser._ATN;
  const probe = Object.create(FlinkSqlParser.prototype) as FlinkSqlParser & {
    shouldMatchEmpty(): boolean;
    precpred(): boolean;
  };
  let asked = false;
  probe.shouldMatchEmpty = () => {
    asked = true;
    return false;
  };
  probe.precpred = () => true;
  const dead = new BasicState();
  dead.atn = atn;
  dead.stateNumber = atn.states.length;
  dead.epsilonOnlyTransitions = true;
  let pruned = 0;
  for (const state of atn.states) {
    if (!state) continue;
    state.transitions.forEach((t, i) => {
      if (!(t instanceof PredicateTransition)) return;
      asked = false;
      probe.sempred(null, t.ruleIndex, t.predIndex);
      if (!asked) return;
      state.transitions[i] = new PredicateTransition(dead, t.ruleIndex, t.predIndex, t.isCtxDependent);
      pruned++;
    });
  }
  return pruned;
}

/**
 * How many `shouldMatchEmpty` alternatives were pruned from the grammar. The grammar (the
 * parser's ATN) is dt-sql-parser's, one per process (per thread): it is pruned once, when this
 * module loads, before anything can parse with it (about 2 ms).
 */
export const PRUNED_EMPTY_ALTERNATIVES = pruneEmptyColumnAlternatives();

/** A lexed token with offsets into the text it was lexed from (end exclusive). */
export interface Tok {
  type: number;
  text: string;
  start: number;
  end: number;
  hidden: boolean;
}

const KEYWORD_TYPES: boolean[] = FlinkSqlLexer.symbolicNames.map((n) => (n ?? '').startsWith('KW_'));
function isKeyword(type: number): boolean {
  return KEYWORD_TYPES[type] === true;
}

/** Lexes a text with the Flink lexer; comments and spaces are kept as hidden tokens. */
export function lex(text: string): Tok[] {
  // FlinkSQL only makes the lexer here (it keeps nothing of it).
  const lexer = new FlinkSQL().createLexer(text, () => undefined);
  const out: Tok[] = [];
  for (const t of lexer.getAllTokens()) {
    out.push({
      type: t.type,
      text: t.text ?? '',
      start: t.start,
      end: t.stop + 1,
      hidden: t.channel !== Token.DEFAULT_CHANNEL,
    });
  }
  return out;
}

/** A syntax error inside one statement; offsets relative to the statement text. */
export interface SyntaxIssue {
  start: number;
  end: number;
  message: string;
}

export interface ParsedStatement {
  tree: ProgramContext;
  tokens: Tok[];
  /** The `/*+ ... *\/` comments of the statement (query hints). */
  hintComments: Tok[];
  errors: SyntaxIssue[];
  /** What the repairs changed, for diagnostics (offsets relative to the statement). */
  repairs: { start: number; end: number; what: string }[];
}

/** Words that start a data type: a keyword right before one of them in a definition is a name. */
const TYPE_WORDS = new Set([
  'CHAR',
  'CHARACTER',
  'VARCHAR',
  'STRING',
  'BOOLEAN',
  'BINARY',
  'VARBINARY',
  'BYTES',
  'DECIMAL',
  'DEC',
  'NUMERIC',
  'TINYINT',
  'SMALLINT',
  'INT',
  'INTEGER',
  'BIGINT',
  'FLOAT',
  'DOUBLE',
  'REAL',
  'DATE',
  'TIME',
  'TIMESTAMP',
  'TIMESTAMP_LTZ',
  'ARRAY',
  'MAP',
  'MULTISET',
  'ROW',
  'RAW',
  'VARIANT',
]);

/** Index of the `)` matching the `(` at `open` (or the last index when unbalanced). */
function matching(visible: Token[], open: number): number {
  let depth = 0;
  for (let j = open; j < visible.length; j++) {
    if (visible[j].type === FlinkSqlLexer.LR_BRACKET) depth++;
    else if (visible[j].type === FlinkSqlLexer.RR_BRACKET && --depth === 0) return j;
  }
  return visible.length - 1;
}

/**
 * Repairs applied to the token stream before parsing. Each keeps every token's text
 * and offsets, so positions in the tree are positions in the user's text; only token
 * types and channels change.
 * - a keyword right after `.` is a column or table name (`B.dateTime`, `t.timestamp`), and
 *   so is one right before `.` (`Per.cnt`), alone in `DESCRIPTOR(dateTime)` or after `AS`;
 * - a keyword that starts a column or ROW field definition before its type is a name
 *   (`ROW<id BIGINT, dateTime TIMESTAMP(3)>`);
 * - an aggregate's `FILTER (WHERE ...)` is hidden (it does not change what is stored);
 * - `OVER (...)` / `OVER w` without an alias is hidden; extract.ts reads it back from
 *   the repair (`AVG(x) OVER (PARTITION BY k ORDER BY t ROWS BETWEEN ...)` as a select item);
 * - the `SESSION` window TVF (and its `PARTITION BY` keys) is read like `TUMBLE`;
 * - a window TVF's alias (`TABLE(TUMBLE(...)) AS w`, `... ) w`) is hidden; extract.ts reads it
 *   back from the repair;
 * - `ARRAY[...]` / `MAP[...]` constructors are read as function calls;
 * - `TRIM(BOTH x FROM s)`, `SUBSTRING(s FROM a FOR b)`, `OVERLAY(s PLACING x FROM a)`
 *   are read as calls with commas; `TRY_CAST` as `CAST`;
 * - Flink 2.0's `DISTRIBUTED BY ... INTO n BUCKETS` is hidden;
 * - `CREATE OR REPLACE TABLE ... AS` / `REPLACE TABLE ... AS` are read as `CREATE TABLE ... AS`;
 * - `FLOOR(ts TO HOUR)` / `CEIL(ts TO DAY)` are read with a comma; `DOUBLE PRECISION` as `DOUBLE`;
 * - the field after an index (`arr[1].f`, `m['k'].f`) is hidden;
 * - a backquoted named parameter (`` `OFFSET` => ``) is its keyword.
 */
const WINDOW_TVFS = new Set(['TUMBLE', 'HOP', 'CUMULATE', 'SESSION']);

/** The repair that hides a window TVF's alias (`TABLE(TUMBLE(...)) AS w`). */
export const WINDOW_TVF_ALIAS = 'window TVF alias';

function repairTokens(tokens: Token[], repairs: ParsedStatement['repairs']): void {
  const T = FlinkSqlLexer;
  const visible = tokens.filter((t) => t.channel === Token.DEFAULT_CHANNEL && t.type !== Token.EOF);
  const hide = (from: number, to: number, what: string) => {
    for (let k = from; k <= to; k++) visible[k].channel = Token.HIDDEN_CHANNEL;
    repairs.push({ start: visible[from].start, end: visible[to].stop + 1, what });
  };
  // The token's text is read only when a rule needs it: most tokens are never looked at.
  // (One closure for the whole loop: a statement has thousands of tokens.)
  let t: Token = visible[0];
  let w: string | undefined;
  const word = () => (w ??= upper1(t));
  for (let i = 0; i < visible.length; i++) {
    t = visible[i];
    w = undefined;
    if (t.channel !== Token.DEFAULT_CHANNEL) continue;
    const prev = visible[i - 1];
    const next = visible[i + 1];
    if (prev && prev.type === T.DOT && isKeyword(t.type)) {
      t.type = T.ID_LITERAL;
      continue;
    }
    // A keyword used as a qualifier (`Per.cnt`) or as the time column of `DESCRIPTOR(dateTime)`.
    if (
      isKeyword(t.type) &&
      ((next?.type === T.DOT && prev?.type !== T.DOT) ||
        (prev?.type === T.LR_BRACKET && next?.type === T.RR_BRACKET && upper1(visible[i - 2] ?? t) === 'DESCRIPTOR') ||
        // an alias: `) AS Per`, `bid AS value` (not `AS PROCTIME()`, not a type of CAST)
        (prev?.type === T.KW_AS && next?.type !== T.LR_BRACKET && !TYPE_WORDS.has(word()))) &&
      !STRUCTURAL.has(word())
    ) {
      t.type = T.ID_LITERAL;
      continue;
    }
    if (
      isKeyword(t.type) &&
      prev &&
      next &&
      (prev.type === T.LR_BRACKET || prev.type === T.COMMA || prev.type === T.LESS_SYMBOL) &&
      !STRUCTURAL.has(word()) &&
      !TYPE_WORDS.has(word()) &&
      TYPE_WORDS.has(upper1(next)) &&
      !(next.type === T.STRING_LITERAL)
    ) {
      t.type = T.ID_LITERAL;
      continue;
    }
    if (next?.type === T.LR_BRACKET && visible[i + 2]?.type === T.KW_WHERE && word() === 'FILTER') {
      const j = matching(visible, i + 1);
      hide(i, j, 'aggregate FILTER clause');
      i = j;
      continue;
    }
    if (t.type === T.KW_OVER && prev?.type === T.RR_BRACKET) {
      const j = next?.type === T.LR_BRACKET ? matching(visible, i + 1) : i + 1;
      const after = visible[j + 1];
      // The grammar takes an OVER window only before `AS alias`: without an alias, or with one
      // written without AS (`OVER (...) total`), the window is hidden and read from the repair.
      if (after?.type !== T.KW_AS && j < visible.length) {
        hide(i, j, 'OVER window without an alias');
        i = j;
      }
      continue;
    }
    if (
      next?.type === T.LR_BRACKET &&
      prev?.type === T.LR_BRACKET &&
      word() === 'SESSION' &&
      upper1(visible[i - 2] ?? t) === 'TABLE'
    ) {
      t.type = T.KW_TUMBLE;
      const close = matching(visible, i + 1);
      for (let k = i + 2; k < close; k++) {
        if (visible[k].type === T.KW_PARTITION && visible[k + 1]?.type === T.KW_BY) {
          let e = k + 2;
          let depth = 0;
          for (; e < close; e++) {
            if (visible[e].type === T.LR_BRACKET) depth++;
            else if (visible[e].type === T.RR_BRACKET) depth--;
            else if (visible[e].type === T.COMMA && depth === 0) break;
          }
          hide(k, e - 1, 'SESSION window PARTITION BY');
          break;
        }
      }
      continue;
    }
    if ((t.type === T.KW_ARRAY || t.type === T.KW_MAP) && next?.type === T.LS_BRACKET) {
      let depth = 0;
      for (let k = i + 1; k < visible.length; k++) {
        if (visible[k].type === T.LS_BRACKET && depth++ === 0) visible[k].type = T.LR_BRACKET;
        else if (visible[k].type === T.RS_BRACKET && --depth === 0) {
          visible[k].type = T.RR_BRACKET;
          break;
        }
      }
      t.type = T.ID_LITERAL;
      continue;
    }
    // Flink 2.0 `DISTRIBUTED BY [HASH|RANGE](k) [INTO n BUCKETS]` / `DISTRIBUTED INTO n BUCKETS`:
    // bucketing changes no state, so the clause is hidden.
    if (
      prev?.type === T.RR_BRACKET &&
      word() === 'DISTRIBUTED' &&
      (upper1(next ?? t) === 'BY' || upper1(next ?? t) === 'INTO')
    ) {
      let e = i + 1;
      while (
        e + 1 < visible.length &&
        !['WITH', 'LIKE', 'AS', 'PARTITIONED', 'COMMENT'].includes(upper1(visible[e + 1])) &&
        upper1(visible[e]) !== 'BUCKETS'
      )
        e++;
      hide(i, e, 'DISTRIBUTED BY clause');
      i = e;
      continue;
    }
    // `TABLE(TUMBLE(...)) [AS] w`: Flink's parser takes an alias after a window TVF, the grammar
    // does not. The alias is hidden, and extract.ts reads it back from the repair.
    if (
      t.type === T.KW_TABLE &&
      next?.type === T.LR_BRACKET &&
      visible[i + 3]?.type === T.LR_BRACKET &&
      WINDOW_TVFS.has(upper1(visible[i + 2] ?? t))
    ) {
      const close = matching(visible, i + 1);
      const after = visible[close + 1];
      const named = (x: Token | undefined) =>
        !!x && (x.type === T.ID_LITERAL || (isKeyword(x.type) && !STRUCTURAL.has(upper1(x))));
      if (after?.type === T.KW_AS && named(visible[close + 2])) hide(close + 1, close + 2, WINDOW_TVF_ALIAS);
      else if (after?.type === T.ID_LITERAL) hide(close + 1, close + 1, WINDOW_TVF_ALIAS);
      continue;
    }
    // A backquoted window TVF parameter name (`` `OFFSET` => INTERVAL ...``): the keyword.
    if (next?.type === T.DOUBLE_RIGHT_ARROW && t.type === T.STRING_LITERAL && (t.text ?? '').startsWith('`')) {
      const kw = (T as unknown as Record<string, number | undefined>)[
        `KW_${(t.text ?? '').slice(1, -1).toUpperCase()}`
      ];
      if (typeof kw === 'number') t.type = kw;
      continue;
    }
    // Flink 1.18+ `CREATE OR REPLACE TABLE ... AS` / `REPLACE TABLE ... AS`: read as a CTAS.
    if (
      t.type === T.KW_OR &&
      prev?.type === T.KW_CREATE &&
      i === 1 &&
      upper1(next ?? t) === 'REPLACE' &&
      visible[i + 2]?.type === T.KW_TABLE
    ) {
      hide(i, i + 1, 'CREATE OR REPLACE TABLE');
      i++;
      continue;
    }
    if (i === 0 && next?.type === T.KW_TABLE && t.type === T.ID_LITERAL && word() === 'REPLACE') {
      t.type = T.KW_CREATE;
      repairs.push({ start: t.start, end: t.stop + 1, what: 'REPLACE TABLE' });
      continue;
    }
    // `arr[1].field`, `m['k'].field`: the field access after an index is hidden (the
    // indexed column is what the facts need).
    if (
      t.type === T.DOT &&
      prev?.type === T.RS_BRACKET &&
      next &&
      (next.type === T.ID_LITERAL || isKeyword(next.type))
    ) {
      hide(i, i + 1, 'field of an indexed value');
      i++;
      continue;
    }
    // `DOUBLE PRECISION` is `DOUBLE`.
    if (t.type === T.KW_PRECISION && prev?.type === T.KW_DOUBLE) {
      hide(i, i, 'DOUBLE PRECISION');
      continue;
    }
    // `FLOOR(ts TO HOUR)`, `CEIL(ts TO MINUTE)`: read as `FLOOR(ts, HOUR)`.
    if ((t.type === T.KW_FLOOR || t.type === T.KW_CEIL || t.type === T.KW_CEILING) && next?.type === T.LR_BRACKET) {
      const close = matching(visible, i + 1);
      let depth = 0;
      for (let k = i + 1; k < close; k++) {
        const v = visible[k];
        if (v.type === T.LR_BRACKET) depth++;
        else if (v.type === T.RR_BRACKET) depth--;
        else if (depth === 1 && v.type === T.KW_TO) {
          v.type = T.COMMA;
          repairs.push({ start: t.start, end: visible[close].stop + 1, what: `${word()} ... TO unit` });
          break;
        }
      }
      continue;
    }
    if (t.type === T.KW_TRY_CAST && next?.type === T.LR_BRACKET) {
      t.type = T.KW_CAST;
      continue;
    }
    if (next?.type === T.LR_BRACKET && (word() === 'TRIM' || word() === 'SUBSTRING' || word() === 'OVERLAY')) {
      const close = matching(visible, i + 1);
      let depth = 0;
      let changed = false;
      for (let k = i + 1; k < close; k++) {
        const v = visible[k];
        if (v.type === T.LR_BRACKET) depth++;
        else if (v.type === T.RR_BRACKET) depth--;
        else if (depth === 1) {
          const w = upper1(v);
          if (w === 'FROM' || w === 'FOR' || w === 'PLACING') {
            v.type = T.COMMA;
            changed = true;
          } else if (k === i + 2 && (w === 'BOTH' || w === 'LEADING' || w === 'TRAILING')) {
            v.channel = Token.HIDDEN_CHANNEL;
            changed = true;
            // `TRIM(BOTH FROM s)`: no character given, the FROM is no separator.
            if (upper1(visible[k + 1]) === 'FROM') {
              visible[k + 1].channel = Token.HIDDEN_CHANNEL;
              k++;
            }
          }
        }
      }
      if (changed) {
        t.type = T.ID_LITERAL;
        repairs.push({ start: t.start, end: visible[close].stop + 1, what: `${word()} with keyword arguments` });
      }
    }
  }
}
const upper1 = (t: Token) => (t.text ?? '').toUpperCase();

function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line && at >= 0; l++) at = text.indexOf('\n', at) + 1 || -1;
  return at < 0 ? 0 : Math.min(text.length, at + Math.max(0, column));
}

/**
 * Parses one statement. `fast`: SLL prediction, and the parse stops at the first error
 * (undefined) without the per-loop error sync that recovery needs; otherwise full LL with
 * recovery, every error collected.
 */
function runParser(text: string, retype: ReadonlyMap<number, number>, fast: true): ParsedStatement | undefined;
function runParser(text: string, retype: ReadonlyMap<number, number>, fast?: false): ParsedStatement;
function runParser(text: string, retype: ReadonlyMap<number, number>, fast = false): ParsedStatement | undefined {
  const reported: SyntaxIssue[] = [];
  const parser = new FlinkSQL().createParser(text, (err, original) => {
    const sym = original.offendingSymbol;
    // A lexer error has no token: ANTLR's line (1-based, counted at '\n') and column say where.
    const start = sym && sym.start >= 0 ? sym.start : offsetOf(text, original.line, original.charPositionInLine);
    const end = sym && sym.stop >= sym.start ? sym.stop + 1 : start + 1;
    // dt-sql-parser's message can come out empty of words (a lone quote for a '{' the lexer
    // rejects): then the offending text says it.
    const message = /[A-Za-z]/.test(err.message)
      ? err.message
      : `'${text.slice(start, Math.min(end, start + 40))}' is not valid at this position`;
    reported.push({ start, end, message });
  });
  const stream = parser.tokenStream as CommonTokenStream;
  const repairs: ParsedStatement['repairs'] = [];
  repairTokens(stream.getTokens(), repairs);
  if (retype.size > 0) {
    for (const t of stream.getTokens()) {
      const to = retype.get(t.tokenIndex);
      if (to !== undefined) t.type = to;
    }
  }
  parser.interpreter.predictionMode = fast ? PredictionMode.SLL : PredictionMode.LL;
  parser.buildParseTrees = true;
  parser.errorHandler = fast ? new BailErrorStrategy() : new ErrorStrategy();
  let tree: ProgramContext;
  try {
    tree = parser.program();
  } catch (e) {
    if (fast && e instanceof ParseCancellationException) return undefined;
    throw e;
  }
  if (fast && reported.length > 0) return undefined;
  // The first error reported is where the parse went wrong. A prediction that failed there
  // has the parser re-read from the start of its decision, and what it reports then, before
  // that point, follows from the first error: not reported.
  const errors = reported.filter(
    (e, i) =>
      e.start >= reported[0].start && !reported.slice(0, i).some((x) => x.start === e.start && x.message === e.message),
  );
  const raw = stream.getTokens();
  // Token texts are built only when asked for (error retries, token-level readers): most
  // statements parse cleanly and need none of them.
  let tokens: Tok[] | undefined;
  const hintComments: Tok[] = [];
  for (const t of raw) {
    if (t.type === FlinkSqlLexer.BRACKETED_COMMENT && t.stop - t.start >= 4 && text.charCodeAt(t.start + 2) === 43) {
      hintComments.push({
        type: t.type,
        text: text.slice(t.start, t.stop + 1),
        start: t.start,
        end: t.stop + 1,
        hidden: true,
      });
    }
  }
  return {
    tree,
    get tokens() {
      tokens ??= raw
        .filter((t) => t.type !== Token.EOF)
        .map((t) => ({
          type: t.type,
          text: t.text ?? '',
          start: t.start,
          end: t.stop + 1,
          hidden: t.channel !== Token.DEFAULT_CHANNEL,
        }));
      return tokens;
    },
    hintComments,
    errors,
    repairs,
  };
}

/** Tokens that must keep their keyword meaning even when a parse fails near them. */
const STRUCTURAL = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'JOIN',
  'ON',
  'GROUP',
  'BY',
  'HAVING',
  'ORDER',
  'LIMIT',
  'UNION',
  'INSERT',
  'INTO',
  'CREATE',
  'TABLE',
  'VIEW',
  'WITH',
  'AS',
  'AND',
  'OR',
  'NOT',
  'LEFT',
  'RIGHT',
  'FULL',
  'INNER',
  'OUTER',
  'CROSS',
  'SET',
  'VALUES',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'BETWEEN',
  'IN',
  'IS',
  'NULL',
  'LIKE',
  'WATERMARK',
  'PRIMARY',
  'KEY',
  'FOR',
  'OVER',
  'PARTITION',
  'LATERAL',
  'UNNEST',
  'INTERVAL',
  'DISTINCT',
  'ALL',
  'EXISTS',
  'OF',
  'SYSTEM_TIME',
  'USING',
  'NATURAL',
  'JOIN',
  'WINDOW',
  'MATCH_RECOGNIZE',
  'DESCRIPTOR',
  'FILTER',
]);

/**
 * Parses one statement. SLL prediction first, stopping at the first error; on an error, full
 * LL with recovery; then, while the first error sits on (or just after) a non-structural
 * keyword used as a name (Nexmark's `dateTime`, a column called `per`), that keyword is read
 * as an identifier and the statement parsed again: first every token of that keyword in the statement, then only
 * the one at the error. A comma at the error after a JOIN (`a JOIN b ON ..., c`, which Flink's
 * Calcite parser takes and the grammar does not) is read as a JOIN token, which the FROM reader
 * turns back into a comma join. A retry is kept when it removes the first error (at most 8).
 */
export function parseStatement(text: string): ParsedStatement {
  const retype = new Map<number, number>();
  const fast = runParser(text, retype, true);
  if (fast) return fast;
  let result = runParser(text, retype);
  for (let attempt = 0; attempt < 8 && result.errors.length > 0; attempt++) {
    const firstError = result.errors[0];
    let improved = false;
    const candidates = [...new Set(result.errors.flatMap((e) => keywordsNear(result.tokens, e.start)))].filter(
      (i) => !retype.has(i),
    );
    const trials: [number, number][][] = [];
    const comma = commaAfterJoin(result.tokens, firstError.start);
    if (comma !== undefined && !retype.has(comma)) trials.push([[comma, FlinkSqlLexer.KW_JOIN]]);
    for (const idx of candidates) {
      const same = result.tokens
        .map((t, i) => (t.type === result.tokens[idx].type && !t.hidden ? i : -1))
        .filter((i) => i >= 0);
      for (const set of same.length > 1 ? [same, [idx]] : [[idx]])
        trials.push(set.map((i) => [i, FlinkSqlLexer.ID_LITERAL]));
    }
    for (const set of trials) {
      const retried = runParser(text, new Map([...retype, ...set]));
      if (
        retried.errors.length === 0 ||
        retried.errors[0].start > firstError.start ||
        retried.errors.length < result.errors.length
      ) {
        for (const [i, to] of set) retype.set(i, to);
        result = retried;
        improved = true;
        break;
      }
    }
    if (!improved) break;
  }
  result.errors.sort((x, y) => x.start - y.start);
  return result;
}

/** The comma token at an error offset when a JOIN keyword comes before it in the statement. */
function commaAfterJoin(tokens: Tok[], offset: number): number | undefined {
  const at = tokens.findIndex((t) => !t.hidden && t.start === offset);
  if (at < 0 || tokens[at].type !== FlinkSqlLexer.COMMA) return undefined;
  return tokens.slice(0, at).some((t) => t.type === FlinkSqlLexer.KW_JOIN) ? at : undefined;
}

/** Keyword tokens at or just before an error offset that could be names (list index = token index). */
function keywordsNear(tokens: Tok[], offset: number): number[] {
  const visible = tokens.map((t, i) => ({ t, i })).filter((x) => !x.t.hidden);
  const out: number[] = [];
  for (let k = 0; k < visible.length; k++) {
    if (visible[k].t.start !== offset) continue;
    for (const cand of [visible[k], visible[k - 1]]) {
      if (
        cand &&
        isKeyword(cand.t.type) &&
        !STRUCTURAL.has(cand.t.text.toUpperCase()) &&
        !TYPE_WORDS.has(cand.t.text.toUpperCase())
      )
        out.push(cand.i);
    }
  }
  return out;
}

/** Parses a small statement once so the parser's prediction cache is built off the typing path. */
export function warmUpParser(): void {
  parseStatement(
    "CREATE TABLE w (id BIGINT, v STRING, ts TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'kafka')",
  );
  parseStatement(
    'INSERT INTO s SELECT a.id, b.v FROM a JOIN b ON a.id = b.id LEFT JOIN c ON c.id = a.id WHERE a.x > 1 GROUP BY a.id',
  );
}

export type { ParserRuleContext };
