// Job descriptors → JobSpec, with ranges. Pure: the only I/O is loading the HCL grammar (initDescriptorParsers).
import { diagnostic, LineIndex, type Diagnostic, type Position, type Range } from '../text';
import { MAX_TEXT_CHARS } from './checks';
import { parseFlinkJob } from './flinkjob';
import { initHcl, parseTerraform, type ModuleFiles } from './terraform';
import type { DescriptorFile, DescriptorSource, SqlRef } from './types';
import { parseYamlFormats } from './yamlFormats';

export type {
  DescriptorFile,
  DescriptorSource,
  JobSpec,
  KubernetesResources,
  Located,
  Platform,
  SqlRef,
  TableField,
  TableStats,
} from './types';
export {
  ASSUMPTION_OUTPUT_KEYS,
  FlinkJobSchema,
  flinkJobJsonSchema,
  flinkJobJsonSchemaText,
  LIMITS,
  PLATFORMS,
} from './schema';
export {
  ACCEPTED_UNITS,
  parseCount,
  parseDuration,
  parseFlinkMemory,
  parseKubernetesCpu,
  parseRate,
  parseSize,
  parseUnit,
  UNIT_PATTERNS,
} from './units';
export type { UnitKind, UnitResult } from './units';
export { MAX_TEXT_CHARS } from './checks';
export { isTerraformModuleFile, localModuleDirs, MAX_INSTANCES, type ModuleFiles } from './terraform';
export { AUTOSCALER_DEFAULTS } from './yamlFormats';

export type DescriptorFileKind = 'flinkjob' | 'terraform' | 'yaml' | 'json';

function baseName(fileName: string): string {
  const parts = fileName.split(/[\\/]/);
  return (parts[parts.length - 1] ?? '').toLowerCase();
}

/** What a file name says about the descriptor it may hold; undefined when we never read such a file. */
export function descriptorFileKind(fileName: string): DescriptorFileKind | undefined {
  const base = baseName(fileName);
  if (/\.flinkjob\.(ya?ml|json)$/.test(base) || /^flink-job\.ya?ml$/.test(base)) return 'flinkjob';
  if (base.endsWith('.tf')) return 'terraform';
  if (base.endsWith('.yaml') || base.endsWith('.yml')) return 'yaml';
  if (base.endsWith('.json') || base.endsWith('.template')) return 'json';
  return undefined;
}

/**
 * Cheap check for activation / routing: true for our own descriptors and for the file types
 * that may hold one of the other formats (.tf, .json, .yaml, .yml, .template). parseDescriptor
 * then looks at the content and returns undefined for unrelated files.
 */
export function isDescriptorFileName(fileName: string): boolean {
  return descriptorFileKind(fileName) !== undefined;
}

/**
 * Loads the Terraform (HCL) grammar. `wasmDir` holds web-tree-sitter.wasm and tree-sitter-hcl.wasm
 * (default: `wasm/` next to the bundle, where the build copies them). Safe to call more than once.
 */
export async function initDescriptorParsers(wasmDir?: string): Promise<void> {
  await initHcl(wasmDir);
}

/** Texts that mention none of these cannot be one of the JSON / YAML formats we read. */
const YAML_MARKERS = [
  'AWS::KinesisAnalyticsV2::Application',
  'AWS::KinesisAnalytics::Application',
  'ParallelismConfiguration',
  'FlinkApplicationConfiguration',
  'RuntimeEnvironment',
  'FlinkDeployment',
  'FlinkSessionJob',
];

function tooLarge(source: DescriptorSource, text: string, index: LineIndex): DescriptorFile {
  return {
    source,
    jobs: [],
    diagnostics: [
      diagnostic(
        'warning',
        'descriptor-too-large',
        `file not read: ${text.length} characters, more than the ${MAX_TEXT_CHARS} a descriptor may have`,
        index.range(0, Math.min(1, text.length)),
      ),
    ],
  };
}

function route(text: string, fileName: string, files?: ModuleFiles): DescriptorFile | undefined {
  const kind = descriptorFileKind(fileName);
  if (!kind) return undefined;
  if (kind === 'flinkjob') {
    const index = new LineIndex(text.length > MAX_TEXT_CHARS ? text.slice(0, 1) : text);
    if (text.length > MAX_TEXT_CHARS) return tooLarge('flinkjob', text, index);
    return { source: 'flinkjob', ...parseFlinkJob(text, index) };
  }
  if (kind === 'terraform') {
    // A file that calls modules may create applications through them (read when other files can be).
    const mentions =
      text.includes('aws_kinesisanalyticsv2_application') || text.includes('aws_kinesis_analytics_application');
    if (!mentions && !(files && /\bmodule\s+"/.test(text))) return undefined;
    const index = new LineIndex(text.length > MAX_TEXT_CHARS ? text.slice(0, 1) : text);
    if (text.length > MAX_TEXT_CHARS) return mentions ? tooLarge('terraform', text, index) : undefined;
    return parseTerraform(text, index, undefined, { path: fileName, files });
  }
  if (!YAML_MARKERS.some((m) => text.includes(m))) return undefined;
  if (text.length > MAX_TEXT_CHARS) return undefined;
  return parseYamlFormats(text, new LineIndex(text));
}

/** The same finding reached twice (a provider region shared by two resources) is reported once. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify([d.code, d.severity, d.message, d.range]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column;
}

/**
 * Recognises the format from the file name and content; undefined when the file is not a
 * descriptor we read (e.g. an unrelated YAML). Never throws. `files` lets a Terraform file be
 * read as part of its module (the directory's other .tf files, its .tfvars, local modules it calls).
 */
export function parseDescriptor(text: string, fileName: string, files?: ModuleFiles): DescriptorFile | undefined {
  try {
    const file = route(
      typeof text === 'string' ? text : String(text ?? ''),
      typeof fileName === 'string' ? fileName : '',
      files,
    );
    if (file) file.diagnostics = dedupe(file.diagnostics).sort(byPosition);
    return file;
  } catch (e) {
    // A bug of ours must not take the editor down: report it on the file instead.
    const kind = descriptorFileKind(String(fileName ?? ''));
    const source: DescriptorSource | undefined =
      kind === 'flinkjob' ? 'flinkjob' : kind === 'terraform' ? 'terraform' : undefined;
    if (!source) return undefined;
    const d: Diagnostic = diagnostic(
      'error',
      'descriptor-internal',
      `the descriptor could not be read (internal error: ${(e as Error)?.message ?? String(e)})`,
      {
        start: { line: 1, column: 1 },
        end: { line: 1, column: 1 },
      },
    );
    return { source, jobs: [], diagnostics: [d] };
  }
}

/** A position in a job's inline SQL (1-based, as SQL diagnostics give it) → the same character in the descriptor. */
export function mapInlineSqlPosition(sql: SqlRef, pos: Position): Position | undefined {
  const starts = sql.inlineLineStarts;
  if (!starts || starts.length === 0) return undefined;
  const s = starts[Math.max(0, Math.min(pos.line - 1, starts.length - 1))];
  return { line: s.line, column: s.column + pos.column - 1 };
}

/** A range in a job's inline SQL → the same text in the descriptor. */
export function mapInlineSqlRange(sql: SqlRef, range: Range): Range | undefined {
  const start = mapInlineSqlPosition(sql, range.start);
  const end = mapInlineSqlPosition(sql, range.end);
  return start && end ? { start, end } : undefined;
}
