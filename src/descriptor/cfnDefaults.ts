// CloudFormation values as the stack deploys when every parameter keeps its Default: `Ref` to a
// parameter, `Fn::If` on the template's Conditions (`Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`,
// `Condition`) and `Fn::FindInMap` on its Mappings, each in short (`!If`) or long (`Fn::If`) form.
// Anything else (`Fn::GetAtt`, `Fn::ImportValue`, pseudo parameters, a parameter without a Default,
// `Fn::Sub`) stays unknown: it is known only at deploy, and is never guessed.
import type { Scalar } from './awsCommon';
import { isMap, isScalar, isSeq, keyString, type Walker, type YNode } from './yamlAst';

/** A value, and the parameter defaults it was worked out from (`Env = prod`). */
export interface Evaluated {
  value: Scalar;
  uses: string[];
}

/** Conditions may name each other; a template deeper than this is not evaluated. */
const MAX_DEPTH = 32;

export class CfnDefaults {
  private readonly parameters: YNode | undefined;
  private readonly conditions: YNode | undefined;
  private readonly mappings: YNode | undefined;

  constructor(
    private readonly w: Walker,
    root: YNode | undefined,
  ) {
    this.parameters = w.get(root, 'Parameters');
    this.conditions = w.get(root, 'Conditions');
    this.mappings = w.get(root, 'Mappings');
  }

  /** The function and argument of an intrinsic: `!If [...]` or `{ "Fn::If": [...] }`. */
  call(node: YNode | undefined): { fn: string; arg: YNode | undefined } | undefined {
    if (!node) return undefined;
    const tag = (node as { tag?: string }).tag;
    if (tag?.startsWith('!')) return { fn: tag.slice(1), arg: node };
    if (isMap(node) && node.items.length === 1) {
      const k = keyString(this.w.deref(node.items[0].key));
      if (k === 'Ref' || k === 'Condition' || k?.startsWith('Fn::'))
        return { fn: k.replace(/^Fn::/, ''), arg: this.w.deref(node.items[0].value) };
    }
    return undefined;
  }

  /** A value with every parameter at its Default, or undefined when it is not known before deploy. */
  value(node: YNode | undefined, depth = 0): Evaluated | undefined {
    const n = this.w.deref(node);
    if (!n || depth > MAX_DEPTH) return undefined;
    const c = this.call(n);
    if (!c) return isScalar(n) && isLiteral(n.value) ? { value: n.value, uses: [] } : undefined;
    const args = this.args(c.arg);
    switch (c.fn) {
      case 'Ref':
        return this.parameter(this.text(c.arg));
      case 'If': {
        if (args.length !== 3) return undefined;
        const cond = this.condition(this.text(args[0]), depth + 1);
        if (!cond) return undefined;
        const branch = this.value(cond.value ? args[1] : args[2], depth + 1);
        return branch && { value: branch.value, uses: merge(cond.uses, branch.uses) };
      }
      case 'FindInMap': {
        if (args.length !== 3) return undefined;
        const keys = args.map((a) => this.value(a, depth + 1));
        if (keys.some((k) => k === undefined)) return undefined;
        const [map, top, second] = keys as Evaluated[];
        const found = this.value(
          this.w.get(this.w.get(this.w.get(this.mappings, String(map.value)), String(top.value)), String(second.value)),
          depth + 1,
        );
        return found && { value: found.value, uses: merge(...keys.map((k) => k!.uses), found.uses) };
      }
      default:
        return undefined;
    }
  }

  /** A named condition of the template's Conditions, evaluated with the parameters' Defaults. */
  condition(name: string | undefined, depth: number): { value: boolean; uses: string[] } | undefined {
    if (name === undefined || depth > MAX_DEPTH) return undefined;
    return this.truth(this.w.get(this.conditions, name), depth + 1);
  }

  private truth(node: YNode | undefined, depth: number): { value: boolean; uses: string[] } | undefined {
    const c = this.call(this.w.deref(node));
    if (!c || depth > MAX_DEPTH) return undefined;
    const args = this.args(c.arg);
    const all = (parts: ({ value: boolean; uses: string[] } | undefined)[]) =>
      parts.some((p) => p === undefined) ? undefined : (parts as { value: boolean; uses: string[] }[]);
    switch (c.fn) {
      case 'Condition':
        return this.condition(this.text(c.arg), depth + 1);
      case 'Equals': {
        if (args.length !== 2) return undefined;
        const [a, b] = args.map((x) => this.value(x, depth + 1));
        return a && b ? { value: String(a.value) === String(b.value), uses: merge(a.uses, b.uses) } : undefined;
      }
      case 'Not': {
        const p = args.length === 1 ? this.truth(args[0], depth + 1) : undefined;
        return p && { value: !p.value, uses: p.uses };
      }
      case 'And':
      case 'Or': {
        const parts = all(args.map((x) => this.truth(x, depth + 1)));
        if (!parts || parts.length === 0) return undefined;
        const value = c.fn === 'And' ? parts.every((p) => p.value) : parts.some((p) => p.value);
        return { value, uses: merge(...parts.map((p) => p.uses)) };
      }
      default:
        return undefined;
    }
  }

  /** A parameter's Default; pseudo parameters (`AWS::Region`) and parameters without one are unknown. */
  parameter(name: string | undefined): Evaluated | undefined {
    if (name === undefined) return undefined;
    const def = this.w.get(this.w.get(this.parameters, name), 'Default');
    if (!def || !isScalar(def) || !isLiteral(def.value)) return undefined;
    return { value: def.value, uses: [`${name} = ${String(def.value)}`] };
  }

  private args(arg: YNode | undefined): YNode[] {
    return arg && isSeq(arg) ? arg.items.map((i) => this.w.deref(i)).filter((i): i is YNode => !!i) : [];
  }

  private text(node: YNode | undefined): string | undefined {
    return node && isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
  }
}

function isLiteral(v: unknown): v is Scalar {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function merge(...lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}
