// Python (tree-sitter-python): '...', "...", '''...''', """...""" with the prefixes r, u, b, f, t
// (any case and combination); escapes of str literals; raw strings keep backslashes; f-strings
// whose fields are names or expressions we can follow (`{{` / `}}` are braces; a conversion
// `!r` or a format spec is not read); adjacent literals and `+`; `%` and `.format(...)` with
// known arguments; `textwrap.dedent`; module constants and locals assigned once, parameters,
// `for` variables over `sql.split(";")`.
import { dynamic, type Decl, type Dialect, type Node, type Shape } from './evaluate';
import { identity, MappedBuilder, type MappedString } from './mapped';
import { MAX_NESTING } from './kotlin';
import { skipBraces } from './scan';
import { interpretEscapes } from './strings';
import { groupShape, literalShape, namedChildren, plusShape } from './syntax';
import type { StringLiteral } from './types';

/** `{{` → `{` and `}}` → `}` in an f-string without fields, each spanning both braces. */
function collapseBraces(m: MappedString): MappedString {
  const b = new MappedBuilder();
  for (let i = 0; i < m.text.length; i++) {
    const c = m.text[i];
    if ((c === '{' || c === '}') && m.text[i + 1] === c) {
      b.push(c, m.starts[i], m.ends[i + 1]);
      i++;
    } else b.push(c, m.starts[i], m.ends[i]);
  }
  return b.build();
}

/** Reads the Python string literal whose prefix starts at `start` and whose quote is at `open`. */
function pythonString(text: string, start: number, open: number, prefix = '', depth = 0): StringLiteral {
  const p = prefix.toLowerCase();
  if (depth > MAX_NESTING) return { start, end: text.length, notAnalysed: 'f-strings nested too deeply' };
  const isRaw = p.includes('r');
  const isF = p.includes('f');
  const isT = p.includes('t');
  const quote = text[open];
  const triple = text.startsWith(quote.repeat(3), open);
  const q = triple ? quote.repeat(3) : quote;
  const contentStart = open + q.length;

  let fields = false;
  let i = contentStart;
  while (i < text.length) {
    const c = text[i];
    if (text.startsWith(q, i)) {
      const end = i + q.length;
      if (p.includes('b')) return { start, end, notAnalysed: 'a bytes literal' };
      if (isT) return { start, end, notAnalysed: 'a template string (t"...")' };
      if (fields) return { start, end, notAnalysed: 'an f-string with replacement fields' };
      const content = identity(text, contentStart, i);
      const un = isRaw ? { value: content, unsupported: undefined } : interpretEscapes(content, 'python');
      if (un.unsupported) return { start, end, notAnalysed: un.unsupported };
      return { start, end, value: isF ? collapseBraces(un.value) : un.value };
    }
    if (!triple && (c === '\n' || c === '\r')) break;
    if (c === '\\') {
      i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    if ((isF || isT) && c === '{') {
      if (text[i + 1] === '{') {
        i += 2;
        continue;
      }
      fields = true;
      i = skipBraces(text, i, (at) => skipNested(text, at, depth + 1));
      continue;
    }
    i++;
  }
  return { start, end: i, notAnalysed: 'unterminated string' };
}

function skipNested(text: string, at: number, depth: number): number | undefined {
  const c = text[at];
  if (c === '"' || c === "'") {
    // A prefixed string inside a field (f"{f'{x}'}"): its prefix was skipped as code.
    return pythonString(
      text,
      at,
      at,
      /(?:^|\W)(?:[rR]?[fF]|[fF][rR])$/.test(text.slice(Math.max(0, at - 3), at)) ? 'f' : '',
      depth,
    ).end;
  }
  return undefined;
}

const COMMENTS = new Set(['comment']);
const named = (n: Node | null | undefined): Node[] => namedChildren(n, COMMENTS);

/** An f-string with fields: its text pieces (escapes interpreted, `{{` a brace) and the fields' expressions. */
function template(n: Node, text: string, prefix: string): Shape {
  const p = prefix.toLowerCase();
  if (p.includes('b')) return { k: 'literal', value: dynamic('a bytes literal', n) };
  if (p.includes('t')) return { k: 'literal', value: dynamic('a template string (t"...")', n) };
  const raw = p.includes('r');
  const kids = n.children.filter((c): c is Node => !!c);
  const start = kids[0];
  const end = kids[kids.length - 1];
  if (start?.type !== 'string_start' || end?.type !== 'string_end')
    return { k: 'literal', value: dynamic('unterminated string', n) };
  const pieces: (MappedString | Node)[] = [];
  let pos = start.endIndex;
  const content = (to: number): string | undefined => {
    const m = identity(text, pos, to);
    const un = raw ? { value: m, unsupported: undefined } : interpretEscapes(m, 'python');
    if (un.unsupported) return un.unsupported;
    pieces.push(collapseBraces(un.value));
    return undefined;
  };
  for (const c of kids.slice(1, -1)) {
    if (c.type !== 'interpolation') continue;
    const bad = content(c.startIndex);
    if (bad) return { k: 'literal', value: dynamic(bad, n) };
    const inner = named(c);
    if (inner.length !== 1 || c.children.some((x) => x?.type === '='))
      return { k: 'literal', value: dynamic(`the f-string field '${c.text}' has a conversion or format: not read`, c) };
    pieces.push(inner[0]);
    pos = c.endIndex;
  }
  const bad = content(end.startIndex);
  if (bad) return { k: 'literal', value: dynamic(bad, n) };
  return { k: 'template', pieces };
}

function stringShape(n: Node, text: string): Shape {
  const start = n.child(0);
  if (start?.type !== 'string_start') return { k: 'literal', value: dynamic('unterminated string', n) };
  const prefix = start.text.replace(/['"]+$/, '');
  if (n.children.some((c) => c?.type === 'interpolation')) return template(n, text, prefix);
  return literalShape(n, pythonString(text, n.startIndex, n.startIndex + prefix.length, prefix));
}

function shape(n: Node, text: string): Shape {
  switch (n.type) {
    case 'string':
      return stringShape(n, text);
    case 'concatenated_string':
      return { k: 'concat', parts: named(n) };
    case 'integer':
      return /^\d+$/.test(n.text) ? { k: 'number', text: n.text } : { k: 'other' };
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.type;
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (!left || !right) return { k: 'other' };
      if (op === '+') return plusShape(n);
      if (op === '%') {
        const inner = right.type === 'parenthesized_expression' ? named(right)[0] : undefined;
        const args = right.type === 'tuple' ? named(right) : [inner ?? right];
        return { k: 'percent', format: left, args };
      }
      return { k: 'other' };
    }
    case 'parenthesized_expression':
      return groupShape(named(n)[0]);
    case 'identifier':
      return { k: 'name', name: n.text };
    case 'attribute': {
      const object = n.childForFieldName('object');
      const attr = n.childForFieldName('attribute');
      return object && attr ? { k: 'member', object, name: attr.text, nameNode: attr } : { k: 'other' };
    }
    case 'list':
    case 'tuple':
      return { k: 'list', items: named(n) };
    case 'call': {
      const fn = n.childForFieldName('function');
      const argList = n.childForFieldName('arguments');
      if (!fn) return { k: 'other' };
      const args: Node[] = [];
      const keywords = new Map<string, Node>();
      for (const a of named(argList)) {
        if (a.type === 'keyword_argument') {
          const k = a.childForFieldName('name');
          const v = a.childForFieldName('value');
          if (k && v) keywords.set(k.text, v);
        } else args.push(a);
      }
      if (fn.type === 'identifier') return { k: 'call', name: fn.text, nameNode: fn, args, keywords };
      if (fn.type !== 'attribute') return { k: 'other' };
      const object = fn.childForFieldName('object');
      const attr = fn.childForFieldName('attribute');
      return object && attr
        ? { k: 'call', receiver: object, name: attr.text, nameNode: attr, args, keywords }
        : { k: 'other' };
    }
    default:
      return { k: 'other' };
  }
}

const SCOPES = new Set(['function_definition', 'lambda', 'class_definition', 'module']);
function scopeOf(n: Node): Node | undefined {
  let p = n.parent;
  while (p && !SCOPES.has(p.type)) p = p.parent;
  return p ?? undefined;
}

function declaresGlobal(fn: Node, name: string): boolean {
  return fn
    .descendantsOfType(['global_statement', 'nonlocal_statement'])
    .some((g) => g?.namedChildren.some((c) => c?.text === name));
}

function parameterName(p: Node): Node | undefined {
  if (p.type === 'identifier') return p;
  const name = p.childForFieldName('name');
  if (name) return name;
  return named(p).find((c) => c.type === 'identifier');
}

function declarations(n: Node): Decl[] {
  switch (n.type) {
    case 'assignment': {
      const left = n.childForFieldName('left');
      let scope = scopeOf(n);
      if (left?.type !== 'identifier' || !scope) return [];
      // `global X` in the function: the assignment is to the module's X.
      if (scope.type === 'function_definition' && declaresGlobal(scope, left.text)) {
        while (scope && scope.type !== 'module') scope = scope.parent ?? undefined;
        if (!scope) return [];
      }
      const hidden = scope.type === 'class_definition' ? { hiddenInFunctions: 'function_definition' } : {};
      return [
        {
          name: left.text,
          nameNode: left,
          scope,
          ordered: scope.type !== 'module',
          kind: 'variable',
          value: n.childForFieldName('right') ?? undefined,
          ...hidden,
        },
      ];
    }
    case 'parameters':
    case 'lambda_parameters': {
      const fn = n.parent;
      if (!fn) return [];
      const fname = fn.childForFieldName('name')?.text;
      return named(n)
        .map(parameterName)
        .filter((x): x is Node => !!x)
        .map((name) => ({
          name: name.text,
          nameNode: name,
          scope: fn,
          ordered: false,
          kind: 'parameter' as const,
          functionName: fname ? `${fname}()` : 'a lambda',
        }));
    }
    case 'for_statement': {
      const left = n.childForFieldName('left');
      return left?.type === 'identifier'
        ? [
            {
              name: left.text,
              nameNode: left,
              scope: n,
              ordered: false,
              kind: 'element',
              iterable: n.childForFieldName('right') ?? undefined,
            },
          ]
        : [];
    }
    default:
      return [];
  }
}

function assigned(n: Node): string | undefined {
  const left = n.childForFieldName('left');
  return left?.type === 'identifier' ? left.text : undefined;
}

export const python: Dialect = {
  language: 'python',
  shape,
  declarations,
  declarationTypes: ['assignment', 'parameters', 'lambda_parameters', 'for_statement'],
  assigned,
  assignmentTypes: ['augmented_assignment'],
  callTypes: ['call'],
  formatStyle: 'braces',
};
