// Kotlin (tree-sitter-kotlin): "..." with escapes (\t \b \n \r \' \" \\ \$ \uXXXX),
// raw strings """...""" (no escapes; a run of more than three closing quotes keeps the extra
// ones), `+`, `val` / `const val` (top level, class, object, companion object, local), `var`
// assigned once, parameters, `for` and `forEach { }` variables. String templates (`$name`,
// `${expr}`) whose fields we can follow are read; the others are not analysed.
import { dynamic, type Decl, type Dialect, type Node, type Shape, type TemplatePiece } from './evaluate';
import { identity } from './mapped';
import { closeQuote, lineEnd, skipBraces } from './scan';
import { interpretEscapes } from './strings';
import { charShape, groupShape, literalShape, namedChildren, parameterDecl, plusShape } from './syntax';
import type { StringLiteral } from './types';

/** Strings inside templates inside strings...: deeper than this is not read (no stack overflow). */
export const MAX_NESTING = 64;

const templateStart = (c: string | undefined) => c !== undefined && /[\p{L}_{]/u.test(c);

/** Reads the Kotlin string literal opening at `open` (either form): its value, or its template fields. */
function kotlinString(text: string, open: number, depth = 0): StringLiteral {
  const rawForm = text.startsWith('"""', open);
  if (depth > MAX_NESTING) return { start: open, end: text.length, notAnalysed: 'templates nested too deeply' };

  const fields: NonNullable<StringLiteral['fields']> = [];
  let template = false;
  let i = open + (rawForm ? 3 : 1);
  const templated = (end: number, contentEnd: number): StringLiteral => ({
    start: open,
    end,
    notAnalysed: 'a string template ($...)',
    fields,
    content: { start: open + (rawForm ? 3 : 1), end: contentEnd, raw: rawForm },
  });
  while (i < text.length) {
    const c = text[i];
    if (rawForm && text.startsWith('"""', i)) {
      let close = i;
      while (text[close + 3] === '"') close++;
      return template
        ? templated(close + 3, close)
        : { start: open, end: close + 3, value: identity(text, open + 3, close) };
    }
    if (!rawForm) {
      if (c === '\n' || c === '\r') break;
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === '"')
        return template
          ? templated(i + 1, i)
          : { start: open, end: i + 1, value: interpretEscapes(identity(text, open + 1, i), 'kotlin').value };
    }
    if (c === '$' && templateStart(text[i + 1])) {
      template = true;
      if (text[i + 1] === '{') {
        const end = skipBraces(text, i + 1, (at) => skipNested(text, at, depth + 1));
        fields.push({ start: i, end });
        i = end;
        continue;
      }
      let end = i + 2;
      while (end < text.length && /[\p{L}\p{N}_]/u.test(text[end])) end++;
      fields.push({ start: i, end, name: text.slice(i + 1, end) });
      i = end;
      continue;
    }
    i++;
  }
  const end = rawForm ? text.length : lineEnd(text, open);
  return { start: open, end, notAnalysed: 'unterminated string' };
}

function skipNested(text: string, at: number, depth: number): number | undefined {
  if (text[at] === '"') return kotlinString(text, at, depth).end;
  if (text[at] === "'") {
    const close = closeQuote(text, at + 1, "'");
    return close === undefined ? undefined : close + 1;
  }
  return undefined;
}

/** A string with templates: the text between the fields, and each field as a name or as its expression's node. */
function template(
  n: Node,
  text: string,
  fields: NonNullable<StringLiteral['fields']>,
  content: NonNullable<StringLiteral['content']>,
): Shape {
  const pieces: TemplatePiece[] = [];
  let pos = content.start;
  const run = (to: number) =>
    pieces.push(content.raw ? identity(text, pos, to) : interpretEscapes(identity(text, pos, to), 'kotlin').value);
  for (const f of fields) {
    run(f.start);
    if (f.name !== undefined) pieces.push({ name: f.name, at: n, start: f.start, end: f.end });
    else {
      // `${expr}`: the interpolation node the grammar made for it.
      const field = n.namedChildren.find((c) => c?.type === 'interpolation' && c.startIndex === f.start);
      const expr = field ? named(field)[0] : undefined;
      if (!expr)
        return { k: 'literal', value: dynamic(`the template field '${text.slice(f.start, f.end)}' is not read`, n) };
      pieces.push(expr);
    }
    pos = f.end;
  }
  run(content.end);
  return { k: 'template', pieces };
}

const COMMENTS = new Set(['comment', 'line_comment', 'block_comment']);
const named = (n: Node | null | undefined): Node[] => namedChildren(n, COMMENTS);
const childOfType = (n: Node, type: string): Node | undefined =>
  n.children.find((c): c is Node => c?.type === type) ?? undefined;

/** The callee parts of `receiver.name` / `receiver::name`. */
function navigation(n: Node): { object: Node; op: string; name: Node } | undefined {
  const kids = n.children.filter((c): c is Node => !!c);
  if (kids.length !== 3 || kids[2].type !== 'identifier') return undefined;
  return { object: kids[0], op: kids[1].type, name: kids[2] };
}

function shape(n: Node, text: string): Shape {
  switch (n.type) {
    case 'string_literal':
    case 'multiline_string_literal': {
      const lit = kotlinString(text, n.startIndex);
      if (lit.end === n.endIndex && lit.fields && lit.content) return template(n, text, lit.fields, lit.content);
      return literalShape(n, lit);
    }
    case 'character_literal':
      return charShape(n, text, 'kotlin');
    case 'number_literal':
    case 'integer_literal':
      return /^\d+$/.test(n.text) ? { k: 'number', text: n.text } : { k: 'other' };
    case 'binary_expression':
      return plusShape(n);
    case 'parenthesized_expression':
      return groupShape(named(n)[0]);
    case 'identifier':
      return { k: 'name', name: n.text };
    case 'this_expression':
      return { k: 'this' };
    case 'navigation_expression': {
      const nav = navigation(n);
      if (!nav) return { k: 'other' };
      if (nav.op === '::') return { k: 'ref', receiver: nav.object, name: nav.name.text, nameNode: nav.name };
      return nav.op === '.'
        ? { k: 'member', object: nav.object, name: nav.name.text, nameNode: nav.name }
        : { k: 'other' };
    }
    case 'call_expression': {
      const callee = n.child(0);
      const argsNode = childOfType(n, 'value_arguments');
      const args: Node[] = [];
      const keywords = new Map<string, Node>();
      for (const a of named(argsNode)) {
        if (a.type !== 'value_argument') continue;
        const kids = named(a);
        if (childOfType(a, '=') && kids.length === 2) keywords.set(kids[0].text, kids[1]);
        else if (kids.length === 1) args.push(kids[0]);
      }
      const lambda = childOfType(n, 'annotated_lambda');
      if (lambda) args.push(lambda);
      if (!callee) return { k: 'other' };
      if (callee.type === 'identifier') return { k: 'call', name: callee.text, nameNode: callee, args, keywords };
      const nav = callee.type === 'navigation_expression' ? navigation(callee) : undefined;
      if (!nav || nav.op === '::') return { k: 'other' };
      return { k: 'call', receiver: nav.object, name: nav.name.text, nameNode: nav.name, args, keywords };
    }
    default:
      return { k: 'other' };
  }
}

const SCOPES_UNORDERED = new Set(['source_file', 'class_body', 'enum_class_body']);

/** The class or object whose body holds a member (the enclosing class for a companion object). */
function ownerOf(body: Node): string | undefined {
  const holder = body.parent;
  if (!holder) return undefined;
  if (holder.type === 'companion_object') {
    const cls = holder.parent?.parent;
    return cls ? (childOfType(cls, 'identifier')?.text ?? cls.childForFieldName('name')?.text) : undefined;
  }
  return holder.childForFieldName('name')?.text ?? childOfType(holder, 'identifier')?.text;
}

/** `x.forEach { ... }`: what forEach is called on. */
function forEachReceiver(lambda: Node): Node | undefined {
  const call = lambda.parent?.type === 'annotated_lambda' ? lambda.parent.parent : undefined;
  const callee = call?.type === 'call_expression' ? call.child(0) : undefined;
  const nav = callee?.type === 'navigation_expression' ? navigation(callee) : undefined;
  return nav && nav.op !== '::' && (nav.name.text === 'forEach' || nav.name.text === 'onEach') ? nav.object : undefined;
}

function declarations(n: Node): Decl[] {
  const scope = n.parent;
  if (!scope) return [];
  switch (n.type) {
    case 'property_declaration': {
      const name = childOfType(n, 'variable_declaration')?.namedChildren.find((c) => c?.type === 'identifier');
      if (!name) return [];
      const eq = n.children.findIndex((c) => c?.type === '=');
      const value =
        eq >= 0 ? (n.children.slice(eq + 1).find((c): c is Node => !!c && c.isNamed) ?? undefined) : undefined;
      const unordered = SCOPES_UNORDERED.has(scope.type);
      const owner = scope.type === 'class_body' ? ownerOf(scope) : undefined;
      // A companion object's members are visible in the whole class.
      const visible = scope.parent?.type === 'companion_object' ? (scope.parent.parent ?? scope) : scope;
      return [
        {
          name: name.text,
          nameNode: name,
          scope: visible,
          ordered: !unordered,
          kind: childOfType(n, 'val') ? 'constant' : 'variable',
          value,
          owner,
        },
      ];
    }
    case 'parameter':
    case 'class_parameter': {
      const name = childOfType(n, 'identifier');
      const fn = n.type === 'parameter' ? scope.parent : scope.parent?.parent;
      if (!name || !fn) return [];
      const fname = fn.childForFieldName('name')?.text ?? childOfType(fn, 'identifier')?.text;
      return parameterDecl(name, fn, fname, n.type !== 'parameter');
    }
    case 'for_statement': {
      const name = childOfType(n, 'variable_declaration')?.namedChildren.find((c) => c?.type === 'identifier');
      const inAt = n.children.findIndex((c) => c?.type === 'in');
      const iterable =
        inAt >= 0 ? (n.children.slice(inAt + 1).find((c): c is Node => !!c && c.isNamed) ?? undefined) : undefined;
      return name ? [{ name: name.text, nameNode: name, scope: n, ordered: false, kind: 'element', iterable }] : [];
    }
    case 'lambda_literal': {
      const params = childOfType(n, 'lambda_parameters');
      const names = params
        ? named(params)
            .map((v) => (v.type === 'identifier' ? v : v.namedChildren.find((c) => c?.type === 'identifier')))
            .filter((c): c is Node => !!c)
        : [];
      const iterable = names.length <= 1 ? forEachReceiver(n) : undefined;
      // Without parameters the one argument is `it`.
      const nodes = params ? names : [n];
      return nodes.map((nameNode) => {
        const name = params ? nameNode.text : 'it';
        return iterable
          ? { name, nameNode, scope: n, ordered: false, kind: 'element' as const, iterable }
          : { name, nameNode, scope: n, ordered: false, kind: 'parameter' as const, functionName: 'a lambda' };
      });
    }
    default:
      return [];
  }
}

function assigned(n: Node): string | undefined {
  const left = n.childForFieldName('left') ?? n.child(0);
  if (!left) return undefined;
  if (left.type === 'identifier') return left.text;
  if (left.type === 'directly_assignable_expression' || left.type === 'navigation_expression') {
    const last = left.child(left.childCount - 1);
    return last?.type === 'identifier' ? last.text : undefined;
  }
  return undefined;
}

export const kotlin: Dialect = {
  language: 'kotlin',
  shape,
  declarations,
  declarationTypes: ['property_declaration', 'parameter', 'class_parameter', 'for_statement', 'lambda_literal'],
  assigned,
  assignmentTypes: ['assignment'],
  callTypes: ['call_expression'],
  formatStyle: 'printf',
};
