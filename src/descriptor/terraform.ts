// Terraform `aws_kinesisanalyticsv2_application` resources, parsed with web-tree-sitter and the
// maintained tree-sitter-hcl grammar (positions for every attribute). The grammar is WebAssembly,
// loaded once by initHcl() (into the process's grammars, src/treeSitter.ts); parsing before
// that reports a diagnostic instead of throwing.
import * as path from 'node:path';
import TreeSitter = require('web-tree-sitter');
import { grammars } from '../treeSitter';
import { diagnostic, LineIndex, type Diagnostic, type Range } from '../text';
import { buildAwsJob, PYTHON_RUN_OPTIONS, ValueReader, type AwsApplicationInput, type RawValue } from './awsCommon';
import { MAX_TEXT_CHARS } from './checks';
import { exprText, HclEvaluator, type EvalScope, type Evaluated, type TfValue } from './hclEval';
import type { DescriptorFile, JobSpec, Located } from './types';

type TSNode = TreeSitter.Node;

const RESOURCE_TYPE = 'aws_kinesisanalyticsv2_application';
/** The first Kinesis Data Analytics API's resource: SQL applications only. */
const V1_RESOURCE_TYPE = 'aws_kinesis_analytics_application';
const MAX_SYNTAX_DIAGNOSTICS = 20;

const HCL_WASM = 'tree-sitter-hcl.wasm';

/** The HCL grammar, if it has loaded. */
function hcl(): TreeSitter.Language | undefined {
  return grammars.languageIfLoaded(HCL_WASM);
}

/** Loads the HCL grammar (once; a failed load, from a wrong directory, may be retried with another). */
export async function initHcl(wasmDir?: string): Promise<void> {
  await grammars.language(HCL_WASM, wasmDir ?? path.join(__dirname, 'wasm'));
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
      .map((c) =>
        c.type === 'string_lit'
          ? c.namedChildren
              .filter((x) => x?.type === 'template_literal')
              .map((x) => x!.text)
              .join('')
          : c.text,
      );
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
      out.push(
        diagnostic(
          'error',
          'descriptor-syntax',
          `Terraform syntax error near ${JSON.stringify(snippet)}`,
          hcl.range(n),
        ),
      );
      continue;
    }
    if (n.isMissing) {
      count++;
      out.push(
        diagnostic(
          'error',
          'descriptor-syntax',
          `Terraform syntax error: missing ${n.type}`,
          hcl.index.range(n.startIndex, n.startIndex + 1),
        ),
      );
      continue;
    }
    if (!n.hasError) continue;
    const kids = n.children.filter((c): c is TSNode => !!c);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

// ---------------------------------------------------------------------------------------------
// A Terraform module: the .tf files of a directory, with its variables, locals and providers.

/** Reads other files of the workspace: a module's siblings, its .tfvars, the modules it calls. */
export interface ModuleFiles {
  /** A file's text; undefined when it cannot be read. */
  readText(path: string): string | undefined;
  /** The names (not paths) of a directory's entries; undefined when it cannot be listed. */
  listDir(dir: string): string[] | undefined;
}

/** `.tf` files (not `.tf.json`) and the variable files Terraform loads by itself. */
export function isTerraformModuleFile(name: string): boolean {
  const n = name.toLowerCase();
  return n.endsWith('.tf') || isTfvarsFile(n);
}

function isTfvarsFile(name: string): boolean {
  const n = name.toLowerCase();
  return (
    n === 'terraform.tfvars' ||
    n === 'terraform.tfvars.json' ||
    n.endsWith('.auto.tfvars') ||
    n.endsWith('.auto.tfvars.json')
  );
}

const MAX_MODULE_FILES = 200;
const MAX_MODULE_DEPTH = 4;
/** Instances of one for_each / count we expand; more are "not analysed". */
export const MAX_INSTANCES = 256;

function dirOf(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i >= 0 ? p.slice(0, i) : '.';
}

function baseOf(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i >= 0 ? p.slice(i + 1) : p;
}

function joinPath(dir: string, rel: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  const parts = dir.split(/[\\/]/);
  for (const p of rel.split(/[\\/]/)) {
    if (p === '..') {
      if (parts.length > 1 && parts[parts.length - 1] !== '..') parts.pop();
      else parts.push('..');
    } else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join(sep);
}

interface ParsedFile {
  path: string;
  hcl: Hcl;
  root: TSNode;
}

/** Parses files with one parser and frees it and every tree (WebAssembly memory) at the end. */
class Parses {
  private readonly trees: TreeSitter.Tree[] = [];
  private readonly parser = new TreeSitter.Parser();
  constructor(language: TreeSitter.Language) {
    this.parser.setLanguage(language);
  }

  parse(path: string, text: string, index?: LineIndex): ParsedFile | undefined {
    if (text.length > MAX_TEXT_CHARS) return undefined;
    const tree = this.parser.parse(text);
    if (!tree) return undefined;
    this.trees.push(tree);
    return { path, hcl: new Hcl(text, index ?? new LineIndex(text)), root: tree.rootNode };
  }

  dispose(): void {
    for (const t of this.trees) t.delete();
    this.parser.delete();
  }
}

interface ModuleDef {
  dir: string;
  files: ParsedFile[];
  variables: Map<string, { block: TSNode; file: ParsedFile }>;
  locals: Map<string, { attr: TSNode; file: ParsedFile }>;
}

function moduleDef(dir: string, files: ParsedFile[]): ModuleDef {
  const def: ModuleDef = { dir, files, variables: new Map(), locals: new Map() };
  for (const file of files) {
    const { hcl, root } = file;
    for (const v of hcl.blocks(root, 'variable')) {
      const [name] = hcl.labels(v);
      if (name && !def.variables.has(name)) def.variables.set(name, { block: v, file });
    }
    for (const l of hcl.blocks(root, 'locals')) {
      for (const a of hcl.attributes(l)) {
        const n = hcl.attributeName(a);
        if (n) def.locals.set(n, { attr: a, file });
      }
    }
  }
  return def;
}

/** A value a module gets from outside: a .tfvars file of the root module, or a module block's argument. */
interface Input {
  get(): Evaluated;
  /** Where it is written in the reporting file, when it is. */
  range?: Range;
}

const short = (v: TfValue): string => {
  const t = JSON.stringify(v);
  return t.length > 40 ? `${t.slice(0, 40)}...` : t;
};

/** var.* and local.* of one module instance: its inputs, else its variables' defaults. */
class ModuleScope implements EvalScope {
  private readonly localValues = new Map<string, Evaluated>();
  private readonly evaluating = new Set<string>();

  constructor(
    readonly def: ModuleDef,
    readonly inputs: ReadonlyMap<string, Input>,
    /** `root`: a .tfvars file or -var may set a variable; `child`: only the module block does. */
    readonly kind: 'root' | 'child',
  ) {}

  variable(name: string): Evaluated {
    const input = this.inputs.get(name);
    if (input) return input.get();
    const v = this.def.variables.get(name);
    if (!v)
      return {
        ok: false,
        why: `variable "${name}" is not declared in ${this.kind === 'root' ? 'this module' : 'the module'}`,
      };
    const def = v.file.hcl.attribute(v.block, 'default');
    if (!def) {
      return {
        ok: false,
        why:
          this.kind === 'root'
            ? `var.${name} has no default and no .tfvars value: known only when Terraform runs`
            : `var.${name} has no default and the module block does not set it`,
      };
    }
    // A default cannot refer to anything: evaluated in an empty scope.
    const r = new HclEvaluator(EMPTY_SCOPE).evaluate(v.file.hcl.expression(def));
    if (!r.ok) return r;
    // A called module's default is the configuration's own value: nothing but the module block sets another.
    if (this.kind === 'child') return r;
    return {
      ok: true,
      value: r.value,
      via: [`the default ${short(r.value)} of variable "${name}" (a .tfvars file or -var may set another value)`],
    };
  }

  local(name: string): Evaluated {
    const hit = this.localValues.get(name);
    if (hit) return hit;
    const l = this.def.locals.get(name);
    if (!l) return { ok: false, why: `local.${name} is not defined` };
    if (this.evaluating.has(name)) return { ok: false, why: `local.${name} refers to itself` };
    this.evaluating.add(name);
    const r = new HclEvaluator(this).evaluate(l.file.hcl.expression(l.attr));
    this.evaluating.delete(name);
    // A local of literals is the configuration's own value; one built on variables says so.
    const out: Evaluated = r.ok
      ? { ok: true, value: r.value, via: r.via.length ? [`local.${name} = ${short(r.value)}`, ...r.via] : [] }
      : r;
    this.localValues.set(name, out);
    return out;
  }
}

const EMPTY_SCOPE: EvalScope = {
  variable: (name) => ({ ok: false, why: `var.${name} cannot be used here` }),
  local: (name) => ({ ok: false, why: `local.${name} cannot be used here` }),
};

/** One instance of a resource or module block: its module's scope with each.* / count.index. */
class InstanceScope implements EvalScope {
  constructor(
    readonly module: ModuleScope,
    readonly each?: { key: string; value: TfValue; via?: string[] },
    readonly count?: { index: number },
  ) {}

  variable(name: string): Evaluated {
    return this.module.variable(name);
  }

  local(name: string): Evaluated {
    return this.module.local(name);
  }
}

/** The root module's .tfvars values, in Terraform's order: terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) by name. */
function tfvarsInputs(
  dir: string,
  names: string[],
  read: (path: string) => string | undefined,
  parses: Parses,
): Map<string, Input> {
  const rank = (n: string) => (n === 'terraform.tfvars' ? 0 : n === 'terraform.tfvars.json' ? 1 : 2);
  const files = names
    .filter((n) => isTfvarsFile(n))
    .sort((a, b) => rank(a.toLowerCase()) - rank(b.toLowerCase()) || (a < b ? -1 : a > b ? 1 : 0));
  const out = new Map<string, Input>();
  const set = (file: string, name: string, r: Evaluated) => {
    if (!r.ok) return;
    const value = r.value;
    out.set(name, {
      get: () => ({
        ok: true,
        value,
        via: [`${name} = ${short(value)} from ${file} (-var or -var-file may set another value)`],
      }),
    });
  };
  for (const name of files) {
    const text = read(joinPath(dir, name));
    if (text === undefined) continue;
    if (name.toLowerCase().endsWith('.json')) {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        continue;
      }
      if (data && typeof data === 'object' && !Array.isArray(data))
        for (const [k, v] of Object.entries(data as Record<string, TfValue>))
          set(name, k, { ok: true, value: v, via: [] });
      continue;
    }
    const f = parses.parse(joinPath(dir, name), text);
    if (!f) continue;
    for (const a of f.hcl.attributes(f.root)) {
      const n = f.hcl.attributeName(a);
      if (n) set(name, n, new HclEvaluator(EMPTY_SCOPE).evaluate(f.hcl.expression(a)));
    }
  }
  return out;
}

/** Where the jobs of a module call are reported: the module block in the reporting file. */
interface Anchor {
  range: Range;
  labelRange: Range;
}

interface Context {
  report: ParsedFile;
  reader: ValueReader;
  diagnostics: Diagnostic[];
  files?: ModuleFiles;
  parses: Parses;
  /** The root module's aws providers (all its files), and its scope for their regions. */
  rootProviders: Array<{ node: TSNode; file: ParsedFile }>;
  rootScope: ModuleScope;
}

const CONTROL_ARGS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

interface Instance {
  /** `["a"]`, `[0]`, or empty. */
  suffix: string;
  scope: InstanceScope;
}

/** The instances of a block with `count` or `for_each`: known ones, or why they are not. */
function instances(
  block: TSNode,
  file: ParsedFile,
  scope: InstanceScope,
): { list: Instance[] } | { why: string; expr: TSNode } {
  const { hcl } = file;
  const countAttr = hcl.attribute(block, 'count');
  const eachAttr = hcl.attribute(block, 'for_each');
  const evaluator = new HclEvaluator(scope);
  if (countAttr) {
    const expr = hcl.expression(countAttr)!;
    const r = evaluator.evaluate(expr);
    if (!r.ok) return { why: r.why, expr };
    const n = typeof r.value === 'number' ? r.value : Number.NaN;
    if (!Number.isInteger(n) || n < 0) return { why: `count is ${short(r.value)}, not a whole number`, expr };
    if (n > MAX_INSTANCES) return { why: `count ${n} is more than the ${MAX_INSTANCES} instances read`, expr };
    return {
      list: Array.from({ length: n }, (_, index) => ({
        suffix: `[${index}]`,
        scope: new InstanceScope(scope.module, undefined, { index }),
      })),
    };
  }
  if (eachAttr) {
    const expr = hcl.expression(eachAttr)!;
    const r = evaluator.evaluate(expr);
    if (!r.ok) return { why: r.why, expr };
    const v = r.value;
    let pairs: Array<[string, TfValue]>;
    if (Array.isArray(v)) {
      if (!v.every((x) => typeof x === 'string'))
        return { why: 'for_each over a list: Terraform takes a map or a set of strings', expr };
      pairs = [...new Set(v as string[])].sort().map((k) => [k, k]);
    } else if (v !== null && typeof v === 'object')
      pairs = Object.keys(v)
        .sort()
        .map((k) => [k, v[k]]);
    else
      return {
        why: `for_each over a ${v === null ? 'null' : typeof v}: Terraform takes a map or a set of strings`,
        expr,
      };
    if (pairs.length > MAX_INSTANCES)
      return { why: `for_each over ${pairs.length} elements, more than the ${MAX_INSTANCES} read`, expr };
    return {
      list: pairs.map(([key, value]) => ({
        suffix: `[${JSON.stringify(key)}]`,
        scope: new InstanceScope(scope.module, { key, value, via: r.via }),
      })),
    };
  }
  return { list: [{ suffix: '', scope }] };
}

/** A value of a block's attribute, evaluated in an instance's scope, as the AWS reader takes it. */
function rawValue(
  ctx: Context,
  file: ParsedFile,
  container: TSNode | undefined,
  name: string,
  scope: InstanceScope,
  anchor: Anchor | undefined,
  opts: { known?: boolean } = {},
): RawValue | undefined {
  const { hcl } = file;
  const attr = hcl.attribute(container, name);
  if (!attr) return undefined;
  const expr = hcl.expression(attr);
  // A value the parser had to repair is covered by a syntax diagnostic: do not read it.
  if (!expr || expr.hasError) return undefined;
  const here = file === ctx.report;
  const idNode = attr.namedChildren.find((c) => c?.type === 'identifier');
  let range = here ? hcl.range(expr) : anchor!.labelRange;
  if (!here) {
    // `x = var.y` in the called module, with `y = ...` written in the module block here.
    const kids = expr.namedChildren.filter((c): c is TSNode => !!c);
    const ref =
      kids.length === 2 && kids[0].text === 'var' && kids[1].type === 'get_attr'
        ? kids[1].namedChildren.find((c) => c?.type === 'identifier')?.text
        : undefined;
    const arg = ref ? scope.module.inputs.get(ref)?.range : undefined;
    if (arg) range = arg;
  }
  const base: Pick<RawValue, 'range' | 'keyRange'> =
    here && idNode ? { range, keyRange: hcl.range(idNode) } : { range };
  const r = new HclEvaluator(scope).evaluate(expr);
  if (!r.ok) return { ...base, unresolved: { what: r.why } };
  const v = r.value;
  if (v === null) return undefined;
  if (typeof v === 'object') return { ...base, shape: Array.isArray(v) ? 'list' : 'mapping' };
  // Known from literals, each.* and count.index alone, or (for names) whatever the inputs were.
  if (r.via.length === 0 || opts.known) return { ...base, value: v };
  return { ...base, unresolved: { what: exprText(expr), fallback: { value: v, note: r.via.join('; ') } } };
}

/**
 * A PyFlink application's program: `python` in the `property_map` of the `property_group` whose
 * `property_group_id` is `kinesis.analytics.flink.run.options` (see awsCommon).
 */
function pythonEntry(
  ctx: Context,
  file: ParsedFile,
  appConfig: TSNode | undefined,
  scope: InstanceScope,
  anchor: Anchor | undefined,
): RawValue | undefined {
  const { hcl } = file;
  for (const group of hcl.blocks(hcl.block(appConfig, 'environment_properties'), 'property_group')) {
    if (rawValue(ctx, file, group, 'property_group_id', scope, anchor)?.value !== PYTHON_RUN_OPTIONS) continue;
    const attr = hcl.attribute(group, 'property_map');
    const expr = attr && hcl.expression(attr);
    if (!expr || expr.hasError) return undefined;
    const r = new HclEvaluator(scope).evaluate(expr);
    const python =
      r.ok && r.value !== null && typeof r.value === 'object' && !Array.isArray(r.value) ? r.value.python : undefined;
    if (typeof python !== 'string') return undefined;
    // The element's value where it is written here (else the module call's label).
    const elem = expr
      .descendantsOfType('object_elem')
      .find((e) => e?.childForFieldName('key')?.text.replace(/"/g, '') === 'python');
    const val = elem?.childForFieldName('val');
    const range = file === ctx.report ? hcl.range(val ?? expr) : anchor!.labelRange;
    return { value: python, range };
  }
  return undefined;
}

/** The aws provider a resource uses: `provider = aws.x`, through a module's `providers` map, else the default one. */
function providerRegion(
  ctx: Context,
  file: ParsedFile,
  res: TSNode,
  aliasOf: (name: string) => string | undefined,
  anchor: Anchor | undefined,
  label: string,
): Located<string> | undefined {
  const p = file.hcl.attribute(res, 'provider');
  const written = p ? file.hcl.expression(p)?.text.trim() : undefined;
  const name = written && /^aws(\.[A-Za-z_][\w-]*)?$/.test(written) ? written : 'aws';
  const alias = aliasOf(name);
  const chosen = ctx.rootProviders.find(({ node, file: f }) => {
    const a = f.hcl.attribute(node, 'alias');
    const aliasValue = a ? new HclEvaluator(EMPTY_SCOPE).evaluate(f.hcl.expression(a)) : undefined;
    return alias === undefined ? !a : aliasValue?.ok && aliasValue.value === alias;
  });
  if (!chosen) return undefined;
  const rootInstance = new InstanceScope(ctx.rootScope);
  const here = chosen.file === ctx.report;
  const raw = rawValue(
    ctx,
    chosen.file,
    chosen.node,
    'region',
    rootInstance,
    here ? undefined : (anchor ?? { range: ctx.report.hcl.range(res), labelRange: ctx.report.hcl.range(res) }),
  );
  if (raw && !here) {
    // Written in another file of the module: located at the resource (or module block) here.
    raw.range = anchor?.labelRange ?? labelRangeOf(ctx.report, res) ?? raw.range;
    delete raw.keyRange;
  }
  return ctx.reader.string(raw, `${label}provider "aws"${alias ? ` (alias ${alias})` : ''} region`);
}

function labelRangeOf(file: ParsedFile, block: TSNode): Range | undefined {
  const labels = block.namedChildren.filter((c): c is TSNode => !!c && c.type === 'string_lit');
  const last = labels[labels.length - 1];
  return last ? file.hcl.range(last) : undefined;
}

/**
 * The diagnostics each instance of a block raised alike (the same variable read by every
 * instance) are said once, for the block: `address (each of its 3 instances): ...`.
 */
function collapseInstances(diagnostics: Diagnostic[], from: number, address: string, suffixes: string[]): void {
  if (suffixes.length < 2) return;
  const added = diagnostics.splice(from);
  const keyOf = (d: Diagnostic): { rest: string; key: string } | undefined => {
    for (const s of suffixes) {
      const p = `${address}${s}`;
      if (d.message.startsWith(p) && (d.message[p.length] === ':' || d.message[p.length] === '.')) {
        const rest = d.message.slice(p.length);
        return { rest, key: JSON.stringify([d.code, d.severity, d.range, rest]) };
      }
    }
    return undefined;
  };
  const counts = new Map<string, number>();
  for (const d of added) {
    const k = keyOf(d);
    if (k) counts.set(k.key, (counts.get(k.key) ?? 0) + 1);
  }
  const said = new Set<string>();
  for (const d of added) {
    const k = keyOf(d);
    if (!k || counts.get(k.key) !== suffixes.length) {
      diagnostics.push(d);
      continue;
    }
    if (said.has(k.key)) continue;
    said.add(k.key);
    diagnostics.push({ ...d, message: `${address} (each of its ${suffixes.length} instances)${k.rest}` });
  }
}

/** One job per instance of an aws_kinesisanalyticsv2_application (or v1 SQL) resource. */
function resourceJobs(
  ctx: Context,
  file: ParsedFile,
  res: TSNode,
  scope: InstanceScope,
  prefix: string,
  anchor: Anchor | undefined,
  aliasOf: (name: string) => string | undefined,
): JobSpec[] {
  const { hcl } = file;
  const [type, label = ''] = hcl.labels(res);
  const here = file === ctx.report;
  const address = `${prefix}${type}.${label}`;
  const found = instances(res, file, scope);
  if ('why' in found) {
    ctx.diagnostics.push(
      instancesUnknown(file, res, address, found, here ? hcl.range(found.expr) : anchor!.labelRange),
    );
    return [];
  }
  const labelNode = res.namedChildren.filter((c) => c?.type === 'string_lit')[1];
  const typeNode = res.namedChildren.filter((c) => c?.type === 'string_lit')[0];
  return jobsPerInstance(ctx, address, found.list, (inst) => {
    const instAddress = `${address}${inst.suffix}`;
    const tag = found.list.length > 1 || inst.suffix || prefix ? `${instAddress}: ` : '';
    const appConfig = hcl.block(res, 'application_configuration');
    const flink = hcl.block(appConfig, 'flink_application_configuration');
    const par = hcl.block(flink, 'parallelism_configuration');
    const snap = hcl.block(appConfig, 'application_snapshot_configuration');
    const raw = (container: TSNode | undefined, name: string) =>
      rawValue(ctx, file, container, name, inst.scope, anchor);
    const input: AwsApplicationInput = {
      source: 'terraform',
      range: here ? hcl.range(res) : anchor!.range,
      name: rawValue(ctx, file, res, 'name', inst.scope, anchor, { known: true }),
      runtime: raw(res, 'runtime_environment'),
      configurationType: raw(par, 'configuration_type'),
      parallelism: raw(par, 'parallelism'),
      parallelismPerKPU: raw(par, 'parallelism_per_kpu'),
      autoScaling: raw(par, 'auto_scaling_enabled'),
      snapshots: raw(snap, 'snapshots_enabled'),
      program: pythonEntry(ctx, file, appConfig, inst.scope, anchor),
      labels: {
        configurationType: `${tag}configuration_type`,
        parallelism: `${tag}parallelism`,
        parallelismPerKPU: `${tag}parallelism_per_kpu`,
        autoScaling: `${tag}auto_scaling_enabled`,
        snapshots: `${tag}snapshots_enabled`,
        runtime: `${tag}runtime_environment`,
        name: `${tag}name`,
      },
    };
    if (par && here) input.parallelismBlockRange = hcl.range(par);
    const nameRange = here ? (labelNode ? hcl.range(labelNode) : undefined) : anchor!.labelRange;
    // The resource label names a single resource; an instance or a module's resource is named by its address.
    if (nameRange) input.fallbackName = { value: tag ? instAddress : label, range: nameRange };
    if (type === V1_RESOURCE_TYPE)
      input.legacySqlResource = {
        value: V1_RESOURCE_TYPE,
        range: here && typeNode ? hcl.range(typeNode) : anchor!.labelRange,
      };
    const region = providerRegion(ctx, file, res, aliasOf, anchor, tag);
    if (region) input.region = region;
    const job = buildAwsJob(input, ctx.reader);
    if (tag) job.address = instAddress;
    return [job];
  });
}

/** The warning that a block's count or for_each is not known, so the applications it creates are not analysed. */
function instancesUnknown(
  file: ParsedFile,
  block: TSNode,
  address: string,
  found: { why: string; expr: TSNode },
  range: Range,
): Diagnostic {
  return diagnostic(
    'warning',
    'descriptor-not-analysed',
    `${address}: ${file.hcl.attribute(block, 'count') ? 'count' : 'for_each'} ${exprText(found.expr)} is not known from the configuration (${found.why}): the applications it creates are not analysed`,
    range,
  );
}

/** The jobs of every instance of a block, a diagnostic that every instance repeats said once (collapseInstances). */
function jobsPerInstance(
  ctx: Context,
  address: string,
  list: Instance[],
  jobsOf: (inst: Instance) => JobSpec[],
): JobSpec[] {
  const mark = ctx.diagnostics.length;
  const jobs = list.flatMap(jobsOf);
  collapseInstances(
    ctx.diagnostics,
    mark,
    address,
    list.map((i) => i.suffix),
  );
  return jobs;
}

/** The local directory a module block's `source` names, or why its resources are not read. */
function localSource(file: ParsedFile, block: TSNode): { dir: string } | { why: string; range: Range; quiet: boolean } {
  const { hcl } = file;
  const src = hcl.attribute(block, 'source');
  const expr = src ? hcl.expression(src) : undefined;
  const r = expr ? new HclEvaluator(EMPTY_SCOPE).evaluate(expr) : undefined;
  const at = expr ? hcl.range(expr) : (labelRangeOf(file, block) ?? hcl.range(block));
  if (!r?.ok || typeof r.value !== 'string')
    return { why: 'its source is not a literal string', range: at, quiet: false };
  const s = r.value;
  if (!/^\.\.?[\\/]/.test(s)) {
    // A registry, git or URL source: not read. Said only when it looks like one of ours.
    return {
      why: `source "${s}" is not a local directory (registry, git or URL modules are not read)`,
      range: at,
      quiet: !/flink|kinesis|analytics/i.test(s),
    };
  }
  return { dir: joinPath(dirOf(file.path), s) };
}

/** Loads a module directory's .tf files (the reporting file's own text when it is one of them). */
function loadModule(ctx: Context, dir: string): ModuleDef | undefined {
  const names = ctx.files?.listDir(dir);
  if (!names) return undefined;
  const files: ParsedFile[] = [];
  for (const name of names
    .filter((n) => n.toLowerCase().endsWith('.tf'))
    .sort()
    .slice(0, MAX_MODULE_FILES)) {
    const path = joinPath(dir, name);
    if (path === ctx.report.path) {
      files.push(ctx.report);
      continue;
    }
    const text = ctx.files!.readText(path);
    const f = text === undefined ? undefined : ctx.parses.parse(path, text);
    if (f) files.push(f);
  }
  return moduleDef(dir, files);
}

/** The jobs of a module block: each instance's resources with the block's arguments, and the modules it calls. */
function moduleJobs(
  ctx: Context,
  file: ParsedFile,
  block: TSNode,
  scope: InstanceScope,
  prefix: string,
  anchor: Anchor | undefined,
  aliasOf: (name: string) => string | undefined,
  stack: string[],
): JobSpec[] {
  const { hcl } = file;
  const [name = ''] = hcl.labels(block);
  const here = file === ctx.report;
  const blockAnchor: Anchor = here
    ? { range: hcl.range(block), labelRange: labelRangeOf(file, block) ?? hcl.range(block) }
    : anchor!;
  const address = `${prefix}module.${name}`;
  const module = readableModule(ctx, file, block, address, blockAnchor, stack);
  if (!module) return [];
  // Only modules that create applications (directly or through their own modules) are ours.
  const found = instances(block, file, scope);
  if ('why' in found) {
    if (createsApplications(module.def))
      ctx.diagnostics.push(
        instancesUnknown(file, block, address, found, here ? hcl.range(found.expr) : blockAnchor.labelRange),
      );
    return [];
  }
  const childAlias = passedProviders(file, block, aliasOf);
  return jobsPerInstance(ctx, address, found.list, (inst) => {
    const childScope = new InstanceScope(new ModuleScope(module.def, moduleInputs(file, block, inst, here), 'child'));
    return blockJobs(ctx, module.def, childScope, `${address}${inst.suffix}.`, blockAnchor, childAlias, [
      ...stack,
      module.dir,
    ]);
  });
}

/**
 * The module a module block calls, loaded, or undefined with why it is not read (an info): not a local
 * directory, nested too deep or calling itself, or a directory that cannot be read.
 */
function readableModule(
  ctx: Context,
  file: ParsedFile,
  block: TSNode,
  address: string,
  blockAnchor: Anchor,
  stack: string[],
): { dir: string; def: ModuleDef } | undefined {
  const here = file === ctx.report;
  const src = localSource(file, block);
  if ('why' in src) {
    if (!src.quiet)
      ctx.diagnostics.push(
        diagnostic(
          'info',
          'descriptor-not-analysed',
          `${address}: ${src.why}: the applications it may create are not analysed`,
          here ? src.range : blockAnchor.labelRange,
        ),
      );
    return undefined;
  }
  if (!ctx.files) return undefined;
  if (stack.includes(src.dir) || stack.length >= MAX_MODULE_DEPTH) {
    ctx.diagnostics.push(
      diagnostic(
        'info',
        'descriptor-not-analysed',
        `${address}: modules nested deeper than ${MAX_MODULE_DEPTH} levels, or calling themselves, are not read`,
        blockAnchor.labelRange,
      ),
    );
    return undefined;
  }
  const def = loadModule(ctx, src.dir);
  if (!def) {
    ctx.diagnostics.push(
      diagnostic(
        'info',
        'descriptor-not-analysed',
        `${address}: the module directory ${src.dir} cannot be read: the applications it may create are not analysed`,
        blockAnchor.labelRange,
      ),
    );
    return undefined;
  }
  return { dir: src.dir, def };
}

/**
 * The aws provider alias a module's provider name stands for: the one passed in
 * (`providers = { aws = aws.west }`), else the default aws provider, inherited.
 */
function passedProviders(
  file: ParsedFile,
  block: TSNode,
  aliasOf: (name: string) => string | undefined,
): (name: string) => string | undefined {
  const { hcl } = file;
  const providersAttr = hcl.attribute(block, 'providers');
  const passed = new Map<string, string | undefined>();
  const pExpr = providersAttr ? hcl.expression(providersAttr) : undefined;
  const obj = pExpr?.namedChildren
    .find((c) => c?.type === 'collection_value')
    ?.namedChildren.find((c) => c?.type === 'object');
  for (const el of obj?.namedChildren.filter((c): c is TSNode => !!c && c.type === 'object_elem') ?? []) {
    const k = el.childForFieldName('key')?.text.trim();
    const v = el.childForFieldName('val')?.text.trim();
    if (k && v && /^aws(\.|$)/.test(k) && /^aws(\.[A-Za-z_][\w-]*)?$/.test(v)) passed.set(k, aliasOf(v));
  }
  return (n: string) => (passed.has(n) ? passed.get(n) : n === 'aws' ? aliasOf('aws') : undefined);
}

/** A module instance's arguments (all but the meta-arguments), each evaluated in the instance's scope when first read. */
function moduleInputs(file: ParsedFile, block: TSNode, inst: Instance, here: boolean): Map<string, Input> {
  const { hcl } = file;
  const inputs = new Map<string, Input>();
  for (const a of hcl.attributes(block)) {
    const argName = hcl.attributeName(a);
    if (!argName || CONTROL_ARGS.has(argName)) continue;
    const expr = hcl.expression(a);
    let memo: Evaluated | undefined;
    inputs.set(argName, {
      get: () => {
        memo ??= new HclEvaluator(inst.scope).evaluate(expr);
        return memo;
      },
      ...(here && expr ? { range: hcl.range(expr) } : {}),
    });
  }
  return inputs;
}

function isOurResource(type: string | undefined): boolean {
  return type === RESOURCE_TYPE || type === V1_RESOURCE_TYPE;
}

/** Whether a module's own files create applications (its nested modules are not looked into). */
function createsApplications(def: ModuleDef): boolean {
  return def.files.some(
    (f) =>
      f.hcl.blocks(f.root, 'resource').some((b) => isOurResource(f.hcl.labels(b)[0])) ||
      f.hcl.blocks(f.root, 'module').length > 0,
  );
}

/** Every application of a module's files (in file-name and source order), through its module calls too. */
function blockJobs(
  ctx: Context,
  def: ModuleDef,
  scope: InstanceScope,
  prefix: string,
  anchor: Anchor,
  aliasOf: (name: string) => string | undefined,
  stack: string[],
): JobSpec[] {
  const jobs: JobSpec[] = [];
  for (const f of def.files) {
    for (const b of f.hcl.body(f.root)?.namedChildren ?? []) {
      if (b?.type !== 'block') continue;
      const kind = b.namedChildren.find((c) => c?.type === 'identifier')?.text;
      if (kind === 'resource' && isOurResource(f.hcl.labels(b)[0]))
        jobs.push(...resourceJobs(ctx, f, b, scope, prefix, anchor, aliasOf));
      else if (kind === 'module') jobs.push(...moduleJobs(ctx, f, b, scope, prefix, anchor, aliasOf, stack));
    }
  }
  return jobs;
}

/** The directories a .tf file's module blocks name as a local `source` (for a directory walk: those modules are reported through their caller). */
export function localModuleDirs(
  text: string,
  path: string,
  using: TreeSitter.Language | null | undefined = hcl(),
): string[] {
  if (!using || !/\bmodule\s+"/.test(text)) return [];
  const parses = new Parses(using);
  try {
    const f = parses.parse(path, text);
    if (!f) return [];
    const out: string[] = [];
    for (const b of f.hcl.blocks(f.root, 'module')) {
      const src = localSource(f, b);
      if ('dir' in src) out.push(src.dir);
    }
    return out;
  } finally {
    parses.dispose();
  }
}

export interface TerraformOptions {
  /** The file's path: its directory is its module (the other .tf files, .tfvars, local modules). */
  path?: string;
  /** Reads the module's other files; without it the file is read alone. */
  files?: ModuleFiles;
}

/** `using` is the loaded HCL grammar by default; tests pass null to see the not-initialised answer. */
export function parseTerraform(
  text: string,
  index: LineIndex,
  using: TreeSitter.Language | null | undefined = hcl(),
  opts: TerraformOptions = {},
): DescriptorFile | undefined {
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
  const parses = new Parses(using);
  try {
    const path = opts.path ?? 'main.tf';
    const report = parses.parse(path, text, index);
    if (!report) return undefined;
    const { hcl, root } = report;
    syntaxDiagnostics(hcl, root, diagnostics);
    const ours = hcl.blocks(root, 'resource').some((b) => isOurResource(hcl.labels(b)[0]));
    const calls = hcl.blocks(root, 'module').length > 0;
    const mentions = text.includes(RESOURCE_TYPE) || text.includes(V1_RESOURCE_TYPE);
    if (!ours && !(calls && opts.files)) {
      // Unrelated Terraform is not ours; a file whose resource is hidden by a syntax error still is.
      return mentions && diagnostics.length ? { source: 'terraform', jobs: [], diagnostics } : undefined;
    }
    // The root module: this file and the other .tf files of its directory, and its .tfvars.
    const dir = dirOf(path);
    const names = opts.files?.listDir(dir)?.filter((n) => isTerraformModuleFile(n));
    const siblings: ParsedFile[] = [];
    for (const n of (names ?? [])
      .filter((x) => x.toLowerCase().endsWith('.tf'))
      .sort()
      .slice(0, MAX_MODULE_FILES)) {
      const p = joinPath(dir, n);
      if (n === baseOf(path)) continue;
      const t = opts.files!.readText(p);
      const f = t === undefined ? undefined : parses.parse(p, t);
      if (f) siblings.push(f);
    }
    const def = moduleDef(dir, [report, ...siblings]);
    const tfvars =
      names && opts.files ? tfvarsInputs(dir, names, (p) => opts.files!.readText(p), parses) : new Map<string, Input>();
    const rootScope = new ModuleScope(def, tfvars, 'root');
    const ctx: Context = {
      report,
      reader: new ValueReader(diagnostics, 'plan'),
      diagnostics,
      files: opts.files,
      parses,
      rootProviders: def.files.flatMap((file) =>
        file.hcl
          .blocks(file.root, 'provider')
          .filter((p) => file.hcl.labels(p)[0] === 'aws')
          .map((node) => ({ node, file })),
      ),
      rootScope,
    };
    const rootAlias = (n: string) => (n.startsWith('aws.') ? n.slice(4) : undefined);
    const scope = new InstanceScope(rootScope);
    const jobs: JobSpec[] = [];
    for (const b of hcl.body(root)?.namedChildren ?? []) {
      if (b?.type !== 'block') continue;
      const kind = b.namedChildren.find((c) => c?.type === 'identifier')?.text;
      if (kind === 'resource' && isOurResource(hcl.labels(b)[0]))
        jobs.push(...resourceJobs(ctx, report, b, scope, '', undefined, rootAlias));
      else if (kind === 'module') jobs.push(...moduleJobs(ctx, report, b, scope, '', undefined, rootAlias, [dir]));
    }
    const notAnalysed = diagnostics.some((d) => d.code === 'descriptor-not-analysed');
    if (!ours && jobs.length === 0 && !notAnalysed) return undefined;
    return { source: 'terraform', jobs, diagnostics };
  } finally {
    parses.dispose();
  }
}
