// The union rewrite generator (src/rewrite): which stages and state a chain gets, and which
// chains it refuses, with the reason and the range. Expected layouts are read off the SQL by
// hand: an input keeps one row per stage key when its primary key is the join key.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSqlFile } from '../../../src/analysis';
import { generateRewrite, type Rewrite, rewriteSummary } from '../../../src/rewrite';
import { mutatedSql, params, rangesOutside } from '../robustness/generators';
import { AnalysisSession } from '../../../src/analysis/session';

const root = join(__dirname, '..', '..');
const fixture = (name: string) => readFileSync(join(root, name), 'utf8');

function generate(text: string, chain = 0, flinkVersion?: string) {
  const r = analyzeSqlFile(new AnalysisSession(), 't.sql', text);
  return generateRewrite(text, r.sql!, r.estimate!, chain, { flinkVersion });
}

function ok(text: string, chain = 0, flinkVersion?: string): Rewrite {
  const g = generate(text, chain, flinkVersion);
  if ('errors' in g) assert.fail(g.errors.map((e) => e.message).join('\n'));
  return g;
}

function errors(text: string): { message: string; line: number }[] {
  const g = generate(text);
  assert.ok('errors' in g, 'expected the chain to be refused');
  return g.errors.map((e) => ({ message: e.message, line: e.range.start.line }));
}

const DDL = `CREATE TABLE a (id BIGINT, k STRING, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'key.format' = 'raw', 'value.format' = 'json');
CREATE TABLE b (k STRING, w STRING, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'key.format' = 'raw', 'value.format' = 'json');
CREATE TABLE out_t (id BIGINT, w STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'key.format' = 'raw', 'value.format' = 'json');
`;

describe('union rewrite: generation', () => {
  it('the offer chain: stage 1 on sku keeps offer, stock, latest_price and product in one ValueState; stage 2 on merchant_id keeps stage 1 results by sku and merchant', () => {
    const g = ok(fixture('examples/offer-enrichment/enrichment.sql'));
    assert.deepEqual(
      g.state.stages.map((s) => ({
        key: s.key,
        value: s.valueState?.members,
        maps: s.mapStates.map((m) => `${m.member} by ${m.mapKey}`),
      })),
      [
        { key: 'sku', value: ['offer', 'stock', 'latest_price', 'product'], maps: [] },
        { key: 'merchant_id', value: ['merchant'], maps: ['stage 1 result by sku'] },
      ],
    );
    const dir = 'src/main/java/flinkkpu/rewrite/enrichedoffer';
    for (const cls of [
      'EnrichedOfferJob',
      'OfferRow',
      'StockRow',
      'LatestPriceRow',
      'ProductRow',
      'MerchantRow',
      'EnrichedOfferRow',
      'Stage1Event',
      'Stage1State',
      'Stage1Result',
      'Stage1Change',
      'Stage1Function',
      'Stage2Event',
      'Stage2State',
      'Stage2Function',
    ]) {
      assert.ok(g.files.has(`${dir}/${cls}.java`), `${cls}.java`);
    }
    // Only the columns the chain reads: offer's condition and updated_at are not in OfferRow.
    const offer = g.files.get(`${dir}/OfferRow.java`)!;
    assert.match(offer, /public String sku;/);
    assert.match(offer, /public Long merchantId;/);
    assert.match(offer, /public String title;/);
    assert.doesNotMatch(offer, /condition|updatedAt/);
    // DECIMAL(12, 2) → BigDecimal, MAP<STRING, STRING> → Map<String, String>.
    assert.match(g.files.get(`${dir}/LatestPriceRow.java`)!, /public BigDecimal amount;/);
    assert.match(g.files.get(`${dir}/ProductRow.java`)!, /public Map<String, String> attributes;/);
    // The output: an upsert stream on sku, the sink's primary key.
    assert.deepEqual(g.plan.outputKey, ['sku']);
    const job = g.files.get(`${dir}/EnrichedOfferJob.java`)!;
    assert.match(job, /ChangelogMode\.upsert\(\)/);
    assert.match(job, /cannot be restored from a savepoint of the SQL/);
    assert.match(job, /\.keyBy\(Stage2Event::key\)/);
    // merchant_id is nullable and stage 2 has only a LEFT JOIN: rows without a merchant still give output.
    assert.match(job, /flatMap\(Stage2Function::withoutKey\)/);
  });

  it("the pom: the job's Flink version, Flink itself provided, the Kafka connector and json format packaged", () => {
    const g = ok(fixture('examples/offer-enrichment/enrichment.sql'), 0, '1.19');
    const pom = g.files.get('pom.xml')!;
    assert.match(pom, /<flink.version>1\.19\.0<\/flink.version>/);
    assert.match(
      pom,
      /<artifactId>flink-streaming-java<\/artifactId>\s*<version>\$\{flink.version\}<\/version>\s*<scope>provided<\/scope>/,
    );
    assert.match(
      pom,
      /<artifactId>flink-connector-kafka<\/artifactId>\s*<version>\$\{kafka.connector.version\}<\/version>\s*<\/dependency>/,
    );
    assert.match(pom, /<kafka.connector.version>3\.3\.0-1\.19<\/kafka.connector.version>/);
    assert.match(pom, /<artifactId>flink-json<\/artifactId>/);
  });

  it('Flink before 1.19 gets open(Configuration) and Time; from 1.19 open(OpenContext) and Duration', () => {
    const text = fixture('test/fixtures/rewrite/all-inner.sql'); // SET 'table.exec.state.ttl' = '1 d'
    const old = ok(text, 0, '1.18').files.get('src/main/java/flinkkpu/rewrite/userbalance/Stage1Function.java')!;
    assert.match(old, /public void open\(Configuration parameters\)/);
    assert.match(old, /StateTtlConfig\.newBuilder\(Time\.seconds\(86400L\)\)/);
    const now = ok(text, 0, '1.20').files.get('src/main/java/flinkkpu/rewrite/userbalance/Stage1Function.java')!;
    assert.match(now, /public void open\(OpenContext openContext\)/);
    assert.match(now, /StateTtlConfig\.newBuilder\(Duration\.ofSeconds\(86400L\)\)/);
    assert.match(now, /latestDescriptor\.enableTimeToLive\(TTL\);/);
  });

  it('inputs with several rows per key get a MapState by their primary key; the output key is (order_id, address_id)', () => {
    const g = ok(fixture('test/fixtures/rewrite/many-per-key.sql'));
    assert.deepEqual(
      g.state.stages.map((s) => ({
        value: s.valueState?.members,
        maps: s.mapStates.map((m) => `${m.member} by ${m.mapKey}`),
      })),
      [{ value: ['customer'], maps: ['orders by order_id', 'address by address_id'] }],
    );
    assert.deepEqual(g.plan.outputKey, ['order_id', 'address_id']);
  });
});

describe('union rewrite: what the comparison shows beside its button', () => {
  const summary = (text: string) => {
    const r = analyzeSqlFile(new AnalysisSession(), 't.sql', text);
    return rewriteSummary(text, r.sql!, r.estimate!, 0);
  };

  it('the state of the union stages and of the SQL joins, from the same estimate', () => {
    const text = fixture('examples/offer-enrichment/enrichment.sql');
    const s = summary(text);
    const e = analyzeSqlFile(new AnalysisSession(), 't.sql', text).estimate!.chains[0].estimate;
    assert.deepEqual(s, { available: true, stateBytes: e.union.stateBytes, binaryBytes: e.binary.stateBytes });
  });

  it('why it cannot be generated, with the line', () => {
    const s = summary(`${DDL}INSERT INTO out_t\nSELECT a.id, b.w\nFROM a\nFULL JOIN b ON b.k = a.k;`);
    assert.equal(s.available, false);
    assert.match(s.reason!, /^line 7: join 1 \(b\) is a FULL join/);
  });
});

describe('union rewrite: chains it refuses', () => {
  it("a FULL join, with the join's line", () => {
    const e = errors(`${DDL}INSERT INTO out_t\nSELECT a.id, b.w\nFROM a\nFULL JOIN b ON b.k = a.k;`);
    assert.equal(e.length, 1);
    assert.match(e[0].message, /FULL join/);
    assert.equal(e[0].line, 7);
  });

  it('a join without an equi-key', () => {
    const e = errors(`${DDL}INSERT INTO out_t\nSELECT a.id, b.w\nFROM a\nJOIN b ON b.k > a.k;`);
    assert.ok(
      e.some((x) => /no equi-join key/.test(x.message)),
      JSON.stringify(e),
    );
  });

  it('a WHERE clause after the joins', () => {
    const e = errors(`${DDL}INSERT INTO out_t\nSELECT a.id, b.w\nFROM a\nJOIN b ON b.k = a.k\nWHERE a.v = 'x';`);
    assert.ok(
      e.some((x) => /clauses after its joins \(WHERE/.test(x.message) && x.line === 7),
      JSON.stringify(e),
    );
  });

  it('an expression in the SELECT list, at its line', () => {
    const e = errors(`${DDL}INSERT INTO out_t\nSELECT a.id,\n  UPPER(b.w)\nFROM a\nJOIN b ON b.k = a.k;`);
    assert.deepEqual(
      e.map((x) => x.line),
      [6],
    );
    assert.match(e[0].message, /'UPPER\(b\.w\)' is not a plain column/);
  });

  it("an output without the join result's key (a primary key the query does not read)", () => {
    const e = errors(
      `${DDL.replace('out_t (id BIGINT, w STRING, PRIMARY KEY (id) NOT ENFORCED)', 'out_t (v STRING, w STRING)')}INSERT INTO out_t\nSELECT a.v, b.w\nFROM a\nJOIN b ON b.k = a.k;`,
    );
    assert.ok(
      e.some((x) => /^the primary key of a \(id\) is not read by the query/.test(x.message)),
      JSON.stringify(e),
    );
  });

  it("an output without the join result's key (read as a join key, not selected)", () => {
    const ddl = DDL.replace('out_t (id BIGINT, w STRING, PRIMARY KEY (id) NOT ENFORCED)', 'out_t (w STRING)').replace(
      'b (k STRING, w STRING, PRIMARY KEY (k) NOT ENFORCED)',
      'b (k BIGINT, w STRING, PRIMARY KEY (k) NOT ENFORCED)',
    );
    const e = errors(`${ddl}INSERT INTO out_t\nSELECT b.w\nFROM a\nJOIN b ON b.k = a.id;`);
    assert.ok(
      e.some((x) =>
        /^a\.id is not in the SELECT list: the output is an upsert stream on the join result's key \(a\.id\)/.test(
          x.message,
        ),
      ),
      JSON.stringify(e),
    );
  });

  it('an input without a unique key', () => {
    const e = errors(
      `${DDL.replace('w STRING, PRIMARY KEY (k) NOT ENFORCED', 'w STRING')}INSERT INTO out_t\nSELECT a.id, b.w\nFROM a\nJOIN b ON b.k = a.k;`,
    );
    assert.ok(
      e.some((x) => /^b has no unique key/.test(x.message)),
      JSON.stringify(e),
    );
  });

  it('a chain that feeds a view, not a sink', () => {
    const e = errors(`${DDL}CREATE VIEW ab AS SELECT a.id, b.w FROM a JOIN b ON b.k = a.k;`);
    assert.ok(
      e.some((x) => /not an INSERT INTO a table/.test(x.message)),
      JSON.stringify(e),
    );
  });
});

describe('property: the rewrite of generated and mutated SQL', () => {
  it('never throws: every chain gives a module or its reasons, with ranges inside the document', () => {
    fc.assert(
      fc.property(mutatedSql, ({ text }) => {
        const r = analyzeSqlFile(new AnalysisSession(), '/w/fuzz.sql', text);
        r.sql!.chains.forEach((_, i) => {
          const g = generateRewrite(text, r.sql!, r.estimate!, i);
          if ('errors' in g) {
            assert.ok(g.errors.length > 0);
            assert.deepEqual(
              rangesOutside(
                text,
                g.errors.map((e) => ({ ...e, severity: 'error' as const, code: 'rewrite' })),
              ),
              [],
            );
          } else assert.ok(g.files.has('pom.xml'));
        });
      }),
      params(100),
    );
  });
});
