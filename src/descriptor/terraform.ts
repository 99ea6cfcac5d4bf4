// Terraform `aws_kinesisanalyticsv2_application` resources, parsed with web-tree-sitter and the
// maintained tree-sitter-hcl grammar (positions for every attribute). The grammar is WebAssembly,
// loaded once by initHcl(); parsing before that reports a diagnostic instead of throwing.
import * as path from 'node:path';
import TreeSitter = require('web-tree-sitter');
import { diagnostic, type Diagnostic, type LineIndex, type Range } from '../text';
import { buildAwsJob, ValueReader, type AwsApplicationInput, type RawValue, type Scalar } from './awsCommon';
import type { DescriptorFile, JobSpec, Located } from './types';

type TSNode = TreeSitter.Node;

const RESOURCE_TYPE = 'aws_kinesisanalyticsv2_application';
/** The first Kinesis Data Analytics API's resource: SQL applications only. */
const V1_RESOURCE_TYPE = 'aws_kinesis_analytics_application';
const MAX_SYNTAX_DIAGNOSTICS = 20;

let parser: TreeSitter.Parser | undefined;
let loading: Promise<void> | undefined;

export function hclReady(): boolean {
  return parser !== undefined;
}

export function initHcl(wasmDir?: string): Promise<void> {
  if (parser) return Promise.resolve();
  if (!loading) {
    const dir = wasmDir ?? path.join(__dirname, 'wasm');
    loading = (async () => {
      await TreeSitter.Parser.init({ locateFile: (file: string) => path.join(dir, file) });
      const language = await TreeSitter.Language.load(path.join(dir, 'tree-sitter-hcl.wasm'));
      const p = new TreeSitter.Parser();
      p.setLanguage(language);
      parser = p;
    })();
    // A failed load (wrong directory) may be retried with another one.
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

/** Terraform attribute and block access on the tree-sitter HCL tree. */
class Hcl {
  constructor(
    readonly text: string,
    readonly index: LineIndex,
  ) {}

  range(n: TSNode): Range {
    return this.index.range(n.startIndex, n.endIndex);
  }

  private identifier(n: TSNode): string | undefined {
    const id = n.namedChildren.find((c) => c?.type === 'identifier');
    return id?.text;
  }

  /** The body of a block or of the file. */
  body(n: TSNode | undefined): TSNode | undefined {
    if (!n) return undefined;
    if (n.type === 'body') return n;
    return n.namedChildren.find((c) => c?.type === 'body') ?? undefined;
  }

  blocks(container: TSNode | undefined, type: string): TSNode[] {
    const body = this.body(container);
    if (!body) return [];
    return body.namedChildren.filter((c): c is TSNode => !!c && c.type === 'block' && this.identifier(c) === type);
  }

  block(container: TSNode | undefined, type: string): TSNode | undefined {
    return this.blocks(container, type)[0];
  }

  labels(block: TSNode): string[] {
    return block.namedChildren
      .filter((c): c is TSNode => !!c && (c.type === 'string_lit' || c.type === 'identifier'))
      .slice(1)
      .map((c) => (c.type === 'string_lit' ? c.namedChildren.filter((x) => x?.type === 'template_literal').map((x) => x!.text).join('') : c.text));
  }

  /** The attribute node `name = expr` of a block. */
  attribute(container: TSNode | undefined, name: string): TSNode | undefined {
    const body = this.body(container);
    if (!body) return undefined;
    let found: TSNode | undefined;
    for (const c of body.namedChildren) if (c && c.type === 'attribute' && this.identifier(c) === name) found = c;
    return found;
  }

  attributes(container: TSNode | undefined): TSNode[] {
    const body = this.body(container);
    return body ? body.namedChildren.filter((c): c is TSNode => !!c && c.type === 'attribute') : [];
  }

  attributeName(attr: TSNode): string | undefined {
    return this.identifier(attr);
  }

  expression(attr: TSNode): TSNode | undefined {
    return attr.namedChildren.find((c) => c?.type === 'expression') ?? undefined;
  }
}

type Literal = { value: Scalar | null } | { shape: 'mapping' | 'list' } | { ref: string[] } | { expression: string };

/** A literal (number, bool, string without interpolation), a reference (`var.x`), or an expression we do not evaluate. */
function literalOf(expr: TSNode): Literal {
  const kids = expr.namedChildren.filter((c): c is TSNode => !!c && c.type !== 'comment');
  const first = kids[0];
  if (!first) return { expression: expr.text };
  if (kids.length === 1 && first.type === 'literal_value') {
    const lit = first.namedChildren[0];
    if (!lit) return { expression: expr.text };
    if (lit.type === 'numeric_lit') return { value: Number(lit.text) };
    if (lit.type === 'bool_lit') return { value: lit.text === 'true' };
    if (lit.type === 'null_lit') return { value: null };
    if (lit.type === 'string_lit') return { value: lit.namedChildren.filter((x) => x?.type === 'template_literal').map((x) => x!.text).join('') };
    return { expression: expr.text };
  }
  if (kids.length === 1 && first.type === 'template_expr') {
    const tpl = first.namedChildren[0];
    const parts = tpl ? tpl.namedChildren.filter((x): x is TSNode => !!x) : [];
    if (parts.some((p) => p.type === 'template_interpolation' || p.type === 'template_directive')) return { expression: expr.text };
    return { value: parts.filter((p) => p.type === 'template_literal').map((p) => p.text).join('') };
  }
  if (kids.length === 1 && first.type === 'collection_value') {
    return { shape: first.namedChildren[0]?.type === 'tuple' ? 'list' : 'mapping' };
  }
  if (first.type === 'variable_expr' && kids.slice(1).every((k) => k.type === 'get_attr')) {
    const names = [first.text, ...kids.slice(1).map((k) => k.namedChildren.find((x) => x?.type === 'identifier')?.text ?? '')];
    return { ref: names };
  }
  if (kids.length === 1 && first.type === 'operation') {
    const un = first.namedChildren[0];
    if (un?.type === 'unary_operation' && un.children[0]?.type === '-') {
      const inner = un.namedChildren[0];
      const num = inner?.type === 'literal_value' ? inner.namedChildren[0] : undefined;
      if (num?.type === 'numeric_lit') return { value: -Number(num.text) };
    }
  }
  return { expression: expr.text.length > 60 ? `${expr.text.slice(0, 60)}...` : expr.text };
}

class TerraformFile {
  readonly variables = new Map<string, TSNode>();
  readonly locals = new Map<string, TSNode>();

  constructor(
    readonly hcl: Hcl,
    readonly root: TSNode,
  ) {
    for (const v of hcl.blocks(root, 'variable')) {
      const [name] = hcl.labels(v);
      if (name) this.variables.set(name, v);
    }
    for (const l of hcl.blocks(root, 'locals')) {
      for (const a of hcl.attributes(l)) {
        const n = hcl.attributeName(a);
        if (n) this.locals.set(n, a);
      }
    }
  }

  /** A default we may use for `var.x` / `local.x`: the variable's default or the local's literal. */
  private fallback(ref: string[], depth: number): { value: Scalar; note: string } | undefined {
    if (depth > 3 || ref.length !== 2) return undefined;
    const [kind, name] = ref;
    let attr: TSNode | undefined;
    let note: (v: Scalar) => string;
    if (kind === 'var') {
      const block = this.variables.get(name);
      attr = block ? this.hcl.attribute(block, 'default') : undefined;
      note = (v) => `the default ${JSON.stringify(v)} of variable "${name}" (a .tfvars file or -var may set another value)`;
    } else if (kind === 'local') {
      attr = this.locals.get(name);
      note = (v) => `local.${name} = ${JSON.stringify(v)}`;
    } else return undefined;
    const expr = attr ? this.hcl.expression(attr) : undefined;
    if (!expr) return undefined;
    const lit = literalOf(expr);
    if ('value' in lit && lit.value !== null) return { value: lit.value, note: note(lit.value) };
    if ('ref' in lit) {
      const inner = this.fallback(lit.ref, depth + 1);
      return inner ? { value: inner.value, note: `${note(inner.value)} via ${inner.note}` } : undefined;
    }
    return undefined;
  }

  raw(container: TSNode | undefined, name: string): RawValue | undefined {
    const attr = this.hcl.attribute(container, name);
    if (!attr) return undefined;
    const expr = this.hcl.expression(attr);
    // A value the parser had to repair is covered by a syntax diagnostic: do not read it.
    if (!expr || expr.hasError) return undefined;
    const range = this.hcl.range(expr);
    const idNode = attr.namedChildren.find((c) => c?.type === 'identifier');
    const base = idNode ? { range, keyRange: this.hcl.range(idNode) } : { range };
    const lit = literalOf(expr);
    if ('value' in lit) return lit.value === null ? undefined : { ...base, value: lit.value };
    if ('shape' in lit) return { ...base, shape: lit.shape };
    if ('ref' in lit) {
      const fallback = this.fallback(lit.ref, 0);
      return { ...base, unresolved: fallback ? { what: lit.ref.join('.'), fallback } : { what: lit.ref.join('.') } };
    }
    return { ...base, unresolved: { what: lit.expression } };
  }
}

/** An ERROR node with a MISSING or ERROR node inside: report the inner, more precise one. */
function hasInnerProblem(n: TSNode): boolean {
  const stack = n.children.filter((c): c is TSNode => !!c);
  for (let seen = 0; stack.length && seen < 10000; seen++) {
    const c = stack.pop()!;
    if (c.isMissing || c.isError) return true;
    if (c.hasError) stack.push(...c.children.filter((x): x is TSNode => !!x));
  }
  return false;
}

function syntaxDiagnostics(hcl: Hcl, root: TSNode, out: Diagnostic[]): void {
  if (!root.hasError) return;
  const stack: TSNode[] = [root];
  let count = 0;
  while (stack.length && count < MAX_SYNTAX_DIAGNOSTICS) {
    const n = stack.pop()!;
    if (n.isError && !hasInnerProblem(n)) {
      count++;
      const snippet = n.text.length > 30 ? `${n.text.slice(0, 30)}...` : n.text;
      out.push(diagnostic('error', 'descriptor-syntax', `Terraform syntax error near ${JSON.stringify(snippet)}`, hcl.range(n)));
      continue;
    }
    if (n.isMissing) {
      count++;
      out.push(diagnostic('error', 'descriptor-syntax', `Terraform syntax error: missing ${n.type}`, hcl.index.range(n.startIndex, n.startIndex + 1)));
      continue;
    }
    if (!n.hasError) continue;
    const kids = n.children.filter((c): c is TSNode => !!c);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

function providerRegion(tf: TerraformFile, resource: TSNode, reader: ValueReader): Located<string> | undefined {
  const { hcl } = tf;
  let alias: string | undefined;
  const prov = tf.raw(resource, 'provider');
  if (prov?.unresolved && /^aws\./.test(prov.unresolved.what)) alias = prov.unresolved.what.slice(4);
  const providers = hcl.blocks(tf.root, 'provider').filter((p) => hcl.labels(p)[0] === 'aws');
  const chosen = providers.find((p) => {
    const a = tf.raw(p, 'alias');
    return alias === undefined ? !a : a?.value === alias;
  });
  return chosen ? reader.string(tf.raw(chosen, 'region'), 'provider "aws" region') : undefined;
}

/** `using` is the loaded parser by default; tests pass null to see the not-initialised answer. */
export function parseTerraform(text: string, index: LineIndex, using: TreeSitter.Parser | null | undefined = parser): DescriptorFile | undefined {
  const diagnostics: Diagnostic[] = [];
  if (!using) {
    return {
      source: 'terraform',
      jobs: [],
      diagnostics: [
        diagnostic(
          'warning',
          'descriptor-not-initialized',
          'the Terraform parser is not loaded yet (initDescriptorParsers() has not finished): this file is not read',
          index.range(0, Math.min(1, text.length)),
        ),
      ],
    };
  }
  const tree = using.parse(text);
  if (!tree) return undefined;
  try {
    const hcl = new Hcl(text, index);
    const root = tree.rootNode;
    const tf = new TerraformFile(hcl, root);
    const resources = hcl.blocks(root, 'resource').filter((b) => hcl.labels(b)[0] === RESOURCE_TYPE || hcl.labels(b)[0] === V1_RESOURCE_TYPE);
    syntaxDiagnostics(hcl, root, diagnostics);
    // Unrelated Terraform is not ours; a file whose resource is hidden by a syntax error still is.
    if (resources.length === 0) return diagnostics.length ? { source: 'terraform', jobs: [], diagnostics } : undefined;
    const reader = new ValueReader(diagnostics, 'plan');
    const jobs: JobSpec[] = [];
    for (const res of resources) {
      const label = hcl.labels(res)[1] ?? '';
      const appConfig = hcl.block(res, 'application_configuration');
      const flink = hcl.block(appConfig, 'flink_application_configuration');
      const par = hcl.block(flink, 'parallelism_configuration');
      const snap = hcl.block(appConfig, 'application_snapshot_configuration');
      const labelNode = res.namedChildren.filter((c) => c?.type === 'string_lit')[1];
      const input: AwsApplicationInput = {
        source: 'terraform',
        range: hcl.range(res),
        name: tf.raw(res, 'name'),
        runtime: tf.raw(res, 'runtime_environment'),
        configurationType: tf.raw(par, 'configuration_type'),
        parallelism: tf.raw(par, 'parallelism'),
        parallelismPerKPU: tf.raw(par, 'parallelism_per_kpu'),
        autoScaling: tf.raw(par, 'auto_scaling_enabled'),
        snapshots: tf.raw(snap, 'snapshots_enabled'),
        labels: {
          configurationType: 'configuration_type',
          parallelism: 'parallelism',
          parallelismPerKPU: 'parallelism_per_kpu',
          autoScaling: 'auto_scaling_enabled',
          snapshots: 'snapshots_enabled',
          runtime: 'runtime_environment',
          name: 'name',
        },
      };
      if (par) input.parallelismBlockRange = hcl.range(par);
      const typeNode = res.namedChildren.filter((c) => c?.type === 'string_lit')[0];
      if (hcl.labels(res)[0] === V1_RESOURCE_TYPE && typeNode) input.legacySqlResource = { value: V1_RESOURCE_TYPE, range: hcl.range(typeNode) };
      if (labelNode && label) input.fallbackName = { value: label, range: hcl.range(labelNode) };
      const region = providerRegion(tf, res, reader);
      if (region) input.region = region;
      jobs.push(buildAwsJob(input, reader));
    }
    return { source: 'terraform', jobs, diagnostics };
  } finally {
    tree.delete();
  }
}
