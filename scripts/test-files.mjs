// The `*.test.ts` files below a folder, sorted (mocha runs them in this order).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function testFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}
