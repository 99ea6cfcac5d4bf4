// One side of a before/after comparison (the editor's "Compare with a git ref"): a file as it is
// on that side (at a git ref, or in the working copy), analysed with the descriptor job that
// estimates it and the SQL files its descriptor names, as `flink-kpu analyze` analyses files given
// together: descriptors first, then each SQL file with the first job that names it. The two sides
// then pair through diffReports (./diff.ts), as in `flink-kpu diff`. Pure: the files come through
// SideFiles, read asynchronously (git, the workspace); the analysis, which reads synchronously, is
// run again with what it asked for until it asks for nothing new.
import type { JobSpec } from '../descriptor';
import type { EstimateOptions } from './estimate';
import { AnalysisSession } from './session';
import {
  analyzeDescriptorFile,
  analyzeProgramFile,
  analyzeSqlFile,
  type FileReport,
  isSqlFileName,
  type ListDir,
  type ReadText,
} from './index';
import { isProgramFileName } from './program';

/** The files of one side, by absolute path: undefined for a file or directory that is not there. */
export interface SideFiles {
  read(path: string): Promise<string | undefined>;
  list(dir: string): Promise<string[] | undefined>;
}

export interface SideTarget {
  /** The file compared: a SQL file, a program or a descriptor (absolute path, the same on both sides). */
  file: string;
  /** For a SQL file or program: the descriptor whose job estimates it in the editor, if any. */
  descriptor?: string;
}

export interface Side {
  reports: FileReport[];
  /** False when the file compared does not exist on this side (at a ref: it is new at this change). */
  present: boolean;
}

/** Files an analysis asks for beyond those fetched, for the next round. */
const MAX_ROUNDS = 8;

function analyzeOnce(
  session: AnalysisSession,
  target: SideTarget,
  read: ReadText,
  list: ListDir,
  opts: EstimateOptions,
): FileReport[] {
  const reports: FileReport[] = [];
  const isSource = (f: string) => isSqlFileName(f) || isProgramFileName(f);
  const descriptor = isSource(target.file) ? target.descriptor : target.file;
  const jobOf = new Map<string, JobSpec>();
  const descriptorText = descriptor === undefined ? undefined : read(descriptor);
  if (descriptor !== undefined && descriptorText !== undefined) {
    const r = analyzeDescriptorFile(session, descriptor, descriptorText, read, opts, list);
    if (r) {
      reports.push(r);
      for (const j of r.jobs) if (j.sqlPath && !jobOf.has(j.sqlPath)) jobOf.set(j.sqlPath, j.spec);
    }
  }
  const sources = isSource(target.file) ? [target.file] : [...jobOf.keys()].filter(isSource);
  for (const f of sources) {
    const text = read(f);
    if (text === undefined) continue;
    reports.push(
      isSqlFileName(f)
        ? analyzeSqlFile(session, f, text, jobOf.get(f), opts)
        : analyzeProgramFile(session, f, text, jobOf.get(f), opts),
    );
  }
  return reports.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The analysis of `target` with the files of one side, in `session` (by default one of its own:
 * a side at a git ref is no state of the workspace's files). Its rounds share the session, so
 * each round parses only the files fetched for it.
 */
export async function analyzeSide(
  target: SideTarget,
  files: SideFiles,
  opts: EstimateOptions = {},
  session: AnalysisSession = new AnalysisSession(),
): Promise<Side> {
  const texts = new Map<string, string | undefined>();
  const dirs = new Map<string, string[] | undefined>();
  const fetch = async (paths: Iterable<string>, dirPaths: Iterable<string>) => {
    await Promise.all([
      ...[...paths].map(async (p) => texts.set(p, await files.read(p))),
      ...[...dirPaths].map(async (d) => dirs.set(d, await files.list(d))),
    ]);
  };
  await fetch(
    [target.file, ...(target.descriptor !== undefined ? [target.descriptor] : [])].filter((p) => !texts.has(p)),
    [],
  );
  if (texts.get(target.file) === undefined) return { reports: [], present: false };
  for (let round = 1; ; round++) {
    const missing = new Set<string>();
    const missingDirs = new Set<string>();
    const read: ReadText = (p) => {
      if (!texts.has(p)) missing.add(p);
      return texts.get(p);
    };
    const list: ListDir = (d) => {
      if (!dirs.has(d)) missingDirs.add(d);
      return dirs.get(d);
    };
    const reports = analyzeOnce(session, target, read, list, opts);
    if ((missing.size === 0 && missingDirs.size === 0) || round >= MAX_ROUNDS) return { reports, present: true };
    await fetch(missing, missingDirs);
  }
}
