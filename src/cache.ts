// A bounded cache of values by group, then key, shared by the pure modules (no `vscode`
// here). Two levels rather than one joined key: the keys are strings the callers keep from
// one analysis to the next (a statement's text, a chain's shape), whose hashes are known,
// where a new `group + key` string would be hashed whole on every lookup.

/** At most `max` values in all and `maxGroups` groups: the oldest groups go first, then the oldest values of the group being written. */
export class GroupedCache<G, K, V> {
  private readonly groups = new Map<G, Map<K, V>>();
  private count = 0;

  constructor(
    private readonly max: number,
    private readonly maxGroups = Number.POSITIVE_INFINITY,
  ) {}

  get(group: G, key: K): V | undefined {
    return this.groups.get(group)?.get(key);
  }

  set(group: G, key: K, value: V): void {
    let values = this.groups.get(group);
    if (!values) {
      values = new Map();
      this.groups.set(group, values);
    }
    if (!values.has(key)) this.count++;
    values.set(key, value);
    for (const [g, old] of this.groups) {
      if (this.count <= this.max && this.groups.size <= this.maxGroups) return;
      if (old === values) break;
      this.count -= old.size;
      this.groups.delete(g);
    }
    while (this.count > this.max) {
      values.delete(values.keys().next().value as K);
      this.count--;
    }
  }

  clear(): void {
    this.groups.clear();
    this.count = 0;
  }
}
