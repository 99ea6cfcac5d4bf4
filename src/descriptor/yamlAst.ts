// YAML (and JSON, which is YAML) parsing with ranges, shared by every YAML-based format.
// We walk yaml's node tree rather than its JS output so that every value keeps its range.
import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  Scalar,
  visit,
  YAMLMap,
  YAMLSeq,
} from 'yaml';
import type { CollectionTag, Node, Pair, ScalarTag } from 'yaml';
import { diagnostic, type Diagnostic, type LineIndex, type Range } from '../text';

/** Aliases followed per document before we stop (billion-laughs guard; yaml's own
 * maxAliasCount only applies to toJS(), and we walk the node tree instead). */
const MAX_ALIAS_COUNT = 100;
/** Nesting depth we walk before giving up on a branch. */
export const MAX_DEPTH = 64;
/** Syntax diagnostics reported per file (a binary file would produce thousands). */
const MAX_SYNTAX_DIAGNOSTICS = 20;

/** CloudFormation's short-form intrinsic functions, registered so that templates always parse. */
export const CFN_SHORT_TAGS = [
  'Ref',
  'Sub',
  'GetAtt',
  'If',
  'Join',
  'FindInMap',
  'Select',
  'Split',
  'Equals',
  'And',
  'Or',
  'Not',
  'Base64',
  'Cidr',
  'GetAZs',
  'ImportValue',
  'Condition',
  'Transform',
  'ToJsonString',
  'Length',
  'ForEach',
] as const;

function cfnTags(): Array<ScalarTag | CollectionTag> {
  const tags: Array<ScalarTag | CollectionTag> = [];
  for (const name of CFN_SHORT_TAGS) {
    const tag = `!${name}`;
    tags.push({ tag, resolve: (value: string) => value } as ScalarTag);
    tags.push({ tag, collection: 'seq', resolve: (seq: YAMLSeq.Parsed) => seq } as unknown as CollectionTag);
    tags.push({ tag, collection: 'map', resolve: (map: YAMLMap.Parsed) => map } as unknown as CollectionTag);
  }
  return tags;
}

const CUSTOM_TAGS = cfnTags();

export type YNode = Node;

export interface YamlText {
  text: string;
  index: LineIndex;
  docs: Document.Parsed[];
}

/** Parses every document of a YAML / JSON text; syntax problems become diagnostics. Never throws. */
export function parseYaml(text: string, index: LineIndex, diagnostics: Diagnostic[]): YamlText {
  let docs: Document.Parsed[] = [];
  try {
    const parsed = parseAllDocuments(text, {
      customTags: CUSTOM_TAGS,
      prettyErrors: false,
      uniqueKeys: true,
    });
    docs = Array.isArray(parsed) ? [...parsed] : [];
  } catch (e) {
    diagnostics.push(
      diagnostic(
        'error',
        'descriptor-syntax',
        `YAML could not be parsed: ${(e as Error).message}`,
        index.range(0, Math.min(1, text.length)),
      ),
    );
    return { text, index, docs: [] };
  }
  let reported = 0;
  for (const doc of docs) {
    for (const [problems, severity] of [
      [doc.errors, 'error'],
      [doc.warnings, 'warning'],
    ] as const) {
      for (const e of problems) {
        if (reported >= MAX_SYNTAX_DIAGNOSTICS) break;
        reported++;
        const [start, end] = e.pos ?? [0, 0];
        let widened = end > start ? end : Math.min(text.length, start + 1);
        if (e.code === 'DUPLICATE_KEY') {
          const key = keyNodeAt(doc, start);
          if (key?.range) widened = key.range[1];
          const name =
            key && isScalar(key) ? JSON.stringify(String(key.value)) : JSON.stringify(text.slice(start, widened));
          diagnostics.push(
            diagnostic(
              severity,
              'descriptor-duplicate-key',
              `duplicate key ${name}: the last value is used`,
              index.range(start, widened),
            ),
          );
        } else {
          diagnostics.push(
            diagnostic(severity, 'descriptor-syntax', `YAML: ${e.message}`, index.range(start, widened)),
          );
        }
      }
    }
  }
  return { text, index, docs };
}

function keyNodeAt(doc: Document.Parsed, offset: number): YNode | undefined {
  let found: YNode | undefined;
  try {
    visit(doc, {
      Pair(_, pair) {
        const k = pair.key as YNode | null;
        if (k?.range && k.range[0] === offset) {
          found = k;
          return visit.BREAK;
        }
        return undefined;
      },
    });
  } catch {
    // a malformed tree: keep the position yaml gave
  }
  return found;
}

/** Reads a document's node tree: follows aliases (at most MAX_ALIAS_COUNT per document). */
export class Walker {
  private aliases = 0;
  constructor(
    readonly doc: Document.Parsed,
    readonly src: YamlText,
  ) {}

  deref(node: unknown): YNode | undefined {
    let n = node as YNode | undefined;
    let hops = 0;
    while (n && isAlias(n)) {
      if (++this.aliases > MAX_ALIAS_COUNT || ++hops > MAX_ALIAS_COUNT) return undefined;
      n = (n as Alias).resolve(this.doc) as YNode | undefined;
    }
    return n ?? undefined;
  }

  /** The last pair of `map` whose key is the string `key`. */
  pair(map: unknown, key: string): Pair<YNode, YNode> | undefined {
    const m = this.deref(map);
    if (!m || !isMap(m)) return undefined;
    let found: Pair<YNode, YNode> | undefined;
    for (const p of (m as YAMLMap<YNode, YNode>).items) {
      if (keyString(this.deref(p.key)) === key) found = p as Pair<YNode, YNode>;
    }
    return found;
  }

  get(map: unknown, key: string): YNode | undefined {
    const p = this.pair(map, key);
    return p ? this.deref(p.value) : undefined;
  }

  /** Follows a path of keys through nested maps. */
  path(node: unknown, ...keys: string[]): YNode | undefined {
    let n: YNode | undefined = this.deref(node);
    for (const k of keys) {
      n = this.get(n, k);
      if (!n) return undefined;
    }
    return n;
  }

  /** Pairs of a map (aliases in keys and values followed), in order. */
  pairs(map: unknown): Array<{
    key: string | undefined;
    keyNode: YNode | undefined;
    value: YNode | undefined;
    pair: Pair<YNode, YNode>;
  }> {
    const m = this.deref(map);
    if (!m || !isMap(m)) return [];
    return (m as YAMLMap<YNode, YNode>).items.map((p) => {
      const keyNode = this.deref(p.key);
      return { key: keyString(keyNode), keyNode, value: this.deref(p.value), pair: p as Pair<YNode, YNode> };
    });
  }

  range(node: unknown): Range | undefined {
    return nodeRange(this.src, node as YNode);
  }
}

export function keyString(node: YNode | undefined | null): string | undefined {
  if (node && isScalar(node) && node.value !== null && node.value !== undefined && typeof node.value !== 'object')
    return String(node.value);
  return undefined;
}

/** The node's value text (without trailing comments / line breaks), 1-based. */
export function nodeRange(src: YamlText, node: YNode | undefined | null): Range | undefined {
  const r = node?.range;
  if (!r) return undefined;
  let end = r[1];
  while (end > r[0] && /\s/.test(src.text[end - 1] ?? '')) end--;
  return src.index.range(r[0], end);
}

/** The range spanning a pair from its key to the end of its value. */
export function pairRange(src: YamlText, keyNode: YNode | undefined, value: YNode | undefined): Range | undefined {
  const k = keyNode?.range;
  const v = value?.range;
  if (!k) return nodeRange(src, value);
  let end = v ? Math.max(v[1], k[1]) : k[1];
  while (end > k[0] && /\s/.test(src.text[end - 1] ?? '')) end--;
  return src.index.range(k[0], end);
}

export function sourceText(src: YamlText, node: YNode | undefined): string {
  const r = node?.range;
  return r ? src.text.slice(r[0], r[1]) : '';
}

export type TemplateKind = 'dollar' | 'mustache';

/**
 * A `${VAR}` or `{{ ... }}` template in a value (envsubst, Helm, Jinja): it was meant to be
 * replaced before the file is used, so we cannot read it. Helm's `{{ .Values.x }}` written
 * unquoted parses as a flow map: we look at the source text, not just the value.
 */
export function templateOf(src: YamlText, node: YNode | undefined): TemplateKind | undefined {
  if (!node) return undefined;
  if (isScalar(node)) {
    if (typeof node.value !== 'string') return undefined;
    if (/\$\{[^}]*\}/.test(node.value)) return 'dollar';
    if (/\{\{.*\}\}/s.test(node.value)) return 'mustache';
    return undefined;
  }
  if ((isMap(node) || isSeq(node)) && (node as YAMLMap).flow) {
    const raw = sourceText(src, node).trimStart();
    if (raw.startsWith('{{')) return 'mustache';
  }
  return undefined;
}

export { isAlias, isMap, isScalar, isSeq, Scalar, YAMLMap, YAMLSeq };
