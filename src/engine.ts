// Everything the editor computes with, in a bundle of its own (dist/engine.js) that the
// extension loads after activation: the parser, the descriptor readers, the model and
// zod are ~1.2 MB of JavaScript, and compiling them inside activate() would delay the
// editor. Pure: no `vscode` import here or below.
export { analyzeDescriptorFile, analyzeProgramFile, analyzeSqlFile, resolvePath, sqlFileCandidates } from './analysis';
export { scaffoldDescriptor } from './analysis/scaffold';
export { diffReports } from './analysis/diff';
export { analyzeSide } from './analysis/side';
export { changedSettings, planWriteBack, writeBackLiteral } from './descriptor/writeBack';
export { createSession } from './analysis/session';
export { ANALYSIS_ERROR, AnalysisThread, isAnalysisThread, serveAnalysisRequests } from './analysis/thread';
export { ProgramMemo } from './embedded';
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
export { looksLikeFlinkSql } from './sql/detect';
export { warmUpParser } from './sql';
export { defaultParseThreads, requestBudgetPassed, serveParseRequests } from './sql/pool';
// The statement reader, for a parse thread that wraps it (the pool's tests).
export { extractStatement } from './sql/extract';
export { generateRewrite, rewriteSummary } from './rewrite';
// The words and figures the editor shows (src/present), built here from a report.
export { buildCompareModel } from './present/compare';
export { compareMarkdown } from './present/compareMarkdown';
export { gb } from './present/format';
export { joinHints, parallelismHints } from './present/hints';
export { joinHoverMarkdown, kpuHoverMarkdown } from './present/hover';
export { chainLensTitle, jobLensTitle } from './present/lens';
export { analysisLogLine } from './present/logLine';
export { PageMessageSchema, panelStateOf } from './present/messages';
export { statusBarContent } from './present/statusBar';
