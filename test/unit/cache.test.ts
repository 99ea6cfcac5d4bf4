import { strict as assert } from 'node:assert';
import { GroupedCache } from '../../src/cache';

describe('GroupedCache', () => {
  it('drops the oldest groups first, then the oldest values of the group being written', () => {
    const c = new GroupedCache<string, number, string>(3);
    c.set('a', 1, 'a1');
    c.set('a', 2, 'a2');
    c.set('b', 1, 'b1');
    // Three values: all kept. A fourth drops group a (two values), the oldest group.
    assert.equal(c.get('a', 2), 'a2');
    c.set('b', 2, 'b2');
    assert.equal(c.get('a', 1), undefined);
    assert.equal(c.get('a', 2), undefined);
    // b1, b2 and b3 fit; b4 makes four in b, the only group: its oldest value, b1, goes.
    c.set('b', 3, 'b3');
    c.set('b', 4, 'b4');
    assert.deepEqual(
      [1, 2, 3, 4].map((k) => c.get('b', k)),
      [undefined, 'b2', 'b3', 'b4'],
    );
    // Writing a key again counts it once.
    c.set('b', 4, 'b4 again');
    assert.deepEqual(
      [2, 3, 4].map((k) => c.get('b', k)),
      ['b2', 'b3', 'b4 again'],
    );
  });

  it('keeps at most maxGroups groups', () => {
    const c = new GroupedCache<number, string, number>(100, 2);
    c.set(1, 'x', 1);
    c.set(2, 'x', 2);
    c.set(3, 'x', 3);
    assert.deepEqual(
      [1, 2, 3].map((g) => c.get(g, 'x')),
      [undefined, 2, 3],
    );
  });
});
