/**
 * Generates the SDK's code from the contract (spec/bec-api.json) and the overlay
 * (packages/sdk/overlay/operations.ts): model types, runtime schemas, enums, the operation table
 * and typed operation map, the paginator and waiter tables, and `BecClient`.
 * `npm run generate` writes packages/sdk/src/generated; `npm run generate -- --check` writes
 * nothing and fails when a file would change.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { overlay } from '../packages/sdk/overlay/operations.js';
import { emitClient } from './generate/client.js';
import { emitEnums, emitModels, emitSchemas } from './generate/models.js';
import { type InputTypes, planOperation } from './generate/operations.js';
import { emitFiles } from './generate/output.js';
import { checkOverlay } from './generate/overlay-check.js';
import { Contract } from './generate/spec.js';
import { emitInputs, emitOperationMap, emitPaginators, emitTable, emitWaiters } from './generate/tables.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(root, 'packages/sdk/src/generated');
const contract = new Contract(root);
checkOverlay(contract, overlay);

const types: InputTypes = { interfaces: [], schemas: new Map(), names: new Set(), models: new Set() };
const plans = contract.spec.operations.map((op) => planOperation(contract, op, overlay[op.name]!, types));

const outputs = new Map<string, string>([
  ['enums.ts', emitEnums(contract)],
  ['models.ts', emitModels(contract)],
  ['schemas.ts', emitSchemas(contract, types.schemas)],
  ['operations.ts', emitTable(plans)],
  ['inputs.ts', emitInputs(contract, plans, types)],
  ['operation-map.ts', emitOperationMap(contract, plans, types)],
  ['paginators.ts', emitPaginators(plans)],
  ['waiters.ts', emitWaiters(plans)],
  ['client.ts', emitClient(contract, plans, types)],
]);
const check = process.argv.includes('--check');
const changed = emitFiles(new Map([...outputs].map(([name, text]) => [resolve(outDir, name), text])), root, check);
const { operations, models, enums } = contract.spec;
if (check && changed.length > 0) {
  console.error(`generated code is out of date (run npm run generate): ${changed.join(', ')}`);
  process.exit(1);
}
console.log(
  `${check ? 'checked' : 'generated'} ${operations.length} operations, ${models.length} models, ${enums.length} enums` +
    (changed.length > 0 ? ` (${changed.length} files written)` : ''),
);
