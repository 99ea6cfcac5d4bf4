// Table settings made in code (src/embedded/settings.ts): read as the SQL SET they stand for, in
// every host language, with the value's characters where they were written. Durations are worked
// out by hand in milliseconds (java.time.Duration, Flink's Time, Python's timedelta).
import { strict as assert } from 'node:assert';
import { analyzeProgramFile } from '../../../src/analysis';
import { AnalysisSession } from '../../../src/analysis/session';
import { calls, lines, sources } from './helpers';

// (A program is read only when it passes SQL to the Table API: each one here does, `SELECT 1`.)
const settings = (text: string, lang: Parameters<typeof calls>[1]) => calls(text, lang).filter((c) => c.setting);

describe('embedded SQL: table settings made in code', () => {
  it('Java: set(key, value) on the TableConfig is the SET it stands for, the value where it is written', () => {
    // `t.getConfig().set("table.exec.state.ttl", "1 d");`: the value literal "1 d" at 42-47, its text at 43-46.
    const src = 't.getConfig().set("table.exec.state.ttl", "1 d"); t.executeSql("SELECT 1");';
    const [c] = settings(src, 'java');
    assert.equal(c.setting, 'table.exec.state.ttl');
    assert.equal(c.value?.text, "SET 'table.exec.state.ttl' = '1 d'");
    // The value's text maps to the literal's characters, its quotes to the whole argument.
    const v = c.value!;
    assert.deepEqual(sources(v, src).slice(-5), ['"1 d"', '1', ' ', 'd', '"1 d"']);
    assert.deepEqual([c.argStart, c.argEnd], [42, 47]);
  });

  it("Java: Flink's ConfigOption constants, Duration and Time factories, booleans, constants", () => {
    const src = lines(
      'class J {',
      '  static final long TTL_HOURS = 12L;',
      '  void f(TableEnvironment t, Configuration conf) {',
      '    t.getConfig().set(ExecutionConfigOptions.IDLE_STATE_RETENTION, Duration.ofHours(TTL_HOURS));',
      '    t.getConfig().set(OptimizerConfigOptions.TABLE_OPTIMIZER_MULTI_JOIN_ENABLED, true);',
      '    t.getConfig().setIdleStateRetention(java.time.Duration.ofMinutes(90));',
      '    t.getConfig().setIdleStateRetentionTime(Time.hours(1), Time.hours(2));',
      '    conf.setString("table.exec.interval-join.min-cleanup-interval", "5 min");',
      '    t.getConfig().set(IDLE_STATE_RETENTION, Duration.ZERO);',
      '    t.executeSql("SELECT 1");',
      '  }',
      '}',
    );
    assert.deepEqual(
      settings(src, 'java').map((c) => c.value?.text),
      [
        // 12 h = 12 × 3,600,000 ms.
        "SET 'table.exec.state.ttl' = '43200000 ms'",
        "SET 'table.optimizer.multi-join.enabled' = 'true'",
        // 90 min = 90 × 60,000 ms.
        "SET 'table.exec.state.ttl' = '5400000 ms'",
        // The deprecated (min, max) form: Flink keeps min (TableConfig.setIdleStateRetentionTime), 1 h.
        "SET 'table.exec.state.ttl' = '3600000 ms'",
        "SET 'table.exec.interval-join.min-cleanup-interval' = '5 min'",
        // A statically imported constant; Duration.ZERO is no TTL.
        "SET 'table.exec.state.ttl' = '0 ms'",
      ],
    );
  });

  it('leaves other keys and other receivers alone, and says where a value is known only at run time', () => {
    const src = lines(
      'class J {',
      '  void f(TableEnvironment t, String[] args) {',
      '    t.getConfig().set("pipeline.name", "enrichment");',
      '    props.set("a", "b");',
      '    conf.set(toString, constructor);',
      '    t.getConfig().setIdleStateRetention(Duration.ofDays(Long.parseLong(args[0])));',
      '    t.executeSql("SELECT 1");',
      '  }',
      '}',
    );
    // (`toString` and `constructor` are names of nothing here, not option constants.)
    const cs = settings(src, 'java');
    assert.equal(cs.length, 1);
    assert.equal(cs[0].setting, 'table.exec.state.ttl');
    assert.equal(cs[0].value, undefined);
    assert.match(cs[0].notAnalysed ?? '', /Long\.parseLong\(args\[0\]\)/);
    // Reported at the part that is not known, not at the whole argument.
    assert.equal(src.slice(cs[0].notAnalysedStart, cs[0].notAnalysedEnd), 'Long.parseLong(args[0])');
  });

  it('Python: set_idle_state_retention(timedelta(...)), the (min, max) form, set_string on the configuration', () => {
    const src = lines(
      'from datetime import timedelta',
      'import datetime',
      't_env.get_config().set_idle_state_retention(timedelta(hours=6, minutes=30))',
      't_env.get_config().set_idle_state_retention(timedelta(1, 30))',
      't_env.get_config().set_idle_state_retention_time(datetime.timedelta(hours=1), datetime.timedelta(hours=2))',
      't_env.get_config().get_configuration().set_string("table.optimizer.multi-join.enabled", "true")',
      't_env.execute_sql("SELECT 1")',
    );
    assert.deepEqual(
      settings(src, 'python').map((c) => c.value?.text),
      [
        // 6 h 30 min = 6 × 3,600,000 + 30 × 60,000 = 23,400,000 ms.
        "SET 'table.exec.state.ttl' = '23400000 ms'",
        // Positional: 1 day and 30 seconds = 86,400,000 + 30,000 ms.
        "SET 'table.exec.state.ttl' = '86430000 ms'",
        "SET 'table.exec.state.ttl' = '3600000 ms'",
        "SET 'table.optimizer.multi-join.enabled' = 'true'",
      ],
    );
  });

  it('Kotlin and Scala: the config property and getConfig without parentheses', () => {
    const kt = lines(
      'fun main() {',
      '  tableEnv.config.set("table.exec.state.ttl", "2 h")',
      '  tableEnv.config.setIdleStateRetention(Duration.ofSeconds(45))',
      '  tableEnv.executeSql("SELECT 1")',
      '}',
    );
    assert.deepEqual(
      settings(kt, 'kotlin').map((c) => c.value?.text),
      ["SET 'table.exec.state.ttl' = '2 h'", "SET 'table.exec.state.ttl' = '45000 ms'"],
    );
    const scala = 'object J { tEnv.getConfig.setIdleStateRetention(Duration.ofDays(7)); tEnv.executeSql("SELECT 1") }';
    // 7 × 86,400,000 ms.
    assert.deepEqual(
      settings(scala, 'scala').map((c) => c.value?.text),
      ["SET 'table.exec.state.ttl' = '604800000 ms'"],
    );
  });

  it("Kotlin's property syntax for the retention setter: config.idleStateRetention = Duration, in program order", () => {
    const kt = lines(
      'fun main() {',
      '  tableEnv.config.idleStateRetention = Duration.ofHours(6)',
      '  var idleStateRetention = 5',
      '  idleStateRetention = 7',
      '  tableEnv.config.idleStateRetention = Duration.ofMinutes(n)',
      '  tableEnv.executeSql("SELECT 1")',
      '}',
    );
    const cs = settings(kt, 'kotlin');
    // 6 h = 21,600,000 ms; a plain variable of the same name is not a setting; n is not known.
    assert.deepEqual(
      cs.map((c) => [c.method, c.value?.text]),
      [
        ['idleStateRetention', "SET 'table.exec.state.ttl' = '21600000 ms'"],
        ['idleStateRetention', undefined],
      ],
    );
    // The name at line 2, from column 19 (0-based offset 31): `  tableEnv.config.` is 18 characters.
    assert.equal(kt.slice(cs[0].nameStart, cs[0].nameEnd), 'idleStateRetention');
    assert.equal(kt.slice(cs[1].notAnalysedStart, cs[1].notAnalysedEnd), 'n');
  });

  it("the program's join is sized with the TTL set in code, which is no SQL call of its own", () => {
    const src = lines(
      'class J {',
      '  void f(TableEnvironment t) {',
      '    t.getConfig().setIdleStateRetention(Duration.ofHours(1));',
      `    t.executeSql("CREATE TABLE a (id INT, v STRING) WITH ('connector' = 'kafka')");`,
      `    t.executeSql("CREATE TABLE b (id INT, w STRING) WITH ('connector' = 'kafka')");`,
      `    t.executeSql("INSERT INTO s SELECT a.id, a.v, b.w FROM a JOIN b ON a.id = b.id");`,
      '  }',
      '}',
    );
    const r = analyzeProgramFile(new AnalysisSession(), '/J.java', src);
    assert.deepEqual(r.program, { language: 'java', calls: 3, analysed: 3, withRuntimeParts: 0, settings: 1 });
    assert.equal(r.sql?.stateTtlSec, 3600);
    // Append-only inputs without a key are held for the TTL, not without bound.
    assert.equal(
      r.diagnostics.filter((d) => d.code === 'unbounded-state').length,
      0,
      r.diagnostics.map((d) => d.code).join(),
    );
  });
});
