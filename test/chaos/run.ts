/** `npm run test:chaos`: the full chaos suite (at least 1000 operations); prints the counts. */
import { runChaos } from './workload.js';

const operations = Number(process.env.CHAOS_OPERATIONS ?? 1200);
const seed = Number(process.env.CHAOS_SEED ?? 20261127);
const report = await runChaos({ operations, seed });
const share = ((report.faultedRequests / Math.max(1, report.totalRequests)) * 100).toFixed(1);
console.log(`operations:          ${report.operations}`);
console.log(`requests:            ${report.totalRequests} (${report.faultedRequests} faulted, ${share}%)`);
console.log(`faults injected:     ${JSON.stringify(report.faultsInjected)}`);
console.log(`retries:             ${report.retries}`);
console.log(`outcomes:            ${JSON.stringify(report.outcomes)}`);
console.log(`unhandled rejections: ${report.unhandledRejections}`);
console.log(`duplicates:          ${report.duplicates.length} ${report.duplicates.join(', ')}`);
console.log(`missing:             ${report.missing.length} ${report.missing.join(', ')}`);
console.log(`unexpected:          ${report.unexpected.length} ${report.unexpected.join(', ')}`);
const ok =
  report.unhandledRejections === 0 &&
  report.duplicates.length === 0 &&
  report.missing.length === 0 &&
  report.unexpected.length === 0;
console.log(ok ? 'chaos: PASS' : 'chaos: FAIL');
process.exitCode = ok ? 0 : 1;
