/**
 * Emits the data the SDK and the CLI run on: the operation table, the input types, the typed
 * operation map, the paginator table and the waiter table.
 */
import type { WaiterOverlay } from '../../packages/sdk/overlay/operations.js';
import type { InputTypes, OperationPlan } from './operations.js';
import { type Contract, header, str } from './spec.js';

function tableRow(p: OperationPlan): string {
  const { op, overlay } = p;
  const cli = overlay.cli
    ? `, cli: ${JSON.stringify({ ...(overlay.cli.action ? { action: overlay.cli.action } : {}), ...(overlay.cli.wait ? { wait: overlay.cli.wait } : {}) })}`
    : '';
  const entry = [
    `name: '${op.name}'`,
    `clientMethod: '${p.method}'`,
    `group: '${op.group}'`,
    ...(op.resource ? [`resource: '${op.resource}'`] : []),
    `method: '${op.method}'`,
    `path: '${op.path}'`,
    `pathParams: [${p.pathParams.map((pp) => `{ name: '${pp.name}', arg: '${pp.arg}'${pp.enum ? `, enum: '${pp.enum}'` : ''} }`).join(', ')}]`,
    `input: '${p.input}'`,
    `inputRequired: ${p.inputRequired}`,
    ...(p.inputSchema ? [`inputSchema: '${p.inputSchema}'`] : []),
    `query: [${p.query
      .map(
        (q) =>
          `{ key: '${q.key}', source: '${q.source}'${q.field ? `, field: '${q.field}'` : ''}, type: '${q.type}', sentWhen: '${q.sentWhen}' }`,
      )
      .join(', ')}]`,
    `body: ${p.body}`,
    `clientToken: ${op.clientToken.sent}`,
    `repeatable: ${overlay.retry === 'always'}`,
    `response: ${op.response ? `'${op.response}'` : 'null'}`,
    `doc: ${JSON.stringify(overlay.summary)}`,
  ];
  return `  { ${entry.join(', ')}${cli} },`;
}

export function emitTable(plans: readonly OperationPlan[]): string {
  return `${header}import type { OperationSpec } from '../internal/operation.js';

/** Every BEC operation of the official Go SDK, as data (contract plus overlay). */
export const operations: readonly OperationSpec[] = [
${plans.map(tableRow).join('\n')}
];
`;
}

export function emitInputs(c: Contract, plans: readonly OperationPlan[], types: InputTypes): string {
  const bodyModels = new Set(plans.flatMap((p) => (p.op.body?.kind === 'object' ? [p.op.body.model] : [])));
  return `${header}import type { ${[...c.enumNames].join(', ')} } from './enums.js';
import type { ${[...bodyModels].sort().join(', ')} } from './models.js';

${types.interfaces.join('\n')}`;
}

function paramsType(p: OperationPlan): string {
  const parts: string[] = [];
  if (p.pathParams.length > 0) parts.push(`path: { ${p.pathParams.map((pp) => `${pp.arg}: ${pp.type}`).join('; ')} }`);
  if (p.input !== 'none')
    parts.push(`input${p.inputRequired ? '' : '?'}: ${p.inputType}${p.inputRequired ? '' : ' | undefined'}`);
  return parts.length > 0 ? `{ ${parts.join('; ')} }` : '{ path?: undefined; input?: undefined }';
}

export function emitOperationMap(c: Contract, plans: readonly OperationPlan[], types: InputTypes): string {
  const entries = plans.map(
    (p) => `  ${p.op.name}: {
    method: '${p.op.method}';
    path: { ${p.pathParams.map((pp) => `${pp.arg}: ${pp.type}`).join('; ')} };
    input: ${p.input === 'none' ? 'undefined' : p.inputType};
    params: ${paramsType(p)};
    output: ${p.resultType};
  };`,
  );
  return `${header}import type { BecArrayResult, BecEmptyResult, BecResult } from '../core/result.js';
import type { ${[...c.enumNames].join(', ')} } from './enums.js';
import type { ${[...types.names].sort().join(', ')} } from './inputs.js';
import type { ${[...types.models].sort().join(', ')} } from './models.js';

/**
 * Every operation by its Go name: HTTP method, path parameters, input, what \`call\` takes
 * (\`params\`) and what it resolves with (\`output\`).
 */
export interface OperationMap {
${entries.join('\n')}
}

/** The Go name of an operation, e.g. \`CreateVmService\`. */
export type OperationName = keyof OperationMap;
/** What \`client.call(operation, params)\` takes: \`path\` (the path IDs by name) and \`input\`. */
export type OperationParams<Op extends OperationName> = OperationMap[Op]['params'];
/** What \`client.call(operation, …)\` resolves with. */
export type OperationOutput<Op extends OperationName> = OperationMap[Op]['output'];
`;
}

export function emitPaginators(plans: readonly OperationPlan[]): string {
  const rows = plans.flatMap((p) =>
    p.overlay.paginate
      ? [`  ${p.op.name}: { dialect: '${p.overlay.paginate.style}', items: '${p.overlay.paginate.items}' },`]
      : [],
  );
  return `${header}import type { PaginatorSpec } from '../internal/operation.js';

/**
 * Every list operation with its paging dialect and the key of its item array (from the overlay).
 * Input keys are the input-object names: \`ListVmImage\` takes \`pageNo\`/\`pageSize\` (sent as
 * \`PageNo\`/\`PageSize\`) and the IP-group lists take \`marker\` (sent as \`maker\`); the operation
 * table does that mapping.
 */
export const paginatorSpecs = {
${rows.join('\n')}
} as const satisfies Readonly<Record<string, PaginatorSpec>>;
`;
}

function waiterRow(name: string, w: WaiterOverlay, p: OperationPlan): string {
  const parts = [`resource: ${str(w.resource)}`, `operation: '${p.op.name}'`];
  if (w.lookup) parts.push(`lookup: { keywordType: '${w.lookup.keywordType}', idField: '${w.lookup.idField}' }`);
  else parts.push(`pathArg: '${p.pathParams[0]!.arg}'`);
  parts.push(`status: ${typeof w.status === 'string' ? w.status : `[${w.status.map(str).join(', ')}]`}`);
  parts.push(
    `success: [${(w.success ?? []).map(str).join(', ')}]`,
    `failure: [${(w.failure ?? []).map(str).join(', ')}]`,
  );
  if (w.ready) parts.push(`ready: ${w.ready}`);
  if (w.deleted) parts.push('deleted: true');
  parts.push(`target: ${str(w.deleted ? 'deleted' : w.target!)}`);
  return `  ${name}: { ${parts.join(', ')} },`;
}

export function emitWaiters(plans: readonly OperationPlan[]): string {
  const rows = plans.flatMap((p) => Object.entries(p.overlay.waiters ?? {}).map(([name, w]) => waiterRow(name, w, p)));
  const derived = new Set<string>();
  for (const p of plans) {
    for (const w of Object.values(p.overlay.waiters ?? {})) {
      if (typeof w.status === 'string') derived.add(w.status);
      if (w.ready) derived.add(w.ready);
    }
  }
  return `${header}import type { WaiterSpec } from '../internal/operation.js';
import { ${[...derived].sort().join(', ')} } from '../waiting/derived.js';

/**
 * Every waiter, as data (from the overlay): the operation that reads the resource, where the
 * status is, and which states end the wait. Status sets come from the BEC docs (service-facts
 * §6); the v2 Title-case spellings match because states are compared case-insensitively.
 */
export const waiterSpecs = {
${rows.join('\n')}
} as const satisfies Readonly<Record<string, WaiterSpec>>;
`;
}
