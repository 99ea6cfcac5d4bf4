// Flink's `execution.runtime-mode` (ExecutionOptions.RUNTIME_MODE, enum RuntimeExecutionMode), read
// the way Flink reads an enum option: case-insensitive. Set in SQL (`SET`), in a program
// (`EnvironmentSettings.inBatchMode()`) or in a FlinkDeployment's flinkConfiguration.

/** STREAMING is the default; AUTOMATIC runs as BATCH when every source is bounded. */
export type RuntimeMode = 'streaming' | 'batch' | 'automatic';

const MODES: readonly string[] = ['streaming', 'batch', 'automatic'] satisfies RuntimeMode[];

/** The mode a value names, or undefined when it names none. */
export function runtimeModeOf(value: string): RuntimeMode | undefined {
  const v = value.trim().toLowerCase();
  return MODES.includes(v) ? (v as RuntimeMode) : undefined;
}

/** Why a value is no runtime mode (a diagnostic's message). */
export function notARuntimeMode(value: string): string {
  return `'${value}' is not a runtime mode: Flink takes 'streaming' (the default), 'batch' or 'automatic'.`;
}
