// The flink-kpu CLI as a user runs it: the built bundle (dist/cli.js) in a child process.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('flink-kpu CLI', () => {
  it('exits 2 with a one-line reason on usage errors and unreadable input', () => {
    const noCommand = run();
    assert.equal(noCommand.code, 2);
    assert.match(noCommand.stderr, /^flink-kpu: missing command/);
    const badFormat = run('analyze', 'examples', '--format', 'xml');
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format is text or json, not 'xml'/);
    const missing = run('analyze', 'no/such/file.sql');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read 'no\/such\/file.sql'/);
  });

  it('reports every join of the examples with its kind and the position of its operator', () => {
    const r = run('analyze', 'examples/orders/orders.sql', 'examples/offer-enrichment/enrichment.sql', '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, 1);
    const orders = out.files.find((f: { path: string }) => f.path.endsWith('orders.sql'));
    const joins = orders.joins.map((j: { line: number; column: number; kind: string; type: string; right: string }) => `${j.line}:${j.column} ${j.kind} ${j.type} ${j.right}`);
    // orders.sql: line 70 `FROM orders o, shipments s` (second table at column 16), WHERE bounds
    // s.ship_time by o.order_time: an interval join. Line 82 `LEFT JOIN currency_rates FOR SYSTEM_TIME
    // AS OF sh.order_time` (order_time has the WATERMARK): temporal. Line 85 `JOIN customers FOR
    // SYSTEM_TIME AS OF sh.proc_time` (PROCTIME()): lookup.
    assert.deepEqual(joins, ['70:16 interval INNER shipments', '82:1 temporal LEFT currency_rates', '85:1 lookup INNER customers']);
    const enrichment = out.files.find((f: { path: string }) => f.path.endsWith('enrichment.sql'));
    assert.equal(enrichment.chains.length, 1);
    // Chain inputs keep the names the query reads (the view latest_price, not its table).
    assert.deepEqual(enrichment.chains[0].inputs, ['offer', 'stock', 'latest_price', 'product', 'merchant']);
    // sku joins (stock, price, product) form one key group, merchant_id a second: two union stages.
    assert.equal(enrichment.chains[0].plans.union.stages, 2);
    assert.ok(enrichment.chains[0].amplification > 1);
  });

  it('estimates a descriptor\'s SQL with its table statistics and prices the job', () => {
    const r = run('analyze', 'examples/offer-enrichment', '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const desc = out.files.find((f: { kind: string }) => f.kind === 'descriptor');
    // parallelism 24, parallelismPerKPU 1: 24 KPU configured, billed at least 24 + 1 orchestration.
    assert.equal(desc.job.kpu.configured, 24);
    assert.ok(desc.job.kpu.billed >= 25);
    assert.equal(desc.job.cost.region, 'us-east-1');
    // 25 KPU x 0.11 USD x 730 h = 2,007.50 USD before storage and backups.
    assert.ok(desc.job.cost.kpuUsd >= 2007.5 - 1e-6);
  });

  it('exits 1 and names the gate when a chain exceeds --max-amplification', () => {
    const r = run('analyze', 'examples/offer-enrichment/enrichment.sql', '--max-amplification', '1.0');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /gate exceeded: .*enrichment.sql:\d+: amplification [\d.]+ > --max-amplification 1/);
  });

  it('reports broken SQL as a diagnostic with its line and column, not a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-kpu-'));
    const file = join(dir, 'broken.sql');
    writeFileSync(file, 'SELEC x FROM t;\nSELECT a.id FROM a JOIN b ON a.id = b.id;\n');
    const r = run('analyze', file, '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const f = JSON.parse(r.stdout).files[0];
    const syntax = f.diagnostics.filter((d: { code: string }) => d.code === 'sql-syntax');
    assert.equal(syntax.length, 1);
    assert.deepEqual([syntax[0].line, syntax[0].column], [1, 1]);
    // The statement after the error still analyses: its join is at line 2, column 20 (`JOIN`).
    assert.deepEqual(f.joins.map((j: { line: number; column: number }) => [j.line, j.column]), [[2, 20]]);
  });
});
