// An esbuild plugin that patches antlr4ng's runtime, the one the extension ships: where parse-tree
// nodes get their fields, how a node keeps its children, and how a text becomes code points.
//
// Fields. RuleContext and ParserRuleContext
// declare class fields (`children = null`, a private `#parent`, `start`, `stop`,
// `exception`); every node of every parse tree runs their initializers, and since the
// generated parser has hundreds of context subclasses, V8 defines those fields through
// megamorphic define-property stores. That was 29 % of a parse's time (node --cpu-prof:
// `<instance_members_initializer>`). The plugin turns them into plain assignments in the
// constructors (and `#parent` into `_parent`); nothing in antlr4ng or dt-sql-parser defines
// accessors of those names. Measured on the benchmark's 2,165-line file: the whole-file
// parse 150-160 → 62-65 ms. The build fails if antlr4ng's text no longer matches, rather
// than ship an unpatched or half-patched runtime. The other edits say why next to them.
import { readFileSync } from 'node:fs';

const EDITS = [
  ['  // TODO: move to ParserRuleContext.\n  children = null;\n', '  // TODO: move to ParserRuleContext.\n'],
  ['  invokingState;\n  #parent = null;\n', ''],
  [
    '  constructor(parent, invokingState) {\n    this.parent = parent ?? null;\n',
    '  constructor(parent, invokingState) {\n    this.children = null;\n    this._parent = parent ?? null;\n',
  ],
  [
    '  get parent() {\n    return this.#parent;\n  }\n  set parent(parent) {\n    this.#parent = parent;\n  }\n',
    '  get parent() {\n    return this._parent;\n  }\n  set parent(parent) {\n    this._parent = parent;\n  }\n',
  ],
  [
    '  static EMPTY = new _ParserRuleContext();\n  start = null;\n  stop = null;\n',
    '  static EMPTY = new _ParserRuleContext();\n',
  ],
  [
    '  exception = null;\n  constructor(parent, invokingStateNumber) {\n    if (!parent) {\n      super();\n    } else {\n      super(parent, invokingStateNumber);\n    }\n    this.start = null;\n    this.stop = null;\n',
    '  constructor(parent, invokingStateNumber) {\n    if (!parent) {\n      super();\n    } else {\n      super(parent, invokingStateNumber);\n    }\n    this.start = null;\n    this.stop = null;\n    this.exception = null;\n',
  ],
  // A node's children in an array of their own length while it has up to three. `[]` then `push`
  // gives every node with a child an array of 17 slots (V8 grows an empty array to 16 + 1): 152
  // bytes for what is most often one child. A select list's column kept 2,163 bytes alive, 1,181
  // of them arrays; now 1,390 (qualified columns of an INSERT ... JOIN: 2,963 → 1,948). A tree
  // that outlives the young generation is copied by the scavenges it survives (twice: to the
  // survivor space, then to the old one), so those bytes were most of a long statement's parse
  // (issue 19): 200,000 columns, bytes the scavenger copied per column 3,859 → 2,248, scavenges
  // 52 → 32. Same children, same order (the trees of every SQL file of the repository compared).
  [
    '  addAnyChild(t) {\n    if (this.children == null) {\n      this.children = [];\n    }\n    this.children.push(t);\n    return t;\n  }\n',
    '  addAnyChild(t) {\n    const c = this.children;\n    if (c == null || c.length === 0) this.children = [t];\n    else if (c.length === 1) this.children = [c[0], t];\n    else if (c.length === 2) this.children = [c[0], c[1], t];\n    else c.push(t);\n    return t;\n  }\n',
  ],
  // One (lexer, input) pair for all the tokens of a lexer and input, as ANTLR's Java runtime
  // keeps it (`_tokenFactorySourcePair`) and antlr4ng's CommonToken says tokens share: `emit`
  // made a two-element array per token, 64 bytes, 190 of the 1,390 a select-list column kept.
  // Nothing writes to a token's source; a new input gets a new pair.
  [
    '  emit() {\n    const t = this._factory.create(\n      [this, this._input],\n',
    '  emit() {\n    const t = this._factory.create(\n      this._sourcePair?.[1] === this._input ? this._sourcePair : (this._sourcePair = [this, this._input]),\n',
  ],
  // The lexer's input as code points, read with charCodeAt into an array of the text's length
  // (surrogate pairs joined, a lone surrogate kept, as the string iterator does): `for (const char
  // of input) codePoints.push(char.codePointAt(0))` made a one-character string per character and
  // grew a second array by copying, 5 % of a 200,000-column statement's parse.
  [
    '  constructor(input) {\n    const codePoints = [];\n    for (const char of input) {\n      codePoints.push(char.codePointAt(0));\n    }\n    this.data = new Uint32Array(codePoints);\n  }\n',
    '  constructor(input) {\n    const data = new Uint32Array(input.length);\n    let n = 0;\n    for (let i = 0; i < input.length; i++) {\n      const c = input.charCodeAt(i);\n      if (c >= 0xd800 && c <= 0xdbff && i + 1 < input.length) {\n        const d = input.charCodeAt(i + 1);\n        if (d >= 0xdc00 && d <= 0xdfff) {\n          data[n++] = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;\n          i++;\n          continue;\n        }\n      }\n      data[n++] = c;\n    }\n    this.data = n === input.length ? data : data.slice(0, n);\n  }\n',
  ],
];

export const antlrFields = {
  name: 'antlr-fields',
  setup(build) {
    // Only the ES module build is patched: bundling the CommonJS one as well would ship a second, slow runtime.
    build.onLoad({ filter: /[\\/]antlr4ng[\\/]dist[\\/]index\.cjs$/ }, (args) => {
      throw new Error(`antlr-fields: ${args.path} was bundled; only antlr4ng's index.mjs is patched`);
    });
    build.onLoad({ filter: /[\\/]antlr4ng[\\/]dist[\\/]index\.mjs$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      for (const [from, to] of EDITS) {
        const at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0)
          throw new Error(
            `antlr-fields: ${args.path} no longer has exactly one ${JSON.stringify(from.slice(0, 60))}; update scripts/antlr-fields.mjs`,
          );
        text = text.slice(0, at) + to + text.slice(at + from.length);
      }
      return { contents: text, loader: 'js' };
    });
  },
};
