// Scala (tree-sitter-scala): "..." with escapes, """...""" raw strings (no escapes; extra
// closing quotes kept), interpolated strings (`s` and `raw` with fields we can follow, `f`
// without `%`; other interpolators are not read), `+`, `.stripMargin` / `.stripMargin('#')`,
// `val` (object, class, local), `var` assigned once, parameters, `for` enumerators and
// `foreach` lambdas.
import { dynamic, type Decl, type Dialect, type Node, type Shape, type TemplatePiece } from './evaluate';
import { identity, MappedBuilder, type MappedString } from './mapped';
import { MAX_NESTING } from './kotlin';
import { lineEnd, skipBraces } from './scan';
import { interpretEscapes } from './strings';
import { charShape, groupShape, literalShape, namedChildren, parameterDecl, plusShape } from './syntax';
import type { StringLiteral } from './types';

/** Reads the (possibly interpolated, `prefix`) Scala string literal whose quote is at `open`. */
function scalaString(text: string, start: number, open: number, prefix?: string, depth = 0): StringLiteral {
  const rawForm = text.startsWith('"""', open);
  if (depth > MAX_NESTING) return { start, end: text.length, notAnalysed: 'interpolations nested too deeply' };

  let dollar = false;
  let i = open + (rawForm ? 3 : 1);
  const finish = (contentEnd: number, end: number): StringLiteral => {
    const content = identity(text, open + (rawForm ? 3 : 1), contentEnd);
    let value: MappedString | undefined;
    let notAnalysed: string | undefined;
    if (prefix && dollar) notAnalysed = 'string interpolation ($...)';
    else if (prefix && prefix !== 's' && prefix !== 'raw' && prefix !== 'f')
      notAnalysed = `the ${prefix}"..." interpolator`;
    else if (prefix === 'f' && content.text.includes('%')) notAnalysed = 'an f"..." format string';
    else value = rawForm || prefix === 'raw' ? content : interpretEscapes(content, 'scala').value;
    return { start, end, value, notAnalysed };
  };
  while (i < text.length) {
    const c = text[i];
    if (rawForm && text.startsWith('"""', i)) {
      let close = i;
      while (text[close + 3] === '"') close++;
      return finish(close, close + 3);
    }
    if (!rawForm) {
      if (c === '\n' || c === '\r') break;
      if (c === '"') return finish(i, i + 1);
      if (c === '\\' && (!prefix || prefix !== 'raw' || text[i + 1] === '"')) {
        i += 2;
        continue;
      }
    }
    if (prefix && c === '$') {
      dollar = true;
      if (text[i + 1] === '{') {
        i = skipBraces(text, i + 1, (at) =>
          text[at] === '"' ? scalaString(text, at, at, undefined, depth + 1).end : undefined,
        );
        continue;
      }
      if (text[i + 1] === '$' || text[i + 1] === '"') i++;
    }
    i++;
  }
  return { start, end: rawForm ? text.length : lineEnd(text, open), notAnalysed: 'unterminated string' };
}

const COMMENTS = new Set(['comment', 'block_comment']);
const named = (n: Node | null | undefined): Node[] => namedChildren(n, COMMENTS);

/** `$$` → `$`, spanning both characters. */
function collapseDollars(m: MappedString): MappedString {
  const b = new MappedBuilder();
  for (let i = 0; i < m.text.length; i++) {
    if (m.text[i] === '$' && m.text[i + 1] === '$') {
      b.push('$', m.starts[i], m.ends[i + 1]);
      i++;
    } else b.push(m.text[i], m.starts[i], m.ends[i]);
  }
  return b.build();
}

/** `s"...$name ${expr}..."` / `raw"..."`: the text between the fields and each field's expression. */
function interpolation(body: Node, text: string, raw: boolean): Shape {
  const quote = text.startsWith('"""', body.startIndex) ? 3 : 1;
  const pieces: TemplatePiece[] = [];
  let pos = body.startIndex + quote;
  const run = (to: number) => {
    const m = collapseDollars(identity(text, pos, to));
    pieces.push(raw ? m : interpretEscapes(m, 'scala').value);
  };
  for (const c of body.namedChildren) {
    if (c?.type !== 'interpolation') continue;
    run(c.startIndex);
    let expr: Node | undefined = named(c)[0];
    if (expr?.type === 'block') expr = named(expr).length === 1 ? named(expr)[0] : undefined;
    if (!expr) return { k: 'literal', value: dynamic(`the interpolation '${c.text}' is not read`, c) };
    pieces.push(expr);
    pos = c.endIndex;
  }
  run(body.endIndex - quote);
  return { k: 'template', pieces };
}

function shape(n: Node, text: string): Shape {
  switch (n.type) {
    case 'string':
      return literalShape(n, scalaString(text, n.startIndex, n.startIndex));
    case 'interpolated_string_expression': {
      const prefix = n.childForFieldName('interpolator');
      const body = named(n).find((c) => c.type === 'interpolated_string');
      if (!prefix || !body) return { k: 'other' };
      const lit = scalaString(text, n.startIndex, body.startIndex, prefix.text);
      if (
        (prefix.text === 's' || prefix.text === 'raw') &&
        lit.end === n.endIndex &&
        lit.notAnalysed === 'string interpolation ($...)'
      )
        return interpolation(body, text, prefix.text === 'raw');
      return literalShape(n, lit);
    }
    case 'character_literal':
      return charShape(n, text, 'scala');
    case 'integer_literal':
      return /^\d+$/.test(n.text) ? { k: 'number', text: n.text } : { k: 'other' };
    case 'infix_expression':
      return plusShape(n);
    case 'parenthesized_expression':
      return groupShape(named(n)[0]);
    case 'indented_block':
    case 'block': {
      // `val x =` and the expression on the next lines (Scala 3), or `{ "..." }`.
      const kids = named(n);
      return kids.length === 1 ? { k: 'group', inner: kids[0] } : { k: 'other' };
    }
    case 'identifier':
      return { k: 'name', name: n.text };
    case 'this':
      return { k: 'this' };
    case 'field_expression': {
      const object = n.childForFieldName('value');
      const field = n.childForFieldName('field');
      return object && field ? { k: 'member', object, name: field.text, nameNode: field } : { k: 'other' };
    }
    case 'call_expression': {
      const fn = n.childForFieldName('function');
      const args = named(n.childForFieldName('arguments'));
      if (!fn) return { k: 'other' };
      const keywords = new Map<string, Node>();
      if (fn.type === 'identifier') return { k: 'call', name: fn.text, nameNode: fn, args, keywords };
      if (fn.type !== 'field_expression') return { k: 'other' };
      const object = fn.childForFieldName('value');
      const field = fn.childForFieldName('field');
      if (!object || !field) return { k: 'other' };
      // `tEnv.executeSql(_)`: the method as a function.
      if (args.length === 1 && args[0].type === 'wildcard')
        return { k: 'ref', receiver: object, name: field.text, nameNode: field };
      return { k: 'call', receiver: object, name: field.text, nameNode: field, args, keywords };
    }
    default:
      return { k: 'other' };
  }
}

const UNORDERED = new Set(['template_body', 'compilation_unit']);

/** `x.foreach(s => ...)`: what foreach is called on. */
function foreachReceiver(lambda: Node): Node | undefined {
  const call = lambda.parent?.type === 'arguments' ? lambda.parent.parent : undefined;
  const fn = call?.type === 'call_expression' ? call.childForFieldName('function') : undefined;
  return fn?.type === 'field_expression' && fn.childForFieldName('field')?.text === 'foreach'
    ? (fn.childForFieldName('value') ?? undefined)
    : undefined;
}

function declarations(n: Node): Decl[] {
  const scope = n.parent;
  if (!scope) return [];
  switch (n.type) {
    case 'val_definition':
    case 'var_definition': {
      const name = n.childForFieldName('pattern');
      if (name?.type !== 'identifier') return [];
      const owner = scope.type === 'template_body' ? scope.parent?.childForFieldName('name')?.text : undefined;
      return [
        {
          name: name.text,
          nameNode: name,
          scope,
          ordered: !UNORDERED.has(scope.type),
          kind: n.type === 'val_definition' ? 'constant' : 'variable',
          value: n.childForFieldName('value') ?? undefined,
          owner,
        },
      ];
    }
    case 'parameter':
    case 'class_parameter': {
      const name = n.childForFieldName('name');
      const fn = scope.parent;
      if (!name || !fn) return [];
      const fname = fn.childForFieldName('name')?.text;
      return parameterDecl(name, fn, fname, n.type !== 'parameter');
    }
    case 'enumerator': {
      const kids = named(n);
      const name = kids[0];
      const loop = n.parent?.parent ?? n;
      return name?.type === 'identifier' && kids.length >= 2
        ? [
            {
              name: name.text,
              nameNode: name,
              scope: loop,
              ordered: false,
              kind: 'element',
              iterable: kids[kids.length - 1],
            },
          ]
        : [];
    }
    case 'lambda_expression': {
      const p = n.childForFieldName('parameters');
      const names = !p
        ? []
        : p.type === 'identifier'
          ? [p]
          : named(p)
              .map((c) => (c.type === 'identifier' ? c : c.childForFieldName('name')))
              .filter((c): c is Node => !!c);
      const iterable = names.length === 1 ? foreachReceiver(n) : undefined;
      return names.map((nameNode) =>
        iterable
          ? { name: nameNode.text, nameNode, scope: n, ordered: false, kind: 'element' as const, iterable }
          : {
              name: nameNode.text,
              nameNode,
              scope: n,
              ordered: false,
              kind: 'parameter' as const,
              functionName: 'a lambda',
            },
      );
    }
    default:
      return [];
  }
}

function assigned(n: Node): string | undefined {
  const left = n.childForFieldName('left');
  if (left?.type === 'identifier') return left.text;
  if (left?.type === 'field_expression') return left.childForFieldName('field')?.text;
  return undefined;
}

export const scala: Dialect = {
  language: 'scala',
  shape,
  declarations,
  declarationTypes: [
    'val_definition',
    'var_definition',
    'parameter',
    'class_parameter',
    'enumerator',
    'lambda_expression',
  ],
  assigned,
  assignmentTypes: ['assignment_expression'],
  callTypes: ['call_expression'],
  formatStyle: 'printf',
};
