// Reads one statement's parse tree into StatementFacts (facts.ts). Walks the tree by
// rule index; the few statements the grammar lacks (unquoted SET, CREATE TABLE ... LIKE
// without columns, DELETE/UPDATE/materialized tables) are read from tokens.
import { ParserRuleContext, TerminalNode, type ParseTree } from 'antlr4ng';
import { FlinkSqlLexer, FlinkSqlParser, lex, parseStatement, type Tok, WINDOW_TVF_ALIAS } from './parser';
import { leadingWords } from './split';
import type {
  AggregateFact,
  ColRef,
  ColumnFact,
  Conjunct,
  CreateTableFact,
  FromItem,
  HintFact,
  JoinFact,
  JoinType,
  OverFact,
  QueryFact,
  ScopeFact,
  SelectItemFact,
  Span,
  StatementFact,
  StatementFacts,
  SubqueryFact,
  TemplateSpan,
} from './facts';

const R = FlinkSqlParser;

// ---------- tree helpers ----------
function rule(t: ParseTree | null | undefined): number {
  return t instanceof ParserRuleContext ? t.ruleIndex : -1;
}
function kids(t: ParseTree): ParseTree[] {
  return t instanceof ParserRuleContext ? (t.children ?? []) : [];
}
// Plain loops: these run for nearly every node of every statement.
function child(t: ParseTree, r: number): ParserRuleContext | undefined {
  const cs = kids(t);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (c instanceof ParserRuleContext && c.ruleIndex === r) return c;
  }
  return undefined;
}
function childrenOf(t: ParseTree, r: number): ParserRuleContext[] {
  const out: ParserRuleContext[] = [];
  const cs = kids(t);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (c instanceof ParserRuleContext && c.ruleIndex === r) out.push(c);
  }
  return out;
}
function hasToken(t: ParseTree, type: number): TerminalNode | undefined {
  const cs = kids(t);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (c instanceof TerminalNode && c.symbol.type === type) return c;
  }
  return undefined;
}
function startOf(t: ParseTree): number {
  return t instanceof TerminalNode ? t.symbol.start : ((t as ParserRuleContext).start?.start ?? 0);
}
function endOf(t: ParseTree): number {
  if (t instanceof TerminalNode) return t.symbol.stop + 1;
  const start = startOf(t);
  const stop = (t as ParserRuleContext).stop;
  return stop && stop.stop >= start ? Math.max(start, stop.stop + 1) : start;
}
function span(t: ParseTree): Span {
  return { start: startOf(t), end: endOf(t) };
}
const NO_STOP: ReadonlySet<number> = new Set();
/** Descendants with one of the rules, not descending into the `stop` rules. */
function findAll(t: ParseTree, rules: ReadonlySet<number>, stop: ReadonlySet<number> = NO_STOP): ParserRuleContext[] {
  const out: ParserRuleContext[] = [];
  const walk = (n: ParserRuleContext) => {
    const cs = n.children ?? [];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      if (!(c instanceof ParserRuleContext)) continue;
      const r = c.ruleIndex;
      if (rules.has(r)) out.push(c);
      else if (!stop.has(r)) walk(c);
    }
  };
  if (t instanceof ParserRuleContext) walk(t);
  return out;
}
/** The first descendant (pre-order) with the rule, not descending into the `stop` rules. */
function first(t: ParseTree, r: number, stop: ReadonlySet<number> = NO_STOP): ParserRuleContext | undefined {
  const walk = (n: ParserRuleContext): ParserRuleContext | undefined => {
    const cs = n.children ?? [];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      if (!(c instanceof ParserRuleContext)) continue;
      if (c.ruleIndex === r) return c;
      if (!stop.has(c.ruleIndex)) {
        const hit = walk(c);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  return t instanceof ParserRuleContext ? walk(t) : undefined;
}

/** Source text of a node, with the user's spacing folded to single spaces. */
function textOf(src: string, t: ParseTree): string {
  const s = span(t);
  const raw = src.slice(s.start, s.end);
  return /\s/.test(raw) ? raw.replace(/\s+/g, ' ').trim() : raw;
}
/** An identifier as Flink reads it: backquotes removed. */
function ident(raw: string): string {
  const s = raw.trim();
  return s.startsWith('`') && s.endsWith('`') && s.length >= 2 ? s.slice(1, -1).replace(/``/g, '`') : s;
}
function unquote(raw: string): string {
  const s = raw.trim();
  if (s.length >= 2 && (s[0] === "'" || s[0] === '"') && s.endsWith(s[0])) return s.slice(1, -1).replace(/''/g, "'");
  return ident(s);
}
/** `cat.db.tbl` → its identifiers, unquoted. */
const PLAIN_PATH = /^[A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_$]*)*$/;
function pathParts(src: string, t: ParseTree): string[] {
  // A path of plain words (most of them) is its words; quoted or spaced ones are read from the tree.
  const s = span(t);
  const raw = src.slice(s.start, s.end);
  if (PLAIN_PATH.test(raw)) return raw.split('.');
  const ids = findAll(t, IDENTIFIER);
  if (ids.length === 0) return [ident(textOf(src, t))];
  return ids.map((i) => ident(textOf(src, i)));
}
/** Table names are compared by their last part (`cat.db.offer` is `offer`). */
function tableName(src: string, t: ParseTree): string {
  return pathParts(src, t).join('.');
}

const SUBQUERY_STOP = new Set([R.RULE_queryStatement]);
const COLUMN_RULES = new Set([R.RULE_columnNamePath, R.RULE_columnName, R.RULE_dereferenceDefinition]);
const IDENTIFIER = new Set([R.RULE_identifier]);
const CALL = new Set([R.RULE_functionCallExpression]);
const TABLE_PROPERTY = new Set([R.RULE_tableProperty]);
/** Where an aggregate of the select list is looked for: not in subqueries, not under OVER. */
const AGGREGATE_STOP = new Set([R.RULE_queryStatement, R.RULE_overWindowItem]);
/** An OVER select item sits beside an item's expression, never inside one (the grammar's selectWindowItemColumnName / projectItemDefinition). */
const OVER_ITEM_STOP = new Set([R.RULE_expression, R.RULE_queryStatement]);

function colRef(src: string, t: ParserRuleContext): ColRef | undefined {
  const parts = pathParts(src, t).filter((p) => p.length > 0);
  if (parts.length === 0) return undefined;
  const s = span(t);
  return {
    name: parts[parts.length - 1],
    qualifier: parts.length > 1 ? parts[parts.length - 2] : undefined,
    start: s.start,
    end: s.end,
    ...(parts.length > 2 ? { path: parts } : {}),
  };
}
/** Column references of an expression, not descending into subqueries. */
function colsOf(src: string, t: ParseTree): ColRef[] {
  if (COLUMN_RULES.has(rule(t))) {
    const c = colRef(src, t as ParserRuleContext);
    return c ? [c] : [];
  }
  return findAll(t, COLUMN_RULES, SUBQUERY_STOP)
    .map((c) => colRef(src, c))
    .filter((c): c is ColRef => !!c);
}

// ---------- conditions ----------
function conjuncts(src: string, t: ParseTree | undefined): Conjunct[] {
  if (!t) return [];
  // booleanExpression: LogicalBinary (AND/OR), LogicalNested/parenthesised, Predicated, ...
  const n = t as ParserRuleContext;
  const and = hasToken(n, FlinkSqlLexer.KW_AND);
  const parts = childrenOf(n, R.RULE_booleanExpression);
  if (and && parts.length === 2 && !hasToken(n, FlinkSqlLexer.KW_BETWEEN)) {
    return [...conjuncts(src, parts[0]), ...conjuncts(src, parts[1])];
  }
  if (rule(n) === R.RULE_expression && parts.length === 1) return conjuncts(src, parts[0]);
  return [conjunct(src, n)];
}

/**
 * One walk over a condition (not into subqueries): its column references, its first
 * comparison operator, and its predicates (BETWEEN, IS [NOT] DISTINCT FROM, ...) not nested
 * in another predicate.
 */
function scanCondition(
  src: string,
  n: ParserRuleContext,
): { cols: ColRef[]; cmp?: ParserRuleContext; predicates: ParserRuleContext[] } {
  if (COLUMN_RULES.has(n.ruleIndex)) return { cols: colsOf(src, n), predicates: [] };
  const cols: ColRef[] = [];
  const predicates: ParserRuleContext[] = [];
  let cmp: ParserRuleContext | undefined;
  const walk = (node: ParserRuleContext, inPredicate: boolean) => {
    const cs = node.children ?? [];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      if (!(c instanceof ParserRuleContext)) continue;
      const r = c.ruleIndex;
      if (COLUMN_RULES.has(r)) {
        const ref = colRef(src, c);
        if (ref) cols.push(ref);
      } else if (r === R.RULE_queryStatement) continue;
      else if (r === R.RULE_comparisonOperator) cmp ??= c;
      else if (r === R.RULE_predicate) {
        if (!inPredicate) predicates.push(c);
        walk(c, true);
      } else walk(c, inPredicate);
    }
  };
  walk(n, false);
  return { cols, cmp, predicates };
}

function conjunct(src: string, n: ParserRuleContext): Conjunct {
  const s = span(n);
  const { cols, cmp, predicates } = scanCondition(src, n);
  const text = src.slice(s.start, s.end);
  const c: Conjunct = { cols, text, start: s.start, end: s.end };
  const between = predicates.some((p) => !!hasToken(p, FlinkSqlLexer.KW_BETWEEN));
  if (cmp) {
    const op = textOf(src, cmp);
    const cmpNode = cmp.parent as ParserRuleContext;
    const sides = childrenOf(cmpNode, R.RULE_valueExpression);
    if (op === '=' && sides.length === 2) {
      const leftCols = within(cols, sides[0]);
      const rightCols = within(cols, sides[1]);
      const l = plainColumn(src, sides[0], leftCols);
      const r = plainColumn(src, sides[1], rightCols);
      if (l && r) c.equality = [l, r];
      // `CAST(a.id AS STRING) = b.id`, `UPPER(a.code) = b.code`: Flink computes each side into a
      // field below the join (Calcite's JoinPushExpressionsRule) and joins on it, an equi-key. Read
      // as the key of the one column each side reads, for the whole condition only.
      else if (
        leftCols.length === 1 &&
        rightCols.length === 1 &&
        span(cmpNode).start === s.start &&
        span(cmpNode).end === s.end
      ) {
        c.equality = [leftCols[0], rightCols[0]];
      }
    }
    if (['<', '<=', '>', '>='].includes(op)) c.range = true;
  }
  if (between) c.range = true;
  // `a.x IS NOT DISTINCT FROM b.y`: a null-safe equality, an equi-join key for Flink.
  const pred = predicates[0];
  if (
    !cmp &&
    pred &&
    hasToken(pred, FlinkSqlLexer.KW_IS) &&
    hasToken(pred, FlinkSqlLexer.KW_NOT) &&
    hasToken(pred, FlinkSqlLexer.KW_DISTINCT)
  ) {
    const leftSide = childrenOf(pred.parent as ParserRuleContext, R.RULE_valueExpression)[0];
    const rightSide = childrenOf(pred, R.RULE_valueExpression)[0];
    const l = leftSide && plainColumn(src, leftSide, within(cols, leftSide));
    const r = rightSide && plainColumn(src, rightSide, within(cols, rightSide));
    if (l && r) c.equality = [l, r];
  }
  return c;
}

/** The column when a value expression is nothing but a column reference. */
function plainColumn(src: string, t: ParserRuleContext, cols: ColRef[] = colsOf(src, t)): ColRef | undefined {
  if (cols.length !== 1) return undefined;
  const s = span(t);
  // Equal spans are the common case; otherwise only spacing may differ (`a . b`).
  if (s.start === cols[0].start && s.end === cols[0].end) return cols[0];
  const whole = src.slice(s.start, s.end).replace(/\s+/g, '');
  const col = src.slice(cols[0].start, cols[0].end).replace(/\s+/g, '');
  return whole === col ? cols[0] : undefined;
}
/** The column references inside a node's span, from a list that holds a larger node's. */
function within(cols: ColRef[], t: ParseTree): ColRef[] {
  const s = span(t);
  return cols.filter((c) => c.start >= s.start && c.end <= s.end);
}

// ---------- FROM clause ----------
interface FromBuild {
  items: FromItem[];
  joins: JoinFact[];
  /** Window TVF aliases the parser's repairs hid (`TABLE(TUMBLE(...)) AS w`). */
  tvfAliases: readonly Span[];
}

/** The repair span that starts right after `end` (only white space between), if any. */
function hiddenAfter(src: string, spans: readonly Span[], end: number): Span | undefined {
  return spans.find((r) => r.start >= end && src.slice(end, r.start).trim() === '');
}

/** Spans the parser's repairs hid in a statement, which the readers read back from their text. */
interface Hidden {
  /** `OVER ...` clauses without an alias. */
  overs: readonly Span[];
  /** Window TVF aliases. */
  tvfAliases: readonly Span[];
}

/** A tableExpression that is a join (not a parenthesized one: that is a table reference). */
function isJoin(t: ParserRuleContext): boolean {
  return !!hasToken(t, FlinkSqlLexer.KW_JOIN) && childrenOf(t, R.RULE_tableExpression).length === 2;
}

/**
 * Makes the joins read from a right-nested join `right` (out.joins from `from`) continue the
 * join around it: its first input (the leftmost operand that is no join) becomes that join's
 * right input, and each join of its left spine gets `left` too. Returns the outer join's right
 * input, where the outer join goes among the joins (after those inside the first input) and
 * where its text ends (the first input's end).
 */
function reassociate(
  out: FromBuild,
  from: number,
  left: number[],
  right: ParserRuleContext,
): { right: number; at: number; end: number } {
  let first = right;
  while (isJoin(first)) first = childrenOf(first, R.RULE_tableExpression)[0];
  const { start, end } = span(first);
  const inFirst: number[] = [];
  out.items.forEach((it, i) => {
    if (it.start >= start && it.end <= end) inFirst.push(i);
  });
  let at = from;
  for (let k = from; k < out.joins.length; k++) {
    const j = out.joins[k];
    if (j.opStart < end) at = k + 1;
    else if (j.left.some((i) => inFirst.includes(i))) j.left = [...left, ...j.left];
  }
  return { right: inFirst[inFirst.length - 1], at, end };
}

function readTableExpression(
  src: string,
  t: ParserRuleContext,
  out: FromBuild,
  scopeOf: (q: ParserRuleContext) => QueryFact,
): number[] {
  const subs = childrenOf(t, R.RULE_tableExpression);
  const joinTok = hasToken(t, FlinkSqlLexer.KW_JOIN);
  if (joinTok && subs.length === 2) {
    const left = readTableExpression(src, subs[0], out, scopeOf);
    const before = out.joins.length;
    const right = readTableExpression(src, subs[1], out, scopeOf);
    const cond = child(t, R.RULE_joinCondition);
    // A join without a condition (CROSS, NATURAL, or none written) followed by more joins is read
    // by the grammar as nested on the right, `a CROSS JOIN (b JOIN c ON ...)`; SQL joins from the
    // left, `(a CROSS JOIN b) JOIN c ON ...` (Calcite, so Flink). The right side's first input is
    // this join's right, and every join along its left spine has this join's left too.
    const nested = !cond && isJoin(subs[1]) ? reassociate(out, before, left, subs[1]) : undefined;
    // The operator starts after the left input: the first token that is not part of it.
    const opTok = kids(t).find(
      (c) => c instanceof TerminalNode && c.symbol.start > span(subs[0]).end - 1,
    ) as TerminalNode;
    let type: JoinType = 'INNER';
    if (hasToken(t, FlinkSqlLexer.KW_LEFT)) type = 'LEFT';
    else if (hasToken(t, FlinkSqlLexer.KW_RIGHT)) type = 'RIGHT';
    else if (hasToken(t, FlinkSqlLexer.KW_FULL)) type = 'FULL';
    else if (hasToken(t, FlinkSqlLexer.KW_CROSS)) type = 'CROSS';
    let on: Conjunct[] = [];
    let using: string[] | undefined;
    if (cond) {
      const be = child(cond, R.RULE_booleanExpression);
      if (be) on = conjuncts(src, be);
      const list = child(cond, R.RULE_columnNameList);
      if (hasToken(cond, FlinkSqlLexer.KW_USING) && list)
        using = childrenOf(list, R.RULE_columnName).map((c) => ident(textOf(src, c)));
    }
    // A lateral table function or UNNEST on the right reads the left row; it is no stateful join.
    const rightIndex = nested?.right ?? right[right.length - 1];
    const s = span(t);
    const join: JoinFact = {
      start: s.start,
      end: nested ? nested.end : s.end,
      opStart: opTok ? opTok.symbol.start : span(subs[1]).start,
      opEnd: joinTok.symbol.stop + 1,
      type,
      // `a JOIN b ON ..., c`: the parser read the comma as a JOIN (parseStatement).
      comma: joinTok.symbol.text === ',',
      natural: !!hasToken(t, FlinkSqlLexer.KW_NATURAL),
      left,
      right: rightIndex,
      on,
      using,
    };
    // In text order: before the joins that now come after it.
    out.joins.splice(nested ? nested.at : out.joins.length, 0, join);
    return [...left, ...right];
  }
  const refs = childrenOf(t, R.RULE_tableReference);
  if (refs.length > 0) {
    const indices: number[] = [];
    refs.forEach((ref, k) => {
      const idx = readTableReference(src, ref, out, scopeOf);
      if (k > 0) {
        const rs = span(ref);
        out.joins.push({
          start: span(refs[0]).start,
          end: rs.end,
          opStart: rs.start,
          opEnd: rs.end,
          type: 'INNER',
          comma: true,
          natural: false,
          left: [...indices],
          right: idx,
          on: [],
        });
      }
      indices.push(idx);
    });
    return indices;
  }
  const tvf = child(t, R.RULE_windowTVFClause);
  if (tvf) return [readWindowTvf(src, tvf, out, undefined, scopeOf)];
  const values = child(t, R.RULE_inlineDataValueClause);
  if (values) {
    const alias = child(values, R.RULE_tableAlias);
    out.items.push({
      kind: 'values',
      alias: alias ? aliasName(src, alias) : 'VALUES',
      start: startOf(values),
      end: endOf(values),
    });
    return [out.items.length - 1];
  }
  // Unknown shape (error recovery): nothing to read.
  return [];
}

function aliasName(src: string, alias: ParserRuleContext): string {
  const id = child(alias, R.RULE_identifier);
  return ident(id ? textOf(src, id) : textOf(src, alias).replace(/^AS\s+/i, ''));
}

function readWindowTvf(
  src: string,
  tvf: ParserRuleContext,
  out: FromBuild,
  alias: string | undefined,
  scopeOf: (q: ParserRuleContext) => QueryFact,
): number {
  const expr = child(tvf, R.RULE_windowTVFExpression);
  const fn = expr ? textOf(src, child(expr, R.RULE_windowTVFName) ?? expr).toUpperCase() : 'TUMBLE';
  let name: string | undefined;
  let nameSpan: Span | undefined;
  let query: QueryFact | undefined;
  const windowParams: string[] = [];
  for (const p of expr ? childrenOf(expr, R.RULE_windowTVFParam) : []) {
    const attr = child(p, R.RULE_timeAttrColumn);
    if (attr && hasToken(p, FlinkSqlLexer.KW_TABLE)) {
      name = tableName(src, attr);
      nameSpan = span(attr);
    }
    const q = first(p, R.RULE_queryStatement);
    if (q) query = scopeOf(q);
    else if (!hasToken(p, FlinkSqlLexer.KW_TABLE) && !/^\s*(?:\w+\s*=>\s*)?DESCRIPTOR\s*\(/i.test(textOf(src, p)))
      windowParams.push(textOf(src, p));
  }
  // An alias the repairs hid right after the TVF: its last token is the name (`AS w`, `w`).
  const hiddenAlias = hiddenAfter(src, out.tvfAliases, endOf(tvf));
  out.items.push({
    kind: 'window-tvf',
    alias:
      alias ??
      (hiddenAlias ? ident(src.slice(hiddenAlias.start, hiddenAlias.end).replace(/^AS\s+/i, '')) : (name ?? fn)),
    name,
    nameSpan,
    windowFn: fn,
    windowParams,
    query,
    start: startOf(tvf),
    end: endOf(tvf),
  });
  return out.items.length - 1;
}

function readTableReference(
  src: string,
  ref: ParserRuleContext,
  out: FromBuild,
  scopeOf: (q: ParserRuleContext) => QueryFact,
): number {
  const prim = child(ref, R.RULE_tablePrimary);
  const aliasCtx = child(ref, R.RULE_tableAlias);
  const alias = aliasCtx ? aliasName(src, aliasCtx) : undefined;
  const columnAliases = aliasCtx
    ? findAll(child(aliasCtx, R.RULE_identifierList) ?? aliasCtx, IDENTIFIER)
        .slice(1)
        .map((i) => ident(textOf(src, i)))
    : undefined;
  const s = span(ref);
  if (!prim) {
    out.items.push({ kind: 'values', alias: alias ?? '?', start: s.start, end: s.end });
    return out.items.length - 1;
  }
  const path = child(prim, R.RULE_tablePath) ?? child(prim, R.RULE_viewPath);
  if (path) {
    const name = tableName(src, path);
    const st = child(prim, R.RULE_systemTimePeriod);
    let systemTime: ColRef | undefined;
    if (st) systemTime = colsOf(src, st)[0] ?? { name: textOf(src, st), start: startOf(st), end: endOf(st) };
    out.items.push({
      kind: 'table',
      alias: alias ?? name.split('.').pop()!,
      name,
      nameSpan: span(path),
      systemTime,
      columnAliases,
      start: s.start,
      end: s.end,
    });
    return out.items.length - 1;
  }
  const fnTable = child(prim, R.RULE_atomFunctionTable);
  if (fnTable) {
    const call = child(fnTable, R.RULE_functionCallExpression);
    const fn = call ? textOf(src, call).split('(')[0].trim().toUpperCase() : 'LATERAL';
    out.items.push({ kind: 'lateral', alias: alias ?? fn, name: fn, columnAliases, start: s.start, end: s.end });
    return out.items.length - 1;
  }
  const atom = child(prim, R.RULE_atomExpressionTable);
  if (atom) {
    if (hasToken(atom, FlinkSqlLexer.KW_UNNEST)) {
      out.items.push({ kind: 'unnest', alias: alias ?? 'UNNEST', columnAliases, start: s.start, end: s.end });
      return out.items.length - 1;
    }
    const q = child(atom, R.RULE_queryStatement);
    if (q) {
      // A subquery that is only a window TVF: `(SELECT * FROM TABLE(TUMBLE(...)))` is read as the query.
      out.items.push({
        kind: hasToken(atom, FlinkSqlLexer.KW_LATERAL) ? 'lateral' : 'subquery',
        alias: alias ?? 'EXPR$',
        query: scopeOf(q),
        columnAliases,
        start: s.start,
        end: s.end,
      });
      return out.items.length - 1;
    }
  }
  const tvf = first(prim, R.RULE_windowTVFClause);
  if (tvf) return readWindowTvf(src, tvf, out, alias, scopeOf);
  out.items.push({ kind: 'values', alias: alias ?? '?', start: s.start, end: s.end });
  return out.items.length - 1;
}

// ---------- SELECT ----------
function functionName(src: string, call: ParserRuleContext): string {
  const name =
    child(call, R.RULE_functionNameWithParams) ??
    child(call, R.RULE_functionNameAndParams) ??
    child(call, R.RULE_reservedKeywordsNoParamsUsedAsFuncName);
  return (name ? textOf(src, name) : textOf(src, call)).split('(')[0].trim().toUpperCase();
}

const LEGACY_WINDOWS = new Set(['HOP', 'TUMBLE', 'SESSION']);

const AGGREGATES = new Set([
  'COUNT',
  'SUM',
  'MIN',
  'MAX',
  'AVG',
  'LISTAGG',
  'COLLECT',
  'FIRST_VALUE',
  'LAST_VALUE',
  'STDDEV_POP',
  'STDDEV_SAMP',
  'VAR_POP',
  'VAR_SAMP',
  'ARRAY_AGG',
  'JSON_ARRAYAGG',
  'JSON_OBJECTAGG',
  'BIT_AND',
  'BIT_OR',
  'BIT_XOR',
]);

/** Reads a hidden `OVER (PARTITION BY a ORDER BY b ROWS ...)` / `OVER w` from its tokens. */
function overFromText(
  src: string,
  sp: Span,
  named: Map<string, ParserRuleContext>,
  overOf: (spec: ParserRuleContext | undefined) => Pick<OverFact, 'partitionBy' | 'orderBy' | 'orderItems' | 'frame'>,
): Pick<OverFact, 'partitionBy' | 'orderBy' | 'orderItems' | 'frame'> {
  const toks = lex(src.slice(sp.start, sp.end))
    .filter((t) => !t.hidden)
    .map((t) => ({ ...t, start: t.start + sp.start, end: t.end + sp.start }));
  if (toks[1] && toks[1].type !== FlinkSqlLexer.LR_BRACKET) return overOf(named.get(ident(toks[1].text).toLowerCase()));
  const out: Pick<OverFact, 'partitionBy' | 'orderBy' | 'orderItems' | 'frame'> = {
    partitionBy: [],
    orderBy: [],
    orderItems: [],
  };
  let section: 'partitionBy' | 'orderBy' | undefined;
  for (let i = 2; i < toks.length - 1; i++) {
    const w = toks[i].text.toUpperCase();
    if (w === 'PARTITION' || w === 'ORDER') {
      section = w === 'PARTITION' ? 'partitionBy' : 'orderBy';
      i++; // BY
      continue;
    }
    if (w === 'ROWS' || w === 'RANGE') {
      out.frame = src.slice(toks[i].start, toks[toks.length - 2].end).replace(/\s+/g, ' ');
      break;
    }
    if (section === 'orderBy' && w === 'DESC' && out.orderItems!.length > 0)
      out.orderItems![out.orderItems!.length - 1].desc = true;
    if (!section || toks[i].type === FlinkSqlLexer.COMMA || ['ASC', 'DESC', 'NULLS', 'FIRST', 'LAST'].includes(w))
      continue;
    // a column: name, or qualifier.name
    let col: ColRef;
    if (toks[i + 1]?.type === FlinkSqlLexer.DOT && toks[i + 2]) {
      col = {
        start: toks[i].start,
        end: toks[i + 2].end,
        qualifier: ident(toks[i].text),
        name: ident(toks[i + 2].text),
      };
      i += 2;
    } else col = { start: toks[i].start, end: toks[i].end, name: ident(toks[i].text) };
    out[section].push(col);
    if (section === 'orderBy') out.orderItems!.push({ col, desc: false });
  }
  return out;
}

/**
 * One SELECT scope. `hidden`: what the parser's repairs hid in this statement (an OVER without
 * an alias, a window TVF's alias), read back from their tokens.
 */
function readScope(
  src: string,
  sel: ParserRuleContext,
  scopeOf: (q: ParserRuleContext) => QueryFact,
  hidden: Hidden,
): ScopeFact {
  const selectClause = child(sel, R.RULE_selectClause) ?? sel;
  const from = child(sel, R.RULE_fromClause);
  const where = child(sel, R.RULE_whereClause);
  const groupBy = child(sel, R.RULE_groupByClause);
  const having = child(sel, R.RULE_havingClause);
  const build: FromBuild = { items: [], joins: [], tvfAliases: hidden.tvfAliases };
  if (from) {
    const te = child(from, R.RULE_tableExpression);
    if (te) readTableExpression(src, te, build, scopeOf);
  }
  const whereExpr = where ? child(where, R.RULE_booleanExpression) : undefined;
  const whereConj = conjuncts(src, whereExpr);

  const selectItems: SelectItemFact[] = [];
  const overs: OverFact[] = [];
  const list = child(selectClause, R.RULE_selectList);
  let exprNo = 0;
  // `WINDOW w AS (PARTITION BY ... ORDER BY ... RANGE ...)`, for `OVER w`.
  const named = new Map<string, ParserRuleContext>();
  const wc = child(sel, R.RULE_windowClause);
  for (const nw of wc ? childrenOf(wc, R.RULE_namedWindow) : []) {
    const spec = child(nw, R.RULE_windowSpec);
    const id = first(nw, R.RULE_identifier);
    if (spec && id) named.set(ident(textOf(src, id)).toLowerCase(), spec);
  }
  const overOf = (spec: ParserRuleContext | undefined) => {
    const pb = spec ? child(spec, R.RULE_partitionByClause) : undefined;
    const ob = spec ? child(spec, R.RULE_orderByClause) : undefined;
    const frame = spec ? child(spec, R.RULE_windowFrame) : undefined;
    // Each ORDER BY item: its one plain column (none for an expression) and its direction.
    const orderItems = ob
      ? childrenOf(ob, R.RULE_orderItemDefinition).map((o) => {
          const cols = colsOf(src, o);
          const body = child(o, R.RULE_columnName) ?? child(o, R.RULE_valueExpression);
          return {
            col: body && cols.length === 1 ? plainColumn(src, body, cols) : undefined,
            desc: !!hasToken(o, FlinkSqlLexer.KW_DESC),
          };
        })
      : [];
    return {
      partitionBy: pb ? colsOf(src, pb) : [],
      orderBy: ob ? colsOf(src, ob) : [],
      orderItems,
      frame: frame ? textOf(src, frame) : undefined,
    };
  };
  /** An `OVER ...` the parser did not see (no alias): hidden by a repair right after a call. */
  const hiddenOver = (call: ParserRuleContext): Span | undefined => hiddenAfter(src, hidden.overs, span(call).end);
  // Each part of the scope is walked once: the select list's column references and calls
  // are gathered item by item and reused below.
  const listCols: ColRef[] = [];
  const listAggregateCalls: ParserRuleContext[] = [];
  for (const item of list ? childrenOf(list, R.RULE_columnProjectItem) : []) {
    const s = span(item);
    const all = child(item, R.RULE_tableAllColumns);
    if (all) {
      const ids = childrenOf(all, R.RULE_identifier).map((i) => ident(textOf(src, i)));
      selectItems.push({
        name: '*',
        star: { qualifier: ids.length ? ids[ids.length - 1] : undefined },
        cols: [],
        start: s.start,
        end: s.end,
      });
      continue;
    }
    const overItem = first(item, R.RULE_overWindowItem, OVER_ITEM_STOP);
    if (overItem) {
      const call = first(overItem, R.RULE_functionCallExpression);
      const spec = child(overItem, R.RULE_windowSpec);
      const alias = ident(textOf(src, child(overItem, R.RULE_identifier) ?? overItem));
      const windowName = child(overItem, R.RULE_errorCapturingIdentifier);
      const resolved = spec ?? (windowName ? named.get(ident(textOf(src, windowName)).toLowerCase()) : undefined);
      overs.push({
        fn: call ? functionName(src, call) : 'OVER',
        args: call ? colsOf(src, call) : [],
        alias,
        ...overOf(resolved),
        start: s.start,
        end: s.end,
      });
      const cols = colsOf(src, overItem);
      selectItems.push({ name: alias, cols, start: s.start, end: s.end });
      listCols.push(...(overItem.parent === item ? cols : colsOf(src, item)));
      listAggregateCalls.push(...findAll(item, CALL, AGGREGATE_STOP));
      continue;
    }
    const aliasCtx = child(item, R.RULE_columnAlias);
    const alias = aliasCtx ? ident(textOf(src, child(aliasCtx, R.RULE_identifier) ?? aliasCtx)) : undefined;
    const parts = kids(item).filter((c) => rule(c) >= 0 && rule(c) !== R.RULE_columnAlias);
    const body = parts[0] ?? item;
    const cols = colsOf(src, body);
    const plain = plainColumn(src, body as ParserRuleContext, cols);
    exprNo++;
    const name = alias ?? plain?.name ?? `EXPR$${exprNo - 1}`;
    const proctime = cols.length === 0 && /^PROCTIME\s*\(\s*\)$/i.test(textOf(src, body));
    selectItems.push({ name, ref: plain, cols, proctime: proctime || undefined, start: s.start, end: s.end });
    listCols.push(...(parts.length <= 1 ? cols : colsOf(src, item)));
    // No OVER item here, so the calls outside subqueries are the ones an aggregate may be.
    const calls = parts.length <= 1 ? findAll(body, CALL, SUBQUERY_STOP) : findAll(item, CALL, SUBQUERY_STOP);
    listAggregateCalls.push(...calls);
    for (const call of calls) {
      const over = hiddenOver(call);
      if (over)
        overs.push({
          fn: functionName(src, call),
          args: colsOf(src, call),
          alias: name,
          ...overFromText(src, over, named, overOf),
          start: span(call).start,
          end: over.end,
        });
    }
  }

  // Aggregates in the select list and HAVING.
  const aggregates: AggregateFact[] = [];
  for (const call of [...listAggregateCalls, ...(having ? findAll(having, CALL, AGGREGATE_STOP) : [])]) {
    const fn = functionName(src, call);
    if (!AGGREGATES.has(fn) || hiddenOver(call)) continue;
    aggregates.push({
      fn,
      distinct:
        !!child(call, R.RULE_setQuantifier) && /DISTINCT/i.test(textOf(src, child(call, R.RULE_setQuantifier)!)),
      args: colsOf(src, call),
      start: startOf(call),
      end: endOf(call),
    });
  }

  // Every column the scope reads (the FROM's ON conditions included).
  const columnRefs: ColRef[] = [...listCols];
  if (where) columnRefs.push(...(whereExpr ? whereConj.flatMap((c) => c.cols) : colsOf(src, where)));
  for (const part of [groupBy, having]) if (part) columnRefs.push(...colsOf(src, part));
  for (const j of build.joins) for (const c of j.on) columnRefs.push(...c.cols);
  for (const it of build.items) if (it.systemTime) columnRefs.push(it.systemTime);

  let groupFact: ScopeFact['groupBy'];
  if (groupBy) {
    const gw = first(groupBy, R.RULE_groupWindowFunction);
    let groupWindow = gw ? textOf(src, child(gw, R.RULE_groupWindowFunctionName) ?? gw).toUpperCase() : undefined;
    let cols = colsOf(src, groupBy);
    let windowTime: ColRef | undefined;
    let windowParams: string[] | undefined;
    if (gw) {
      const time = child(gw, R.RULE_timeAttrColumn);
      windowTime = time ? colRef(src, time) : undefined;
      const interval = child(gw, R.RULE_timeIntervalExpression);
      windowParams = interval ? [textOf(src, interval)] : [];
    } else {
      // `GROUP BY HOP(ts, slide, size)`: three arguments, which the grammar's group window
      // lacks, so it is read as a call; its time column is no grouping key.
      const call = findAll(groupBy, CALL, SUBQUERY_STOP).find((c) => LEGACY_WINDOWS.has(functionName(src, c)));
      if (call) {
        groupWindow = functionName(src, call);
        const cs = span(call);
        cols = cols.filter((c) => c.start < cs.start || c.end > cs.end);
        const params = childrenOf(call, R.RULE_functionParam);
        windowTime = params[0] ? colsOf(src, params[0])[0] : undefined;
        windowParams = params.slice(1).map((p) => textOf(src, p));
      }
    }
    // `GROUPING SETS ((a, b), (a))`: each column is one key.
    const seen = new Set<string>();
    cols = cols.filter((c) => {
      const k = `${c.qualifier ?? ''}.${c.name}`.toLowerCase();
      return !seen.has(k) && !!seen.add(k);
    });
    groupFact = { cols, groupWindow, windowTime, windowParams, start: startOf(groupBy), end: endOf(groupBy) };
  }
  const quant = child(selectClause, R.RULE_setQuantifier);
  const mr = child(sel, R.RULE_matchRecognizeClause);
  const mrPartition = mr ? child(mr, R.RULE_partitionByClause) : undefined;
  return {
    start: startOf(sel),
    end: endOf(sel),
    items: build.items,
    joins: build.joins,
    where: whereConj,
    selectItems,
    columnRefs,
    groupBy: groupFact,
    aggregates,
    overs,
    distinct: !!quant && /DISTINCT/i.test(textOf(src, quant)),
    matchRecognize: mr
      ? {
          partitionBy: mrPartition ? childrenOf(mrPartition, R.RULE_columnName).map((c) => ident(textOf(src, c))) : [],
          start: startOf(mr),
          end: endOf(mr),
        }
      : undefined,
    fromSpan: from ? span(from) : undefined,
    subqueries: subqueriesOf(src, [list, whereExpr, having], build.items, scopeOf),
  };
}

const QUERY = new Set([R.RULE_queryStatement]);

/** The subqueries of expressions (outermost ones; deeper ones belong to their own scopes). */
function subqueriesOf(
  src: string,
  parts: (ParserRuleContext | undefined)[],
  outer: FromItem[],
  scopeOf: (q: ParserRuleContext) => QueryFact,
): SubqueryFact[] | undefined {
  const out: SubqueryFact[] = [];
  for (const part of parts) {
    if (!part) continue;
    for (const q of findAll(part, QUERY)) {
      const start = startOf(q);
      const before = src.slice(Math.max(0, start - 40), start);
      const kind: SubqueryFact['kind'] = /\bNOT\s+IN\s*\(\s*$/i.test(before)
        ? 'not-in'
        : /\bIN\s*\(\s*$/i.test(before)
          ? 'in'
          : /\bNOT\s+EXISTS\s*\(\s*$/i.test(before)
            ? 'not-exists'
            : /\bEXISTS\s*\(\s*$/i.test(before)
              ? 'exists'
              : 'scalar';
      const query = scopeOf(q);
      const outerAliases = new Set(outer.map((it) => it.alias.toLowerCase()));
      const correlated = query.scopes.some((sc) =>
        sc.columnRefs.some(
          (c) =>
            c.qualifier &&
            outerAliases.has(c.qualifier.toLowerCase()) &&
            !sc.items.some((it) => it.alias.toLowerCase() === c.qualifier!.toLowerCase()),
        ),
      );
      // `x IN (subquery)`: the operand before IN (booleanExpression → valueExpression, predicate → the query).
      const operand =
        kind === 'in' || kind === 'not-in'
          ? child((q.parent?.parent ?? q) as ParserRuleContext, R.RULE_valueExpression)
          : undefined;
      const column = operand && plainColumn(src, operand);
      out.push({ kind, query, correlated, start, end: endOf(q), ...(column ? { column } : {}) });
    }
  }
  return out.length > 0 ? out : undefined;
}

function readQuery(src: string, q: ParserRuleContext, hidden: Hidden): QueryFact {
  const fact: QueryFact = { ctes: [], scopes: [], setOps: [], start: startOf(q), end: endOf(q) };
  const scopeOf = (inner: ParserRuleContext) => readQuery(src, inner, hidden);
  const visit = (n: ParserRuleContext) => {
    const withClause = child(n, R.RULE_withClause);
    if (withClause) {
      for (const item of childrenOf(withClause, R.RULE_withItem)) {
        const nameCtx = child(item, R.RULE_withItemName) ?? item;
        const inner = child(item, R.RULE_queryStatement);
        if (inner)
          fact.ctes.push({
            name: ident(textOf(src, nameCtx)),
            nameSpan: span(nameCtx),
            query: readQuery(src, inner, hidden),
          });
      }
    }
    const op =
      hasToken(n, FlinkSqlLexer.KW_UNION) ??
      hasToken(n, FlinkSqlLexer.KW_INTERSECT) ??
      hasToken(n, FlinkSqlLexer.KW_EXCEPT);
    if (op) fact.setOps.push(op.getText().toUpperCase() + (hasToken(n, FlinkSqlLexer.KW_ALL) ? ' ALL' : ''));
    const sel = child(n, R.RULE_selectStatement);
    if (sel) fact.scopes.push(readScope(src, sel, scopeOf, hidden));
    else if (child(n, R.RULE_selectClause)) fact.scopes.push(readScope(src, n, scopeOf, hidden));
    for (const inner of childrenOf(n, R.RULE_queryStatement)) visit(inner);
  };
  visit(q);
  return fact;
}

// ---------- DDL ----------
function readCreateTable(src: string, ct: ParserRuleContext, hidden: Hidden): CreateTableFact {
  const nameCtx = child(ct, R.RULE_tablePathCreate) ?? ct;
  const columns: ColumnFact[] = [];
  let primaryKey: string[] | undefined;
  for (const def of childrenOf(ct, R.RULE_columnOptionDefinition)) {
    const phys = child(def, R.RULE_physicalColumnDefinition);
    const meta = child(def, R.RULE_metadataColumnDefinition);
    const comp = child(def, R.RULE_computedColumnDefinition);
    const d = phys ?? meta ?? comp;
    if (!d) continue;
    const name = ident(textOf(src, child(d, R.RULE_columnNameCreate) ?? d));
    if (comp) {
      const expr = textOf(src, child(comp, R.RULE_computedColumnExpression) ?? comp);
      columns.push({
        name,
        type: '',
        kind: 'computed',
        expression: expr,
        proctime: /^PROCTIME\s*\(\s*\)$/i.test(expr),
        start: startOf(def),
        end: endOf(def),
      });
      continue;
    }
    const typeCtx = child(d, R.RULE_columnType);
    const type = typeCtx ? textOf(src, typeCtx) : '';
    const constraint = phys ? child(phys, R.RULE_columnConstraint) : undefined;
    if (constraint && hasToken(constraint, FlinkSqlLexer.KW_PRIMARY)) primaryKey = [name];
    const notNull =
      !!constraint && !!hasToken(constraint, FlinkSqlLexer.KW_NOT) && !!hasToken(constraint, FlinkSqlLexer.KW_NULL);
    columns.push({
      name,
      type: type + (notNull ? ' NOT NULL' : ''),
      kind: meta ? 'metadata' : 'physical',
      notNull,
      start: startOf(def),
      end: endOf(def),
    });
  }
  const wm = child(ct, R.RULE_watermarkDefinition);
  const tc = child(ct, R.RULE_tableConstraint);
  if (tc) {
    const list = child(tc, R.RULE_columnNameList);
    if (list) primaryKey = childrenOf(list, R.RULE_columnName).map((c) => ident(textOf(src, c)));
  }
  const like = child(ct, R.RULE_likeDefinition);
  const q = child(ct, R.RULE_queryStatement);
  return {
    name: tableName(src, nameCtx),
    nameSpan: span(nameCtx),
    columns,
    primaryKey,
    watermark: wm
      ? { column: ident(textOf(src, child(wm, R.RULE_columnName) ?? wm)), start: startOf(wm), end: endOf(wm) }
      : undefined,
    options: readOptions(src, child(ct, R.RULE_withOption)),
    likeSource: like ? tableName(src, child(like, R.RULE_tablePath) ?? like) : undefined,
    query: q ? readQuery(src, q, hidden) : undefined,
  };
}

function readOptions(src: string, withOption: ParserRuleContext | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!withOption) return out;
  for (const p of findAll(withOption, TABLE_PROPERTY)) {
    const k = child(p, R.RULE_tablePropertyKey);
    const v = child(p, R.RULE_tablePropertyValue);
    if (k) out[unquote(textOf(src, k))] = v ? unquote(textOf(src, v)) : '';
  }
  return out;
}

// ---------- token-level statements ----------
/** `SET k = v` / `SET 'k' = 'v'`, quoted or not (Flink's SQL client accepts both). */
function readSet(src: string, toks: Tok[]): StatementFact {
  const rest = toks.slice(1);
  if (rest.length === 0) return { kind: 'set' };
  const eq = rest.findIndex((t) => t.type === FlinkSqlLexer.EQUAL_SYMBOL);
  const keyToks = eq >= 0 ? rest.slice(0, eq) : rest;
  const valToks = eq >= 0 ? rest.slice(eq + 1) : [];
  const keySpan = keyToks.length ? { start: keyToks[0].start, end: keyToks[keyToks.length - 1].end } : undefined;
  const valueSpan = valToks.length ? { start: valToks[0].start, end: valToks[valToks.length - 1].end } : undefined;
  return {
    kind: 'set',
    key: keySpan ? unquote(src.slice(keySpan.start, keySpan.end)) : undefined,
    value: valueSpan ? unquote(src.slice(valueSpan.start, valueSpan.end)) : undefined,
    keySpan,
    valueSpan,
  };
}

/**
 * `CREATE [TEMPORARY] TABLE t [(definitions)] WITH (...) LIKE src [(...)]`. The grammar
 * requires a column list with at least one column, while Flink also accepts none or one
 * holding only a WATERMARK / PRIMARY KEY (the LIKE source gives the columns).
 */
function readCreateLike(src: string, toks: Tok[]): CreateTableFact | undefined {
  const T = FlinkSqlLexer;
  const w = toks.map((t) => t.text.toUpperCase());
  const close = (open: number) => {
    let depth = 0;
    for (let k = open; k < toks.length; k++) {
      if (toks[k].type === T.LR_BRACKET) depth++;
      else if (toks[k].type === T.RR_BRACKET && --depth === 0) return k;
    }
    return toks.length - 1;
  };
  let i = 1;
  if (w[i] === 'TEMPORARY') i++;
  if (w[i] !== 'TABLE') return undefined;
  i++;
  if (w[i] === 'IF' && w[i + 1] === 'NOT' && w[i + 2] === 'EXISTS') i += 3;
  const nameStart = i;
  while (i < toks.length && (toks[i + 1]?.type === T.DOT || toks[i].type === T.DOT)) i++;
  const nameToks = toks.slice(nameStart, i + 1);
  i++;
  const columns: ColumnFact[] = [];
  let primaryKey: string[] | undefined;
  let watermark: CreateTableFact['watermark'];
  if (toks[i]?.type === T.LR_BRACKET) {
    const end = close(i);
    // Split the definitions at top-level commas.
    const items: Tok[][] = [[]];
    let depth = 0;
    for (let k = i + 1; k < end; k++) {
      const t = toks[k];
      if (t.type === T.LR_BRACKET || t.type === T.LESS_SYMBOL) depth++;
      else if (t.type === T.RR_BRACKET || t.type === T.GREATER_SYMBOL) depth--;
      if (t.type === T.COMMA && depth === 0) items.push([]);
      else items[items.length - 1].push(t);
    }
    for (const item of items.filter((x) => x.length > 0)) {
      const iw = item.map((t) => t.text.toUpperCase());
      const sp = { start: item[0].start, end: item[item.length - 1].end };
      const names = (from: number) => {
        const open = iw.indexOf('(', from);
        const out: string[] = [];
        for (let k = open + 1; k < item.length && item[k].type !== T.RR_BRACKET; k++)
          if (item[k].type !== T.COMMA) out.push(ident(item[k].text));
        return out;
      };
      if (iw[0] === 'WATERMARK' && iw[1] === 'FOR' && item[2])
        watermark = { column: ident(item[2].text), start: sp.start, end: sp.end };
      else if (iw.includes('PRIMARY') && (iw[0] === 'PRIMARY' || iw[0] === 'CONSTRAINT'))
        primaryKey = names(iw.indexOf('PRIMARY'));
      else if (iw[1] === 'AS') {
        const expr = src
          .slice(item[2]?.start ?? sp.end, sp.end)
          .replace(/\s+/g, ' ')
          .trim();
        columns.push({
          name: ident(item[0].text),
          type: '',
          kind: 'computed',
          expression: expr,
          proctime: /^PROCTIME\s*\(\s*\)$/i.test(expr),
          start: sp.start,
          end: sp.end,
        });
      } else {
        const stop = iw.findIndex(
          (x, k) => k > 0 && ['METADATA', 'NOT', 'NULL', 'PRIMARY', 'COMMENT', 'CONSTRAINT'].includes(x),
        );
        const typeEnd = stop > 0 ? item[stop - 1].end : sp.end;
        const type = item[1] ? src.slice(item[1].start, typeEnd).replace(/\s+/g, ' ').trim() : '';
        if (iw.includes('PRIMARY')) primaryKey = [ident(item[0].text)];
        columns.push({
          name: ident(item[0].text),
          type,
          kind: iw.includes('METADATA') ? 'metadata' : 'physical',
          start: sp.start,
          end: sp.end,
        });
      }
    }
    i = end + 1;
  }
  // COMMENT '...' and PARTITIONED BY (...) may come before WITH.
  if (w[i] === 'COMMENT') i += 2;
  if (w[i] === 'PARTITIONED' && toks[i + 2]?.type === T.LR_BRACKET) i = close(i + 2) + 1;
  if (w[i] !== 'WITH' || toks[i + 1]?.type !== T.LR_BRACKET) return undefined;
  const withEnd = close(i + 1);
  if (w[withEnd + 1] !== 'LIKE') return undefined;
  const likeAt = withEnd + 1;
  const options: Record<string, string> = {};
  // WITH ( 'k' = 'v' , ... )
  let key: string | undefined;
  for (let k = i + 2; k < withEnd; k++) {
    const t = toks[k];
    if (t.type === T.STRING_LITERAL) {
      if (key === undefined) key = unquote(t.text);
      else {
        options[key] = unquote(t.text);
        key = undefined;
      }
    }
  }
  const srcToks: Tok[] = [];
  for (let k = likeAt + 1; k < toks.length && toks[k].type !== T.LR_BRACKET; k++) srcToks.push(toks[k]);
  const name = nameToks
    .filter((t) => t.type !== T.DOT)
    .map((t) => ident(t.text))
    .join('.');
  return {
    name,
    nameSpan: { start: nameToks[0].start, end: nameToks[nameToks.length - 1].end },
    columns,
    primaryKey,
    watermark,
    options,
    likeSource: srcToks
      .filter((t) => t.type !== T.DOT)
      .map((t) => ident(t.text))
      .join('.'),
  };
}

/** `CREATE DATABASE [IF NOT EXISTS] db [COMMENT '...']`: Flink makes WITH optional, the grammar does not. */
function isCreateDatabaseWithoutWith(toks: Tok[]): boolean {
  const w = toks.map((t) => t.text.toUpperCase());
  return w[0] === 'CREATE' && w[1] === 'DATABASE' && !w.includes('WITH');
}

const UNSUPPORTED: Record<string, string> = {
  DELETE: 'DELETE (batch mode only; holds no streaming state)',
  UPDATE: 'UPDATE (batch mode only; holds no streaming state)',
  TRUNCATE: 'TRUNCATE TABLE',
  CALL: 'CALL of a stored procedure',
  ANALYZE: 'ANALYZE TABLE',
  STOP: 'STOP JOB (a job operation)',
  // Flink 1.15+ compiled plans (the grammar has neither form; COMPILE AND EXECUTE is read, see extractStatement).
  COMPILE: 'COMPILE PLAN (it writes the JSON plan of a statement without running it)',
};
const EXECUTE_PLAN = 'EXECUTE PLAN (it runs a compiled JSON plan: its statements are not in this file)';

/** Flink 2.1+'s table functions over a model (`ML_PREDICT(TABLE t, MODEL m, ...)`, `ML_EVALUATE`, 2.2's `VECTOR_SEARCH`), called in the statement. */
function modelFunction(visible: Tok[]): string | undefined {
  const i = visible.findIndex(
    (t, k) =>
      MODEL_FUNCTIONS.has(t.text.toUpperCase()) &&
      visible[k + 1]?.text === '(' &&
      visible[k + 2]?.text.toUpperCase() === 'TABLE',
  );
  return i < 0 ? undefined : visible[i].text.toUpperCase();
}
const MODEL_FUNCTIONS = new Set(['ML_PREDICT', 'ML_EVALUATE', 'VECTOR_SEARCH']);
const MODEL_MODIFIERS = new Set(['OR', 'REPLACE', 'TEMPORARY', 'SYSTEM']);

/**
 * Flink 1.17+ `ALTER TABLE [IF EXISTS] path ADD | MODIFY | DROP | RESET ...`, which the
 * grammar lacks: the action word after the table's path (undefined for `SET`, `RENAME`,
 * which parse).
 */
function alterTableAction(visible: Tok[]): string | undefined {
  let i = 2;
  if (visible[i]?.text.toUpperCase() === 'IF' && visible[i + 1]?.text.toUpperCase() === 'EXISTS') i += 2;
  i++;
  while (visible[i]?.type === FlinkSqlLexer.DOT) i += 2;
  const w = visible[i]?.text.toUpperCase();
  return w === 'ADD' || w === 'MODIFY' || w === 'DROP' || w === 'RESET' ? w : undefined;
}

// ---------- hints ----------
/** Parses the text of `/*+ NAME(args), NAME2('k'='v') *\/` with the Flink lexer. */
function readHints(comment: Tok): HintFact[] {
  const body = comment.text.slice(3, -2);
  const base = comment.start + 3;
  const toks = lex(body).filter((t) => !t.hidden);
  const out: HintFact[] = [];
  let i = 0;
  while (i < toks.length) {
    const nameTok = toks[i];
    if (nameTok.type === FlinkSqlLexer.COMMA) {
      i++;
      continue;
    }
    const hint: HintFact = {
      name: nameTok.text.toUpperCase(),
      args: [],
      options: {},
      start: base + nameTok.start,
      end: base + nameTok.end,
    };
    i++;
    if (toks[i]?.type === FlinkSqlLexer.LR_BRACKET) {
      let depth = 0;
      const parts: Tok[][] = [[]];
      for (; i < toks.length; i++) {
        const t = toks[i];
        if (t.type === FlinkSqlLexer.LR_BRACKET && depth++ === 0) continue;
        if (t.type === FlinkSqlLexer.RR_BRACKET && --depth === 0) break;
        if (t.type === FlinkSqlLexer.COMMA && depth === 1) parts.push([]);
        else parts[parts.length - 1].push(t);
      }
      hint.end = base + (toks[i]?.end ?? body.length);
      i++;
      for (const p of parts) {
        if (p.length === 0) continue;
        const eq = p.findIndex((t) => t.type === FlinkSqlLexer.EQUAL_SYMBOL);
        if (eq > 0)
          hint.options[
            unquote(
              p
                .slice(0, eq)
                .map((t) => t.text)
                .join(''),
            )
          ] = unquote(
            p
              .slice(eq + 1)
              .map((t) => t.text)
              .join(''),
          );
        else hint.args.push(unquote(p.map((t) => t.text).join('')));
      }
    }
    out.push(hint);
  }
  return out;
}

// ---------- templates ----------
const isWord = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/**
 * `${VAR}` (and `{{ VAR }}`) templates are not SQL: each is replaced by an identifier of
 * the same length before lexing, so positions stay exact, and reported. A `$` in an unquoted
 * name (Paimon's system tables, `orders$snapshots`; Flink 2.x's `$rowtime`; Calcite allows it)
 * becomes `_` outside strings, quoted names and comments: the lexer rejects it.
 */
export function maskTemplates(text: string): { text: string; templates: TemplateSpan[] } {
  const templates: TemplateSpan[] = [];
  // Most statements have neither: nothing to copy.
  if (text.indexOf('$') < 0 && text.indexOf('{') < 0) return { text, templates };
  let out = '';
  let i = 0;
  let quote = 0;
  while (i < text.length) {
    const block = jinjaBlock(text, i);
    if (block > i) {
      // A Jinja statement or comment (`{% if %}`, `{# #}`), a `{{ config(...) }}` call or an
      // expression over several lines (dbt) is no part of the SQL: blanked, its line ends kept.
      templates.push({ start: i, end: block, as: 'skipped' });
      out += text.slice(i, block).replace(/[^\r\n]/g, ' ');
      i = block;
      continue;
    }
    const open = text.startsWith('${', i) ? '${' : text.startsWith('{{', i) ? '{{' : undefined;
    if (open) {
      const close = open === '${' ? '}' : '}}';
      const end = text.indexOf(close, i + 2);
      const nl = text.indexOf('\n', i);
      if (end > 0 && (nl < 0 || end < nl)) {
        const len = end + close.length - i;
        const dbt =
          /^\{\{-?\s*(?:ref\s*\(\s*|source\s*\(\s*'[^']*'\s*,\s*)'([A-Za-z_][A-Za-z0-9_]*)'\s*\)\s*-?\}\}$/.exec(
            text.slice(i, i + len),
          );
        if (dbt) {
          // dbt's relation name, padded with spaces to the template's length.
          templates.push({ start: i, end: i + len, as: 'name', name: dbt[1] });
          out += dbt[1].padEnd(len, ' ');
        } else {
          templates.push({ start: i, end: i + len, as: 'name', ...(quote === 39 ? { inString: true as const } : {}) });
          const word = text.slice(i + 2, i + len - close.length).replace(/[^A-Za-z0-9_]/g, '_');
          // Outside quotes, `${X}` reads as the quoted name `$X` (same length), so it shows as
          // written (`→ $SINK`); elsewhere, and for `{{ x }}`, as an identifier of underscores and word characters.
          out += open === '${' && quote === 0 ? `\`$${word}\`` : text.slice(i, i + len).replace(/[^A-Za-z0-9_]/g, '_');
        }
        i += len;
        continue;
      }
    }
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 39 || c === 96 || c === 34) quote = c;
    else if ((c === 45 && text.charCodeAt(i + 1) === 45) || (c === 47 && text.charCodeAt(i + 1) === 42)) {
      const stop = c === 45 ? text.indexOf('\n', i) : text.indexOf('*/', i + 2);
      const to = stop < 0 ? text.length : c === 45 ? stop : stop + 2;
      out += text.slice(i, to);
      i = to;
      continue;
    } else if (c === 36 && isWord(text.charCodeAt(i + 1))) {
      // `orders$snapshots`, and a name that starts with `$` (`$rowtime`, Flink 2.x's system column).
      out += '_';
      i++;
      continue;
    }
    out += text[i];
    i++;
  }
  return { text: out, templates };
}

/**
 * The end of a Jinja block that starts at `i` and stands for no SQL value: `{% ... %}`,
 * `{# ... #}`, a `{{ config(...) }}` call, or a `{{ ... }}` over several lines; else `i`.
 */
function jinjaBlock(text: string, i: number): number {
  if (text.charCodeAt(i) !== 123) return i;
  const two = text.slice(i, i + 2);
  const close = two === '{%' ? '%}' : two === '{#' ? '#}' : two === '{{' ? '}}' : undefined;
  if (!close) return i;
  const end = text.indexOf(close, i + 2);
  if (end < 0) return i;
  if (two === '{{' && !/^\{\{-?\s*config\s*\(/.test(text.slice(i, i + 40)) && !text.slice(i, end).includes('\n'))
    return i;
  return end + 2;
}

/**
 * The column list of `CREATE TABLE name (...)` when it holds only constraints (`PRIMARY KEY`,
 * `CONSTRAINT`, `WATERMARK`) and an `AS` follows it: its span and its primary key.
 */
function constraintOnlySchema(visible: Tok[]): { start: number; end: number; primaryKey?: string[] } | undefined {
  const open = visible.findIndex((t) => t.type === FlinkSqlLexer.LR_BRACKET);
  const first = visible[open + 1]?.text.toUpperCase();
  if (open < 0 || (first !== 'PRIMARY' && first !== 'CONSTRAINT' && first !== 'WATERMARK')) return undefined;
  let depth = 0;
  let close = -1;
  for (let i = open; i < visible.length && close < 0; i++) {
    if (visible[i].type === FlinkSqlLexer.LR_BRACKET) depth++;
    else if (visible[i].type === FlinkSqlLexer.RR_BRACKET && --depth === 0) close = i;
  }
  if (close < 0 || !visible.slice(close + 1).some((t) => t.type === FlinkSqlLexer.KW_AS)) return undefined;
  const key = visible
    .slice(open, close)
    .findIndex((t, i, xs) => t.text.toUpperCase() === 'PRIMARY' && xs[i + 1]?.text.toUpperCase() === 'KEY');
  let primaryKey: string[] | undefined;
  if (key >= 0 && visible[open + key + 2]?.type === FlinkSqlLexer.LR_BRACKET) {
    primaryKey = [];
    for (let i = open + key + 3; i < close && visible[i].type !== FlinkSqlLexer.RR_BRACKET; i++)
      if (visible[i].type !== FlinkSqlLexer.COMMA) primaryKey.push(ident(visible[i].text));
  }
  return { start: visible[open].start, end: visible[close].end, primaryKey };
}

// ---------- entry ----------
const NO_WITH_KEY = 'kpu-lens.no-with';
const NO_WITH = `\nWITH ('${NO_WITH_KEY}' = '')`;

export function extractStatement(original: string): StatementFacts {
  const { text, templates } = maskTemplates(original);
  // The statement's first words decide whether it is one the grammar lacks (read from
  // tokens) or one to parse; a parsed statement is lexed once, by the parser.
  const lead = leadingWords(text, 4).map((w) => w.toUpperCase());
  // `COMPILE AND EXECUTE PLAN 'f.json' FOR <statement>` runs the statement: read it, its prefix
  // blanked (same length, so positions stay).
  if (lead.join(' ') === 'COMPILE AND EXECUTE PLAN') {
    const visible = lex(text).filter((t) => !t.hidden);
    const forTok = visible[5]?.text.toUpperCase() === 'FOR' ? visible[5] : undefined;
    if (forTok) {
      const facts = extractStatement(text.slice(0, forTok.end).replace(/[^\r\n]/g, ' ') + text.slice(forTok.end));
      return { ...facts, templates };
    }
  }
  const byTokens = tokenLevelFacts(text, lead, templates);
  if (byTokens) return byTokens;
  const { parsed, src, ctasKey, ctasAsView } = parseWithRetries(text, lead);
  const hints = parsed.hintComments.flatMap(readHints);
  const base = { hints, templates, errors: [], repairs: [] };
  if (parsed.errors.length > 0) {
    const recovered = recoveredFacts(
      text,
      lead[0] ?? '',
      parsed.tokens.filter((t) => !t.hidden),
    );
    if (recovered) return { ...base, ...recovered };
  }
  const facts: StatementFacts = {
    ...base,
    errors: parsed.errors,
    repairs: parsed.repairs,
    fact: { kind: 'other', what: lead[0] ?? '' },
  };
  const statements = parsed.errors.length === 0 ? childrenOf(parsed.tree, R.RULE_singleStatement) : [];
  if (statements.length > 1) {
    const at = startOf(statements[1]);
    facts.runOn = {
      start: at,
      lead: leadingWords(text.slice(at, at + 200), 2)
        .join(' ')
        .toUpperCase(),
    };
  }
  const stmt = first(parsed.tree, R.RULE_sqlStatement);
  if (stmt) readStatementTree(stmt, { text, src, ctasKey, ctasAsView }, parsed, facts);
  return facts;
}

/**
 * Statements read from their tokens, without parsing: SHOW (more forms than the grammar knows,
 * no state), SET and RESET, and the statements the grammar lacks (DELETE, UPDATE, ALTER TABLE
 * ADD/MODIFY/DROP/RESET, models, materialized tables). Undefined for a statement to parse.
 */
function tokenLevelFacts(text: string, lead: string[], templates: TemplateSpan[]): StatementFacts | undefined {
  const [w0 = '', w1 = ''] = lead;
  const ddl = w0 === 'CREATE' || w0 === 'ALTER' || w0 === 'DROP';
  // `CREATE [OR REPLACE] [TEMPORARY] [SYSTEM] MODEL`, `ALTER MODEL`, `DROP [TEMPORARY] MODEL` (not a table named model).
  const words = ddl ? leadingWords(text, 6).map((w) => w.toUpperCase()) : [];
  const modelAt = words.indexOf('MODEL', 1);
  const model = modelAt > 0 && words.slice(1, modelAt).every((w) => MODEL_MODIFIERS.has(w));
  const materialized = ddl && (w1 === 'MATERIALIZED' || (w1 === 'OR' && lead[3] === 'MATERIALIZED'));
  if (w0 === 'SHOW') return { hints: [], templates, errors: [], repairs: [], fact: { kind: 'other', what: 'SHOW' } };
  const alter = w0 === 'ALTER' && w1 === 'TABLE';
  const plan = w0 === 'EXECUTE' && w1 === 'PLAN';
  if (!(w0 === 'SET' || w0 === 'RESET' || UNSUPPORTED[w0] !== undefined || plan || alter || model || materialized))
    return undefined;
  const toks = lex(text);
  const visible = toks.filter((t) => !t.hidden);
  const hints = toks
    .filter((t) => t.type === FlinkSqlLexer.BRACKETED_COMMENT && t.text.startsWith('/*+'))
    .flatMap(readHints);
  const base = { hints, templates, errors: [], repairs: [] };
  const unsupported = (what: string): StatementFacts => ({ ...base, fact: { kind: 'unsupported', what } });
  if (w0 === 'SET') return { ...base, fact: readSet(text, visible) };
  if (w0 === 'RESET')
    return { ...base, fact: { kind: 'reset', key: visible[1] ? unquote(visible[1].text) : undefined } };
  if (plan) return unsupported(EXECUTE_PLAN);
  if (UNSUPPORTED[w0]) return unsupported(UNSUPPORTED[w0]);
  if (alter) {
    const action = alterTableAction(visible);
    // ALTER TABLE ... SET / RENAME parse: read them from the tree.
    return action
      ? unsupported(`ALTER TABLE ... ${action} (the change is not applied to the table's columns, key or watermark)`)
      : undefined;
  }
  if (model) return unsupported(`${w0} MODEL (Flink 2.1+ AI models; a model holds no state)`);
  return unsupported('MATERIALIZED TABLE');
}

/**
 * The statement parsed, and parsed again where Flink takes what the grammar does not: a CTAS that
 * declares only constraints (`CREATE TABLE t (PRIMARY KEY (k) NOT ENFORCED) WITH (...) AS
 * SELECT ...`, the list blanked and its key read from the tokens), and a catalog table without
 * WITH (Paimon, Iceberg, Hive; an option appended after the user's text, so positions stay), and
 * a CTAS without WITH (`CREATE TABLE t AS SELECT ...`, which Flink takes and the grammar does not:
 * parsed as the view it reads the same as, `ctasAsView`).
 */
function parseWithRetries(
  text: string,
  lead: string[],
): { parsed: ReturnType<typeof parseStatement>; src: string; ctasKey?: string[]; ctasAsView?: boolean } {
  const [w0 = '', w1 = ''] = lead;
  const parsed = parseStatement(text);
  if (parsed.errors.length === 0 || (w0 !== 'CREATE' && w0 !== 'REPLACE')) return { parsed, src: text };
  const constraints = constraintOnlySchema(parsed.tokens.filter((t) => !t.hidden));
  if (constraints) {
    const blanked =
      text.slice(0, constraints.start) +
      text.slice(constraints.start, constraints.end).replace(/[^\r\n]/g, ' ') +
      text.slice(constraints.end);
    const retried = parseStatement(blanked);
    if (retried.errors.length === 0) return { parsed: retried, src: blanked, ctasKey: constraints.primaryKey };
  }
  // A CTAS without WITH first (cheap to recognise, and the appended WITH cannot help it). Words
  // as written (the repairs hide `CREATE OR` of `CREATE OR REPLACE`): no spaces or comments.
  const words = parsed.tokens.filter((t) => t.text.trim() !== '' && !/^(--|\/\*)/.test(t.text));
  const asView = ctasWithoutWithAsView(text, words);
  if (asView) {
    const retried = parseStatement(asView);
    if (retried.errors.length === 0) return { parsed: retried, src: asView, ctasAsView: true };
  }
  if (w1 === 'TABLE' || lead[2] === 'TABLE') {
    const retried = parseStatement(text + NO_WITH);
    if (retried.errors.length === 0) return { parsed: retried, src: text + NO_WITH };
  }
  return { parsed, src: text };
}

/**
 * `[CREATE [OR REPLACE] | REPLACE] TABLE [IF NOT EXISTS] t AS SELECT ...` with no WITH and no
 * column list, rewritten in place (same length, so positions stay) as `CREATE VIEW t AS ...`: the
 * grammar's CTAS requires a WITH before AS; the view has the same name and query.
 */
function ctasWithoutWithAsView(text: string, words: Tok[]): string | undefined {
  const up = (k: number) => words[k]?.text.toUpperCase();
  const table = [1, 2, 3].find((k) => up(k) === 'TABLE');
  if (table === undefined || (up(0) !== 'CREATE' && up(0) !== 'REPLACE')) return undefined;
  // The first of AS, WITH, LIKE or `(` after the table's name decides: only AS is this case.
  const next = words
    .slice(table + 1)
    .find((t) => ['AS', 'WITH', 'LIKE', '(', 'COMMENT'].includes(t.text.toUpperCase()));
  if (next?.text.toUpperCase() !== 'AS') return undefined;
  // UTF-16 units, as token offsets count them.
  const chars = text.split('');
  const put = (t: Tok, word: string) => {
    for (let i = t.start; i < t.end; i++) chars[i] = word[i - t.start] ?? ' ';
  };
  put(words[table], 'VIEW');
  // CREATE OR REPLACE: the OR REPLACE blanked; REPLACE alone: CREATE.
  for (let k = 1; k < table; k++) put(words[k], '');
  if (up(0) === 'REPLACE') put(words[0], 'CREATE');
  return chars.join('');
}

/**
 * What a statement the grammar rejects still is: `CREATE TABLE ... LIKE` without a column list,
 * `CREATE DATABASE` without WITH, or a query over Flink 2.1+'s model functions (whose TABLE and
 * MODEL arguments the grammar lacks), named for what it is rather than as syntax errors.
 */
function recoveredFacts(
  text: string,
  w0: string,
  visible: Tok[],
): Pick<StatementFacts, 'fact' | 'repairs'> | undefined {
  if (w0 === 'CREATE') {
    const like = readCreateLike(text, visible);
    if (like)
      return {
        repairs: [{ start: 0, end: text.length, what: 'CREATE TABLE ... LIKE without a column list' }],
        fact: { kind: 'create-table', table: like },
      };
    if (isCreateDatabaseWithoutWith(visible))
      return {
        repairs: [{ start: 0, end: text.length, what: 'CREATE DATABASE without WITH' }],
        fact: { kind: 'other', what: 'CREATE' },
      };
  }
  const modelFn = modelFunction(visible);
  if (modelFn)
    return {
      repairs: [],
      fact: { kind: 'unsupported', what: `a query calling ${modelFn} (Flink 2.1+ model inference, not read)` },
    };
  return undefined;
}

/**
 * The fact of a parsed statement, found without walking into its queries (most of the tree):
 * CREATE TABLE (and CTAS), CREATE VIEW, INSERT, or a query; anything else stays `other`.
 */
function readStatementTree(
  stmt: ParserRuleContext,
  source: { text: string; src: string; ctasKey?: string[]; ctasAsView?: boolean },
  parsed: ReturnType<typeof parseStatement>,
  facts: StatementFacts,
): void {
  const { text, src, ctasKey, ctasAsView } = source;
  // EXPLAIN shows a statement's plan without running it: no table, view or job of the file.
  if (rule(stmt.children?.[0]) === R.RULE_explainStatement) return;
  // What the repairs hid and the readers take back from their tokens.
  const hidden: Hidden = {
    overs: parsed.repairs.filter((r) => r.what === 'OVER window without an alias'),
    tvfAliases: parsed.repairs.filter((r) => r.what === WINDOW_TVF_ALIAS),
  };
  const ct =
    first(stmt, R.RULE_simpleCreateTable, SUBQUERY_STOP) ?? first(stmt, R.RULE_createTableAsSelect, SUBQUERY_STOP);
  if (ct) {
    const table = readCreateTable(src, ct, hidden);
    if (ctasKey) {
      table.primaryKey = ctasKey;
      facts.repairs = [...facts.repairs, { start: 0, end: text.length, what: 'CREATE TABLE AS with only constraints' }];
    } else if (src !== text) {
      delete table.options[NO_WITH_KEY];
      facts.repairs = [...facts.repairs, { start: 0, end: text.length, what: 'CREATE TABLE without WITH' }];
    }
    facts.fact = { kind: 'create-table', table };
    return;
  }
  const cv = first(stmt, R.RULE_createView, SUBQUERY_STOP);
  if (cv) {
    const nameCtx = child(cv, R.RULE_viewPathCreate) ?? cv;
    const q = child(cv, R.RULE_queryStatement);
    const cols = child(cv, R.RULE_columnNameList);
    if (ctasAsView) {
      const query = q ? readQuery(text, q, hidden) : undefined;
      facts.repairs = [...facts.repairs, { start: 0, end: text.length, what: 'CREATE TABLE AS without WITH' }];
      facts.fact = {
        kind: 'create-table',
        table: { name: tableName(text, nameCtx), nameSpan: span(nameCtx), columns: [], options: {}, query },
      };
      return;
    }
    facts.fact = {
      kind: 'create-view',
      name: tableName(text, nameCtx),
      nameSpan: span(nameCtx),
      columnNames: cols ? childrenOf(cols, R.RULE_columnName).map((c) => ident(textOf(text, c))) : undefined,
      query: q ? readQuery(text, q, hidden) : { ctes: [], scopes: [], setOps: [], start: startOf(cv), end: endOf(cv) },
    };
    return;
  }
  const ins = first(stmt, R.RULE_insertSimpleStatement, SUBQUERY_STOP);
  if (ins) {
    const target = child(ins, R.RULE_tablePath) ?? ins;
    const q = child(ins, R.RULE_queryStatement);
    facts.fact = {
      kind: 'insert',
      target: tableName(text, target),
      targetSpan: span(target),
      query: q ? readQuery(text, q, hidden) : undefined,
    };
    return;
  }
  const q = first(stmt, R.RULE_queryStatement);
  if (q && rule(stmt.children?.[0]) === R.RULE_dmlStatement)
    facts.fact = { kind: 'query', query: readQuery(text, q, hidden) };
}
