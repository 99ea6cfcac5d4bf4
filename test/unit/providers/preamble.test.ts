// The providers' preamble (src/providers/preamble.ts) outside VS Code: a fake analysis service
// that records what was asked of it, and cancellation tokens the test flips.
import { strict as assert } from 'node:assert';
import type { FileReport } from '../../../src/analysis';
import {
  type Cancellation,
  type DocumentKind,
  NOT_CANCELLED,
  providerFullReport,
  providerReport,
  type ReportSource,
} from '../../../src/providers/preamble';

interface FakeDoc {
  kind: DocumentKind | undefined;
}

/** A service whose prefetch waits until the test releases it, logging every call in order. */
function fakeService() {
  const calls: string[] = [];
  let release = () => {};
  const prefetched = new Promise<void>((r) => {
    release = r;
  });
  const source: ReportSource<FakeDoc> = {
    kind(doc, fresh) {
      calls.push(`kind${fresh ? ' fresh' : ''}`);
      return doc.kind;
    },
    async prefetch() {
      calls.push('prefetch');
      await prefetched;
    },
    report(doc) {
      calls.push('report');
      return { path: '/x', kind: doc.kind ?? 'sql', jobs: [], diagnostics: [] } satisfies FileReport;
    },
    async fullReport(doc) {
      calls.push('full report');
      return { path: '/full', kind: doc.kind ?? 'sql', jobs: [], diagnostics: [] } satisfies FileReport;
    },
  };
  return { source, calls, release };
}

const flag = (): Cancellation & { cancel(): void } => {
  let cancelled = false;
  return {
    get isCancellationRequested() {
      return cancelled;
    },
    cancel() {
      cancelled = true;
    },
  };
};

describe('provider preamble', () => {
  it('waits for the parse-ahead, then gives the report of a document we analyse', async () => {
    const { source, calls, release } = fakeService();
    const pending = providerReport(source, { kind: 'sql' }, NOT_CANCELLED);
    // The report is not read before the parse-ahead is done (it would parse on the host's thread).
    await Promise.resolve();
    assert.deepEqual(calls, ['kind', 'prefetch']);
    release();
    const report = await pending;
    assert.equal(report?.kind, 'sql');
    assert.deepEqual(calls, ['kind', 'prefetch', 'report']);
  });

  it('analyses nothing for a document that is neither Flink SQL nor a descriptor', async () => {
    const { source, calls, release } = fakeService();
    release();
    assert.equal(await providerReport(source, { kind: undefined }, NOT_CANCELLED), undefined);
    assert.deepEqual(calls, ['kind']);
  });

  it('analyses nothing when the provider is switched off, not even the kind', async () => {
    const { source, calls, release } = fakeService();
    release();
    assert.equal(await providerReport(source, { kind: 'sql' }, NOT_CANCELLED, { enabled: false }), undefined);
    assert.deepEqual(calls, []);
  });

  it('does not compute the report of a request cancelled while the parse-ahead ran', async () => {
    const { source, calls, release } = fakeService();
    const token = flag();
    const pending = providerReport(source, { kind: 'sql' }, token);
    token.cancel();
    release();
    assert.equal(await pending, undefined);
    assert.deepEqual(calls, ['kind', 'prefetch']);
  });

  it('does not start on a request cancelled before it began', async () => {
    const { source, calls, release } = fakeService();
    const token = flag();
    token.cancel();
    release();
    assert.equal(await providerReport(source, { kind: 'sql' }, token), undefined);
    assert.deepEqual(calls, []);
  });

  it('asks whether the kind is wanted before waiting (code actions on a descriptor without their diagnostic)', async () => {
    const { source, calls, release } = fakeService();
    release();
    const sqlOnly = { wanted: (k: DocumentKind) => k === 'sql' };
    assert.equal(await providerReport(source, { kind: 'descriptor' }, NOT_CANCELLED, sqlOnly), undefined);
    assert.deepEqual(calls, ['kind']);
    assert.equal((await providerReport(source, { kind: 'sql' }, NOT_CANCELLED, sqlOnly))?.kind, 'sql');
  });

  it('passes `fresh` to the kind (the debounced diagnostics decide a document\u2019s kind afresh)', async () => {
    const { source, calls, release } = fakeService();
    release();
    await providerReport(source, { kind: 'descriptor' }, NOT_CANCELLED, { fresh: true });
    assert.deepEqual(calls, ['kind fresh', 'prefetch', 'report']);
  });

  it('gives the full report after the same preamble, and not the summary', async () => {
    const { source, calls, release } = fakeService();
    release();
    assert.equal((await providerFullReport(source, { kind: 'sql' }, NOT_CANCELLED))?.path, '/full');
    assert.deepEqual(calls, ['kind', 'prefetch', 'full report']);
  });

  it('gives no full report to a request cancelled while it was fetched', async () => {
    const { source, release } = fakeService();
    release();
    const token = flag();
    // Cancelled after the parse-ahead, while the full report is on its way from the thread.
    const cancelling: ReportSource<FakeDoc> = {
      ...source,
      fullReport(doc) {
        token.cancel();
        return source.fullReport(doc);
      },
    };
    assert.equal(await providerFullReport(cancelling, { kind: 'sql' }, token), undefined);
  });
});
