// Table-API SQL inside Java, Kotlin, Scala and Python programs, read with each language's
// tree-sitter grammar: the calls that pass SQL (executeSql, sqlQuery, addInsertSql,
// explainSql; execute_sql, ...), `createTemporaryView(name, tEnv.sqlQuery(...))`, statements
// run one by one (`sql.split(";").forEach(tEnv::executeSql)`, a loop over a literal list), and the value of their
// argument followed through the file (Evaluator). One SQL text of the whole program maps
// every unit back to the host file. Anything that depends on run time is reported as not
// analysed, with the reason and where, never guessed. Pure: no vscode; the grammars are the
// only I/O (loadHostGrammar).
import TreeSitter = require('web-tree-sitter');
import { DEFAULT_WASM_DIR, grammars } from '../treeSitter';
import { dynamic, Evaluator, quote, type Dialect, type Hole, type Node, type Value } from './evaluate';
import { java } from './java';
import { kotlin } from './kotlin';
import { EMPTY, MappedBuilder, type MappedString } from './mapped';
import { python } from './python';
import { scala } from './scala';
import { propertySettingOf, RETENTION_PROPERTY, type Setting, settingOf, settingSql } from './settings';
import type { HostLanguage } from './types';

export type { MappedString } from './mapped';
export { hostEnd, hostStart } from './mapped';
export type { HostLanguage } from './types';

const JVM_METHODS = ['executeSql', 'sqlQuery', 'addInsertSql', 'explainSql'] as const;
const PYTHON_METHODS = ['execute_sql', 'sql_query', 'add_insert_sql', 'explain_sql'] as const;
const VIEW_METHODS = ['createTemporaryView', 'create_temporary_view'];
const QUERY_METHODS = ['sqlQuery', 'sql_query'];
const EXPLAIN_METHODS = ['explainSql', 'explain_sql'];

const EXTENSIONS: Record<string, HostLanguage> = {
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  scala: 'scala',
  sc: 'scala',
  py: 'python',
};
const LANGUAGE_IDS: Record<string, HostLanguage> = { java: 'java', kotlin: 'kotlin', scala: 'scala', python: 'python' };
const DIALECTS: Record<HostLanguage, Dialect> = { java, kotlin, scala, python };
const WASM: Record<HostLanguage, string> = {
  java: 'tree-sitter-java.wasm',
  kotlin: 'tree-sitter-kotlin.wasm',
  scala: 'tree-sitter-scala.wasm',
  python: 'tree-sitter-python.wasm',
};

/** Programs larger than this are not read (a diagnostic says so). */
const MAX_PROGRAM_CHARS = 4_000_000;
/** Longest a program's parse may take. */
const PARSE_BUDGET_MS = 3000;

/** The host language a file name says (`Job.java`, `job.py`, ...), or undefined. */
export function hostLanguageOf(fileName: string): HostLanguage | undefined {
  const m = /\.([A-Za-z]+)$/.exec(fileName);
  return m ? EXTENSIONS[m[1].toLowerCase()] : undefined;
}

/** The host language of a VS Code language id, or undefined. */
export function hostLanguageForId(languageId: string): HostLanguage | undefined {
  return LANGUAGE_IDS[languageId];
}

/** The host languages of the program files a text (a job descriptor) may name: `sql: OrdersJob.java`. */
export function hostLanguagesNamedIn(text: string): HostLanguage[] {
  const out = new Set<HostLanguage>();
  for (const m of text.matchAll(/\.(java|kts?|scala|sc|py)\b/gi)) out.add(EXTENSIONS[m[1].toLowerCase()]);
  return [...out];
}

/** Loads the language's grammar (once; on the first file of that language). `wasmDir`: default `wasm/` next to the bundle. */
export async function loadHostGrammar(lang: HostLanguage, wasmDir = DEFAULT_WASM_DIR()): Promise<void> {
  await grammars.language(WASM[lang], wasmDir);
}

/** Whether the language's grammar has loaded (extractProgram reads its programs). */
export function hostGrammarReady(lang: HostLanguage): boolean {
  return grammars.languageIfLoaded(WASM[lang]) !== undefined;
}

const CHEAP = {
  jvm: /\b(?:executeSql|sqlQuery|addInsertSql|explainSql)\b/,
  python: /\b(?:execute_sql|sql_query|add_insert_sql|explain_sql)\b/,
};

/** Cheap first check (no parse): could the text pass SQL to the Table API at all? A method reference (`tEnv::executeSql`) counts. */
function mayContainTableApiSql(text: string, lang: HostLanguage): boolean {
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
  /** Why the argument is not analysed (it is built at run time), and where (host offsets). */
  notAnalysed?: string;
  notAnalysedStart?: number;
  notAnalysedEnd?: number;
  /** Parts known only at run time, read as `${...}` templates in `value` (host offsets, and why). */
  runtimeParts?: Hole[];
  /** True when some of the SQL comes from outside the call's argument (a constant, a variable). */
  elsewhere?: boolean;
  /** The SQL is part of another call's (a view's query; an explained statement that also runs): not a statement of its own. */
  partOf?: string;
  /** A table setting made in code (settings.ts): the option it sets; `value` is the SQL `SET` it stands for. */
  setting?: string;
}

export interface EmbeddedProgram {
  language: HostLanguage;
  calls: SqlCall[];
  /** The analysed calls' SQL in program order, joined with `;` separators (which map to the end of the piece before). */
  sql: MappedString;
  /** Where each call's SQL sits in `sql` (index into `calls`). */
  pieces: { call: number; from: number; to: number }[];
  /** The grammar is still loading: nothing was read yet. */
  pending?: boolean;
  /** Set when the program could not be read (too large, a parse past its budget, an internal error). */
  error?: string;
  /** The first syntax error tree-sitter found (host offsets): values near it may be missed. */
  syntaxError?: { start: number; end: number };
}

const isSqlMethod = (name: string, lang: HostLanguage) =>
  (lang === 'python' ? (PYTHON_METHODS as readonly string[]) : (JVM_METHODS as readonly string[])).includes(name);

function callOf(method: string, nameNode: Node, arg: Node, v: Value, holes: Hole[] = []): SqlCall {
  const base = {
    method,
    nameStart: nameNode.startIndex,
    nameEnd: nameNode.endIndex,
    argStart: arg.startIndex,
    argEnd: arg.endIndex,
  };
  if ('notAnalysed' in v)
    return { ...base, notAnalysed: v.notAnalysed, notAnalysedStart: v.start, notAnalysedEnd: v.end };
  const elsewhere = v.value.starts.some((s, i) => s < arg.startIndex || v.value.ends[i] > arg.endIndex);
  return {
    ...base,
    value: v.value,
    ...(elsewhere ? { elsewhere } : {}),
    ...(holes.length > 0 ? { runtimeParts: holes } : {}),
  };
}

interface Found {
  call: SqlCall;
  at: number;
  /** For a view: the node of the sqlQuery call it consumes. */
  consumes?: number;
  queryNode?: number;
}

function findCalls(root: Node, text: string, lang: HostLanguage): SqlCall[] {
  const dialect = DIALECTS[lang];
  const ev = new Evaluator(root, text, dialect);
  const found: Found[] = [];
  for (const n of root.descendantsOfType(dialect.callTypes)) {
    if (!n) continue;
    const s = dialect.shape(n, text);
    if (s.k !== 'call' || !s.receiver) continue;
    if (isSqlMethod(s.name, lang)) {
      const arg = s.keywords.get('stmt') ?? s.keywords.get('query') ?? s.args[0];
      if (!arg) continue;
      const { value, holes } = ev.withHoles(arg);
      found.push({
        call: callOf(s.name, s.nameNode, arg, value, holes),
        at: n.startIndex,
        queryNode: QUERY_METHODS.includes(s.name) ? n.id : undefined,
      });
      continue;
    }
    const setting = settingOf(ev, s, lang);
    if (setting) {
      found.push({ call: settingCall(setting, s.name, s.nameNode), at: n.startIndex });
      continue;
    }
    if ((s.name === 'forEach' || s.name === 'foreach') && s.args.length === 1) {
      // `sql.split(";").forEach(tEnv::executeSql)`: each statement of `sql` is run.
      // (Scala passes the method itself: `foreach(tEnv.executeSql)`.)
      const r = dialect.shape(s.args[0], text);
      if ((r.k !== 'ref' && !(r.k === 'member' && lang === 'scala')) || !isSqlMethod(r.name, lang)) continue;
      const run = ev.statements(s.receiver);
      const v =
        run?.value ??
        dynamic(`'${quote(s.receiver)}' is a collection of statements known only at run time`, s.receiver);
      found.push({ call: callOf(r.name, r.nameNode, run?.arg ?? s.receiver, v), at: n.startIndex });
      continue;
    }
    if (VIEW_METHODS.includes(s.name) && s.args.length === 2) {
      const view = viewOf(ev, dialect, text, s.args[0], s.args[1]);
      if (!view) continue;
      found.push({
        call: callOf(s.name, s.nameNode, s.args[1], view.value, view.holes),
        at: n.startIndex,
        consumes: view.query,
      });
    }
  }
  // A query that defines a view is analysed as that view, not as a statement of its own.
  const consumed = new Set(found.map((f) => f.consumes).filter((x) => x !== undefined));
  for (const f of found) if (f.queryNode !== undefined && consumed.has(f.queryNode)) f.call.partOf = 'a view';
  // Kotlin's property syntax for a TableConfig setter: `tEnv.config.idleStateRetention = d` (the
  // evaluator has the file's assignments by name already).
  if (lang === 'kotlin')
    for (const n of ev.assignmentsTo(RETENTION_PROPERTY)) {
      const p = propertySettingOf(ev, n);
      if (p) found.push({ call: settingCall(p.setting, p.nameNode.text, p.nameNode), at: n.startIndex });
    }
  // An explained statement that the program also runs is counted once.
  const run = new Set(
    found.filter((f) => !EXPLAIN_METHODS.includes(f.call.method) && f.call.value).map((f) => f.call.value!.text.trim()),
  );
  for (const f of found)
    if (EXPLAIN_METHODS.includes(f.call.method) && f.call.value && run.has(f.call.value.text.trim()))
      f.call.partOf = 'a statement the program runs';
  return found.sort((a, b) => a.at - b.at).map((f) => f.call);
}

/** The call a table setting is read from, as the SET it stands for (or why its value is not known). */
function settingCall(setting: Setting, method: string, nameNode: Node): SqlCall {
  const at = setting.valueNode;
  const base = {
    method,
    nameStart: nameNode.startIndex,
    nameEnd: nameNode.endIndex,
    argStart: at.startIndex,
    argEnd: at.endIndex,
    setting: setting.key,
  };
  return 'value' in setting
    ? { ...base, value: settingSql(setting, nameNode) }
    : { ...base, notAnalysed: setting.notAnalysed, notAnalysedStart: setting.start, notAnalysedEnd: setting.end };
}

/** `createTemporaryView("v", t)` where `t` is `tEnv.sqlQuery(...)` (directly or through a name): CREATE TEMPORARY VIEW v AS <query>. */
function viewOf(
  ev: Evaluator,
  dialect: Dialect,
  text: string,
  nameArg: Node,
  tableArg: Node,
): { value: Value; holes?: Hole[]; query?: number } | undefined {
  let table = tableArg;
  for (let k = 0; k < 4; k++) {
    const s = dialect.shape(table, text);
    if (s.k === 'name') {
      const d = ev.declarationOf(s.name, table);
      if (!d?.value || d.kind === 'parameter' || d.kind === 'element') return undefined;
      table = d.value;
      continue;
    }
    if (s.k === 'group') {
      table = s.inner;
      continue;
    }
    if (s.k !== 'call' || !QUERY_METHODS.includes(s.name) || s.args.length < 1) return undefined;
    const name = ev.evaluate(nameArg);
    const { value: query, holes } = ev.withHoles(s.args[0]);
    // An unknown query is reported at its sqlQuery call; a view of unknown name leaves the query a statement of its own.
    if ('notAnalysed' in query) return undefined;
    if ('notAnalysed' in name) return { value: name };
    const b = new MappedBuilder();
    // The words we add stand for the createTemporaryView call: they map to its name argument.
    b.push('CREATE TEMPORARY VIEW `', nameArg.startIndex, nameArg.endIndex);
    b.append(name.value);
    b.push('` AS\n', nameArg.startIndex, nameArg.endIndex);
    b.append(query.value);
    return { value: { value: b.build() }, holes, query: table.id };
  }
  return undefined;
}

/** `;` after every piece that does not end with one, so that statements of separate calls stay apart. */
function joinPieces(calls: SqlCall[]): { sql: MappedString; pieces: EmbeddedProgram['pieces'] } {
  const b = new MappedBuilder();
  const pieces: EmbeddedProgram['pieces'] = [];
  calls.forEach((c, k) => {
    const v = c.value;
    if (!v || c.partOf) return;
    const from = b.length;
    b.append(v);
    pieces.push({ call: k, from, to: b.length });
    const at = v.text.length > 0 ? v.ends[v.text.length - 1] : c.argStart;
    b.push(/;\s*$/.test(v.text) ? '\n' : '\n;\n', at, at);
  });
  return { sql: b.build(), pieces };
}

function firstError(root: Node): { start: number; end: number } | undefined {
  if (!root.hasError) return undefined;
  const e = root.descendantsOfType('ERROR')[0] ?? root.descendantsOfType('MISSING')[0];
  if (e) return { start: e.startIndex, end: Math.min(e.endIndex, e.startIndex + 200) };
  // A MISSING node (a token the parser inserted) is not listed by type.
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.isMissing) return { start: n.startIndex, end: n.endIndex };
    if (n.hasError) for (const c of n.children) if (c) stack.push(c);
  }
  return undefined;
}

function read(
  text: string,
  lang: HostLanguage,
  language: TreeSitter.Language,
): Omit<EmbeddedProgram, 'sql' | 'pieces' | 'language'> {
  if (text.length > MAX_PROGRAM_CHARS)
    return { calls: [], error: `${text.length} characters, more than the ${MAX_PROGRAM_CHARS} a program may have` };
  const parser = new TreeSitter.Parser();
  try {
    parser.setLanguage(language);
    const deadline = performance.now() + PARSE_BUDGET_MS;
    const tree = parser.parse(text, null, {
      progressCallback: (() => performance.now() > deadline) as unknown as () => void,
    });
    if (!tree) return { calls: [], error: `parsing took longer than ${PARSE_BUDGET_MS / 1000} s` };
    try {
      const calls = findCalls(tree.rootNode, text, lang);
      const syntaxError = firstError(tree.rootNode);
      return { calls, ...(syntaxError ? { syntaxError } : {}) };
    } finally {
      tree.delete();
    }
  } finally {
    parser.delete();
  }
}

/** Programs a memo keeps: the open editors' programs (the oldest read goes first). */
const MAX_PROGRAMS = 16;

/**
 * Programs read, by language and text: deciding whether a document passes SQL to the Table
 * API, its parse ahead and its analysis read the same text. One per analysis session
 * (src/analysis/session.ts).
 */
export class ProgramMemo {
  private readonly programs = new Map<string, EmbeddedProgram>();

  get(lang: HostLanguage, text: string): EmbeddedProgram | undefined {
    return this.programs.get(`${lang}\u0000${text}`);
  }

  keep(lang: HostLanguage, text: string, program: EmbeddedProgram): void {
    this.programs.set(`${lang}\u0000${text}`, program);
    if (this.programs.size > MAX_PROGRAMS) this.programs.delete(this.programs.keys().next().value as string);
  }
}

/**
 * Every Table-API call with SQL in a program, and the program's SQL; kept in `memo` when one is
 * given. `pending` until the grammar has loaded (not kept).
 */
export function extractProgram(text: string, lang: HostLanguage, memo?: ProgramMemo): EmbeddedProgram {
  const language = grammars.languageIfLoaded(WASM[lang]);
  if (!language) {
    const failure = grammars.failure(WASM[lang]);
    if (failure)
      return {
        language: lang,
        calls: [],
        sql: EMPTY,
        pieces: [],
        error: `the ${lang} grammar could not be loaded: ${failure}`,
      };
    return { language: lang, calls: [], sql: EMPTY, pieces: [], pending: true };
  }
  const hit = memo?.get(lang, text);
  if (hit) return hit;
  let r: Omit<EmbeddedProgram, 'sql' | 'pieces' | 'language'>;
  try {
    r = mayContainTableApiSql(text, lang) ? read(text, lang, language) : { calls: [] };
  } catch (e) {
    // A bug of ours (or a pathological input) must not take the editor down.
    r = { calls: [], error: `internal error: ${(e as Error)?.message ?? String(e)}` };
  }
  const program: EmbeddedProgram = { language: lang, ...r, ...joinPieces(r.calls) };
  memo?.keep(lang, text, program);
  return program;
}

/**
 * True when the program passes SQL to the Table API at least once (literal or built at run
 * time). Before the grammar has loaded: whether it names a Table-API method at all.
 */
export function hasTableApiSql(text: string, lang: HostLanguage, memo?: ProgramMemo): boolean {
  if (!mayContainTableApiSql(text, lang)) return false;
  const p = extractProgram(text, lang, memo);
  return p.pending === true || p.error !== undefined || p.calls.length > 0;
}
