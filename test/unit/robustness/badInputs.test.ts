// The bad-input corpus (test/fixtures/bad/manifest.json): each hand-made file, read as an editor
// reads it (bytes decoded by their byte-order mark), gives the diagnostics the manifest names at
// the ranges worked out there by hand, never throws, keeps every range inside the document and
// every number finite and non-negative, and finishes in time.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeDescriptorFile, analyzeSqlFile, type FileReport } from '../../../src/analysis';
import { initDescriptorParsers } from '../../../src/descriptor';
import { decodeText } from '../../../src/text';
import { cpuMs } from '../cpuTime';
import { badNumbers, rangesOutside } from './generators';
import { AnalysisSession } from '../../../src/analysis/session';

/** The repository root: the test bundle runs from out/test/. */
const BAD = path.join(__dirname, '..', '..', 'test', 'fixtures', 'bad');

interface Case {
  file?: string;
  generate?: '50mb-line';
  as?: string;
  what: string;
  expect: Array<[string, string]>;
  job?: { parallelism?: number };
  maxMs: number;
}

const manifest = JSON.parse(readFileSync(path.join(BAD, 'manifest.json'), 'utf8')) as { cases: Case[] };

function text(c: Case): string {
  if (c.file) return decodeText(readFileSync(path.join(BAD, c.file)));
  const filler = 'x'.repeat(50 * 1024 * 1024);
  return c.as?.endsWith('.sql') ? `SELECT ${filler} FROM t;` : `name: ${filler}`;
}

const at = (r: { start: { line: number; column: number }; end: { line: number; column: number } }) =>
  `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;

describe('bad-input corpus (test/fixtures/bad)', () => {
  before(async () => {
    await initDescriptorParsers();
  });

  for (const c of manifest.cases) {
    const name = c.as ?? c.file!;
    it(`${name}: ${c.what} -> ${c.expect.map(([code, range]) => `${code} ${range}`).join(', ') || 'no error'}`, () => {
      const t = text(c);
      // maxMs bounds the CPU time the analysis takes (test/unit/cpuTime.ts), not the wall clock's.
      const { value: report, ms }: { value: FileReport | undefined; ms: number } = cpuMs(() =>
        name.endsWith('.sql')
          ? analyzeSqlFile(new AnalysisSession(), `/w/${name}`, t)
          : analyzeDescriptorFile(new AnalysisSession(), `/w/${name}`, t, () => undefined),
      );
      assert.ok(report, `${name} is read as a descriptor`);
      const got = report.diagnostics.map((d) => `${d.code} ${at(d.range)}`);
      for (const [code, range] of c.expect)
        assert.ok(
          got.includes(`${code} ${range}`),
          `expected ${code} at ${range}; got ${JSON.stringify(got.slice(0, 12))}`,
        );
      if (c.expect.length === 0)
        assert.deepEqual(
          report.diagnostics.filter((d) => d.severity === 'error'),
          [],
        );
      assert.deepEqual(
        report.diagnostics.filter((d) => d.code.endsWith('-internal')),
        [],
      );
      assert.deepEqual(rangesOutside(t, report.diagnostics), []);
      assert.deepEqual(badNumbers(report), []);
      if (c.job?.parallelism !== undefined) assert.equal(report.jobs[0]?.spec.parallelism?.value, c.job.parallelism);
      assert.ok(ms <= c.maxMs, `${ms} ms of CPU, more than ${c.maxMs}`);
    });
  }
});
