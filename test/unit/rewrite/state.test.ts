// The state of a generated rewrite, read off the Java it declares, is the union plan's: the
// ValueState of each stage holds the POJOs of the one-per-key inputs with exactly the columns
// the union plan sized, each MapState holds one input's rows by its unique key, and the figure
// the rewrite reports is the union plan's (one model), worked by hand for a small chain.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSqlFile } from '../../../src/analysis';
import { generateRewrite, type Rewrite } from '../../../src/rewrite';
import { AnalysisSession } from '../../../src/analysis/session';

const root = join(__dirname, '..', '..');

function generate(text: string): Rewrite {
  const r = analyzeSqlFile(new AnalysisSession(), 't.sql', text);
  const g = generateRewrite(text, r.sql!, r.estimate!, 0);
  if ('errors' in g) assert.fail(g.errors.map((e) => e.message).join('\n'));
  return g;
}

/** The state a generated module declares, from its Java text only. */
function declared(files: Map<string, string>) {
  const java = (cls: string) => [...files].find(([p]) => p.endsWith(`/${cls}.java`))?.[1];
  /** SQL column names of an input POJO: its from(Row) reads them by name. */
  const columnsOf = (cls: string) =>
    [...(java(cls) ?? '').matchAll(/getFieldAs\("([^"]+)"\)/g)].map((m) => m[1]).sort();
  const stages: { value?: Record<string, string[]>; maps: Record<string, string[] | 'previous'> }[] = [];
  for (let n = 1; java(`Stage${n}Function`); n++) {
    const fn = java(`Stage${n}Function`)!;
    const stage: (typeof stages)[number] = { maps: {} };
    if (/new ValueStateDescriptor<>\("latest", Stage\d+State\.class\)/.test(fn)) {
      const st = java(`Stage${n}State`)!;
      stage.value = {};
      for (const m of st.matchAll(/^ {4}public (\w+) (\w+);/gm))
        stage.value[m[2]] = m[1].endsWith('Result') ? ['(previous result)'] : columnsOf(m[1]);
    }
    for (const m of fn.matchAll(/new MapStateDescriptor<>\("(\w+)", \w+\.class, (\w+)\.class\)/g))
      stage.maps[m[1]] = m[2].endsWith('Result') ? 'previous' : columnsOf(m[2]);
    stages.push(stage);
  }
  return { stages };
}

describe("union rewrite: its state is the union plan's", () => {
  it("a small chain by hand: 121,000,000 B, the union plan's figure", () => {
    const sql = `CREATE TABLE a (id BIGINT, k BIGINT, v BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'key.format' = 'raw', 'value.format' = 'json');
CREATE TABLE b (k BIGINT, w BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'key.format' = 'raw', 'value.format' = 'json');
CREATE TABLE out_t (id BIGINT, w BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'key.format' = 'raw', 'value.format' = 'json');
INSERT INTO out_t SELECT a.id, b.w FROM a JOIN b ON b.k = a.k;`;
    const g = generate(sql);
    // The Java: stage 1 on k keeps b (k, w) in its ValueState and a (id, k; v is not read) in a MapState by id.
    assert.deepEqual(declared(g.files).stages, [{ value: { b: ['k', 'w'] }, maps: { a: ['id', 'k'] } }]);
    // By hand (docs/sizing-model.md §2, 3.5; defaults: 1,000,000 rows per table, no TTL, RocksDB overhead 0, 128 key groups):
    //   key k:               1 key-group byte + BinaryRowData (4 length + 8 null bits + 8 slot) + 1 namespace = 22 B
    //   ValueState (b):      22 + row (k, w) 4 + 8 + 2 × 8 = 28            → 50 B × 1,000,000 keys = 50,000,000
    //   MapState a by id:    22 + U row (id) 20 + 1 null flag + row (id, k) 28 = 71 B × 1,000,000 rows = 71,000,000
    assert.equal(g.state.stateBytes, 121_000_000);
    assert.equal(g.state.stateBytes, g.chain.estimate.union.stateBytes);
  });

  for (const sql of [
    'examples/offer-enrichment/enrichment.sql',
    'test/fixtures/rewrite/many-per-key.sql',
    'test/fixtures/rewrite/all-inner.sql',
    'test/fixtures/rewrite/left-deletes.sql',
  ]) {
    it(`${sql}: the declared ValueState and MapStates are the union plan's layout, with its columns`, () => {
      const g = generate(readFileSync(join(root, sql), 'utf8'));
      const { stages } = declared(g.files);
      const layout = g.chain.estimate.union.layout;
      const field = (input: number | undefined) => (input === undefined ? 'previous' : g.plan.inputs[input].field);
      assert.equal(stages.length, layout.length);
      layout.forEach((l, n) => {
        const value = Object.fromEntries(
          (l.valueState?.members ?? []).map((m) => [
            field(m.input),
            m.input === undefined ? ['(previous result)'] : [...m.columns].sort(),
          ]),
        );
        assert.deepEqual(stages[n].value, l.valueState ? value : undefined, `stage ${n + 1} ValueState`);
        const maps = Object.fromEntries(
          l.mapStates.map((m) => [field(m.input), m.input === undefined ? 'previous' : [...m.columns].sort()]),
        );
        assert.deepEqual(stages[n].maps, maps, `stage ${n + 1} MapStates`);
      });
      assert.equal(g.state.stateBytes, g.chain.estimate.union.stateBytes);
    });
  }
});
