// Helpers for the embedded-SQL tests: the calls of a program and the host text of a value's units.
import { extractProgram, type HostLanguage, type MappedString } from '../../../src/embedded';

export const lines = (...ls: string[]): string => ls.join('\n');

export function calls(text: string, lang: HostLanguage) {
  return extractProgram(text, lang).calls;
}

/** The only call's value; fails when it is not analysed. */
export function value(text: string, lang: HostLanguage): MappedString {
  const cs = calls(text, lang);
  if (cs.length !== 1) throw new Error(`expected one call, found ${cs.length}`);
  if (!cs[0].value) throw new Error(`not analysed: ${cs[0].notAnalysed}`);
  return cs[0].value;
}

/** The host text each unit of `m` came from. */
export function sources(m: MappedString, host: string): string[] {
  return [...m.text].map((_, i) => host.slice(m.starts[i], m.ends[i]));
}

/** True when every unit spans host text that is non-empty and in increasing order. */
export function monotone(m: MappedString): boolean {
  for (let i = 0; i < m.text.length; i++) {
    if (m.ends[i] < m.starts[i]) return false;
    if (i > 0 && m.starts[i] < m.ends[i - 1]) return false;
  }
  return true;
}
