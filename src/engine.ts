// Everything the editor computes with, in a bundle of its own (dist/engine.js) that the
// extension loads after activation: the parser, the descriptor readers, the model and
// zod are ~1.2 MB of JavaScript, and compiling them inside activate() would delay the
// editor. Pure: no `vscode` import here or below.
export {
  analyzeDescriptorFile,
  analyzeProgramFile,
  analyzeSqlFile,
  estimateAhead,
  resolvePath,
  sqlToParse,
} from './analysis';
export { gb } from './present/format';
export { scaffoldDescriptor } from './analysis/scaffold';
export {
  initDescriptorParsers,
  isDescriptorFileName,
  isTerraformModuleFile,
  localModuleDirs,
  mapInlineSqlRange,
  parseDescriptor,
} from './descriptor';
export {
  extractProgram,
  hasTableApiSql,
  hostGrammarReady,
  hostLanguageForId,
  hostLanguageOf,
  hostLanguagesNamedIn,
  loadHostGrammar,
} from './embedded';
export * from './providers/labels';
export { looksLikeFlinkSql } from './sql/detect';
export { warmUpParser } from './sql';
export { defaultParseThreads, ParsePool, requestBudgetPassed, serveParseRequests } from './sql/pool';
// The statement reader, for a parse thread that wraps it (the pool's tests).
export { extractStatement } from './sql/extract';
export { buildCompareModel, compareMarkdown } from './webview/model';
export { PageMessageSchema, panelStateOf, WhatIfSchema } from './present/messages';
export { generateRewrite, rewriteSummary } from './rewrite';
