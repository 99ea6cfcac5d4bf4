import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { flinkJobJsonSchema, flinkJobJsonSchemaText } from '../../../src/descriptor/schema';
import { UNIT_PATTERNS } from '../../../src/descriptor/units';
import { ROOT } from './helpers';

describe('descriptor JSON Schema', () => {
  it('is up to date in schemas/flinkjob.schema.json (run `npm run schema` after changing the zod schema)', () => {
    const committed = readFileSync(path.join(ROOT, 'schemas', 'flinkjob.schema.json'), 'utf8');
    assert.equal(committed, flinkJobJsonSchemaText());
  });

  it('carries the limits and the unit patterns of the descriptor', () => {
    const schema = flinkJobJsonSchema() as {
      $schema: string;
      additionalProperties: boolean;
      properties: Record<string, Record<string, unknown>>;
    };
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.additionalProperties, false);
    const p = schema.properties;
    assert.deepEqual(
      [p.parallelismPerKPU.type, p.parallelismPerKPU.minimum, p.parallelismPerKPU.maximum],
      ['integer', 1, 8],
    );
    assert.deepEqual(p.platform.enum, ['aws-managed-flink', 'flink-kubernetes-operator', 'self-managed']);
    const table = p.tables.additionalProperties as {
      properties: Record<string, { anyOf: Array<{ type: string; pattern?: string }> }>;
      additionalProperties: boolean;
    };
    assert.equal(table.additionalProperties, false);
    assert.deepEqual(
      table.properties.rows.anyOf.map((a) => a.type),
      ['number', 'string'],
    );
    assert.equal(table.properties.rows.anyOf[1].pattern, new RegExp(UNIT_PATTERNS.count).source);
    assert.equal(
      table.properties.rate.anyOf[1].pattern,
      new RegExp(UNIT_PATTERNS.rate).source,
      'JSON Schema gets the source of the same RegExp zod checks',
    );
  });
});
