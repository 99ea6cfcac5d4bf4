// An esbuild plugin for antlr4ng's parse-tree classes. RuleContext and ParserRuleContext
// declare class fields (`children = null`, a private `#parent`, `start`, `stop`,
// `exception`); every node of every parse tree runs their initializers, and since the
// generated parser has hundreds of context subclasses, V8 defines those fields through
// megamorphic define-property stores. That was 29 % of a parse's time (node --cpu-prof:
// `<instance_members_initializer>`). The plugin turns them into plain assignments in the
// constructors (and `#parent` into `_parent`); nothing in antlr4ng or dt-sql-parser defines
// accessors of those names. Measured on the benchmark's 2,165-line file: the whole-file
// parse 150-160 → 62-65 ms. The build fails if antlr4ng's text no longer matches, rather
// than ship an unpatched or half-patched runtime.
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
