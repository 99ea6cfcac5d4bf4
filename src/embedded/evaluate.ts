// Following a string value through one host file's syntax tree (tree-sitter): literals,
// concatenation, constants and local variables with one value, a few standard string
// methods with known arguments (format, join, trimIndent, stripMargin, dedent...). Every unit
// of a result keeps the host span of the literal it came from. What depends on run time
// (parameters, other files, reassigned variables, unknown calls) is a reason and a host
// range, never a guess. Each host language describes its tree through a Dialect. Pure.
import type TreeSitter = require('web-tree-sitter');
import { concat, MappedBuilder, slice, splitLines, type MappedString } from './mapped';
import { stripMargin, trimIndent, trimMargin } from './strings';
import type { HostLanguage } from './types';

export type Node = TreeSitter.Node;

/** A value known before run time, or why not and where (host offsets). */
export type Value = { value: MappedString } | { notAnalysed: string; start: number; end: number };

/**
 * A run-time part of a string whose other parts are known (`"... '" + topic + "' ..."`, an
 * f-string field): read as the template `${name}` (which the SQL reader reads as a name and
 * reports), so the statement around it is still analysed. Host offsets of the part.
 */
export interface Hole {
  why: string;
  start: number;
  end: number;
}

/** Where a part of a string is written: a node, or a template's `$name` field. */
type Spot = Pick<Node, 'startIndex' | 'endIndex' | 'text'>;

/** `${topic}`, `${cfg.getTopic}`: the host expression as a template name, mapped to the whole expression. */
function placeholder(n: Spot): MappedString {
  const name =
    quote(n)
      .replace(/[^A-Za-z0-9_.]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || 'value';
  const text = `\${${name}}`;
  return { text, starts: [...text].map(() => n.startIndex), ends: [...text].map(() => n.endIndex) };
}

export const dynamic = (why: string, n: { startIndex: number; endIndex: number }): Value => ({
  notAnalysed: why,
  start: n.startIndex,
  end: n.endIndex,
});

/** How an expression node looks, in terms every host language shares. */
export type Shape =
  | { k: 'literal'; value: Value }
  | { k: 'char'; value: string }
  | { k: 'number'; text: string }
  | { k: 'concat'; parts: Node[] }
  | { k: 'group'; inner: Node }
  | { k: 'name'; name: string }
  | { k: 'this' }
  | { k: 'member'; object: Node; name: string; nameNode: Node }
  | { k: 'call'; receiver?: Node; name: string; nameNode: Node; args: Node[]; keywords: Map<string, Node> }
  /** `tEnv::executeSql` (Java, Kotlin), `tEnv.executeSql` or `tEnv.executeSql(_)` as a function (Scala). */
  | { k: 'ref'; receiver: Node; name: string; nameNode: Node }
  /** `"%s" % (a,)` (Python). */
  | { k: 'percent'; format: Node; args: Node[] }
  | { k: 'list'; items: Node[] }
  /** A string with fields (f-string, string template, s-interpolator): text pieces and the fields. */
  | { k: 'template'; pieces: TemplatePiece[] }
  | { k: 'other' };

/** Text of a template, a field's expression, or a field that is a bare name (`$name`) looked up where the string is. */
export type TemplatePiece = MappedString | Node | { name: string; at: Node; start: number; end: number };

export interface Decl {
  name: string;
  nameNode: Node;
  /** The node within which the name is visible (block, class body, function, module). */
  scope: Node;
  /** Locals are visible after their declaration only. */
  ordered: boolean;
  kind: 'constant' | 'variable' | 'parameter' | 'element';
  value?: Node;
  /** For `element`: what the loop or the lambda iterates over. */
  iterable?: Node;
  /** The class or object whose member this is (for `Owner.NAME`). */
  owner?: string;
  /** For parameters: the function's name, for messages. */
  functionName?: string;
  /** Not visible inside functions nested in its scope (a Python class attribute). */
  hiddenInFunctions?: string;
}

export interface Dialect {
  language: HostLanguage;
  shape(n: Node, text: string): Shape;
  /** Declarations a node makes (called on every node of the declaration node types). */
  declarations(n: Node): Decl[];
  declarationTypes: string[];
  /** Names a node assigns to after their declaration (`x = ...`, `x += ...`). */
  assigned(n: Node): string | undefined;
  assignmentTypes: string[];
  callTypes: string[];
  /** printf style (`%s`) or Python's braces (`{}`) for `.format(...)`. */
  formatStyle: 'printf' | 'braces';
}

const MAX_DEPTH = 200;
const lineOf = (n: Node) => n.startPosition.row + 1;

/** Host text of a node, shortened for a message. */
export function quote(n: Pick<Node, 'text'>): string {
  const t = n.text.replace(/\s+/g, ' ');
  return t.length > 40 ? `${t.slice(0, 37)}...` : t;
}

/** Is there a node of type `type` on the way up from `n` to `scope`? */
function functionBetween(n: Node, scope: Node, type: string): boolean {
  for (let p = n.parent; p && p.id !== scope.id; p = p.parent) if (p.type === type) return true;
  return false;
}

const within = (outer: Node, inner: Node) => outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;

/** The declarations and assignments of one file, and the values of its expressions. */
export class Evaluator {
  private readonly decls = new Map<string, Decl[]>();
  private readonly assignments = new Map<string, Node[]>();
  private readonly owners = new Set<string>();
  private readonly visiting = new Set<number>();
  private depth = 0;
  /** The run-time parts read as templates by the evaluation in progress (`withHoles`). */
  private holes: Hole[] | undefined;

  constructor(
    readonly root: Node,
    readonly text: string,
    readonly dialect: Dialect,
  ) {
    for (const n of root.descendantsOfType(dialect.declarationTypes)) {
      if (!n) continue;
      for (const d of dialect.declarations(n)) {
        const list = this.decls.get(d.name) ?? [];
        list.push(d);
        this.decls.set(d.name, list);
        if (d.owner) this.owners.add(d.owner);
      }
    }
    for (const n of root.descendantsOfType(dialect.assignmentTypes)) {
      const name = n && dialect.assigned(n);
      if (!n || !name) continue;
      const list = this.assignments.get(name) ?? [];
      list.push(n);
      this.assignments.set(name, list);
    }
  }

  /** The assignments to `name` (a variable, or a property: `a.b.name = ...`), in file order. */
  assignmentsTo(name: string): readonly Node[] {
    return this.assignments.get(name) ?? [];
  }

  /** The declaration `name` refers to at `use`: the innermost visible one. */
  declarationOf(name: string, use: Node): Decl | undefined {
    let best: Decl | undefined;
    for (const d of this.decls.get(name) ?? []) {
      if (!within(d.scope, use) || (d.ordered && d.nameNode.startIndex > use.startIndex)) continue;
      if (d.nameNode.id === use.id) continue;
      if (d.hiddenInFunctions && functionBetween(use, d.scope, d.hiddenInFunctions)) continue;
      if (!best || within(best.scope, d.scope)) best = d;
    }
    return best;
  }

  evaluate(n: Node): Value {
    if (this.depth > MAX_DEPTH) return dynamic('an expression nested too deeply', n);
    this.depth++;
    try {
      return this.evaluateShape(n, this.dialect.shape(n, this.text));
    } finally {
      this.depth--;
    }
  }

  /**
   * A value in which run-time parts of a concatenation, a template or a format's arguments are
   * read as `${...}` templates (each a Hole), as long as some of the string is known text.
   */
  withHoles(n: Node): { value: Value; holes: Hole[] } {
    const outer = this.holes;
    this.holes = [];
    try {
      const value = this.evaluate(n);
      if ('notAnalysed' in value) return { value, holes: [] };
      // Only the holes whose placeholder is in the result (a discarded attempt may have made others).
      const used = new Set(value.value.starts.map((st, i) => `${st}:${value.value.ends[i]}`));
      const seen = new Set<string>();
      const holes = this.holes.filter((h) => {
        const key = `${h.start}:${h.end}`;
        if (!used.has(key) || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      return { value, holes };
    } finally {
      this.holes = outer;
    }
  }

  /** A part known only at run time, in `withHoles`: its placeholder, and the hole recorded. */
  private hole(n: Spot, v: { notAnalysed: string }): MappedString {
    this.holes?.push({ why: v.notAnalysed, start: n.startIndex, end: n.endIndex });
    return placeholder(n);
  }

  /**
   * Text and parts joined in order. A part known only at run time fails the whole, or in
   * `withHoles` becomes its placeholder, unless no part at all is known text.
   */
  private joinParts(parts: Array<MappedString | { node: Spot; value: () => Value }>): Value {
    const out: MappedString[] = [];
    let known = false;
    let first: Value | undefined;
    for (const p of parts) {
      const v: Value = 'text' in p ? { value: p } : p.value();
      if ('notAnalysed' in v) {
        if (!this.holes || 'text' in p) return v;
        first ??= v;
        out.push(this.hole(p.node, v));
        continue;
      }
      if (v.value.text.length > 0) known = true;
      out.push(v.value);
    }
    return first && !known ? first : { value: concat(out) };
  }

  /** Values of format arguments: in `withHoles`, one known only at run time becomes its placeholder. */
  private args(nodes: Node[]): MappedString[] | Value {
    const vs: MappedString[] = [];
    for (const a of nodes) {
      const v = this.evaluate(a);
      if ('notAnalysed' in v) {
        if (!this.holes) return v;
        vs.push(this.hole(a, v));
      } else vs.push(v.value);
    }
    return vs;
  }

  private evaluateShape(n: Node, s: Shape): Value {
    switch (s.k) {
      case 'literal':
        return s.value;
      case 'char':
        return {
          value: {
            text: s.value,
            starts: [...s.value].map(() => n.startIndex),
            ends: [...s.value].map(() => n.endIndex),
          },
        };
      case 'number':
        return {
          value: {
            text: s.text,
            starts: [...s.text].map((_, i) => n.startIndex + i),
            ends: [...s.text].map((_, i) => n.startIndex + i + 1),
          },
        };
      case 'group':
        return this.evaluate(s.inner);
      case 'concat':
        return this.joinParts(s.parts.map((node) => ({ node, value: () => this.evaluate(node) })));
      case 'template':
        return this.joinParts(
          s.pieces.map((p) =>
            'starts' in p
              ? p
              : 'at' in p
                ? {
                    node: { startIndex: p.start, endIndex: p.end, text: p.name },
                    value: () => this.resolve(p.name, p.at),
                  }
                : { node: p, value: () => this.evaluate(p) },
          ),
        );
      case 'name':
        return this.resolve(s.name, n);
      case 'member':
        return this.member(n, s.object, s.name, s.nameNode);
      case 'call':
        return this.call(n, s);
      case 'percent': {
        const format = this.evaluate(s.format);
        if ('notAnalysed' in format) return format;
        const args = this.args(s.args);
        if (!Array.isArray(args)) return args;
        const r = printf(format.value, args);
        return typeof r === 'string' ? dynamic(r, n) : { value: r };
      }
      case 'this':
      case 'ref':
      case 'list':
      case 'other':
        return dynamic(`'${quote(n)}' is not a string known before run time`, n);
    }
  }

  /** Values of all nodes, combined; the first that is not known stops. */
  private all(nodes: Node[], f: (vs: MappedString[]) => MappedString | string, fail?: (why: string) => Value): Value {
    const vs: MappedString[] = [];
    for (const p of nodes) {
      const v = this.evaluate(p);
      if ('notAnalysed' in v) return v;
      vs.push(v.value);
    }
    const r = f(vs);
    if (typeof r === 'string') return fail ? fail(r) : dynamic(r, nodes[0]);
    return { value: r };
  }

  resolve(name: string, use: Node): Value {
    const d = this.declarationOf(name, use);
    if (!d) return dynamic(`'${name}' is not defined in this file`, use);
    return this.valueOf(d, use);
  }

  private valueOf(d: Decl, use: Node): Value {
    if (d.kind === 'parameter')
      return dynamic(
        `'${d.name}' is a parameter${d.functionName ? ` of ${d.functionName}` : ''} (line ${lineOf(d.nameNode)}): its value comes from the caller`,
        use,
      );
    if (d.kind === 'element') {
      if (this.visiting.has(d.nameNode.id)) return dynamic(`'${d.name}' is defined in terms of itself`, use);
      this.visiting.add(d.nameNode.id);
      try {
        const run = d.iterable && this.statements(d.iterable);
        if (!run)
          return dynamic(
            `'${d.name}' takes the elements of a collection (line ${lineOf(d.nameNode)}) at run time`,
            use,
          );
        return run.value;
      } finally {
        this.visiting.delete(d.nameNode.id);
      }
    }
    const again = this.reassigned(d);
    if (again) return dynamic(again, use);
    if (!d.value) return dynamic(`'${d.name}' has no value where it is declared (line ${lineOf(d.nameNode)})`, use);
    return this.guarded(d, use, d.value);
  }

  /** Why a variable has no single value (it is assigned again), or undefined. */
  private reassigned(d: Decl): string | undefined {
    if (d.kind !== 'variable') return undefined;
    const again = (this.assignments.get(d.name) ?? []).filter(
      (a) => within(d.scope, a) && a.id !== d.value?.parent?.id,
    );
    const sameScope = (this.decls.get(d.name) ?? []).filter(
      (o) => o !== d && o.scope.id === d.scope.id && o.kind !== 'parameter',
    );
    if (again.length === 0 && sameScope.length === 0) return undefined;
    const [a, b] = [lineOf(d.nameNode), lineOf(again[0] ?? sameScope[0].nameNode)].sort((x, y) => x - y);
    return `'${d.name}' is assigned more than once (line ${a} and line ${b}): its value depends on the run`;
  }

  /**
   * What a loop or a forEach over `n` runs, as one SQL text: the text of `E.split(";")`, or the
   * items of a literal list or array (directly or through a name), each its own statement.
   * Undefined when `n` is neither.
   */
  statements(n: Node): { value: Value; arg: Node } | undefined {
    const source = splitSource(n, this.dialect, this.text);
    if (source) return { value: this.evaluate(source), arg: source };
    let list = n;
    for (let k = 0; k < 4; k++) {
      const s = this.dialect.shape(list, this.text);
      if (s.k === 'group') list = s.inner;
      else if (s.k === 'name') {
        const d = this.declarationOf(s.name, list);
        if (!d?.value || d.kind === 'parameter' || d.kind === 'element' || this.reassigned(d)) return undefined;
        list = d.value;
      } else break;
    }
    const items = this.items(list);
    if (!items) return undefined;
    const b = new MappedBuilder();
    for (const [k, item] of items.entries()) {
      const v = this.evaluate(item);
      if ('notAnalysed' in v) return { value: v, arg: list };
      b.append(v.value);
      // Each item is a statement of its own: a `;` between them, standing for nothing in the host.
      const end = v.value.text.length > 0 ? v.value.ends[v.value.text.length - 1] : item.endIndex;
      if (k < items.length - 1) b.push('\n;\n', end, end);
    }
    return { value: { value: b.build() }, arg: list };
  }

  private guarded(d: Decl, use: Node, value: Node): Value {
    if (this.visiting.has(d.nameNode.id)) return dynamic(`'${d.name}' is defined in terms of itself`, use);
    this.visiting.add(d.nameNode.id);
    try {
      const v = this.evaluate(value);
      // The reason stays where the value failed; a use elsewhere says which name led there.
      return 'notAnalysed' in v && !within(value, use) && !(v.start >= use.startIndex && v.end <= use.endIndex)
        ? { ...v, notAnalysed: `'${d.name}' (line ${lineOf(d.nameNode)}): ${v.notAnalysed}` }
        : v;
    } finally {
      this.visiting.delete(d.nameNode.id);
    }
  }

  /** `this.X`, `Owner.X` (a class or object of this file), else a value from elsewhere. */
  private member(n: Node, object: Node, name: string, nameNode: Node): Value {
    const os = this.dialect.shape(object, this.text);
    if (os.k === 'this') return this.resolve(name, nameNode);
    if (os.k === 'name') {
      const d = (this.decls.get(name) ?? []).find((x) => x.owner === os.name);
      if (d) return this.valueOf(d, n);
      if (!this.owners.has(os.name) && /^[A-Z]/.test(os.name))
        return dynamic(`'${os.name}.${name}' is defined in another file`, n);
    }
    // A method on a string without parentheses (Scala's stripMargin).
    if (name === 'stripMargin' && this.dialect.language === 'scala') return this.onString(n, object, name, []);
    return dynamic(`'${quote(n)}' is known only at run time`, n);
  }

  private call(n: Node, s: Extract<Shape, { k: 'call' }>): Value {
    const { receiver, name, args } = s;
    const rs = receiver ? this.dialect.shape(receiver, this.text) : undefined;
    const receiverName = rs?.k === 'name' ? rs.name : undefined;
    // Static helpers: String.format / String.join (Java, Kotlin, Scala), textwrap.dedent (Python).
    if (receiverName === 'String' && name === 'format' && args.length > 0)
      return this.formatCall(n, args[0], args.slice(1), 'printf');
    if (receiverName === 'String' && name === 'join' && args.length > 0) {
      const items = args.length === 2 ? this.items(args[1]) : undefined;
      return this.all([args[0], ...(items ?? args.slice(1))], ([sep, ...parts]) => joinMapped(parts, sep));
    }
    if (
      (receiverName === 'textwrap' && name === 'dedent') ||
      (!receiver && name === 'dedent' && this.dialect.language === 'python')
    ) {
      if (args.length !== 1) return dynamic(`'${quote(n)}' is known only at run time`, n);
      return this.all([args[0]], ([v]) => dedent(v));
    }
    // A method on a value (a literal, a call, a name of this file, a lower-case name we cannot find); `Foo.bar()` is a static call we do not know.
    if (receiver && (!receiverName || this.declarationOf(receiverName, receiver) || !/^[A-Z]/.test(receiverName)))
      return this.onString(n, receiver, name, args, s.keywords);
    return dynamic(`'${quote(n)}' is a call whose result is known only at run time`, n);
  }

  /** The items of a literal list, tuple or array (`List.of(...)`, `listOf(...)`, `Seq(...)`, `{...}`, `[...]`). */
  private items(n: Node): Node[] | undefined {
    const s = this.dialect.shape(n, this.text);
    if (s.k === 'list') return s.items;
    if (s.k === 'call' && ['of', 'asList', 'listOf', 'arrayOf', 'List', 'Seq', 'Array'].includes(s.name)) return s.args;
    return undefined;
  }

  private formatCall(
    n: Node,
    format: Node,
    args: Node[],
    style: 'printf' | 'braces',
    keywords = new Map<string, Node>(),
  ): Value {
    const f = this.evaluate(format);
    if ('notAnalysed' in f) return f;
    const vs = this.args(args);
    if (!Array.isArray(vs)) return vs;
    const named = new Map<string, MappedString>();
    for (const [k, a] of keywords) {
      const v = this.args([a]);
      if (!Array.isArray(v)) return v;
      named.set(k, v[0]);
    }
    const r = style === 'printf' ? printf(f.value, vs) : braces(f.value, vs, named);
    return typeof r === 'string' ? dynamic(r, n) : { value: r };
  }

  /** A method called on a string value. */
  private onString(n: Node, receiver: Node, name: string, args: Node[], keywords = new Map<string, Node>()): Value {
    const lang = this.dialect.language;
    const unknown = (): Value => {
      // Not a string at all (`sb.toString()` of a StringBuilder): say why the receiver is not known.
      const r = this.evaluate(receiver);
      return 'notAnalysed' in r
        ? r
        : dynamic(`.${name}(...) on a string is not read: its result is known only at run time`, n);
    };
    const on = (f: (v: MappedString, a: MappedString[]) => MappedString | string): Value => {
      const r = this.evaluate(receiver);
      if ('notAnalysed' in r) return r;
      return this.all(
        args,
        (vs) => f(r.value, vs),
        (why) => dynamic(why, n),
      );
    };
    const char = (a: Node) => {
      const s = this.dialect.shape(a, this.text);
      return s.k === 'char' ? s.value : undefined;
    };
    if (name === 'format' || name === 'formatted') {
      if (lang === 'java' && name === 'format') return unknown();
      return this.formatCall(n, receiver, args, this.dialect.formatStyle, keywords);
    }
    switch (name) {
      case 'trimIndent':
        return lang === 'kotlin' && args.length === 0 ? on((v) => trimIndent(v)) : unknown();
      case 'trimMargin':
        return lang === 'kotlin' && args.length <= 1 ? on((v, a) => trimMargin(v, a[0]?.text ?? '|')) : unknown();
      case 'stripMargin': {
        if (lang !== 'scala' || args.length > 1) return unknown();
        const c = args.length === 1 ? char(args[0]) : '|';
        if (c === undefined) return unknown();
        const r = this.evaluate(receiver);
        return 'notAnalysed' in r ? r : { value: stripMargin(r.value, c) };
      }
      case 'trim':
      case 'strip':
        return args.length === 0 ? on((v) => trimMapped(v)) : unknown();
      case 'stripIndent':
        return lang === 'java' && args.length === 0 ? on((v) => dedent(v)) : unknown();
      case 'join': {
        if (lang !== 'python' || args.length !== 1) return unknown();
        const items = this.items(args[0]);
        if (!items) return dynamic(`'${quote(args[0])}' is a collection known only at run time`, args[0]);
        const sep = this.evaluate(receiver);
        if ('notAnalysed' in sep) return sep;
        return this.all(
          items,
          (parts) => joinMapped(parts, sep.value),
          (why) => dynamic(why, n),
        );
      }
      default:
        return unknown();
    }
  }
}

/** `E.split(";")`, possibly wrapped (`Arrays.stream(...)`, `.stream()`, `.filter(...)`, `.map(...)`, `.toList`): E. */
function splitSource(n: Node, dialect: Dialect, text: string): Node | undefined {
  for (let k = 0; k < 8; k++) {
    const s = dialect.shape(n, text);
    if (s.k === 'group') {
      n = s.inner;
      continue;
    }
    if (s.k === 'member' && ['toList', 'toSeq', 'iterator'].includes(s.name)) {
      n = s.object;
      continue;
    }
    if (s.k !== 'call') return undefined;
    if (s.name === 'split' && s.receiver && s.args.length >= 1) {
      const sep = dialect.shape(s.args[0], text);
      return sep.k === 'literal' && 'value' in sep.value && sep.value.value.text.trimStart().startsWith(';')
        ? s.receiver
        : undefined;
    }
    if (
      ['stream', 'asList', 'of'].includes(s.name) &&
      s.args.length === 1 &&
      !(s.receiver && dialect.shape(s.receiver, text).k !== 'name')
    ) {
      n = s.args[0];
      continue;
    }
    if (
      ['stream', 'filter', 'map', 'toList', 'toSeq', 'iterator', 'filterNot', 'asSequence'].includes(s.name) &&
      s.receiver
    ) {
      n = s.receiver;
      continue;
    }
    return undefined;
  }
  return undefined;
}

function joinMapped(parts: MappedString[], sep: MappedString): MappedString {
  const out: MappedString[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(sep);
    out.push(p);
  });
  return concat(out);
}

function trimMapped(v: MappedString): MappedString {
  let a = 0;
  let b = v.text.length;
  while (a < b && v.text.charCodeAt(a) <= 32) a++;
  while (b > a && v.text.charCodeAt(b - 1) <= 32) b--;
  return slice(v, a, b);
}

/** Python's textwrap.dedent (and Java's stripIndent, close enough for SQL): the common leading white space of the non-blank lines removed. */
function dedent(v: MappedString): MappedString {
  const lines = splitLines(v);
  let prefix: string | undefined;
  for (const { line } of lines) {
    if (line.text.trim() === '') continue;
    const lead = /^[ \t]*/.exec(line.text)![0];
    if (prefix === undefined) prefix = lead;
    else {
      let k = 0;
      while (k < prefix.length && k < lead.length && prefix[k] === lead[k]) k++;
      prefix = prefix.slice(0, k);
    }
  }
  const cut = prefix?.length ?? 0;
  const parts: MappedString[] = [];
  for (const { line, eol } of lines)
    parts.push(line.text.trim() === '' ? slice(line, line.text.length) : slice(line, cut), eol);
  return concat(parts);
}

/** `%s`, `%d`, `%%`, `%n` with known arguments; any other conversion is not read. */
export function printf(format: MappedString, args: MappedString[]): MappedString | string {
  const b = new MappedBuilder();
  let next = 0;
  const t = format.text;
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== '%') {
      b.push(t[i], format.starts[i], format.ends[i]);
      continue;
    }
    const c = t[i + 1];
    if (c === '%') b.push('%', format.starts[i], format.ends[i + 1]);
    else if (c === 'n') b.push('\n', format.starts[i], format.ends[i + 1]);
    else if (c === 's' || c === 'd') {
      if (next >= args.length) return 'the format has more fields than arguments';
      b.append(args[next++]);
    } else return `the format conversion '%${c ?? ''}' is not read`;
    i++;
  }
  return b.build();
}

/** Python's str.format with `{}`, `{0}`, `{name}` and `{{` / `}}`; format specs are not read. */
function braces(format: MappedString, args: MappedString[], named: Map<string, MappedString>): MappedString | string {
  const b = new MappedBuilder();
  const t = format.text;
  let auto = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if ((c === '{' || c === '}') && t[i + 1] === c) {
      b.push(c, format.starts[i], format.ends[i + 1]);
      i++;
      continue;
    }
    if (c === '}') return 'a single } in the format';
    if (c !== '{') {
      b.push(c, format.starts[i], format.ends[i]);
      continue;
    }
    const close = t.indexOf('}', i);
    if (close < 0) return 'an unclosed { in the format';
    const field = t.slice(i + 1, close);
    let v: MappedString | undefined;
    if (field === '') v = args[auto++];
    else if (/^\d+$/.test(field)) v = args[Number(field)];
    else if (/^[A-Za-z_]\w*$/.test(field)) v = named.get(field);
    else return `the format field {${field}} is not read`;
    if (!v) return `no argument for {${field}}`;
    b.append(v);
    i = close;
  }
  return b.build();
}
