// Splits a file into statements in one pass over its characters: quotes, backquoted
// names, comments and parentheses are skipped, top-level semicolons end a statement.
// This runs on every keystroke over the whole file, so it does not build tokens; the
// parser then reads each statement alone (and is cached by the statement's text).

/** How one piece of the file is handled. `sql` pieces are parsed; the others are recognised from their words. */
export type SegmentKind = 'sql' | 'statement-set-begin' | 'statement-set-end' | 'unclosed-comment';

export interface Segment {
  kind: SegmentKind;
  /** Offsets of the statement text in the file, without the terminating semicolon (end exclusive). */
  start: number;
  end: number;
  /** Index of the statement set this statement belongs to, when inside one. */
  statementSet?: number;
  /**
   * The statement's text, once the analysis has read it (src/sql/analyze.ts). A segment an
   * edit left alone is carried over with it, so the caches keyed by statement text find it
   * without hashing it again (a string keeps its hash; a new slice must compute it).
   */
  text?: string;
}

/** ASCII letters, digits, `_` and `$` (and every non-ASCII character) make up words. */
const WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++)
  WORD[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 ? 1 : 0;
function isWordChar(c: number): boolean {
  return c > 127 || WORD[c] === 1;
}

/** After `END`: only spaces and comments up to a `;` or the end of the file (not `CASE ... END`). */
function endsStatement(text: string, from: number): boolean {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else if (c === 45 && text.charCodeAt(i + 1) === 45) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else return c === 59;
  }
  return true;
}

interface Word {
  text: string;
  start: number;
  end: number;
}

/** A statement's text, sliced once per segment (see Segment.text). */
export function statementText(text: string, seg: Segment): string {
  seg.text ??= text.slice(seg.start, seg.end);
  return seg.text;
}

/** A text and its split, from which the split of an edited text can start. */
export interface Split {
  text: string;
  segments: Segment[];
}

/**
 * `BEGIN STATEMENT SET;` and `EXECUTE STATEMENT SET BEGIN` open a set whose INSERTs are
 * returned one by one, and `END` closes it, so an error in one INSERT does not hide the others.
 *
 * With `previous` (the split of the text before an edit), only the edited part is read
 * again: the scan starts at the last statement that starts before the first changed
 * character, and once it is past the last changed character, at the first statement that
 * starts where a statement of the previous text started (in the same statement-set state),
 * the previous segments are taken, moved by the length the edit added. Both scans were
 * then between statements with the same text ahead, so they would split it alike.
 */
export function splitStatements(text: string, previous?: Split): Segment[] {
  const n = text.length;
  const segments: Segment[] = [];
  let i = 0;
  let setIndex = -1;
  let inSet = false;
  const resume = previous && previous.text !== text ? resumePoint(previous, text) : undefined;
  if (resume) {
    for (let k = 0; k < resume.index; k++) segments.push(previous!.segments[k]);
    i = resume.at;
    setIndex = resume.setIndex;
    inSet = resume.inSet;
  }

  // State of the statement being read.
  let start = -1;
  let lastEnd = -1;
  let depth = 0;
  let words: Word[] = [];

  const finish = () => {
    if (start >= 0) segments.push({ kind: 'sql', start, end: lastEnd, statementSet: inSet ? setIndex : undefined });
    start = -1;
    lastEnd = -1;
    depth = 0;
    words = [];
  };

  /** `BEGIN STATEMENT SET` and `EXECUTE STATEMENT SET BEGIN` open a set (most statements are decided by their first word). */
  const marker = (): boolean => {
    if (inSet || words.length < 3) return false;
    const first = words[0].text.toUpperCase();
    const last = first === 'BEGIN' ? 2 : first === 'EXECUTE' ? 3 : -1;
    if (last < 0 || words.length <= last) return false;
    const w = words.map((x) => x.text.toUpperCase());
    if (w[1] !== 'STATEMENT' || w[2] !== 'SET' || (last === 3 && w[3] !== 'BEGIN')) return false;
    inSet = true;
    setIndex++;
    segments.push({ kind: 'statement-set-begin', start: words[0].start, end: words[last].end, statementSet: setIndex });
    start = -1;
    words = [];
    return true;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    // Whitespace.
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 0xfeff) {
      i++;
      continue;
    }
    // Comments.
    if (c === 45 && text.charCodeAt(i + 1) === 45) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) {
        // Everything up to the end of the file is comment: say so, or the statements in it vanish silently.
        finish();
        segments.push({ kind: 'unclosed-comment', start: i, end: Math.min(n, i + 2) });
        i = n;
        continue;
      }
      i = close + 2;
      continue;
    }
    if (c === 59 && depth === 0) {
      // `;` ends the statement (an empty statement is skipped).
      finish();
      i++;
      continue;
    }
    if (start < 0) {
      // Past the edit, where the previous text had a statement start in the same state, the rest is as before.
      if (resume && i >= resume.suffixFrom) {
        const k = resume.startsAt(i - resume.delta, inSet, setIndex);
        if (k >= 0) {
          const old = previous!.segments;
          for (let j = k; j < old.length; j++)
            segments.push({ ...old[j], start: old[j].start + resume.delta, end: old[j].end + resume.delta });
          return segments;
        }
      }
      start = i;
    }
    if (c === 39 || c === 34 || c === 96) {
      // '...' with '' escapes, "...", `...` with `` escapes.
      let j = i + 1;
      for (;;) {
        const k = text.indexOf(c === 39 ? "'" : c === 34 ? '"' : '`', j);
        if (k < 0) {
          j = n;
          break;
        }
        if (text.charCodeAt(k + 1) === c) {
          j = k + 2;
          continue;
        }
        j = k + 1;
        break;
      }
      i = j;
      lastEnd = i;
      continue;
    }
    if (isWordChar(c)) {
      let j = i + 1;
      while (j < n && isWordChar(text.charCodeAt(j))) j++;
      // Most words are inside a statement and never looked at: no string is made for them.
      if (depth === 0 && words.length < 4) {
        words.push({ text: text.slice(i, j), start: i, end: j });
        if (marker()) {
          i = j;
          continue;
        }
      }
      // Inside a set, a top-level END closes it (its last INSERT may lack a semicolon).
      if (inSet && depth === 0 && j - i === 3 && text.slice(i, j).toUpperCase() === 'END' && endsStatement(text, j)) {
        const before = start === i ? -1 : lastEnd;
        if (before >= 0) {
          segments.push({ kind: 'sql', start, end: before, statementSet: setIndex });
        }
        segments.push({ kind: 'statement-set-end', start: i, end: j, statementSet: setIndex });
        inSet = false;
        start = -1;
        lastEnd = -1;
        depth = 0;
        words = [];
        i = j;
        continue;
      }
      i = j;
      lastEnd = i;
      continue;
    }
    if (c === 40) depth++;
    else if (c === 41) depth = Math.max(0, depth - 1);
    i++;
    lastEnd = i;
  }
  finish();
  return segments;
}

interface Resume {
  /** Segments of the previous split kept as they are, and where the scan starts. */
  index: number;
  at: number;
  inSet: boolean;
  setIndex: number;
  /** From this offset of the new text to its end, the text is the previous text's end. */
  suffixFrom: number;
  /** New length - previous length. */
  delta: number;
  /** The previous segment starting at `offset` (old text, past suffixFrom: the caller checks) in that state, or -1. */
  startsAt(offset: number, inSet: boolean, setIndex: number): number;
}

/** Chunks compared as strings first: string equality compares memory, far faster than charCodeAt one by one. */
const CHUNK = 512;

/** How many characters a and b have in common at their starts, up to max. */
function sameRun(a: string, b: string, max: number): number {
  let n = 0;
  while (n + CHUNK <= max && a.slice(n, n + CHUNK) === b.slice(n, n + CHUNK)) n += CHUNK;
  while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** How many characters a and b have in common at their ends, up to max. */
function sameRunBack(a: string, b: string, max: number): number {
  let n = 0;
  while (
    n + CHUNK <= max &&
    a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)
  )
    n += CHUNK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/** Where the split of `text` can start, and rejoin, the previous split. */
function resumePoint(previous: Split, text: string): Resume {
  const old = previous.text;
  const segs = previous.segments;
  const min = Math.min(old.length, text.length);
  const p = sameRun(old, text, min);
  const s = sameRunBack(old, text, min - p);
  // Statement-set state before each segment: whether a set is open, and the last set's index.
  const before: { inSet: boolean; setIndex: number }[] = [];
  let inSet = false;
  let setIndex = -1;
  for (const seg of segs) {
    before.push({ inSet, setIndex });
    if (seg.kind === 'statement-set-begin') {
      inSet = true;
      setIndex = seg.statementSet ?? setIndex + 1;
    } else if (seg.kind === 'statement-set-end') inSet = false;
  }
  // A scan may start, or be joined, only where it was between statements: at the start of
  // a statement or of a set's BEGIN (an END may follow an INSERT without a semicolon).
  const between = (seg: Segment) => seg.kind === 'sql' || seg.kind === 'statement-set-begin';
  let index = 0;
  let at = 0;
  let state = { inSet: false, setIndex: -1 };
  for (let k = 0; k < segs.length && segs[k].start <= p; k++) {
    if (!between(segs[k])) continue;
    index = k;
    at = segs[k].start;
    state = before[k];
  }
  return {
    index,
    at,
    ...state,
    suffixFrom: text.length - s,
    delta: text.length - old.length,
    startsAt(offset, inSetNow, setIndexNow) {
      let lo = index;
      let hi = segs.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (segs[mid].start < offset) lo = mid + 1;
        else hi = mid;
      }
      const k = lo;
      const seg = segs[k];
      if (!seg || seg.start !== offset || !between(seg)) return -1;
      return before[k].inSet === inSetNow && before[k].setIndex === setIndexNow ? k : -1;
    },
  };
}

/** The first `count` words of a statement (comments and spaces skipped), for routing it. */
export function leadingWords(text: string, count: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length && out.length < count) {
    const c = text.charCodeAt(i);
    if (c === 45 && text.charCodeAt(i + 1) === 45) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (isWordChar(c)) {
      let j = i + 1;
      while (j < text.length && isWordChar(text.charCodeAt(j))) j++;
      out.push(text.slice(i, j));
      i = j;
    } else if (c === 40 || c === 39 || c === 96 || c === 34 || c === 59) break;
    else i++;
  }
  return out;
}
