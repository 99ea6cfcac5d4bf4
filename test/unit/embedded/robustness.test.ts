// Any text in any host language: the lexers never throw, and every analysed value maps each
// unit to host text inside the file, in order, inside its call's argument.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { extractProgram, type HostLanguage } from '../../../src/embedded';
import { cpuMs } from '../cpuTime';
import { monotone } from './helpers';

const LANGS: HostLanguage[] = ['java', 'kotlin', 'scala', 'python'];
// Fragments that matter to the lexers, glued at random.
const PIECES = [
  '"',
  "'",
  '"""',
  "'''",
  '\\',
  '\\n',
  '\\u0041',
  '$',
  '${',
  '{',
  '}',
  '(',
  ')',
  '+',
  ',',
  '.',
  '/*',
  '*/',
  '//',
  '#',
  '\n',
  '\r\n',
  ' ',
  '  |',
  'r',
  'f',
  's',
  'x',
  'SELECT 1',
  '.trimIndent()',
  '.stripMargin',
  'tEnv.executeSql(',
  't.execute_sql(',
  'set.addInsertSql(',
  // What the evaluator follows: declarations, names, formats, splits, views, loops.
  'val Q = ',
  'const val ',
  'static final String Q = ',
  'Q = ',
  'Q',
  '$Q',
  '${Q}',
  '{Q}',
  'String.format(',
  'String.join(',
  '%s',
  '.format(',
  '.split(";")',
  '.forEach(tEnv::executeSql)',
  '.foreach(tEnv.executeSql)',
  'for (s : ',
  'for s in ',
  ' s ',
  'createTemporaryView("v", ',
  'tEnv.sqlQuery(',
  'global Q',
  ';',
  '=',
];

describe('embedded SQL: robustness', () => {
  it('never throws and maps every unit to host text inside the file', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LANGS), fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), (lang, parts) => {
        const text = parts.join('');
        const p = extractProgram(text, lang);
        assert.equal(p.error, undefined);
        for (const c of p.calls) {
          assert.ok(c.argStart <= c.argEnd && c.argEnd <= text.length);
          if (!c.value) continue;
          // A value built from constants maps to their literals, elsewhere in the file.
          if (!c.elsewhere) assert.ok(monotone(c.value));
          for (let i = 0; i < c.value.text.length; i++)
            assert.ok(
              c.value.starts[i] >= 0 && c.value.starts[i] <= c.value.ends[i] && c.value.ends[i] <= text.length,
              `${lang}: ${JSON.stringify(text)}`,
            );
          if (!c.elsewhere)
            for (let i = 0; i < c.value.text.length; i++)
              assert.ok(
                c.value.starts[i] >= c.argStart && c.value.ends[i] <= c.argEnd,
                `${lang}: ${JSON.stringify(text)}`,
              );
        }
      }),
      { numRuns: 2000, seed: 20261122 },
    );
  });

  it('reads a deeply nested template without overflowing, and a 0.6 MB program in time', () => {
    const deep = `env.executeSql("${'${"'.repeat(5000)}")`;
    const nested = extractProgram(deep, 'kotlin');
    // Never terminated: the grammar finds no call in it, and says where the syntax breaks.
    assert.equal(nested.error, undefined);
    assert.ok(nested.calls.every((c) => c.notAnalysed !== undefined));
    assert.ok(nested.syntaxError);
    const big = 'tEnv.executeSql("SELECT 1");\n'.repeat(20_000);
    const { value, ms } = cpuMs(() => extractProgram(big, 'java'));
    assert.equal(value.calls.length, 20_000);
    assert.ok(ms < 5000, `${ms} ms of CPU`);
  });
});
