// The command line's grammar, shared by analyze, diff and rewrite.
import { strict as assert } from 'node:assert';
import { readArgs, UsageError } from '../../src/cliArgs';

/** Reads argv with two known flags, --out (a value) and --budget (a number), and the switch --quiet. */
function read(argv: string[], command?: string) {
  const seen: [string, string | number | boolean][] = [];
  const positional: string[] = [];
  readArgs(
    argv,
    (flag, v) => {
      if (flag === '--out') seen.push([flag, v.text()]);
      else if (flag === '--budget') seen.push([flag, v.number()]);
      else if (flag === '--quiet') seen.push([flag, true]);
      else return false;
      return true;
    },
    (arg) => positional.push(arg),
    command,
  );
  return { seen, positional };
}

describe('CLI arguments', () => {
  it('reads --flag value, --flag=value, switches and positional arguments in order', () => {
    assert.deepEqual(read(['a.sql', '--out', 'dir', '--quiet', '--budget=2.5', 'b.sql']), {
      seen: [
        ['--out', 'dir'],
        ['--quiet', true],
        ['--budget', 2.5],
      ],
      positional: ['a.sql', 'b.sql'],
    });
    // A value after '=' may itself contain '=' or start with '--'.
    assert.deepEqual(read(['--out=a=b']).seen, [['--out', 'a=b']]);
    assert.deepEqual(read(['--out=--x']).seen, [['--out', '--x']]);
    // A value that starts with one dash is a value (a negative number is refused by number()).
    assert.deepEqual(read(['--out', '-']).seen, [['--out', '-']]);
  });

  it('names the flag in every mistake', () => {
    assert.throws(() => read(['--out']), new UsageError('--out needs a value'));
    assert.throws(() => read(['--out', '--quiet']), new UsageError('--out needs a value'));
    assert.throws(() => read(['--budget', 'x']), new UsageError("--budget takes a non-negative number, not 'x'"));
    assert.throws(() => read(['--budget=-1']), new UsageError("--budget takes a non-negative number, not '-1'"));
    assert.throws(() => read(['--budget=']), new UsageError("--budget takes a non-negative number, not ''"));
    assert.throws(() => read(['--budget', 'Infinity']), /non-negative number, not 'Infinity'/);
    assert.throws(() => read(['--frob=1']), new UsageError("unknown option '--frob=1'"));
    assert.throws(() => read(['-x'], 'rewrite'), new UsageError("unknown option '-x' for rewrite"));
  });
});
