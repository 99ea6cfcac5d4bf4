// What the host-language readers share. Pure.
import type { MappedString } from './mapped';

export type HostLanguage = 'java' | 'kotlin' | 'scala' | 'python';

/** A string literal read by its language's rules (src/embedded/kotlin.ts, scala.ts, python.ts). */
export interface StringLiteral {
  /** Host offsets of the whole literal, prefix and quotes included. */
  start: number;
  end: number;
  /** The string's value (escapes interpreted, text block stripped), undefined when not analysed. */
  value?: MappedString;
  /** Why its value is not known before run time (template fields, unterminated...). */
  notAnalysed?: string;
  /** Template fields (`$name`, `${expr}`), host offsets from the `$`; `name` for the short form. With `content`, the text between the quotes. */
  fields?: { start: number; end: number; name?: string }[];
  content?: { start: number; end: number; raw: boolean };
}
