// Shared by the descriptor suites: fixtures, ranges written as numbers, diagnostics by code.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Range } from '../../../src/text';

/** The repository root: the test bundle runs from out/test/. */
export const ROOT = path.join(__dirname, '..', '..');

export function fixture(name: string): string {
  return readFileSync(path.join(ROOT, 'test', 'fixtures', 'descriptors', name), 'utf8');
}

/** A range from 1-based start line/column to end line/column (end exclusive). */
export function r(startLine: number, startColumn: number, endLine: number, endColumn: number): Range {
  return { start: { line: startLine, column: startColumn }, end: { line: endLine, column: endColumn } };
}

export function withCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

/** code, severity and range of each diagnostic, for whole-list comparisons. */
export function brief(diagnostics: Diagnostic[]): Array<[string, string, Range]> {
  return diagnostics.map((d) => [d.code, d.severity, d.range]);
}
