// Evaluates the Terraform expressions a plan would know from the configuration alone:
// literals, collections, `var.*` / `local.*` / `each.*` / `count.index`, templates, conditionals,
// arithmetic and comparisons, `for` expressions and a set of pure built-in functions. Anything
// else (resource attributes, data sources, `terraform.workspace`, impure or unknown functions)
// is not evaluated, with the reason. Pure: works on tree-sitter-hcl nodes, no I/O.
import type TreeSitter = require('web-tree-sitter');

type TSNode = TreeSitter.Node;

/** A Terraform value. Maps and objects are plain objects; lists, tuples and sets are arrays. */
export type TfValue = null | boolean | number | string | TfValue[] | { [key: string]: TfValue };

/** A value known from the configuration, with where its inputs came from (variables, locals). */
export interface Known {
  ok: true;
  value: TfValue;
  /** The sources a plan could see otherwise: variable defaults, .tfvars values, module arguments, locals. */
  via: string[];
}

/** Not known from the configuration: why. */
export interface Unknown {
  ok: false;
  why: string;
}

export type Evaluated = Known | Unknown;

export interface EvalScope {
  /** `var.name`. */
  variable(name: string): Evaluated;
  /** `local.name`. */
  local(name: string): Evaluated;
  /** `each.key` / `each.value` of a for_each instance, with where the for_each collection came from. */
  each?: { key: string; value: TfValue; via?: string[] };
  /** `count.index` of a count instance. */
  count?: { index: number };
}

const MAX_DEPTH = 64;
const OPERATORS = new Set(['==', '!=', '<', '>', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%']);
/** Elements a `for` expression or `range()` may produce before we stop. */
const MAX_ELEMENTS = 10_000;

const known = (value: TfValue, via: string[] = []): Known => ({ ok: true, value, via });
const unknown = (why: string): Unknown => ({ ok: false, why });

/** The expression's text, shortened for a message. */
export function exprText(n: TSNode): string {
  const t = n.text.replace(/\s+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 60)}...` : t;
}

function typeName(v: TfValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'map' : typeof v;
}

/** Terraform's string form of a primitive (for templates and map keys). */
function asString(v: TfValue): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

function asNumber(v: TfValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
}

function asBool(v: TfValue): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  return undefined;
}

function equal(a: TfValue, b: TfValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const isObject = (v: TfValue): v is { [key: string]: TfValue } =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The decoded text of a string literal's parts (`\n`, `\"`, `\\`, `\t`, `$${` and `%%{` escapes). */
function decodeEscapes(s: string): string {
  return s.replace(/\\(["\\nrt])|\$\$\{|%%\{/g, (m, c: string | undefined) => {
    if (c === 'n') return '\n';
    if (c === 'r') return '\r';
    if (c === 't') return '\t';
    if (c) return c;
    return m === '$${' ? '${' : '%{';
  });
}

const named = (n: TSNode): TSNode[] => n.namedChildren.filter((c): c is TSNode => !!c && c.type !== 'comment');

/** Evaluates one expression node in a scope. */
export class HclEvaluator {
  private depth = 0;

  constructor(
    private readonly scope: EvalScope,
    /** Variables of an enclosing `for` expression. */
    private readonly locals: ReadonlyMap<string, TfValue> = new Map(),
  ) {}

  private child(extra: Map<string, TfValue>): HclEvaluator {
    const merged = new Map(this.locals);
    for (const [k, v] of extra) merged.set(k, v);
    const e = new HclEvaluator(this.scope, merged);
    e.depth = this.depth;
    return e;
  }

  evaluate(n: TSNode | undefined | null): Evaluated {
    if (!n) return unknown('no expression');
    if (n.hasError) return unknown(`${exprText(n)} has a syntax error`);
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      return unknown('the expression is nested too deeply');
    }
    try {
      return this.node(n);
    } finally {
      this.depth--;
    }
  }

  private node(n: TSNode): Evaluated {
    switch (n.type) {
      case 'expression': {
        const kids = named(n);
        if (kids.length === 1 && kids[0].type === 'expression') return this.evaluate(kids[0]); // ( expr )
        return this.postfix(kids, n);
      }
      case 'literal_value':
        return this.literal(n);
      case 'template_expr':
        return this.template(named(n)[0]);
      case 'collection_value':
        return this.collection(named(n)[0]);
      case 'conditional':
        return this.conditional(n);
      case 'operation':
        return this.evaluate(named(n)[0]);
      case 'unary_operation':
        return this.unary(n);
      case 'binary_operation':
        return this.binary(n);
      case 'function_call':
        return this.call(n);
      case 'for_expr':
        return this.forExpr(named(n)[0]);
      case 'variable_expr':
        return this.postfix([n], n);
      default:
        return unknown(`${exprText(n)} is not evaluated (${n.type.replace(/_/g, ' ')})`);
    }
  }

  private literal(n: TSNode): Evaluated {
    const lit = named(n)[0];
    if (!lit) return unknown(exprText(n));
    if (lit.type === 'numeric_lit') return known(Number(lit.text));
    if (lit.type === 'bool_lit') return known(lit.text === 'true');
    if (lit.type === 'null_lit') return known(null);
    if (lit.type === 'string_lit')
      return known(
        decodeEscapes(
          named(lit)
            .filter((x) => x.type === 'template_literal')
            .map((x) => x.text)
            .join(''),
        ),
      );
    return unknown(exprText(n));
  }

  private template(t: TSNode | undefined): Evaluated {
    if (!t) return unknown('an empty template');
    if (t.type === 'heredoc_template') {
      if (named(t).some((p) => p.type === 'template_interpolation' || p.type === 'template_directive'))
        return unknown(`a heredoc with interpolations is not evaluated`);
      // The lines between the opening line and the closing identifier.
      const text = t.text;
      const first = text.indexOf('\n');
      const last = text.lastIndexOf('\n');
      return first >= 0 && last > first ? known(text.slice(first + 1, last + 1)) : known('');
    }
    let out = '';
    const via: string[] = [];
    for (const p of named(t)) {
      if (p.type === 'template_literal') out += decodeEscapes(p.text);
      else if (p.type === 'template_interpolation') {
        const inner = named(p).find((x) => x.type === 'expression');
        const v = this.evaluate(inner);
        if (!v.ok) return v;
        const s = asString(v.value);
        if (s === undefined)
          return unknown(`\${${inner ? exprText(inner) : ''}} is a ${typeName(v.value)}, not a string`);
        out += s;
        via.push(...v.via);
      } else if (p.type === 'template_directive') return unknown('a template directive (%{ ... }) is not evaluated');
    }
    return known(out, via);
  }

  private collection(c: TSNode | undefined): Evaluated {
    if (!c) return unknown('an empty collection');
    const via: string[] = [];
    if (c.type === 'tuple') {
      const out: TfValue[] = [];
      for (const e of named(c).filter((x) => x.type === 'expression')) {
        const v = this.evaluate(e);
        if (!v.ok) return v;
        out.push(v.value);
        via.push(...v.via);
      }
      return known(out, via);
    }
    const out: { [key: string]: TfValue } = {};
    for (const el of named(c).filter((x) => x.type === 'object_elem')) {
      const keyNode = el.childForFieldName('key');
      const valNode = el.childForFieldName('val');
      // A bare identifier key is the key itself (`{ team = "x" }`), not a reference.
      const keyKids = keyNode ? named(keyNode) : [];
      let key: string | undefined;
      if (keyKids.length === 1 && keyKids[0].type === 'variable_expr') key = keyKids[0].text;
      else {
        const k = this.evaluate(keyNode);
        if (!k.ok) return k;
        key = asString(k.value);
        via.push(...k.via);
      }
      if (key === undefined) return unknown(`a map key that is not a string: ${keyNode ? exprText(keyNode) : ''}`);
      const v = this.evaluate(valNode);
      if (!v.ok) return v;
      out[key] = v.value;
      via.push(...v.via);
    }
    return known(out, via);
  }

  private conditional(n: TSNode): Evaluated {
    const [cond, yes, no] = named(n).filter((x) => x.type === 'expression');
    const c = this.evaluate(cond);
    if (!c.ok) return c;
    const b = asBool(c.value);
    if (b === undefined) return unknown(`the condition ${cond ? exprText(cond) : ''} is not a bool`);
    const v = this.evaluate(b ? yes : no);
    return v.ok ? known(v.value, [...c.via, ...v.via]) : v;
  }

  private unary(n: TSNode): Evaluated {
    const op = n.children.find((c) => c && !c.isNamed)?.type;
    const operand = this.postfix(named(n), n);
    if (!operand.ok) return operand;
    if (op === '-') {
      const x = asNumber(operand.value);
      return x === undefined ? unknown(`-${typeName(operand.value)}`) : known(-x, operand.via);
    }
    if (op === '!') {
      const b = asBool(operand.value);
      return b === undefined ? unknown(`!${typeName(operand.value)}`) : known(!b, operand.via);
    }
    return unknown(exprText(n));
  }

  private binary(n: TSNode): Evaluated {
    // Operands are flat sequences around the operator token: `var.a.b * 2`.
    const kids = n.children.filter((c): c is TSNode => !!c && c.type !== 'comment');
    const at = kids.findIndex((c) => !c.isNamed && OPERATORS.has(c.type));
    if (at <= 0) return unknown(exprText(n));
    const op = kids[at].type;
    // A parenthesised operand is `(`, expression, `)`: the parentheses are left out.
    const left = this.postfix(
      kids.slice(0, at).filter((c) => c.isNamed),
      n,
    );
    if (!left.ok) return left;
    // && and || short-circuit as Terraform does not, but the result is the same for known values.
    const right = this.postfix(
      kids.slice(at + 1).filter((c) => c.isNamed),
      n,
    );
    if (!right.ok) return right;
    const via = [...left.via, ...right.via];
    const a = left.value;
    const b = right.value;
    if (op === '==') return known(equal(a, b), via);
    if (op === '!=') return known(!equal(a, b), via);
    if (op === '&&' || op === '||') {
      const x = asBool(a);
      const y = asBool(b);
      if (x === undefined || y === undefined) return unknown(`${op} of a ${typeName(a)} and a ${typeName(b)}`);
      return known(op === '&&' ? x && y : x || y, via);
    }
    const x = asNumber(a);
    const y = asNumber(b);
    if (x === undefined || y === undefined) return unknown(`${op} of a ${typeName(a)} and a ${typeName(b)}`);
    switch (op) {
      case '+':
        return known(x + y, via);
      case '-':
        return known(x - y, via);
      case '*':
        return known(x * y, via);
      case '/':
        return y === 0 ? unknown('division by zero') : known(x / y, via);
      case '%':
        return y === 0 ? unknown('modulo by zero') : known(x % y, via);
      case '<':
        return known(x < y, via);
      case '>':
        return known(x > y, via);
      case '<=':
        return known(x <= y, via);
      case '>=':
        return known(x >= y, via);
      default:
        return unknown(`the operator ${op}`);
    }
  }

  /** A root (variable, literal, call, ...) followed by `.attr`, `[index]` and splats. */
  private postfix(parts: TSNode[], whole: TSNode): Evaluated {
    const [head, ...rest] = parts;
    if (!head) return unknown(exprText(whole));
    let cur: Evaluated;
    let i = 0;
    if (head.type === 'variable_expr') {
      const root = head.text;
      const attr = (k: number) =>
        rest[k]?.type === 'get_attr' ? named(rest[k]).find((x) => x.type === 'identifier')?.text : undefined;
      if (root === 'var' || root === 'local') {
        const name = attr(0);
        if (!name) return unknown(`${root} without a name`);
        cur = root === 'var' ? this.scope.variable(name) : this.scope.local(name);
        i = 1;
      } else if (root === 'each') {
        const which = attr(0);
        if (!this.scope.each) return unknown('each.* outside a for_each');
        if (which !== 'key' && which !== 'value') return unknown(`each.${which ?? ''}`);
        cur = known(which === 'key' ? this.scope.each.key : this.scope.each.value, this.scope.each.via ?? []);
        i = 1;
      } else if (root === 'count') {
        if (!this.scope.count) return unknown('count.index outside a count');
        if (attr(0) !== 'index') return unknown(`count.${attr(0) ?? ''}`);
        cur = known(this.scope.count.index);
        i = 1;
      } else if (this.locals.has(root)) {
        cur = known(this.locals.get(root)!);
      } else if (root === 'terraform' || root === 'path') {
        return unknown(`${exprText(whole)} is known only when Terraform runs`);
      } else if (root === 'data') {
        return unknown(`${exprText(whole)} is read from a data source at plan`);
      } else if (root === 'module') {
        return unknown(`${exprText(whole)} is another module's output`);
      } else {
        return unknown(`${exprText(whole)} is another resource's attribute, known only at apply`);
      }
    } else {
      cur = this.evaluate(head);
    }
    for (; i < rest.length; i++) {
      if (!cur.ok) return cur;
      const p = rest[i];
      if (p.type === 'get_attr') {
        const name = named(p).find((x) => x.type === 'identifier')?.text ?? '';
        if (!isObject(cur.value)) return unknown(`.${name} of a ${typeName(cur.value)}`);
        if (!(name in cur.value)) return unknown(`no attribute "${name}"`);
        cur = known(cur.value[name], cur.via);
      } else if (p.type === 'index') {
        const inner = named(p)[0];
        let key: Evaluated;
        if (inner?.type === 'legacy_index') key = known(Number(inner.text.replace(/^\./, '')));
        else key = this.evaluate(inner ? named(inner).find((x) => x.type === 'expression') : undefined);
        if (!key.ok) return key;
        const k = key.value;
        if (Array.isArray(cur.value)) {
          const idx = asNumber(k);
          if (idx === undefined || idx < 0 || idx >= cur.value.length || !Number.isInteger(idx))
            return unknown(`index ${JSON.stringify(k)} out of range`);
          cur = known(cur.value[idx], [...cur.via, ...key.via]);
        } else if (isObject(cur.value)) {
          const s = asString(k);
          if (s === undefined || !(s in cur.value)) return unknown(`no key ${JSON.stringify(k)}`);
          cur = known(cur.value[s], [...cur.via, ...key.via]);
        } else return unknown(`[${JSON.stringify(k)}] of a ${typeName(cur.value)}`);
      } else if (p.type === 'splat') {
        return unknown(`the splat ${exprText(p)} is not evaluated`);
      } else {
        return unknown(exprText(whole));
      }
    }
    return cur;
  }

  private forExpr(f: TSNode | undefined): Evaluated {
    if (!f) return unknown('an empty for expression');
    const kids = named(f);
    const intro = kids.find((x) => x.type === 'for_intro');
    const cond = kids.find((x) => x.type === 'for_cond');
    const bodies = kids.filter((x) => x.type === 'expression');
    if (!intro) return unknown('a for expression without "for ... in"');
    const ids = named(intro)
      .filter((x) => x.type === 'identifier')
      .map((x) => x.text);
    const coll = this.evaluate(named(intro).find((x) => x.type === 'expression'));
    if (!coll.ok) return coll;
    const via = [...coll.via];
    const entries: Array<[TfValue, TfValue]> = Array.isArray(coll.value)
      ? coll.value.map((v, i) => [i, v])
      : isObject(coll.value)
        ? Object.keys(coll.value)
            .sort()
            .map((k) => [k, (coll.value as { [key: string]: TfValue })[k]])
        : [];
    if (!Array.isArray(coll.value) && !isObject(coll.value)) return unknown(`for over a ${typeName(coll.value)}`);
    if (entries.length > MAX_ELEMENTS) return unknown(`for over more than ${MAX_ELEMENTS} elements`);
    const isObjectFor = f.type === 'for_object_expr';
    const outList: TfValue[] = [];
    const outMap: { [key: string]: TfValue } = {};
    for (const [k, v] of entries) {
      const vars = new Map<string, TfValue>();
      if (ids.length >= 2) {
        vars.set(ids[0], k);
        vars.set(ids[1], v);
      } else if (ids.length === 1) vars.set(ids[0], v);
      const inner = this.child(vars);
      if (cond) {
        const c = inner.evaluate(named(cond).find((x) => x.type === 'expression'));
        if (!c.ok) return c;
        via.push(...c.via);
        if (asBool(c.value) !== true) continue;
      }
      if (isObjectFor) {
        const kk = inner.evaluate(bodies[0]);
        const vv = inner.evaluate(bodies[1]);
        if (!kk.ok) return kk;
        if (!vv.ok) return vv;
        const key = asString(kk.value);
        if (key === undefined) return unknown('a for expression key that is not a string');
        outMap[key] = vv.value;
        via.push(...kk.via, ...vv.via);
      } else {
        const vv = inner.evaluate(bodies[0]);
        if (!vv.ok) return vv;
        outList.push(vv.value);
        via.push(...vv.via);
      }
    }
    return known(isObjectFor ? outMap : outList, via);
  }

  private call(n: TSNode): Evaluated {
    const name = named(n).find((x) => x.type === 'identifier')?.text ?? '';
    const argsNode = named(n).find((x) => x.type === 'function_arguments');
    const argNodes = argsNode ? named(argsNode).filter((x) => x.type === 'expression') : [];
    if (argsNode?.children.some((c) => c?.type === 'ellipsis')) return unknown(`${name}(...) with expanded arguments`);
    const fn = FUNCTIONS[name];
    if (name === 'try') {
      // The first argument that evaluates.
      for (const a of argNodes) {
        const v = this.evaluate(a);
        if (v.ok) return v;
      }
      return unknown('no argument of try() is known');
    }
    if (!fn) return unknown(`the function ${name}() is not evaluated`);
    const args: TfValue[] = [];
    const via: string[] = [];
    for (const a of argNodes) {
      const v = this.evaluate(a);
      if (!v.ok) return v;
      args.push(v.value);
      via.push(...v.via);
    }
    const r = fn(args);
    return r instanceof FnError ? unknown(`${name}(): ${r.message}`) : known(r, via);
  }
}

/** Why a built-in function gives no value for its arguments. */
class FnError {
  constructor(readonly message: string) {}
}
const fail = (message: string) => new FnError(message);

type Fn = (args: TfValue[]) => TfValue | FnError;

const strings = (v: TfValue): string[] | undefined => {
  if (!Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (const x of v) {
    const s = asString(x);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
};

/** Built-in functions whose result depends only on their arguments. */
const FUNCTIONS: Record<string, Fn> = {
  toset: ([v]) => {
    const s = strings(v ?? null);
    // Terraform iterates a set of strings in lexical order.
    return s ? [...new Set(s)].sort() : fail('only a list of strings is evaluated');
  },
  tolist: ([v]) => (Array.isArray(v) ? v : fail('not a list')),
  tomap: ([v]) => (isObject(v ?? null) ? (v as TfValue) : fail('not a map')),
  tonumber: ([v]) => {
    const n = asNumber(v ?? null);
    return n === undefined ? fail('not a number') : n;
  },
  tostring: ([v]) => asString(v ?? null) ?? fail('not a primitive'),
  tobool: ([v]) => asBool(v ?? null) ?? fail('not a bool'),
  lookup: ([m, k, d]) => {
    const key = asString(k ?? null);
    if (!isObject(m ?? null) || key === undefined) return fail('lookup(map, key[, default])');
    const map = m as { [key: string]: TfValue };
    if (key in map) return map[key];
    return d !== undefined ? d : fail(`no key "${key}" and no default`);
  },
  merge: (args) => {
    const out: { [key: string]: TfValue } = {};
    for (const a of args) {
      if (a === null) continue;
      if (!isObject(a)) return fail('merge() of something not a map');
      Object.assign(out, a);
    }
    return out;
  },
  concat: (args) =>
    args.every(Array.isArray) ? (args as TfValue[][]).flat() : fail('concat() of something not a list'),
  length: ([v]) =>
    Array.isArray(v)
      ? v.length
      : isObject(v ?? null)
        ? Object.keys(v as object).length
        : typeof v === 'string'
          ? [...v].length
          : fail('not a collection'),
  keys: ([v]) => (isObject(v ?? null) ? Object.keys(v as object).sort() : fail('not a map')),
  values: ([v]) =>
    isObject(v ?? null)
      ? Object.keys(v as object)
          .sort()
          .map((k) => (v as { [key: string]: TfValue })[k])
      : fail('not a map'),
  contains: ([l, x]) => (Array.isArray(l) ? l.some((y) => equal(y, x ?? null)) : fail('not a list')),
  element: ([l, i]) => {
    const idx = asNumber(i ?? null);
    return Array.isArray(l) && l.length > 0 && idx !== undefined
      ? l[((Math.floor(idx) % l.length) + l.length) % l.length]
      : fail('element(list, index)');
  },
  max: (args) => {
    const ns = args.map(asNumber);
    return ns.length && ns.every((x) => x !== undefined) ? Math.max(...(ns as number[])) : fail('not numbers');
  },
  min: (args) => {
    const ns = args.map(asNumber);
    return ns.length && ns.every((x) => x !== undefined) ? Math.min(...(ns as number[])) : fail('not numbers');
  },
  ceil: ([v]) => (asNumber(v ?? null) !== undefined ? Math.ceil(asNumber(v ?? null)!) : fail('not a number')),
  floor: ([v]) => (asNumber(v ?? null) !== undefined ? Math.floor(asNumber(v ?? null)!) : fail('not a number')),
  upper: ([v]) => (typeof v === 'string' ? v.toUpperCase() : fail('not a string')),
  lower: ([v]) => (typeof v === 'string' ? v.toLowerCase() : fail('not a string')),
  join: ([sep, l]) => {
    const s = strings(l ?? null);
    return typeof sep === 'string' && s ? s.join(sep) : fail('join(separator, list of strings)');
  },
  coalesce: (args) => {
    const hit = args.find((a) => a !== null && a !== '');
    return hit !== undefined ? hit : fail('every argument is null or empty');
  },
  format: ([f, ...rest]) => {
    if (typeof f !== 'string') return fail('format(spec, ...)');
    let i = 0;
    let bad = false;
    const out = f.replace(/%%|%[sdv]/g, (m) => {
      if (m === '%%') return '%';
      const v = rest[i++];
      const s = v === undefined ? undefined : asString(v);
      if (s === undefined) bad = true;
      return s ?? '';
    });
    return bad ? fail('a verb other than %s, %d, %v, or a missing argument') : out;
  },
  range: (args) => {
    const ns = args.map(asNumber);
    if (ns.some((x) => x === undefined) || ns.length === 0 || ns.length > 3) return fail('range(start, limit, step)');
    const [a, b, c] = ns.length === 1 ? [0, ns[0]!, 1] : [ns[0]!, ns[1]!, ns[2] ?? 1];
    if (c === 0) return fail('a step of 0');
    const out: number[] = [];
    for (let x = a; c > 0 ? x < b : x > b; x += c) {
      out.push(x);
      if (out.length > MAX_ELEMENTS) return fail(`more than ${MAX_ELEMENTS} elements`);
    }
    return out;
  },
};
