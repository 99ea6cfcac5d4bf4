// The one web-tree-sitter runtime of the process and the grammars loaded into it, each
// WebAssembly file loaded once, on first use (Terraform's HCL; Java, Kotlin, Scala and Python
// for Table-API programs). The runtime must be initialised once only: two concurrent
// initialisations would create two WebAssembly instances, and a grammar loaded into the one
// cannot parse with the other. This is the single owner of that state.
import * as path from 'node:path';
import TreeSitter = require('web-tree-sitter');

/** Where the build copies the .wasm files: `wasm/` next to the bundle. */
export const DEFAULT_WASM_DIR = (): string => path.join(__dirname, 'wasm');

class Grammars {
  private runtime: Promise<void> | undefined;
  private readonly loading = new Map<string, Promise<TreeSitter.Language>>();
  private readonly loaded = new Map<string, TreeSitter.Language>();
  /** Why the last load of a grammar failed (cleared when it is tried again). */
  private readonly failed = new Map<string, string>();

  /** Initialises web-tree-sitter from `dir`/web-tree-sitter.wasm (once; a failure may be retried). */
  init(dir: string): Promise<void> {
    if (!this.runtime) {
      const p = TreeSitter.Parser.init({ locateFile: (file: string) => path.join(dir, file) });
      this.runtime = p;
      p.catch(() => {
        if (this.runtime === p) this.runtime = undefined;
      });
    }
    return this.runtime;
  }

  /** The grammar `dir`/`file` (e.g. tree-sitter-java.wasm), loaded on the first call. */
  language(file: string, dir: string): Promise<TreeSitter.Language> {
    let p = this.loading.get(file);
    if (!p) {
      this.failed.delete(file);
      const started = (async () => {
        await this.init(dir);
        const language = await TreeSitter.Language.load(path.join(dir, file));
        this.loaded.set(file, language);
        return language;
      })();
      p = started;
      this.loading.set(file, p);
      // A failed load (wrong directory) may be retried with another one.
      started.catch((e: unknown) => {
        if (this.loading.get(file) !== started) return;
        this.loading.delete(file);
        this.failed.set(file, (e as Error)?.message ?? String(e));
      });
    }
    return p;
  }

  /** Why the grammar could not be loaded, if its last load failed. */
  failure(file: string): string | undefined {
    return this.failed.get(file);
  }

  /** The grammar if it has finished loading. */
  languageIfLoaded(file: string): TreeSitter.Language | undefined {
    return this.loaded.get(file);
  }
}

export const grammars = new Grammars();
