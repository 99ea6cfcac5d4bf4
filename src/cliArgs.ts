// The command line's grammar, shared by `analyze`, `diff` and `rewrite`: `--flag value`,
// `--flag=value`, switches and positional arguments; every mistake is a UsageError that
// names the flag (exit code 2).
export class UsageError extends Error {}

/** What an option handler reads of its flag. */
export interface FlagValue {
  /** The flag's value: after `=`, else the next argument (which must not be another `--flag`). */
  text(): string;
  /** The value as a non-negative number. */
  number(): number;
}

/**
 * Walks `argv`: `option` is called for each argument that starts with `-` (it returns false for a
 * flag it does not know, which is a UsageError), `positional` for each other argument.
 */
export function readArgs(
  argv: readonly string[],
  option: (flag: string, value: FlagValue) => boolean,
  positional: (arg: string) => void,
  command?: string,
): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-')) {
      positional(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const text = () => {
      if (eq >= 0) return arg.slice(eq + 1);
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      i++;
      return v;
    };
    const number = () => {
      const v = text();
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n) || n < 0)
        throw new UsageError(`${flag} takes a non-negative number, not '${v}'`);
      return n;
    };
    if (!option(flag, { text, number }))
      throw new UsageError(`unknown option '${arg}'${command ? ` for ${command}` : ''}`);
  }
}
