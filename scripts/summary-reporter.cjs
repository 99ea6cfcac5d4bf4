// Mocha's spec reporter plus one summary line alone on a line, as CI reads it:
// `<layer>: N passed, M failed` (layer from MOCHA_LAYER, default "unit").
'use strict';
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const layer = process.env.MOCHA_LAYER || 'unit';
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats || { passes: 0, failures: 0 };
      // Through Base.consoleLog (console.log unless a harness redirects it, as the extension host's does).
      Mocha.reporters.Base.consoleLog(`\n${layer}: ${s.passes} passed, ${s.failures} failed`);
    });
  }
}
module.exports = SummaryReporter;
