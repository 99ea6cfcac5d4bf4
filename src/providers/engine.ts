// Loads dist/engine.js (see src/engine.ts) once, off the activation path.
import { join } from 'node:path';
import type * as Engine from '../engine';

export type EngineModule = typeof Engine;
let loaded: EngineModule | undefined;

/** The engine, loaded on first use; its bundle sits next to this one in dist/. */
export function engine(): EngineModule {
  // A computed path: the bundler must leave this require to run time.
  loaded ??= require(join(__dirname, 'engine.js')) as EngineModule;
  return loaded;
}

/** The engine if it is loaded already (for synchronous callers that can wait). */
export function engineIfLoaded(): EngineModule | undefined {
  return loaded;
}
