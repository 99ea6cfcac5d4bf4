// Tokens of a host program (Java, Kotlin, Scala, Python) as far as finding Table-API SQL needs
// them: identifiers, punctuation, and string literals with their value mapped to the host text.
import type { MappedString } from './mapped';

export type HostLanguage = 'java' | 'kotlin' | 'scala' | 'python';

export interface StringLiteral {
  /** Host offsets of the whole literal, prefix and quotes included. */
  start: number;
  end: number;
  /** How it was written, for messages. */
  form: 'string' | 'text block' | 'raw string' | 'f-string' | 'interpolated string' | 'bytes';
  /** The string's value (escapes interpreted, text block stripped), undefined when not analysed. */
  value?: MappedString;
  /** Why its value is not known before run time (template fields, unterminated...). */
  notAnalysed?: string;
}

export interface Token {
  kind: 'id' | 'str' | 'char' | 'num' | 'op';
  text: string;
  start: number;
  end: number;
  lit?: StringLiteral;
  /** For char literals: the character's value. */
  charValue?: string;
}
