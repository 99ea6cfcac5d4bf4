// flinkKpu.* settings → the analysis options. Read again on every configuration change,
// so a setting takes effect without a reload.
import * as vscode from 'vscode';
import type { EstimateOptions } from '../analysis';
import type { Assumptions } from '../sizing';

export interface Settings {
  estimate: EstimateOptions;
  codeLens: boolean;
  joinHints: boolean;
  parallelismHints: boolean;
  debounceMs: number;
  /** Parse threads (src/sql/pool.ts): -1 the default (defaultParseThreads), 0 none (parse on the extension host's thread). */
  parseThreads: number;
  /** The longest one statement may parse on a parse thread, ms (0: no bound). */
  statementBudgetMs: number;
}

function num(c: vscode.WorkspaceConfiguration, key: string): number | undefined {
  const v = c.get<unknown>(key);
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('flinkKpu');
  const assumptions: Partial<Assumptions> = {};
  // compression / spaceAmplification: unset (null) lets each operator's row content and write pattern decide.
  for (const key of [
    'compression',
    'compressionFixedWidth',
    'compressionVariableLength',
    'spaceAmplification',
    'spaceAmplificationWriteOnce',
    'spaceAmplificationInPlace',
    'maxDiskUse',
    'keySkew',
    'avgStringBytes',
    'rocksOverheadBytes',
    'snapshotMBpsPerKPU',
    'hoursPerMonth',
  ] as const) {
    const v = num(c, `assumptions.${key}`);
    if (v !== undefined) assumptions[key] = v;
  }
  const days = num(c, 'assumptions.planningHorizonDays');
  if (days !== undefined) assumptions.planningHorizonSec = days * 86_400;
  const bill = c.get<unknown>('assumptions.billRunningStorage');
  if (typeof bill === 'boolean') assumptions.billRunningStorage = bill;
  const kpuHour = num(c, 'prices.kpuHour');
  const storage = num(c, 'prices.storageGBMonth');
  const backup = num(c, 'prices.backupGBMonth');
  const region = c.get<string>('region')?.trim();
  const flinkVersion = c.get<string>('flinkVersion')?.trim();
  return {
    estimate: {
      assumptions,
      defaultRegion: region ? region : undefined,
      defaultFlinkVersion: flinkVersion ? flinkVersion : undefined,
      priceOverride:
        kpuHour !== undefined ? { kpuHour, storageGBMonth: storage ?? 0, backupGBMonth: backup ?? 0 } : undefined,
      amplificationThreshold: num(c, 'amplificationThreshold'),
      budgetMs: num(c, 'analysisBudgetMs') ?? 2000,
    },
    codeLens: c.get<boolean>('codeLens.enabled', true),
    joinHints: c.get<boolean>('inlayHints.joins', true),
    parallelismHints: c.get<boolean>('inlayHints.parallelism', true),
    debounceMs: num(c, 'debounceMs') ?? 300,
    parseThreads: parseThreads(c.get<unknown>('parseThreads')),
    statementBudgetMs: num(c, 'statementBudgetMs') ?? 2000,
  };
}

function parseThreads(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? Math.min(v, 8) : -1;
}
