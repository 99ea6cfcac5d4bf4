// dist/worker.js: the editor's analysis thread (src/analysis/thread.ts) when its workerData
// says so, else one parse thread of a pool (src/sql/pool.ts; the analysis thread's own pool
// runs this script too). It loads the engine bundle that sits next to it rather than carrying
// a second copy of the parser.
import { join } from 'node:path';
import type * as Engine from './engine';

// A computed path: the bundler must leave this require to run time.
const engine = require(join(__dirname, 'engine.js')) as typeof Engine;
if (engine.isAnalysisThread()) engine.serveAnalysisRequests(__filename);
else engine.serveParseRequests();
