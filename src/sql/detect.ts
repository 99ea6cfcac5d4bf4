// Decides whether a plain `*.sql` file is Flink SQL, so the extension can offer its
// language for it without claiming every SQL file (docs/flink-sql-detection.md).
// Pure: no vscode import. Works on the Flink lexer's tokens, never on raw text, so a
// construct inside a string, a comment or a hint never counts.
import { FlinkSqlLexer, lex, type Tok } from './parser';

/** How much of the file is read: the DDL that gives Flink SQL away comes first. */
export const DETECT_LIMIT = 64 * 1024;

/**
 * Words one of which every rule below needs; a file without any is not lexed at all.
 * Only a shortcut: a word found here (perhaps in a comment) decides nothing.
 */
const CANDIDATE =
  /WATERMARK|PROCTIME|SYSTEM_TIME|TUMBLE|HOP|CUMULATE|SESSION|STATEMENT|CONNECTOR|SET|LATERAL|METADATA|CATALOG/i;

/** Option-key prefixes of Flink's configuration, as written in `SET 'key' = 'value'`. */
const SET_KEY =
  /^(?:table|execution|pipeline|state|sql-client|parallelism|restart-strategy|taskmanager|jobmanager|python)\./i;
/** The same prefixes in the unquoted `SET key = value` of older SQL clients (lexed as a word then a dot). */
const SET_WORD = new Set(['TABLE', 'EXECUTION', 'PIPELINE', 'STATE', 'PARALLELISM']);

const WINDOW_TVFS = new Set(['TUMBLE', 'HOP', 'CUMULATE', 'SESSION']);

/** True when the text (its first 64 KB) holds a construct only Flink SQL has. */
export function looksLikeFlinkSql(text: string): boolean {
  const head = text.length > DETECT_LIMIT ? text.slice(0, DETECT_LIMIT) : text;
  if (!CANDIDATE.test(head)) return false;
  const toks = lex(head).filter((t) => !t.hidden);
  for (let i = 0; i < toks.length; i++) {
    if (flinkConstructAt(toks, i)) return true;
  }
  return false;
}

/** The upper-cased word of a keyword or plain identifier; '' for strings, quoted names and symbols. */
function word(t: Tok | undefined): string {
  if (!t || t.type === FlinkSqlLexer.STRING_LITERAL) return '';
  return /^[A-Za-z_]/.test(t.text) ? t.text.toUpperCase() : '';
}

/** The value of a single-quoted string literal, else undefined (backquoted names and "..." are not). */
function stringValue(t: Tok | undefined): string | undefined {
  if (!t || t.type !== FlinkSqlLexer.STRING_LITERAL || !t.text.startsWith("'") || t.text.length < 2) return undefined;
  return t.text.slice(1, -1).replace(/''/g, "'");
}

const is = (t: Tok | undefined, type: number) => t !== undefined && t.type === type;

function startsStatement(toks: Tok[], i: number): boolean {
  return i === 0 || toks[i - 1].type === FlinkSqlLexer.SEMICOLON;
}

/** A table or column name: a plain identifier, a non-reserved keyword used as one, or a backquoted name. */
function isName(t: Tok | undefined): boolean {
  if (!t) return false;
  if (t.type === FlinkSqlLexer.STRING_LITERAL) return t.text.startsWith('`');
  return t.type === FlinkSqlLexer.ID_LITERAL;
}

function flinkConstructAt(toks: Tok[], i: number): boolean {
  const w = word(toks[i]);
  switch (w) {
    // WATERMARK FOR ts AS ...
    case 'WATERMARK':
      return word(toks[i + 1]) === 'FOR';
    // pt AS PROCTIME()
    case 'PROCTIME':
      return is(toks[i + 1], FlinkSqlLexer.LR_BRACKET) && is(toks[i + 2], FlinkSqlLexer.RR_BRACKET);
    // FOR SYSTEM_TIME AS OF o.proc_time. SQL Server and MariaDB share the phrase but read
    // a literal, a @variable, TIMESTAMP '...' or a function call after it; Flink a time attribute.
    case 'SYSTEM_TIME':
      return (
        word(toks[i - 1]) === 'FOR' &&
        word(toks[i + 1]) === 'AS' &&
        word(toks[i + 2]) === 'OF' &&
        isName(toks[i + 3]) &&
        !is(toks[i + 4], FlinkSqlLexer.LR_BRACKET)
      );
    // TABLE(TUMBLE(...)), TABLE(HOP(...)), TABLE(CUMULATE(...)), TABLE(SESSION(...))
    case 'TABLE':
      return (
        is(toks[i + 1], FlinkSqlLexer.LR_BRACKET) &&
        WINDOW_TVFS.has(word(toks[i + 2])) &&
        is(toks[i + 3], FlinkSqlLexer.LR_BRACKET)
      );
    // EXECUTE STATEMENT SET BEGIN ... END; BEGIN STATEMENT SET; ... END;
    case 'STATEMENT':
      return (word(toks[i - 1]) === 'EXECUTE' || word(toks[i - 1]) === 'BEGIN') && word(toks[i + 1]) === 'SET';
    // SET 'table.exec.state.ttl' = '1 d'; RESET 'pipeline.name'; SET table.x = y (older clients)
    case 'SET':
    case 'RESET': {
      if (!startsStatement(toks, i)) return false;
      const key = stringValue(toks[i + 1]);
      if (key !== undefined) return SET_KEY.test(key);
      return SET_WORD.has(word(toks[i + 1])) && is(toks[i + 2], FlinkSqlLexer.DOT);
    }
    // WITH ('connector' = 'kafka', ...) on a table; the legacy 'connector.type' too.
    case 'WITH':
      return is(toks[i + 1], FlinkSqlLexer.LR_BRACKET) && withListHasConnector(toks, i + 1);
    // CREATE CATALOG c WITH ('type' = 'hive')
    case 'CATALOG':
      return word(toks[i - 1]) === 'CREATE' && isName(toks[i + 1]) && word(toks[i + 2]) === 'WITH';
    // LATERAL TABLE(udtf(x)) (Spark writes LATERAL VIEW, Postgres LATERAL (subquery))
    case 'LATERAL':
      return word(toks[i + 1]) === 'TABLE' && is(toks[i + 2], FlinkSqlLexer.LR_BRACKET);
    // ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' / offset BIGINT METADATA VIRTUAL
    case 'METADATA': {
      const next = word(toks[i + 1]);
      return (next === 'FROM' && stringValue(toks[i + 2]) !== undefined) || next === 'VIRTUAL';
    }
    default:
      return false;
  }
}

/** Whether the parenthesised list opening at `open` has a `'connector' =` (or `'connector.type' =`) entry. */
function withListHasConnector(toks: Tok[], open: number): boolean {
  let depth = 0;
  for (let j = open; j < toks.length; j++) {
    const t = toks[j];
    if (t.type === FlinkSqlLexer.LR_BRACKET) depth++;
    else if (t.type === FlinkSqlLexer.RR_BRACKET) {
      if (--depth === 0) return false;
    } else if (t.type === FlinkSqlLexer.SEMICOLON) return false;
    else if (depth === 1 && is(toks[j + 1], FlinkSqlLexer.EQUAL_SYMBOL)) {
      const key = stringValue(t);
      const prev = toks[j - 1];
      const atEntryStart = prev.type === FlinkSqlLexer.LR_BRACKET || prev.type === FlinkSqlLexer.COMMA;
      if (atEntryStart && (key === 'connector' || key === 'connector.type')) return true;
    }
  }
  return false;
}
