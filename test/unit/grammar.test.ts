// Tokenizes real Flink SQL with the real TextMate engine (vscode-textmate over the
// Oniguruma WebAssembly build, as VS Code does) and checks the scopes of chosen tokens.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { cpuMs } from './cpuTime';

// The tests run from the bundle out/test/unit.js, so paths start at the repository root.
const root = path.join(__dirname, '..', '..');
const grammarPath = path.join(root, 'syntaxes', 'flink-sql.tmLanguage.json');
const wasmPath = path.join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm');

interface Token {
  text: string;
  scopes: string[];
}

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(wasmPath);
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.flink-sql'
        ? textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath)
        : null,
  });
  const g = await registry.loadGrammar('source.flink-sql');
  assert.ok(g, 'grammar loads');
  grammar = g;
});

/** Tokens of each line, the rule stack carried from line to line as the editor does. */
function tokenize(...lines: string[]): Token[][] {
  let stack = textmate.INITIAL;
  return lines.map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the `nth` token whose text is exactly `text` (case-sensitive). */
function scopes(line: Token[], text: string, nth = 0): string[] {
  const found = line.filter((t) => t.text === text);
  assert.ok(found[nth], `no token ${JSON.stringify(text)} (#${nth}) in ${JSON.stringify(line.map((t) => t.text))}`);
  return found[nth].scopes;
}

/** The innermost scope of a token, without the language suffix. */
function inner(line: Token[], text: string, nth = 0): string {
  const s = scopes(line, text, nth);
  return s[s.length - 1].replace(/\.flink-sql$/, '');
}

const hasScope = (line: Token[], text: string, prefix: string, nth = 0): boolean =>
  scopes(line, text, nth).some((s) => s === prefix || s.startsWith(prefix + '.'));

describe('grammar: Flink SQL TextMate scopes', () => {
  it('loads with the scope name package.json declares', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const declared = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'flink-sql');
    assert.equal(declared.scopeName, 'source.flink-sql');
    assert.equal(path.join(root, declared.path), grammarPath);
    assert.equal(JSON.parse(readFileSync(grammarPath, 'utf8')).scopeName, 'source.flink-sql');
  });

  it('tells a query hint from a block comment', () => {
    const [hint, comment] = tokenize(
      "SELECT /*+ STATE_TTL('o' = '1d', 'c' = '12h'), BROADCAST(c) */ * FROM o JOIN c ON o.id = c.id",
      'SELECT /* STATE_TTL(o) is not a hint here */ 1',
    );
    assert.equal(inner(hint, 'STATE_TTL'), 'entity.name.function.hint');
    assert.ok(hasScope(hint, 'STATE_TTL', 'meta.hint'));
    assert.equal(inner(hint, 'BROADCAST'), 'entity.name.function.hint');
    assert.equal(inner(hint, '/*+'), 'punctuation.definition.hint.begin');
    assert.equal(inner(hint, '*/'), 'punctuation.definition.hint.end');
    assert.equal(inner(hint, 'o'), 'support.type.property-name.option');
    assert.ok(hasScope(hint, '1d', 'string.quoted.single'));
    assert.ok(!hint.some((t) => t.scopes.some((s) => s.startsWith('comment.'))), 'a hint is not a comment');
    // After the hint, SQL resumes.
    assert.equal(inner(hint, 'FROM'), 'keyword.other.DML');
    assert.equal(inner(hint, 'JOIN'), 'keyword.other.DML');

    assert.ok(hasScope(comment, '/*', 'comment.block'));
    assert.ok(hasScope(comment, ' STATE_TTL(o) is not a hint here ', 'comment.block'));
    assert.equal(inner(comment, '1'), 'constant.numeric');
  });

  it('scopes line comments, and -- inside a string is not one', () => {
    const [l] = tokenize("SELECT '--not a comment' AS s -- a comment");
    assert.ok(hasScope(l, '--not a comment', 'string.quoted.single'));
    assert.equal(inner(l, 'AS'), 'keyword.other.DML');
    assert.equal(inner(l, '--'), 'punctuation.definition.comment');
    assert.ok(hasScope(l, ' a comment', 'comment.line.double-dash'));
  });

  it('scopes types with parameters, nested ROW/ARRAY/MAP types and time zone phrases', () => {
    const [l1, l2, l3] = tokenize(
      'CREATE TABLE t (ts TIMESTAMP_LTZ(3), price DECIMAL(10, 2), t2 TIMESTAMP(3) WITH LOCAL TIME ZONE,',
      "  tags ARRAY<STRING>, attrs MAP<STRING, ROW<a INT, `b` DECIMAL(5, 1) 'the b'>>, pos ROW<x DOUBLE NOT NULL>,",
      "  n BIGINT) WITH ('connector' = 'datagen')",
    );
    assert.equal(inner(l1, 'TIMESTAMP_LTZ'), 'storage.type');
    assert.equal(inner(l1, '3'), 'constant.numeric');
    assert.equal(inner(l1, 'DECIMAL'), 'storage.type');
    assert.equal(inner(l1, '10'), 'constant.numeric');
    assert.equal(inner(l1, '2'), 'constant.numeric');
    assert.equal(inner(l1, 'WITH LOCAL TIME ZONE'), 'storage.type');

    assert.equal(inner(l2, 'ARRAY'), 'storage.type');
    assert.equal(inner(l2, 'STRING'), 'storage.type');
    assert.equal(inner(l2, 'MAP'), 'storage.type');
    assert.equal(inner(l2, 'ROW'), 'storage.type');
    assert.equal(inner(l2, 'a'), 'variable.other.field');
    assert.ok(hasScope(l2, 'a', 'meta.type.parameters'));
    assert.ok(hasScope(l2, 'b', 'variable.other.quoted.backtick'));
    assert.equal(inner(l2, 'DECIMAL'), 'storage.type');
    assert.equal(inner(l2, '5'), 'constant.numeric');
    assert.ok(hasScope(l2, 'the b', 'string.quoted.single'));
    assert.equal(inner(l2, 'NOT NULL'), 'constant.language.null');
    // Every type list closed: the column after them is not a field of a type.
    assert.deepEqual(scopes(l2, ' pos '), ['source.flink-sql']);
    assert.ok(!l3.some((t) => t.scopes.some((s) => s.startsWith('meta.type.parameters'))));
    assert.equal(inner(l3, 'BIGINT'), 'storage.type');
    assert.equal(inner(l3, 'connector'), 'support.type.property-name.option');
  });

  it('scopes FOR SYSTEM_TIME AS OF as one temporal-join phrase', () => {
    const [l] = tokenize('SELECT * FROM o LEFT JOIN r FOR SYSTEM_TIME AS OF o.proc_time AS r ON o.k = r.k');
    assert.equal(inner(l, 'FOR'), 'keyword.other.temporal');
    assert.equal(inner(l, 'SYSTEM_TIME'), 'keyword.other.temporal');
    assert.equal(inner(l, 'AS', 0), 'keyword.other.temporal');
    assert.equal(inner(l, 'OF'), 'keyword.other.temporal');
    assert.ok(hasScope(l, 'OF', 'meta.for-system-time'));
    assert.equal(inner(l, 'proc_time'), 'variable.other.member');
    assert.equal(inner(l, 'AS', 1), 'keyword.other.DML');
    // Case-insensitive.
    const [lower] = tokenize('select * from o join r for system_time as of o.t');
    assert.equal(inner(lower, 'system_time'), 'keyword.other.temporal');
    assert.equal(inner(lower, 'select'), 'keyword.other.DML');
  });

  it("scopes strings with '' inside as one string with an escape", () => {
    const [l] = tokenize("SELECT 'it''s', '' AS e, x FROM t WHERE s = 'a''''b'");
    assert.equal(inner(l, "''", 0), 'constant.character.escape');
    assert.ok(hasScope(l, 's', 'string.quoted.single'));
    assert.equal(inner(l, 'AS'), 'keyword.other.DML');
    assert.equal(inner(l, 'FROM'), 'keyword.other.DML');
    assert.equal(inner(l, 'b'), 'string.quoted.single');
    // The string ended: the line's rule stack is back at the top level.
    const [, next] = tokenize("SELECT 'it''s'", 'FROM t');
    assert.equal(inner(next, 'FROM'), 'keyword.other.DML');
  });

  it('a keyword after a dot is a member name and does not break later lines', () => {
    const [l1, l2, l3] = tokenize(
      'SELECT o.`value`, o.end, o.with, t.map, t.row, o.case FROM orders AS o',
      'WHERE o.select > 1 AND cat.db.my_udf(o.x) < 2',
      "SET 'table.local-time-zone' = 'UTC';",
    );
    for (const name of ['end', 'with', 'map', 'row', 'case'])
      assert.equal(inner(l1, name), 'variable.other.member', name);
    assert.ok(hasScope(l1, 'value', 'variable.other.quoted.backtick'));
    assert.equal(inner(l1, 'FROM'), 'keyword.other.DML');
    assert.equal(inner(l2, 'WHERE'), 'keyword.other.DML');
    assert.equal(inner(l2, 'select'), 'variable.other.member');
    assert.equal(inner(l2, 'AND'), 'keyword.operator.logical');
    assert.equal(inner(l2, 'my_udf'), 'entity.name.function');
    assert.equal(inner(l3, 'SET'), 'keyword.other');
    assert.deepEqual(l3[0].scopes, ['source.flink-sql', 'keyword.other.flink-sql']);
  });

  it('scopes WATERMARK FOR x AS x - INTERVAL ... and PROCTIME()', () => {
    const [l1, l2] = tokenize("  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,", '  pt AS PROCTIME()');
    assert.equal(inner(l1, 'WATERMARK'), 'keyword.other');
    assert.equal(inner(l1, 'FOR'), 'keyword.other.DML');
    assert.equal(inner(l1, 'AS'), 'keyword.other.DML');
    assert.deepEqual(scopes(l1, ' ts '), ['source.flink-sql'], 'a plain name has no scope of its own');
    assert.equal(inner(l1, '-'), 'keyword.operator.arithmetic');
    assert.equal(inner(l1, 'INTERVAL'), 'storage.type');
    assert.ok(hasScope(l1, '5', 'string.quoted.single'));
    assert.equal(inner(l1, 'SECOND'), 'keyword.other.unit');
    assert.equal(inner(l1, ','), 'punctuation.separator.comma');
    assert.equal(inner(l2, 'PROCTIME'), 'support.function.builtin');
  });

  it('scopes SET and RESET option keys, WITH options and STATEMENT SET', () => {
    const [set, reset, with1, with2, exec, ins, end] = tokenize(
      "SET 'table.optimizer.multi-join.enabled' = 'true';",
      "reset 'pipeline.name';",
      "CREATE TABLE k (id INT) WITH ('connector' = 'upsert-kafka', 'topic' = 'x',",
      "  'key.format' = 'json');",
      'EXECUTE STATEMENT SET BEGIN',
      'INSERT INTO s SELECT * FROM k;',
      'END;',
    );
    assert.equal(inner(set, 'SET'), 'keyword.other');
    assert.equal(inner(set, 'table.optimizer.multi-join.enabled'), 'support.type.property-name.option');
    assert.ok(hasScope(set, 'table.optimizer.multi-join.enabled', 'string.quoted.single'));
    assert.equal(inner(set, '='), 'keyword.operator.comparison');
    assert.equal(inner(set, 'true'), 'string.quoted.single');
    assert.equal(inner(set, ';'), 'punctuation.terminator.statement');
    assert.equal(inner(reset, 'pipeline.name'), 'support.type.property-name.option');

    assert.equal(inner(with1, 'k'), 'entity.name.table');
    assert.equal(inner(with1, 'connector'), 'support.type.property-name.option');
    assert.equal(inner(with1, 'upsert-kafka'), 'string.quoted.single');
    assert.equal(inner(with1, 'topic'), 'support.type.property-name.option');
    assert.ok(hasScope(with2, 'key.format', 'meta.options'));
    assert.equal(inner(with2, 'key.format'), 'support.type.property-name.option');
    assert.equal(inner(with2, 'json'), 'string.quoted.single');
    assert.equal(inner(with2, ';'), 'punctuation.terminator.statement');

    for (const w of ['EXECUTE', 'STATEMENT', 'SET', 'BEGIN']) {
      assert.equal(inner(exec, w), 'keyword.other', w);
      assert.ok(hasScope(exec, w, 'meta.statement-set'), w);
    }
    assert.equal(inner(ins, 'INSERT'), 'keyword.other.DML');
    assert.equal(inner(end, 'END'), 'keyword.control.conditional');
  });

  it('scopes window TVFs with DESCRIPTOR, LATERAL TABLE, UNNEST and MATCH_RECOGNIZE', () => {
    const [tvf, lat, un, mr] = tokenize(
      "SELECT * FROM TABLE(CUMULATE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '2' MINUTES, INTERVAL '10' MINUTES))",
      'SELECT a, w FROM t, LATERAL TABLE(split_words(a)) AS T(w)',
      'SELECT o.id, tag FROM o CROSS JOIN UNNEST(o.tags) AS x (tag)',
      'SELECT * FROM ticker MATCH_RECOGNIZE (PARTITION BY symbol ORDER BY rowtime MEASURES FIRST(A.price) AS p',
    );
    assert.equal(inner(tvf, 'CUMULATE'), 'keyword.other.window');
    assert.equal(inner(tvf, 'DESCRIPTOR'), 'keyword.other');
    assert.equal(inner(tvf, 'TABLE', 0), 'keyword.other.DML');
    assert.equal(inner(tvf, 'bids'), 'entity.name.table');
    assert.equal(inner(tvf, 'MINUTES'), 'keyword.other.unit');
    for (const w of ['TUMBLE', 'HOP', 'SESSION']) {
      const [l] = tokenize(`SELECT * FROM TABLE(${w}(TABLE t, DESCRIPTOR(ts), INTERVAL '1' HOUR))`);
      assert.equal(inner(l, w), 'keyword.other.window', w);
    }
    assert.equal(inner(lat, 'LATERAL'), 'keyword.other');
    assert.equal(inner(lat, 'split_words'), 'entity.name.function');
    assert.equal(inner(un, 'UNNEST'), 'keyword.other');
    assert.equal(inner(un, 'CROSS'), 'keyword.other.DML');
    assert.equal(inner(mr, 'MATCH_RECOGNIZE'), 'keyword.other');
    assert.equal(inner(mr, 'MEASURES'), 'keyword.other');
    assert.equal(inner(mr, 'FIRST'), 'support.function.builtin');
  });

  it('scopes numbers, constants, operators and function calls', () => {
    const [l] = tokenize("SELECT 1, 2.5, .5, 1e3, t1, TRUE, NULL, a || 'x', b <> 3, COUNT(*), my_fn(x) FROM t");
    for (const n of ['1', '2.5', '.5', '1e3']) assert.equal(inner(l, n), 'constant.numeric', n);
    assert.deepEqual(scopes(l, ' t1'), ['source.flink-sql'], 'a name ending in a digit is not a number');
    assert.equal(inner(l, 'TRUE'), 'constant.language.boolean');
    assert.equal(inner(l, 'NULL'), 'constant.language.null');
    assert.equal(inner(l, '||'), 'keyword.operator.concatenator');
    assert.equal(inner(l, '<>'), 'keyword.operator.comparison');
    assert.equal(inner(l, 'COUNT'), 'support.function.builtin');
    assert.equal(inner(l, '*'), 'keyword.operator.star');
    assert.equal(inner(l, 'my_fn'), 'entity.name.function');
  });

  it('keeps block comments and strings spanning lines, and resumes after them', () => {
    const [, mid, after, s2, s3] = tokenize(
      '/* a',
      'SELECT still comment',
      '*/ SELECT 1',
      "SELECT 'multi",
      "line' FROM t",
    );
    assert.ok(hasScope(mid, 'SELECT still comment', 'comment.block'));
    assert.equal(inner(after, 'SELECT'), 'keyword.other.DML');
    assert.ok(hasScope(s2, 'multi', 'string.quoted.single'));
    assert.equal(inner(s3, 'FROM'), 'keyword.other.DML');
  });

  it('a column named map compared with < does not open a type list past the statement', () => {
    const [l1, l2] = tokenize('SELECT * FROM t WHERE map < x;', 'SELECT 1 FROM u');
    assert.equal(inner(l1, ';'), 'punctuation.terminator.statement');
    assert.equal(inner(l2, 'FROM'), 'keyword.other.DML');
    assert.ok(!l2.some((t) => t.scopes.some((s) => s.startsWith('meta.type'))));
  });

  it('tokenizes long adversarial lines quickly (no catastrophic backtracking)', () => {
    const lines = [
      "'" + "''".repeat(5000),
      'a'.repeat(20000) + '(',
      '1'.repeat(20000) + 'e',
      '/*+ ' + 'X('.repeat(3000),
      "SET '" + 'k'.repeat(20000),
      'ROW<' + 'a INT, '.repeat(3000),
      ('.' + 'x').repeat(5000),
    ];
    const { ms } = cpuMs(() => tokenize(...lines));
    assert.ok(ms < 2000, `took ${ms} ms of CPU`);
  });
});
