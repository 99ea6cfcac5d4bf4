// Syntax-tree helpers every host language's reader shares: the shapes that tree-sitter's
// Java, Kotlin, Scala and Python grammars spell alike but for their node and comment names.
import { type Decl, dynamic, type Node, type Shape } from './evaluate';
import { identity } from './mapped';
import { interpretEscapes } from './strings';
import type { StringLiteral } from './types';

/** A node's named children without its comments (`commentTypes` are the grammar's comment nodes). */
export function namedChildren(n: Node | null | undefined, commentTypes: ReadonlySet<string>): Node[] {
  return n ? n.namedChildren.filter((c): c is Node => !!c && !commentTypes.has(c.type)) : [];
}

/** `a + b + c` as the grammar nests it (left-associative): its operands in source order. */
function plusOperands(n: Node, binaryType: string): Node[] {
  const rights: Node[] = [];
  let cur = n;
  while (cur.type === binaryType && isPlus(cur)) {
    rights.push(cur.childForFieldName('right')!);
    cur = cur.childForFieldName('left')!;
  }
  return [cur, ...rights.reverse()];
}

/** The operator is a node of type `+` (Java, Kotlin, Python) or an operator identifier `+` (Scala). */
const isPlus = (n: Node): boolean => n.childForFieldName('operator')?.text === '+';

/** A binary expression: a concatenation when its operator is `+` and both operands are there. */
export function plusShape(n: Node): Shape {
  return isPlus(n) && n.childForFieldName('left') && n.childForFieldName('right')
    ? { k: 'concat', parts: plusOperands(n, n.type) }
    : { k: 'other' };
}

/** `( expr )`: the expression inside. */
export function groupShape(inner: Node | undefined): Shape {
  return inner ? { k: 'group', inner } : { k: 'other' };
}

/** `'c'`: the character, its escapes read as the language reads them. */
export function charShape(n: Node, text: string, language: 'java' | 'kotlin' | 'scala'): Shape {
  const inner = identity(text, n.startIndex + 1, Math.max(n.startIndex + 1, n.endIndex - 1));
  return { k: 'char', value: interpretEscapes(inner, language).value.text };
}

/**
 * A parameter of a function or of a class's constructor (Java, Kotlin, Scala): visible in the whole
 * function, its value unknown; messages name the function it belongs to.
 */
export function parameterDecl(name: Node, fn: Node, fname: string | undefined, ofConstructor: boolean): Decl[] {
  return [
    {
      name: name.text,
      nameNode: name,
      scope: fn,
      ordered: false,
      kind: 'parameter',
      functionName: ofConstructor ? `the constructor of ${fname ?? 'the class'}` : `${fname ?? 'a function'}()`,
    },
  ];
}

/** A string literal `n` as scanned (`lit`): its value, or why it is not known (unterminated, a template...). */
export function literalShape(n: Node, lit: StringLiteral): Shape {
  if (lit.end !== n.endIndex || !lit.value)
    return { k: 'literal', value: dynamic(lit.notAnalysed ?? 'unterminated string', n) };
  return { k: 'literal', value: { value: lit.value } };
}
