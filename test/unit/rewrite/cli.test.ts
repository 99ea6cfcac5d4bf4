// flink-kpu rewrite: writes the module where the user says, never over a file, and says why a
// chain cannot be generated.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../../../src/cli';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });

describe('flink-kpu rewrite', () => {
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'flink-kpu-rewrite-cli-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('parses its options', () => {
    assert.deepEqual(parseArgs(['rewrite', 'a.sql', '--chain', '2', '--out=x', '--flink-version', '1.19']), {
      kind: 'rewrite',
      args: { file: 'a.sql', chain: 2, out: 'x', flinkVersion: '1.19' },
    });
    assert.deepEqual(parseArgs(['rewrite', '--help']), { kind: 'help', topic: 'rewrite' });
    assert.throws(() => parseArgs(['rewrite', 'a.sql', '--chain', '0']), /--chain takes a chain number from 1/);
    assert.throws(() => parseArgs(['rewrite']), /no SQL file given/);
    assert.throws(
      () => parseArgs(['rewrite', 'a.sql', '--max-monthly-cost', '3']),
      /unknown option '--max-monthly-cost' for rewrite/,
    );
  });

  it('prints its own help', () => {
    const r = run('rewrite', '--help');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^usage: flink-kpu rewrite <file.sql> \[--chain N\] \[--out DIR\] \[--flink-version V\]/);
    assert.match(run('--help').stdout, /flink-kpu rewrite <file.sql>/);
  });

  it('writes the module into --out, and refuses to write over it a second time', () => {
    const out = join(work, 'offer');
    const r = run('rewrite', 'examples/offer-enrichment/enrichment.sql', '--out', out);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^wrote 17 files to .*offer: the DataStream union rewrite of chain 1 of 1 \(line 106, into enriched_offer\), Flink 1\.20/,
    );
    assert.ok(existsSync(join(out, 'pom.xml')));
    assert.ok(existsSync(join(out, 'src/main/java/flinkkpu/rewrite/enrichedoffer/Stage2Function.java')));
    // The user edits a file; a second run must not touch it nor write anything.
    writeFileSync(join(out, 'pom.xml'), 'mine');
    const again = run('rewrite', 'examples/offer-enrichment/enrichment.sql', '--out', out);
    assert.equal(again.status, 2);
    assert.match(
      again.stderr,
      /already has pom\.xml, .*nothing written \(the rewrite never overwrites a file; choose another --out\)/,
    );
    assert.equal(readFileSync(join(out, 'pom.xml'), 'utf8'), 'mine');
    // The module as written passes npm run check-rewrite (scripts/check-rewrite.mjs).
    const check = spawnSync(
      process.execPath,
      [join(root, 'scripts', 'check-rewrite.mjs'), out, '--sequences', '100', '--seed', '9'],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(
      check.stdout,
      /replayed 100 random changelogs \(\d+ changes, seed 9\): 100 end in the SQL chain's table, 0 differ/,
    );
  });

  it('writes into an existing folder when none of its files is there', () => {
    const out = join(work, 'existing');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'keep');
    assert.equal(
      run('rewrite', 'test/fixtures/rewrite/all-inner.sql', '--out', out, '--flink-version', '1.19').status,
      0,
    );
    assert.equal(readFileSync(join(out, 'notes.txt'), 'utf8'), 'keep');
    assert.match(readFileSync(join(out, 'pom.xml'), 'utf8'), /<flink.version>1\.19\.0<\/flink.version>/);
  });

  it('says why a chain cannot be generated, with its line, and writes nothing', () => {
    const sql = join(work, 'full.sql');
    writeFileSync(
      sql,
      `CREATE TABLE a (id BIGINT, k STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'key.format' = 'raw', 'value.format' = 'json');
CREATE TABLE b (k STRING, w STRING, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'key.format' = 'raw', 'value.format' = 'json');
CREATE TABLE o (id BIGINT, w STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'key.format' = 'raw', 'value.format' = 'json');
INSERT INTO o
SELECT a.id, b.w
FROM a
FULL JOIN b ON b.k = a.k;
`,
    );
    const out = join(work, 'full-out');
    const r = run('rewrite', sql, '--out', out);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot be generated:\n {2}.*full\.sql:7:1: join 1 \(b\) is a FULL join/);
    assert.ok(!existsSync(out));
    const none = run('rewrite', sql, '--chain', '2');
    assert.equal(none.status, 2);
    assert.match(none.stderr, /--chain 2: .*full\.sql has 1 join chain$/m);
  });
});
