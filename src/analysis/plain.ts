// A report as plain data, for another thread: the analysis thread (thread.ts) answers the
// extension host with a structured clone, which keeps only own data properties. The sizing model
// writes some figures out only when read (a row's fields and formula, a term's formula: getters
// of small classes, src/sizing/rowSize.ts and entry.ts); here they are read, once, so that the
// copy has them as plain properties. Shared objects stay shared (a chain is one object in both
// `sql.chains` and `estimate.chains`), and functions are left out.

/**
 * `value` with every class instance replaced by a plain object of its own data and its
 * prototype's getters. Plain objects, arrays, maps and sets are copied only where something
 * inside them had to change. `copies`: each object met → its plain copy; given the copies of
 * earlier calls, an object met again (an estimate the session kept) gets the same copy, so that
 * patch() finds it unchanged at once. (The analysis's objects are never changed once made.)
 */
export function plainData<T>(
  value: T,
  ...earlier: ReadonlyMap<object, unknown>[]
): { value: T; copies: Map<object, unknown> } {
  const copies = new Map<object, unknown>();
  return { value: plain(value, { seen: copies, earlier, getters: new Map() }) as T, copies };
}

/** The getters of a prototype chain (looked up once per class and call). */
type Getters = Map<object, [string, () => unknown][]>;

function gettersOf(proto: object, getters: Getters): [string, () => unknown][] {
  let out = getters.get(proto);
  if (!out) {
    out = [];
    for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p))
      for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(p))) if (d.get) out.push([k, d.get]);
    getters.set(proto, out);
  }
  return out;
}

interface Walk {
  seen: Map<object, unknown>;
  earlier: ReadonlyMap<object, unknown>[];
  getters: Getters;
}

function plain(v: unknown, w: Walk): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const { seen, getters } = w;
  let done = seen.get(v);
  for (let i = 0; done === undefined && i < w.earlier.length; i++) done = w.earlier[i].get(v);
  if (done !== undefined) {
    seen.set(v, done);
    return done;
  }
  if (Array.isArray(v)) {
    // Set before the elements are visited: a cycle through this array meets this entry.
    seen.set(v, v);
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const p = plain(v[i], w);
      if (p !== v[i]) {
        out ??= v.slice();
        out[i] = p;
      }
    }
    if (out) seen.set(v, out);
    return out ?? v;
  }
  const proto = Object.getPrototypeOf(v);
  if (v instanceof Map) {
    seen.set(v, v);
    let changed = false;
    const entries: [unknown, unknown][] = [];
    for (const [k, x] of v) {
      const p = plain(x, w);
      changed ||= p !== x;
      entries.push([k, p]);
    }
    const out = changed ? new Map(entries) : v;
    seen.set(v, out);
    return out;
  }
  if (v instanceof Set) return v;
  if (proto === Object.prototype || proto === null) {
    seen.set(v, v);
    let out: Record<string, unknown> | undefined;
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      const p = typeof x === 'function' ? undefined : plain(x, w);
      if (p !== x) {
        out ??= { ...o };
        if (p === undefined) delete out[k];
        else out[k] = p;
      }
    }
    if (out) seen.set(v, out);
    return out ?? v;
  }
  // A class instance: its own data and the getters of its prototype chain, as plain properties.
  const out: Record<string, unknown> = {};
  seen.set(v, out);
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (typeof o[k] !== 'function') out[k] = plain(o[k], w);
  for (const [k, get] of gettersOf(proto, getters)) if (!(k in out)) out[k] = plain(get.call(v), w);
  return out;
}

/** In a patch: the value is the base's at the same place. Never in a report (no field is named so). */
const SAME_KEY = '$sameAsBase';
const SAME = Object.freeze({ [SAME_KEY]: 1 });

function isSame(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as Record<string, unknown>)[SAME_KEY] === 1;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * `next` as a patch of `base` (both plain data): every object or array equal to the base's at
 * the same place (same object, or the same fields) becomes a small marker, so that an edit
 * sends what changed, not the file's whole report. applyPatch(patch(next, base), base) equals next.
 */
export function patch(next: unknown, base: unknown): unknown {
  const p = diff(next, base);
  return p === EQUAL ? SAME : p;
}

/** What diff() gives for a value equal to the base's. */
const EQUAL = Symbol('equal');

/** In a patch, a value equal to the base's: an object as the marker, anything else as itself. */
const marker = (v: unknown): unknown => (typeof v === 'object' && v !== null ? SAME : v);

/** Nothing is allocated while `next` equals the base: an edit's report is mostly equal to the last one. */
function diff(next: unknown, base: unknown): unknown {
  if (Object.is(next, base)) return EQUAL;
  if (Array.isArray(next)) {
    if (!Array.isArray(base)) return next;
    let out: unknown[] | undefined;
    for (let i = 0; i < next.length; i++) {
      const d = i < base.length ? diff(next[i], base[i]) : next[i];
      if (d !== EQUAL && !out) {
        out = new Array<unknown>(next.length);
        for (let j = 0; j < i; j++) out[j] = marker(next[j]);
      }
      if (out) out[i] = d === EQUAL ? marker(next[i]) : d;
    }
    if (!out && next.length !== base.length) out = next.map(marker);
    return out ?? EQUAL;
  }
  if (isPlainObject(next)) {
    if (!isPlainObject(base)) return next;
    let out: Record<string, unknown> | undefined;
    let n = 0;
    for (const k in next) {
      n++;
      const d = k in base ? diff(next[k], base[k]) : next[k];
      if (d !== EQUAL && !out) {
        out = {};
        for (const j in next) {
          if (j === k) break;
          out[j] = marker(next[j]);
        }
      }
      if (out) out[k] = d === EQUAL ? marker(next[k]) : d;
    }
    if (!out) {
      let m = 0;
      for (const _ in base) m++;
      if (m !== n) {
        out = {};
        for (const j in next) out[j] = marker(next[j]);
      }
    }
    return out ?? EQUAL;
  }
  // A number, string, boolean or undefined; or a Map or Set, sent whole when it is another object.
  return typeof next !== 'object' && Object.is(next, base) ? EQUAL : next;
}

/** The value a patch stands for, given the base it was made against. */
export function applyPatch(p: unknown, base: unknown): unknown {
  return apply(p, base, new Map());
}

/** `done`: each object of the patch → its value (an object the patch shares stays shared). */
function apply(p: unknown, base: unknown, done: Map<object, unknown>): unknown {
  if (isSame(p)) return base;
  if (typeof p !== 'object' || p === null) return p;
  const hit = done.get(p);
  if (hit !== undefined) return hit;
  if (Array.isArray(p)) {
    const out: unknown[] = [];
    done.set(p, out);
    for (let i = 0; i < p.length; i++) out.push(apply(p[i], Array.isArray(base) ? base[i] : undefined, done));
    return out;
  }
  if (isPlainObject(p)) {
    const out: Record<string, unknown> = {};
    done.set(p, out);
    const b = isPlainObject(base) ? base : undefined;
    for (const k of Object.keys(p)) out[k] = apply(p[k], b?.[k], done);
    return out;
  }
  return p;
}
