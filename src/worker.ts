// dist/worker.js: one parse thread of the pool (src/sql/pool.ts). It loads the engine
// bundle that sits next to it rather than carrying a second copy of the parser.
import { join } from 'node:path';
import type * as Engine from './engine';

// A computed path: the bundler must leave this require to run time.
(require(join(__dirname, 'engine.js')) as typeof Engine).serveParseRequests();
