// Worker-thread entry: registers tsx (the workers do not inherit mocha's --require) and runs one job
// function of a TypeScript module, posting back its result.
require('tsx/cjs');
const { parentPort, workerData } = require('worker_threads');
try {
  const mod = require(workerData.module);
  parentPort.postMessage({ ok: mod[workerData.fn](...workerData.args) });
} catch (error) {
  parentPort.postMessage({ error: error && error.stack ? error.stack : String(error) });
}
