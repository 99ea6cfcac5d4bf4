// Java (tree-sitter-java): string literals with their escapes (JLS 3.10.7, \uXXXX included)
// and text blocks (JLS 3.10.6), `+`, locals, fields and constants (`static final`),
// parameters, for-each and lambda variables. Unicode escapes outside literals (a `\u0022`
// standing for a quote in code) are not translated.
import { dynamic, type Decl, type Dialect, type Node, type Shape, type Value } from './evaluate';
import { identity } from './mapped';
import { lineEnd } from './scan';
import { interpretEscapes, stripTextBlockIndent } from './strings';
import { charShape, groupShape, namedChildren, parameterDecl, plusShape } from './syntax';

function textBlock(text: string, open: number, close: number): Value {
  let i = open + 3;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f')) i++;
  if (i < text.length && text[i] !== '\n' && text[i] !== '\r')
    return { notAnalysed: 'the text block does not start on a new line', start: open, end: lineEnd(text, i) };
  const contentStart = text[i] === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
  if (!text.startsWith('"""', close - 3) || close - 3 < contentStart)
    return { notAnalysed: 'unterminated text block', start: open, end: close };
  return { value: interpretEscapes(stripTextBlockIndent(identity(text, contentStart, close - 3)), 'java').value };
}

function literal(n: Node, text: string): Value {
  const s = n.startIndex;
  const e = n.endIndex;
  if (n.isMissing || n.children.some((c) => c?.isMissing) || e - s < 2 || text[e - 1] !== '"')
    return dynamic('unterminated string', n);
  if (text.startsWith('"""', s)) return textBlock(text, s, e);
  // The grammar lets a string run over a line end; Java does not (the quote was not closed).
  if (/[\n\r]/.test(text.slice(s, e))) return dynamic('unterminated string', n);
  return { value: interpretEscapes(identity(text, s + 1, e - 1), 'java').value };
}

const COMMENTS = new Set(['comment', 'line_comment', 'block_comment']);
const named = (n: Node | null | undefined): Node[] => namedChildren(n, COMMENTS);

function shape(n: Node, text: string): Shape {
  switch (n.type) {
    case 'string_literal':
      return { k: 'literal', value: literal(n, text) };
    case 'character_literal':
      return charShape(n, text, 'java');
    case 'decimal_integer_literal':
      return { k: 'number', text: n.text };
    case 'binary_expression':
      return plusShape(n);
    case 'parenthesized_expression':
      return groupShape(named(n)[0]);
    case 'identifier':
      return { k: 'name', name: n.text };
    case 'this':
      return { k: 'this' };
    case 'field_access': {
      const object = n.childForFieldName('object');
      const field = n.childForFieldName('field');
      return object && field ? { k: 'member', object, name: field.text, nameNode: field } : { k: 'other' };
    }
    case 'method_invocation': {
      const name = n.childForFieldName('name');
      if (!name) return { k: 'other' };
      return {
        k: 'call',
        receiver: n.childForFieldName('object') ?? undefined,
        name: name.text,
        nameNode: name,
        args: named(n.childForFieldName('arguments')),
        keywords: new Map(),
      };
    }
    case 'array_initializer':
      return { k: 'list', items: named(n) };
    case 'array_creation_expression': {
      const init = named(n).find((c) => c.type === 'array_initializer');
      return init ? { k: 'list', items: named(init) } : { k: 'other' };
    }
    case 'method_reference': {
      const kids = named(n);
      const last = kids[kids.length - 1];
      return kids.length === 2 && last.type === 'identifier'
        ? { k: 'ref', receiver: kids[0], name: last.text, nameNode: last }
        : { k: 'other' };
    }
    default:
      return { k: 'other' };
  }
}

const isFinal = (n: Node) =>
  named(n).some((c) => c.type === 'modifiers' && c.children.some((m) => m?.type === 'final'));

/** The element variable of `x.forEach(v -> ...)`: what forEach is called on. */
function forEachReceiver(lambda: Node): Node | undefined {
  const call = lambda.parent?.parent;
  if (lambda.parent?.type !== 'argument_list' || call?.type !== 'method_invocation') return undefined;
  return call.childForFieldName('name')?.text === 'forEach'
    ? (call.childForFieldName('object') ?? undefined)
    : undefined;
}

function declarations(n: Node): Decl[] {
  const out: Decl[] = [];
  const scope = n.parent;
  if (!scope) return out;
  switch (n.type) {
    case 'local_variable_declaration':
    case 'field_declaration':
    case 'constant_declaration': {
      const field = n.type !== 'local_variable_declaration';
      const owner = field ? scope.parent?.childForFieldName('name')?.text : undefined;
      const constant = isFinal(n) || n.type === 'constant_declaration' || scope.type === 'interface_body';
      for (const d of n.childrenForFieldName('declarator')) {
        const name = d?.childForFieldName('name');
        if (!d || !name) continue;
        out.push({
          name: name.text,
          nameNode: name,
          scope,
          ordered: !field,
          kind: constant ? 'constant' : 'variable',
          value: d.childForFieldName('value') ?? undefined,
          owner,
        });
      }
      return out;
    }
    case 'formal_parameter':
    case 'spread_parameter': {
      const fn = scope.parent;
      const name =
        n.childForFieldName('name') ??
        named(n)
          .find((c) => c.type === 'variable_declarator')
          ?.childForFieldName('name') ??
        null;
      if (!fn || !name) return out;
      if (fn.type === 'lambda_expression') return lambdaParams(fn);
      return parameterDecl(name, fn, fn.childForFieldName('name')?.text ?? 'the constructor', false);
    }
    case 'lambda_expression': {
      const p = n.childForFieldName('parameters');
      return p && p.type !== 'formal_parameters' ? lambdaParams(n) : out;
    }
    case 'enhanced_for_statement': {
      const name = n.childForFieldName('name');
      const value = n.childForFieldName('value');
      return name
        ? [{ name: name.text, nameNode: name, scope: n, ordered: false, kind: 'element', iterable: value ?? undefined }]
        : out;
    }
    default:
      return out;
  }
}

function lambdaParams(fn: Node): Decl[] {
  const p = fn.childForFieldName('parameters');
  if (!p) return [];
  const names =
    p.type === 'identifier'
      ? [p]
      : named(p)
          .map((c) => (c.type === 'identifier' ? c : c.childForFieldName('name')))
          .filter((c): c is Node => !!c);
  const iterable = names.length === 1 ? forEachReceiver(fn) : undefined;
  return names.map((name) =>
    iterable
      ? { name: name.text, nameNode: name, scope: fn, ordered: false, kind: 'element' as const, iterable }
      : {
          name: name.text,
          nameNode: name,
          scope: fn,
          ordered: false,
          kind: 'parameter' as const,
          functionName: 'a lambda',
        },
  );
}

function assigned(n: Node): string | undefined {
  const left = n.childForFieldName('left') ?? (n.type === 'update_expression' ? named(n)[0] : undefined);
  if (!left) return undefined;
  if (left.type === 'identifier') return left.text;
  if (left.type === 'field_access') return left.childForFieldName('field')?.text;
  return undefined;
}

export const java: Dialect = {
  language: 'java',
  shape,
  declarations,
  declarationTypes: [
    'local_variable_declaration',
    'field_declaration',
    'constant_declaration',
    'formal_parameter',
    'spread_parameter',
    'lambda_expression',
    'enhanced_for_statement',
  ],
  assigned,
  assignmentTypes: ['assignment_expression'],
  callTypes: ['method_invocation'],
  formatStyle: 'printf',
};
