// An edit's report as a patch of the last one. The analysis thread (thread.ts) sends the
// extension host a file's report by structured clone (a report is plain data: no class
// instances, no functions); a 2,000-line file's report is over a megabyte of it, and an edit
// changes little. So the host names the last report it keeps, and the thread sends only what
// differs from it: everything equal at the same place is a small marker. The analysis's objects
// are never changed once made, and a result the session kept (an estimate, a statement's facts)
// is the same object in both reports, found equal at once.

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
