// Loads dist/engine.js (see src/engine.ts), off the activation path. Node's module cache is
// where the loaded engine lives: nothing is kept here.
import { join } from 'node:path';
import type * as Engine from '../engine';

export type EngineModule = typeof Engine;

/** The engine's bundle, next to this one in dist/. */
const ENGINE_PATH = join(__dirname, 'engine.js');

/** The engine, loaded on first use. */
export function engine(): EngineModule {
  // A computed path: the bundler must leave this require to run time.
  return require(ENGINE_PATH) as EngineModule;
}

/** The engine if it is loaded already (for synchronous callers that can wait). */
export function engineIfLoaded(): EngineModule | undefined {
  // The cache is keyed by the file's real path (the extension's folder may be a symbolic link).
  const loaded = require.cache[require.resolve(ENGINE_PATH)];
  return loaded?.loaded ? (loaded.exports as EngineModule) : undefined;
}
