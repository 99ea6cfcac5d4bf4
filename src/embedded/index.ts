// Table-API SQL inside Java, Kotlin, Scala and Python programs: the calls that pass SQL
// (executeSql, sqlQuery, addInsertSql; execute_sql, sql_query, add_insert_sql), the value of
// arguments that are string literals or concatenations of literals, and one SQL text of the
// whole program whose every unit maps back to the host file. Anything built at run time is
// reported as not analysed, never guessed. Pure: no vscode.
import { lexJava } from './java';
import { lexKotlin } from './kotlin';
import { concat, MappedBuilder, type MappedString } from './mapped';
import { lexPython } from './python';
import { lexScala } from './scala';
import { stripMargin, trimIndent, trimMargin } from './strings';
import type { HostLanguage, Token } from './types';

export type { MappedString } from './mapped';
export { hostEnd, hostStart } from './mapped';
export type { HostLanguage, StringLiteral, Token } from './types';
export { lexJava } from './java';
export { lexKotlin } from './kotlin';
export { lexPython } from './python';
export { lexScala } from './scala';

export const JVM_METHODS = ['executeSql', 'sqlQuery', 'addInsertSql'] as const;
export const PYTHON_METHODS = ['execute_sql', 'sql_query', 'add_insert_sql'] as const;

const EXTENSIONS: Record<string, HostLanguage> = { java: 'java', kt: 'kotlin', kts: 'kotlin', scala: 'scala', sc: 'scala', py: 'python' };
const LANGUAGE_IDS: Record<string, HostLanguage> = { java: 'java', kotlin: 'kotlin', scala: 'scala', python: 'python' };

/** The host language a file name says (`Job.java`, `job.py`, ...), or undefined. */
export function hostLanguageOf(fileName: string): HostLanguage | undefined {
  const m = /\.([A-Za-z]+)$/.exec(fileName);
  return m ? EXTENSIONS[m[1].toLowerCase()] : undefined;
}

/** The host language of a VS Code language id, or undefined. */
export function hostLanguageForId(languageId: string): HostLanguage | undefined {
  return LANGUAGE_IDS[languageId];
}

const CHEAP = {
  jvm: /\b(?:executeSql|sqlQuery|addInsertSql)\s*\(/,
  python: /\b(?:execute_sql|sql_query|add_insert_sql)\s*\(/,
};

/** Cheap first check (no lexing): could the text call the Table API with SQL at all? */
export function mayContainTableApiSql(text: string, lang: HostLanguage): boolean {
  return (lang === 'python' ? CHEAP.python : CHEAP.jvm).test(text);
}

export interface SqlCall {
  method: string;
  /** Host offsets of the method name. */
  nameStart: number;
  nameEnd: number;
  /** Host offsets of the first argument (as written). */
  argStart: number;
  argEnd: number;
  /** The SQL the argument evaluates to, mapped to the host file. */
  value?: MappedString;
  /** Why the argument is not analysed (it is built at run time). */
  notAnalysed?: string;
}

export interface EmbeddedProgram {
  language: HostLanguage;
  calls: SqlCall[];
  /** The analysed calls' SQL in program order, joined with `;` separators (which map to the end of the piece before). */
  sql: MappedString;
  /** Set when the program could not be read (an internal error): no call is reported then. */
  error?: string;
}

export function lex(text: string, lang: HostLanguage): Token[] {
  switch (lang) {
    case 'java':
      return lexJava(text);
    case 'kotlin':
      return lexKotlin(text);
    case 'scala':
      return lexScala(text);
    case 'python':
      return lexPython(text);
  }
}

type Value = { value: MappedString } | { notAnalysed: string };
const dynamic = (why: string): Value => ({ notAnalysed: why });

/** Index of the token that closes the bracket opened at `open`, or tokens.length. */
function matching(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i].text;
    if (tokens[i].kind !== 'op') continue;
    if (t === '(' || t === '[' || t === '{') depth++;
    else if (t === ')' || t === ']' || t === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return tokens.length;
}

const isOp = (t: Token | undefined, text: string) => t?.kind === 'op' && t.text === text;

/** Kotlin trimIndent()/trimMargin(), Scala stripMargin applied directly to a literal; k: the token after the literal. */
function postfix(tokens: Token[], k: number, value: MappedString, lang: HostLanguage): { value: MappedString; next: number } | { notAnalysed: string } {
  while (isOp(tokens[k], '.') && tokens[k + 1]?.kind === 'id') {
    const name = tokens[k + 1].text;
    const hasParens = isOp(tokens[k + 2], '(');
    const close = hasParens ? matching(tokens, k + 2) : k + 1;
    const args = hasParens ? tokens.slice(k + 3, close) : [];
    if (lang === 'kotlin' && name === 'trimIndent' && hasParens && args.length === 0) value = trimIndent(value);
    else if (lang === 'kotlin' && name === 'trimMargin' && hasParens && args.length === 0) value = trimMargin(value);
    else if (lang === 'kotlin' && name === 'trimMargin' && args.length === 1 && args[0].lit?.value) value = trimMargin(value, args[0].lit.value.text);
    else if (lang === 'scala' && name === 'stripMargin' && args.length === 0) value = stripMargin(value);
    else if (lang === 'scala' && name === 'stripMargin' && args.length === 1 && args[0].charValue !== undefined) value = stripMargin(value, args[0].charValue);
    else return { notAnalysed: `.${name}${hasParens ? '(...)' : ''} applied to the string` };
    k = close + 1;
  }
  return { value, next: k };
}

/** The value of an argument: literals joined by `+` (and, in Python, by juxtaposition), in parentheses or not. */
function evaluate(tokens: Token[], lang: HostLanguage): Value {
  const parts: MappedString[] = [];
  let k = 0;
  let operand = true;
  while (k < tokens.length) {
    const t = tokens[k];
    if (operand) {
      if (isOp(t, '(')) {
        const close = matching(tokens, k);
        if (close >= tokens.length) return dynamic('an unbalanced expression');
        const inner = evaluate(tokens.slice(k + 1, close), lang);
        if ('notAnalysed' in inner) return inner;
        parts.push(inner.value);
        k = close + 1;
      } else if (t.kind === 'str' && t.lit) {
        if (t.lit.notAnalysed || !t.lit.value) return dynamic(t.lit.notAnalysed ?? 'a string without a value');
        const p = postfix(tokens, k + 1, t.lit.value, lang);
        if ('notAnalysed' in p) return p;
        parts.push(p.value);
        k = p.next;
      } else {
        return dynamic(t.kind === 'id' ? `'${t.text}' is a variable or call` : `'${t.text}' is not a string literal`);
      }
      operand = false;
    } else if (isOp(t, '+')) {
      operand = true;
      k++;
    } else if (lang === 'python' && t.kind === 'str') {
      operand = true; // implicit concatenation of adjacent literals
    } else {
      return dynamic(`'${t.text}' makes it an expression`);
    }
  }
  if (operand) return dynamic('an incomplete expression');
  return { value: concat(parts) };
}

function findCalls(tokens: Token[], lang: HostLanguage): SqlCall[] {
  const names: readonly string[] = lang === 'python' ? PYTHON_METHODS : JVM_METHODS;
  const calls: SqlCall[] = [];
  for (let i = 1; i < tokens.length - 1; i++) {
    const t = tokens[i];
    if (t.kind !== 'id' || !names.includes(t.text) || !isOp(tokens[i - 1], '.') || !isOp(tokens[i + 1], '(')) continue;
    const close = matching(tokens, i + 1);
    // The first argument: up to a comma at depth 0 or the closing parenthesis.
    let end = i + 2;
    for (let depth = 0; end < close; end++) {
      const x = tokens[end];
      if (x.kind !== 'op') continue;
      if ('([{'.includes(x.text)) depth++;
      else if (')]}'.includes(x.text)) depth--;
      else if (x.text === ',' && depth === 0) break;
    }
    let arg = tokens.slice(i + 2, end);
    // Python keyword argument: execute_sql(stmt="...").
    if (lang === 'python' && arg.length > 2 && arg[0].kind === 'id' && isOp(arg[1], '=') && !isOp(arg[2], '=')) arg = arg.slice(2);
    if (arg.length === 0) continue;
    const argStart = arg[0].start;
    const argEnd = arg[arg.length - 1].end;
    const v = evaluate(arg, lang);
    calls.push({ method: t.text, nameStart: t.start, nameEnd: t.end, argStart, argEnd, ...v });
  }
  return calls;
}

/** `;` after every piece that does not end with one, so that statements of separate calls stay apart. */
function joinPieces(calls: SqlCall[]): MappedString {
  const b = new MappedBuilder();
  for (const c of calls) {
    const v = c.value;
    if (!v) continue;
    b.append(v);
    const at = v.text.length > 0 ? v.ends[v.text.length - 1] : c.argStart;
    b.push(/;\s*$/.test(v.text) ? '\n' : '\n;\n', at, at);
  }
  return b.build();
}

const memo = new Map<string, EmbeddedProgram>();
const MEMO_SIZE = 16;

/** Every Table-API call with SQL in a program, and the program's SQL. Memoised by text. */
export function extractProgram(text: string, lang: HostLanguage): EmbeddedProgram {
  const key = `${lang}\u0000${text}`;
  const hit = memo.get(key);
  if (hit) return hit;
  let calls: SqlCall[] = [];
  let error: string | undefined;
  try {
    calls = mayContainTableApiSql(text, lang) ? findCalls(lex(text, lang), lang) : [];
  } catch (e) {
    // A lexer bug (or a pathological nesting depth) must not take the editor down.
    error = (e as Error)?.message ?? String(e);
  }
  const program: EmbeddedProgram = { language: lang, calls, sql: joinPieces(calls), ...(error ? { error } : {}) };
  memo.set(key, program);
  if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  return program;
}

/** True when the program passes SQL to the Table API at least once (literal or built at run time). */
export function hasTableApiSql(text: string, lang: HostLanguage): boolean {
  return mayContainTableApiSql(text, lang) && extractProgram(text, lang).calls.length > 0;
}
