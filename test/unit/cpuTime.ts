// Time bounds in tests (no catastrophic backtracking, no alias expansion...) are checked on the
// CPU time this process spends, not on the wall clock: the CPU time does not grow when other
// processes want the same cores, so a bound holds however busy the machine is. It counts every
// thread of the process (the garbage collector's too), so it may exceed the wall time.

/** The CPU time (user + system) this process spends in `fn`, in milliseconds, and what `fn` returned. */
export function cpuMs<T>(fn: () => T): { value: T; ms: number } {
  const before = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(before);
  return { value, ms: Math.round((used.user + used.system) / 1000) };
}
