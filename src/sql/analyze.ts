// Flink SQL file → SqlAnalysis. Statements are extracted one by one (cached by their
// text), then resolved together: names through CTEs, views and DDL; joins classified;
// left-deep join chains and their key groups built; other stateful operators listed.
import { diagnostic, LineIndex } from '../text';
import { declare } from './declare';
import { stateTtlSetting } from './duration';
import { extractStatement } from './extract';
import type { Span, StatementFacts, TemplateSpan } from './facts';
import { lc } from './relation';
import { newEnv, resolveName } from './scope';
import { type splitStatements, statementText } from './split';
import { MAX_STATEMENT_CHARS, type SqlSession } from './session';
import { notARuntimeMode, runtimeModeOf } from './runtimeMode';
import type { SqlAnalysis, StatementInfo } from './types';
import { placeResults, queryResults, statementQuery } from './walk';

/** An analysis with nothing in it (a file without statements; a descriptor's job without SQL). */
export function emptyAnalysis(): SqlAnalysis {
  return {
    statements: [],
    tables: [],
    views: [],
    settings: [],
    hints: [],
    joins: [],
    chains: [],
    operators: [],
    diagnostics: [],
    multiJoinEnabled: false,
    multiJoinHint: false,
    multiJoinForBinary: false,
  };
}

export interface AnalyzeOptions {
  /** Parse no statement after this many milliseconds (the rest is reported); cached statements cost no parse. */
  budgetMs?: number;
  /** clock() when the budget began (default: when analyzeSql starts), e.g. before a pool's prefetch. */
  budgetStart?: number;
  /** The time the budget is measured in, milliseconds (default Date.now; a test's clock makes the budget run out where it says). */
  clock?: () => number;
  /** Facts parsed ahead (ParsePool.prefetch), by statement text; looked up before the statement cache. */
  parsed?: ReadonlyMap<string, StatementFacts>;
}

/**
 * Why a statement could not be analysed, for its `sql-internal` diagnostic. A statement nested
 * deeper than the stack allows (thousands of joins or parentheses) says so; anything else is
 * a bug, shown as it is.
 */
export function internalErrorMessage(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message))
    return 'This statement is nested too deeply to analyse (joins, subqueries or parentheses); the others are analysed.';
  return `This statement could not be analysed (${String(e)}); the others are.`;
}

function templateMessage(written: string, t: TemplateSpan): string {
  const shown =
    written.length > 60 || written.includes('\n') ? `${written.split('\n')[0].slice(0, 57).trimEnd()} …` : written;
  if (t.as === 'skipped') return `Template ${shown} is not SQL: skipped (not evaluated).`;
  return t.name
    ? `Template ${shown} is not evaluated: read as the relation ${t.name} (dbt's name for it).`
    : `Template ${shown} is not evaluated: it is read as a name.`;
}

function syntaxMessage(m: string): string {
  return m.length > 300 ? m.slice(0, 297) + '...' : m;
}

export function analyzeSql(session: SqlSession, text: string, options: AnalyzeOptions = {}): SqlAnalysis {
  const index = new LineIndex(text);
  const out = emptyAnalysis();
  const diagnostics = out.diagnostics;
  let segments: ReturnType<typeof splitStatements>;
  try {
    segments = session.segmentsOf(text);
  } catch (e) {
    diagnostics.push(
      diagnostic(
        'error',
        'sql-internal',
        `The SQL could not be split into statements: ${String(e)}`,
        index.range(0, Math.min(text.length, 1)),
      ),
    );
    return out;
  }
  const clock = options.clock ?? Date.now;
  const started = options.budgetStart ?? clock();
  const facts: { seg: (typeof segments)[number]; f: StatementFacts }[] = [];
  for (let k = 0; k < segments.length; k++) {
    const seg = segments[k];
    const r = index.range(seg.start, seg.end);
    if (seg.kind !== 'sql') {
      if (seg.kind === 'statement-set-begin')
        out.statements.push({ kind: 'statement-set', range: r, statementSet: seg.statementSet });
      if (seg.kind === 'unclosed-comment')
        diagnostics.push(
          diagnostic(
            'error',
            'sql-syntax',
            'This /* comment is never closed: the rest of the file is read as a comment.',
            r,
          ),
        );
      continue;
    }
    if (seg.end - seg.start > MAX_STATEMENT_CHARS) {
      // The parser takes about a second per million characters: a 50 MB line would freeze the editor.
      diagnostics.push(
        diagnostic(
          'warning',
          'sql-too-large',
          `Not analysed: this statement has ${seg.end - seg.start} characters, more than the ${MAX_STATEMENT_CHARS} a statement may have.`,
          index.range(seg.start, seg.start + 1),
        ),
      );
      continue;
    }
    const statement = statementText(text, seg);
    let f = options.parsed?.get(statement) ?? session.cachedFacts(statement);
    if (!f) {
      if (options.budgetMs !== undefined && clock() - started >= options.budgetMs) {
        const rest = segments.slice(k);
        diagnostics.push(
          diagnostic(
            'warning',
            'sql-budget',
            `Analysis stopped after ${options.budgetMs} ms: ${rest.length} of ${segments.length} statements (from line ${r.start.line}) were not analysed.`,
            index.range(seg.start, rest[rest.length - 1].end),
          ),
        );
        break;
      }
      try {
        f = extractStatement(statement);
      } catch (e) {
        diagnostics.push(diagnostic('error', 'sql-internal', internalErrorMessage(e), r));
        continue;
      }
      session.keepFacts(statement, f);
    }
    if (f.abandoned) {
      diagnostics.push(
        diagnostic(f.abandoned.code === 'sql-internal' ? 'error' : 'warning', f.abandoned.code, f.abandoned.message, r),
      );
      continue;
    }
    if (f.runOn) {
      // Two statements without a ';' between them: the facts are the first one's, and the rest
      // is read as statements of its own (the split is the parser's).
      const cut = seg.start + f.runOn.start;
      let end = cut;
      while (end > seg.start && /\s/.test(text[end - 1])) end--;
      diagnostics.push(
        diagnostic(
          'warning',
          'sql-missing-semicolon',
          `The statement above runs on into this ${f.runOn.lead}: missing ';'? Each is analysed as a statement of its own; Flink's SQL client needs a ';' between them.`,
          index.range(cut, cut + f.runOn.lead.length),
        ),
      );
      segments = [
        ...segments.slice(0, k),
        { ...seg, end, text: undefined },
        { ...seg, start: cut, text: undefined },
        ...segments.slice(k + 1),
      ];
      facts.push({ seg: segments[k], f });
      continue;
    }
    facts.push({ seg, f });
  }

  // Pass 1: declarations, settings, hints, diagnostics of each statement.
  const env = newEnv();
  for (const { seg, f } of facts) {
    const at = (sp: Span) => index.range(seg.start + sp.start, seg.start + sp.end);
    const r = index.range(seg.start, seg.end);
    for (const e of f.errors) diagnostics.push(diagnostic('error', 'sql-syntax', syntaxMessage(e.message), at(e)));
    // A template inside a string literal (a connector option's host, a password) changes no
    // name the analysis reads: no info for it (a templated setting gets its own, see below).
    for (const t of f.templates)
      if (!t.inString)
        diagnostics.push(
          diagnostic(
            'info',
            'sql-template',
            templateMessage(text.slice(seg.start + t.start, seg.start + t.end), t),
            at(t),
          ),
        );
    for (const h of f.hints) out.hints.push({ name: h.name, args: h.args, options: h.options, range: at(h) });
    const fact = f.fact;
    const info: StatementInfo = {
      kind:
        fact.kind === 'create-table' ||
        fact.kind === 'create-view' ||
        fact.kind === 'insert' ||
        fact.kind === 'query' ||
        fact.kind === 'set' ||
        fact.kind === 'reset' ||
        fact.kind === 'unsupported'
          ? fact.kind
          : 'other',
      range: r,
      statementSet: seg.statementSet,
    };
    out.statements.push(info);
    switch (fact.kind) {
      case 'create-table':
      case 'create-view':
        declare(session, env, text, index, seg, fact, out);
        break;
      case 'insert':
        info.target = fact.target;
        break;
      case 'set':
        if (fact.key !== undefined) {
          const v = fact.valueSpan;
          const templated = v !== undefined && f.templates.some((t) => t.start < v.end && t.end > v.start);
          out.settings.push({
            key: fact.key,
            value: fact.value ?? '',
            range: r,
            keyRange: fact.keySpan && at(fact.keySpan),
            valueRange: v && at(v),
            ...(templated ? { template: text.slice(seg.start + v.start, seg.start + v.end) } : {}),
          });
        }
        break;
      case 'unsupported':
        diagnostics.push(
          diagnostic(
            'info',
            'sql-unsupported-statement',
            `Not analysed: ${fact.what}. Flink KPU Lens reads streaming queries; this statement adds no estimate.`,
            r,
          ),
        );
        break;
    }
  }

  // Statement-set markers were listed while splitting: put every statement in document order.
  out.statements.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.column - y.range.start.column);

  // Settings that change the estimate.
  for (const s of out.settings) {
    const key = lc(s.key);
    if (key === 'table.exec.state.ttl') {
      const sec = s.template === undefined ? stateTtlSetting(s.value) : null;
      if (s.template !== undefined)
        diagnostics.push(
          diagnostic(
            'info',
            'sql-setting-template',
            `The state TTL ${s.template} is a template, filled in only at deployment: the estimate uses no TTL. Give the job descriptor a stateTtl to size the state with one.`,
            s.valueRange ?? s.range,
          ),
        );
      else if (sec === null)
        diagnostics.push(
          diagnostic(
            'warning',
            'sql-invalid-setting',
            `'${s.value}' is not a Flink duration (for example '7 d', '12h', '3600000' ms).`,
            s.valueRange ?? s.range,
          ),
        );
      else out.stateTtlSec = sec;
    }
    if (key === 'execution.runtime-mode') {
      const mode = runtimeModeOf(s.value);
      if (s.template !== undefined)
        diagnostics.push(
          diagnostic(
            'info',
            'sql-setting-template',
            `The runtime mode ${s.template} is a template, filled in only at deployment: the estimate assumes streaming (Flink's default).`,
            s.valueRange ?? s.range,
          ),
        );
      else if (!mode)
        diagnostics.push(
          diagnostic('warning', 'sql-invalid-setting', notARuntimeMode(s.value), s.valueRange ?? s.range),
        );
      // The last SET wins, as in the SQL client.
      else out.runtimeMode = { mode, range: s.valueRange ?? s.range };
    }
    if (key === 'table.optimizer.multi-join.enabled') out.multiJoinEnabled = lc(s.value) === 'true';
    if (key === 'table.optimizer.multi-join.use-for-binary-join') out.multiJoinForBinary = lc(s.value) === 'true';
  }
  out.multiJoinHint = out.hints.some((h) => h.name === 'MULTI_JOIN');

  // The file's declarations, by id: what every name resolves to follows from them alone.
  const envId = session.declarationsId(text, facts);

  // Views: their output columns and base tables, for hovers and the webview (resolved once per
  // set of declarations: an edit of a query resolves none of them again).
  const viewOutputs = session.viewOutputs(envId, () => {
    const outputs = new Map<string, { columns: string[]; tables: string[] }>();
    for (const v of out.views) {
      const rel = resolveName(env, v.name);
      outputs.set(lc(v.name), { columns: rel.columns.map((c) => c.name), tables: rel.tables });
    }
    return outputs;
  });
  for (const v of out.views) {
    const o = viewOutputs.get(lc(v.name));
    if (!o) continue;
    v.columns = o.columns;
    v.tables = o.tables;
  }

  // Pass 2: joins, chains and stateful operators of every query (within the same budget).
  for (let k = 0; k < facts.length; k++) {
    const { seg, f } = facts[k];
    if (options.budgetMs !== undefined && clock() - started >= options.budgetMs) {
      const last = facts[facts.length - 1].seg;
      diagnostics.push(
        diagnostic(
          'warning',
          'sql-budget',
          `Analysis stopped after ${options.budgetMs} ms: the joins of ${facts.length - k} statements (from line ${index.position(seg.start).line}) were not analysed.`,
          index.range(seg.start, last.end),
        ),
      );
      break;
    }
    const q = statementQuery(f.fact);
    if (!q) continue;
    placeResults(
      session,
      queryResults(session, env, envId, statementText(text, seg), q),
      index.position(seg.start),
      out,
    );
  }
  return out;
}
