// The generated union rewrites compile against the Flink API shim (test/rewrite/shim, Flink 1.20
// signatures) and compute what the SQL chain computes: the replay harness runs their stage
// functions on seeded random changelogs (inserts, updates, deletes, interleaved keys) and the
// sink's final table must equal the SQL result of an independent INNER/LEFT join evaluator.
// Needs a JDK (javac): `npm run test:install` installs Debian's default-jdk-headless. Without
// one these tests fail and say so; they are not skipped.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyzeSqlFile } from '../../../src/analysis';
import { generateRewrite } from '../../../src/rewrite';
import {
  checkCompiled,
  type Compiled,
  compileModules,
  compileShim,
  evaluateChain,
  finalTables,
  jdk,
  randomSequences,
  replay,
  type ReplayEvent,
  type Step,
} from '../../rewrite/harness';
import { AnalysisSession } from '../../../src/analysis/session';

const root = join(__dirname, '..', '..');
const SEQUENCES = 1000;

function writeModule(sqlPath: string, dir: string, flinkVersion?: string): void {
  const text = readFileSync(join(root, sqlPath), 'utf8');
  const r = analyzeSqlFile(new AnalysisSession(), sqlPath, text);
  const g = generateRewrite(text, r.sql!, r.estimate!, 0, { flinkVersion });
  if ('errors' in g) assert.fail(g.errors.map((e) => e.message).join('\n'));
  for (const [p, c] of g.files) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
}

const CHAINS: { name: string; sql: string; seed: number }[] = [
  {
    name: "the examples' offer chain (two key groups, a LEFT join in each)",
    sql: 'examples/offer-enrichment/enrichment.sql',
    seed: 101,
  },
  {
    name: 'a chain with inputs of several rows per key (MapStates)',
    sql: 'test/fixtures/rewrite/many-per-key.sql',
    seed: 202,
  },
  { name: 'an all-INNER chain on two keys', sql: 'test/fixtures/rewrite/all-inner.sql', seed: 303 },
  {
    name: 'a chain whose LEFT inputs are deleted (and whose second key may be null)',
    sql: 'test/fixtures/rewrite/left-deletes.sql',
    seed: 404,
  },
];

describe('union rewrite: compiled and replayed against the SQL semantics', function () {
  this.timeout(240_000);
  let work: string;
  let modules: Compiled[] = [];
  const module = (sql: string) => modules[CHAINS.findIndex((c) => c.sql === sql)];

  before(() => {
    jdk(); // throws "javac not found: ..." when there is no JDK
    work = mkdtempSync(join(tmpdir(), 'flink-kpu-rewrite-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('the generated Java compiles with javac for Flink 1.20 and, with open(Configuration) and Time, for 1.18', () => {
    const shim = compileShim(work);
    const dirs = CHAINS.map((c, n) => {
      writeModule(c.sql, join(work, `m${n}`));
      return join(work, `m${n}`);
    });
    modules = compileModules(dirs, join(work, 'v120'), shim);
    writeModule('test/fixtures/rewrite/all-inner.sql', join(work, 'old'), '1.18');
    compileModules([join(work, 'old')], join(work, 'v118'), shim);
  });

  for (const { name, sql, seed } of CHAINS) {
    it(`${name}: ${SEQUENCES} random changelogs end in the SQL chain's table`, () => {
      const m = module(sql);
      assert.ok(m, 'the modules did not compile');
      const { manifest } = m;
      const r = checkCompiled(m, SEQUENCES, seed);
      assert.equal(r.sequences, SEQUENCES);
      assert.equal(
        r.mismatched,
        0,
        `${r.mismatched} of ${SEQUENCES} differ; first: ${JSON.stringify(r.failures[0], null, 1)}`,
      );
      // The sequences are not trivial: most end with output rows, and every input is updated and deleted.
      const seqs = randomSequences(manifest, SEQUENCES, seed);
      const events = seqs.flatMap((s) => s.filter((x): x is ReplayEvent => x !== 'F'));
      const withRows = seqs.filter(
        (s) =>
          evaluateChain(
            manifest,
            finalTables(
              manifest,
              s.filter((x): x is ReplayEvent => x !== 'F'),
            ),
          ).length > 0,
      ).length;
      assert.ok(withRows > SEQUENCES / 3, `only ${withRows} sequences end with rows`);
      for (const [i, inp] of manifest.inputs.entries()) {
        for (const kind of ['+I', '-U', '+U', '-D'])
          assert.ok(
            events.some((e) => e.input === i && e.kind === kind),
            `${inp.name} gets no ${kind}`,
          );
      }
    });
  }

  it('the many-per-key chain meets customers with several orders and several addresses at once', () => {
    const { manifest } = module('test/fixtures/rewrite/many-per-key.sql');
    const seqs = randomSequences(manifest, SEQUENCES, 202);
    // order_address rows share a customer when their name column (customer.name) comes from one key:
    // count sequences whose result has 2+ orders and 2+ addresses.
    const rich = seqs.filter((s) => {
      const rows = evaluateChain(
        manifest,
        finalTables(
          manifest,
          s.filter((x): x is ReplayEvent => x !== 'F'),
        ),
      ).map((r) => r.split('\t'));
      return (
        new Set(rows.map((r) => r[0])).size >= 2 && new Set(rows.map((r) => r[1]).filter((a) => a !== '\\N')).size >= 2
      );
    }).length;
    assert.ok(rich > 50, `only ${rich} sequences join several orders with several addresses`);
  });

  it('an update of a column the output does not use emits nothing', () => {
    const offerModule = module('examples/offer-enrichment/enrichment.sql');
    const { manifest } = offerModule;
    const row = (input: string, values: Record<string, string | null>): (string | null)[] => {
      const inp = manifest.inputs.find((i) => i.name === input)!;
      return inp.columns.map((c) => (c.name in values ? values[c.name] : null));
    };
    const ev = (input: string, kind: ReplayEvent['kind'], values: Record<string, string | null>): ReplayEvent => ({
      input: manifest.inputs.findIndex((i) => i.name === input),
      kind,
      values: row(input, values),
    });
    const offer = { sku: 'k1', title: 't1', merchant_id: '7' };
    const price = { sku: 'k1', amount: '9.99', currency: 'EUR' };
    const steps: Step[] = [
      ev('offer', '+I', offer),
      ev('stock', '+I', { sku: 'k1', quantity: '5' }),
      ev('product', '+I', { sku: 'k1', brand: 'b1', category: 'c1', attributes: 'x=1' }),
      ev('merchant', '+I', { merchant_id: '7', name: 'm1' }),
      ev('latest_price', '+I', price),
      'F',
      // offer.condition changes: the chain reads sku, title and merchant_id only, so the source
      // query's changelog carries the same values before and after.
      ev('offer', '-U', offer),
      ev('offer', '+U', offer),
      // a price event with the same amount and currency replaces the latest price with itself.
      ev('latest_price', '-U', price),
      ev('latest_price', '+U', price),
      'F',
      // and a change the output does use: the stock quantity.
      ev('stock', '-U', { sku: 'k1', quantity: '5' }),
      ev('stock', '+U', { sku: 'k1', quantity: '6' }),
      'F',
    ];
    const [[first, second, third]] = replay(offerModule, [steps]);
    // SELECT o.sku, o.title, s.quantity, p.amount, p.currency, pr.brand, pr.category, pr.attributes, m.name
    assert.deepEqual(first.rows, ['k1\tt1\t5\t9.99\tEUR\tb1\tc1\tx=1\tm1']);
    assert.ok(first.messages >= 1);
    assert.deepEqual(second, first, 'the redundant updates emitted messages');
    assert.deepEqual(third.rows, ['k1\tt1\t6\t9.99\tEUR\tb1\tc1\tx=1\tm1']);
    assert.equal(third.messages, first.messages + 1, 'the quantity change is one upsert');
  });

  it('without a JDK the harness fails and says how to get one (no silent skip)', () => {
    const saved = { path: process.env.PATH, home: process.env.JAVA_HOME };
    process.env.PATH = join(work, 'no-such-dir');
    delete process.env.JAVA_HOME;
    try {
      assert.throws(() => jdk(), /javac not found: .*default-jdk-headless/);
    } finally {
      process.env.PATH = saved.path;
      if (saved.home !== undefined) process.env.JAVA_HOME = saved.home;
    }
  });
});
