// The only place that talks to dt-sql-parser: lexing, statement splitting, the
// position-preserving repairs for constructs the grammar lacks, and parsing one
// statement with its errors collected (never printed, never thrown).
import { CommonTokenStream, PredictionMode, Token, type ParserRuleContext } from 'antlr4ng';
import { FlinkSQL } from 'dt-sql-parser/dist/parser/flink';
import { ErrorStrategy } from 'dt-sql-parser/dist/parser/common/errorStrategy';
import { FlinkSqlLexer } from 'dt-sql-parser/dist/lib/flink/FlinkSqlLexer';
import { FlinkSqlParser, type ProgramContext } from 'dt-sql-parser/dist/lib/flink/FlinkSqlParser';

export { FlinkSqlLexer, FlinkSqlParser };

let engine: FlinkSQL | undefined;
function flink(): FlinkSQL {
  engine ??= new FlinkSQL();
  return engine;
}

/** A lexed token with offsets into the text it was lexed from (end exclusive). */
export interface Tok {
  type: number;
  text: string;
  start: number;
  end: number;
  hidden: boolean;
}

export function isKeyword(type: number): boolean {
  return (FlinkSqlLexer.symbolicNames[type] ?? '').startsWith('KW_');
}

/** Lexes a text with the Flink lexer; comments and spaces are kept as hidden tokens. */
export function lex(text: string): Tok[] {
  const lexer = flink().createLexer(text, () => undefined);
  const out: Tok[] = [];
  for (const t of lexer.getAllTokens()) {
    out.push({ type: t.type, text: t.text ?? '', start: t.start, end: t.stop + 1, hidden: t.channel !== Token.DEFAULT_CHANNEL });
  }
  return out;
}

/** How one piece of the file is handled. `sql` pieces are parsed; the others are recognised from tokens. */
export type SegmentKind = 'sql' | 'statement-set-begin' | 'statement-set-end' | 'empty';

export interface Segment {
  kind: SegmentKind;
  /** Offsets of the statement text in the file, without the terminating semicolon. */
  start: number;
  end: number;
  /** Index of the statement set this statement belongs to, when inside one. */
  statementSet?: number;
}

const upper = (t: Tok | undefined) => (t ? t.text.toUpperCase() : '');

/**
 * Splits a file into statements at top-level semicolons. `BEGIN STATEMENT SET;` and
 * `EXECUTE STATEMENT SET BEGIN` open a set whose INSERTs are split and parsed one by
 * one, and `END` closes it, so an error in one INSERT does not hide the others.
 */
export function splitStatements(text: string, tokens: Tok[] = lex(text)): Segment[] {
  const visible = tokens.filter((t) => !t.hidden);
  const segments: Segment[] = [];
  let setIndex = -1;
  let inSet = false;
  let i = 0;
  while (i < visible.length) {
    const first = visible[i];
    if (first.type === FlinkSqlLexer.SEMICOLON) {
      i++;
      continue;
    }
    // Statement-set markers.
    const w = [0, 1, 2, 3].map((k) => upper(visible[i + k]));
    if (!inSet && w[0] === 'BEGIN' && w[1] === 'STATEMENT' && w[2] === 'SET') {
      inSet = true;
      setIndex++;
      segments.push({ kind: 'statement-set-begin', start: first.start, end: visible[i + 2].end, statementSet: setIndex });
      i += 3;
      continue;
    }
    if (!inSet && w[0] === 'EXECUTE' && w[1] === 'STATEMENT' && w[2] === 'SET' && w[3] === 'BEGIN') {
      inSet = true;
      setIndex++;
      segments.push({ kind: 'statement-set-begin', start: first.start, end: visible[i + 3].end, statementSet: setIndex });
      i += 4;
      continue;
    }
    if (inSet && w[0] === 'END') {
      segments.push({ kind: 'statement-set-end', start: first.start, end: first.end, statementSet: setIndex });
      inSet = false;
      i++;
      continue;
    }
    let depth = 0;
    let j = i;
    for (; j < visible.length; j++) {
      const t = visible[j];
      if (t.type === FlinkSqlLexer.LR_BRACKET) depth++;
      else if (t.type === FlinkSqlLexer.RR_BRACKET) depth = Math.max(0, depth - 1);
      else if (t.type === FlinkSqlLexer.SEMICOLON && depth === 0) break;
      // A statement that never ends with a semicolon before END of its set.
      else if (inSet && depth === 0 && j > i && upper(t) === 'END' && (j + 1 >= visible.length || visible[j + 1].type === FlinkSqlLexer.SEMICOLON)) break;
    }
    const last = visible[j - 1];
    segments.push({ kind: 'sql', start: first.start, end: last.end, statementSet: inSet ? setIndex : undefined });
    i = j;
  }
  return segments;
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
  errors: SyntaxIssue[];
  /** What the repairs changed, for diagnostics (offsets relative to the statement). */
  repairs: { start: number; end: number; what: string }[];
}

/**
 * Repairs applied to the token stream before parsing. Each keeps every token's text
 * and offsets, so positions in the tree are positions in the user's text.
 * - a keyword right after `.` is a column or table name (`B.dateTime`, `t.timestamp`);
 * - an aggregate's `FILTER (WHERE ...)` is hidden (it does not change what is stored).
 */
function repairTokens(tokens: Token[], repairs: ParsedStatement['repairs']): void {
  const visible = tokens.filter((t) => t.channel === Token.DEFAULT_CHANNEL && t.type !== Token.EOF);
  for (let i = 0; i < visible.length; i++) {
    const t = visible[i];
    if (i > 0 && visible[i - 1].type === FlinkSqlLexer.DOT && isKeyword(t.type)) {
      t.type = FlinkSqlLexer.ID_LITERAL;
    }
    if (
      upper1(t) === 'FILTER' &&
      visible[i + 1]?.type === FlinkSqlLexer.LR_BRACKET &&
      visible[i + 2]?.type === FlinkSqlLexer.KW_WHERE
    ) {
      let depth = 0;
      let j = i + 1;
      for (; j < visible.length; j++) {
        if (visible[j].type === FlinkSqlLexer.LR_BRACKET) depth++;
        else if (visible[j].type === FlinkSqlLexer.RR_BRACKET && --depth === 0) break;
      }
      for (let k = i; k <= Math.min(j, visible.length - 1); k++) visible[k].channel = Token.HIDDEN_CHANNEL;
      repairs.push({ start: t.start, end: visible[Math.min(j, visible.length - 1)].stop + 1, what: 'aggregate FILTER clause' });
      i = j;
    }
  }
}
const upper1 = (t: Token) => (t.text ?? '').toUpperCase();

function runParser(text: string, mode: number, retype: Set<number>): ParsedStatement {
  const errors: SyntaxIssue[] = [];
  const parser = flink().createParser(text, (err, original) => {
    const sym = original.offendingSymbol;
    const start = sym && sym.start >= 0 ? sym.start : 0;
    const end = sym && sym.stop >= sym.start ? sym.stop + 1 : start + 1;
    errors.push({ start, end, message: err.message });
  });
  const stream = parser.tokenStream as CommonTokenStream;
  const repairs: ParsedStatement['repairs'] = [];
  repairTokens(stream.getTokens(), repairs);
  for (const t of stream.getTokens()) if (retype.has(t.tokenIndex)) t.type = FlinkSqlLexer.ID_LITERAL;
  parser.interpreter.predictionMode = mode;
  parser.buildParseTrees = true;
  parser.errorHandler = new ErrorStrategy();
  const tree = parser.program();
  const tokens = stream.getTokens().filter((t) => t.type !== Token.EOF).map((t) => ({
    type: t.type,
    text: t.text ?? '',
    start: t.start,
    end: t.stop + 1,
    hidden: t.channel !== Token.DEFAULT_CHANNEL,
  }));
  return { tree, tokens, errors, repairs };
}

/** Tokens that must keep their keyword meaning even when a parse fails near them. */
const STRUCTURAL = new Set([
  'SELECT', 'FROM', 'WHERE', 'JOIN', 'ON', 'GROUP', 'BY', 'HAVING', 'ORDER', 'LIMIT', 'UNION', 'INSERT', 'INTO',
  'CREATE', 'TABLE', 'VIEW', 'WITH', 'AS', 'AND', 'OR', 'NOT', 'LEFT', 'RIGHT', 'FULL', 'INNER', 'OUTER', 'CROSS',
  'SET', 'VALUES', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'BETWEEN', 'IN', 'IS', 'NULL', 'LIKE', 'WATERMARK',
  'PRIMARY', 'KEY', 'FOR', 'OVER', 'PARTITION', 'LATERAL', 'UNNEST', 'INTERVAL', 'DISTINCT', 'ALL', 'EXISTS',
]);

/**
 * Parses one statement. SLL prediction first (fast); on errors, full LL; then, if the
 * first error sits on a non-structural keyword used as a name (Nexmark's `dateTime`),
 * that token is read as an identifier and the statement parsed again (at most 3 times).
 */
export function parseStatement(text: string): ParsedStatement {
  const retype = new Set<number>();
  let result = runParser(text, PredictionMode.SLL, retype);
  if (result.errors.length === 0) return result;
  result = runParser(text, PredictionMode.LL, retype);
  for (let attempt = 0; attempt < 3 && result.errors.length > 0; attempt++) {
    const first = result.errors[0];
    const idx = findKeywordNear(result.tokens, first.start);
    if (idx === undefined) break;
    retype.add(idx); // list index = the token's index in the parser's stream
    const retried = runParser(text, PredictionMode.LL, retype);
    if (retried.errors.length === 0 || retried.errors[0].start > first.start) result = retried;
    else break;
  }
  return result;
}

/** The keyword token at or just before an error offset, when it could be a name. */
function findKeywordNear(tokens: Tok[], offset: number): number | undefined {
  const visible = tokens.map((t, i) => ({ t, i })).filter((x) => !x.t.hidden);
  for (let k = 0; k < visible.length; k++) {
    if (visible[k].t.start !== offset) continue;
    for (const cand of [visible[k], visible[k - 1]]) {
      if (cand && isKeyword(cand.t.type) && !STRUCTURAL.has(cand.t.text.toUpperCase())) return cand.i;
    }
  }
  return undefined;
}

/** Parses a small statement once so the parser's prediction cache is built off the typing path. */
export function warmUpParser(): void {
  parseStatement(
    "CREATE TABLE w (id BIGINT, v STRING, ts TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'kafka')",
  );
  parseStatement('INSERT INTO s SELECT a.id, b.v FROM a JOIN b ON a.id = b.id LEFT JOIN c ON c.id = a.id WHERE a.x > 1 GROUP BY a.id');
}

export type { ParserRuleContext };
