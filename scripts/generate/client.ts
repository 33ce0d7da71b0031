/** Emits `BecClient`: one method per operation, a paginator per list, a waiter per overlay entry. */
import type { WaiterOverlay } from '../../packages/sdk/overlay/operations.js';
import type { InputTypes, OperationPlan } from './operations.js';
import { type Contract, docComment, header, lowerCamel } from './spec.js';

function pathArgsObject(p: OperationPlan): string {
  return `path: { ${p.pathParams.map((pp) => pp.arg).join(', ')} }`;
}

function callParams(p: OperationPlan, input: string): string {
  const parts = [...(p.pathParams.length > 0 ? [pathArgsObject(p)] : []), ...(p.input !== 'none' ? [input] : [])];
  return `{ ${parts.join(', ')} }`;
}

function operationMethod(p: OperationPlan): string {
  const { op, overlay } = p;
  const params = p.pathParams.map((pp) => `${pp.arg}: ${pp.type}`);
  if (p.input !== 'none') params.push(`input${p.inputRequired ? '' : '?'}: ${p.inputType}`);
  params.push('options?: RequestOptions');
  const notes = (op.notes ?? [])
    .filter((n) => !/valid|Go |godoc|nil|argument|panic|positional|sic/i.test(n))
    .slice(0, 2);
  const inputDoc = p.input === 'array' ? 'the IDs or items to send' : 'the request fields, keyed by their JSON names';
  const doc = [
    `${overlay.summary}.`,
    '',
    `\`${op.method} ${op.path}\`${op.clientToken.sent ? ' — idempotent through `clientToken` (generated when not given)' : ''}.`,
    ...notes.map((n) => `Note: ${n}`),
    ...op.pathParams.map((pp) => `@param ${pp.from} - the \`{${pp.name}}\` path segment`),
    ...(p.input !== 'none' ? [`@param input - ${inputDoc}`] : []),
    '@param options - per-call options (signal, timeouts, retries, clientToken)',
    ...(overlay.docPage ? [`@see ${overlay.docPage}`] : []),
    `@see Go SDK: \`Client.${op.name}\``,
  ];
  return `${docComment(doc, '  ')}  ${p.method}(${params.join(', ')}): Promise<${p.resultType}> {
    return this.call('${op.name}', ${callParams(p, 'input')}, options);
  }
`;
}

function paginatorMethod(p: OperationPlan): string {
  const { op } = p;
  const paging = p.overlay.paginate!;
  const how =
    paging.style === 'page'
      ? 'Counts `pageNo` up from 1 (or the given `pageNo`); set `pageSize` for the page size.'
      : 'Follows `nextMarker` while `isTruncated`; set `maxKeys` for the page size and `marker` to start later.';
  const doc = [
    `${paging.lead}, page by page: iterate for items, or \`.pages()\` for whole \`${p.method}\` results.`,
    how,
    ...op.pathParams.map((pp) => `@param ${pp.from} - the \`{${pp.name}}\` path segment`),
    `@param input - the filters of \`${p.method}\`; the paginator drives the ${paging.style === 'page' ? 'page number' : 'marker'}`,
    '@param options - request options for every page; `signal` also stops between pages',
    `@see {@link BecClient.${p.method}}`,
  ];
  const params = [
    ...p.pathParams.map((pp) => `${pp.arg}: ${pp.type}`),
    `input${p.inputRequired ? '' : '?'}: ${p.inputType}`,
    'options?: PaginateOptions',
  ];
  return `${docComment(doc, '  ')}  paginate${op.name}(${params.join(', ')}): Paginator<ItemOf<'${op.name}'>, PageOf<'${op.name}'>> {
    return this.paginateOperation('${op.name}', ${callParams(p, 'input')}, options);
  }
`;
}

function waiterMethod(name: string, w: WaiterOverlay, p: OperationPlan): string {
  const getter = `\`${lowerCamel(p.op.name)}\`${w.lookup ? ` searched by \`${w.lookup.keywordType}\`` : ''}`;
  const doc = w.deleted
    ? [
        `Waits until the ${w.resource} is gone: polls ${getter} until ${w.lookup ? 'it is no longer listed' : 'it answers 404'}.`,
        'Other client errors (4xx) reject at once.',
      ]
    : [
        `Waits until the ${w.resource} is ready: polls ${getter} until ${w.until}.`,
        `Rejects at once with {@link BceWaiterError} \`failure-state\` on ${w.failureNote ?? (w.failure ?? []).join(' or ')}, with \`not-found\` when it does not exist.`,
      ];
  doc.push(
    'Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.',
    'Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.',
    `@param ${w.id} - the ID of the ${w.resource}`,
    '@param options - deadline, poll delays, `signal` and `onProgress`',
    w.deleted ? '@returns nothing once it is gone' : '@returns the last resource read',
  );
  return `${docComment(doc, '  ')}  waitUntil${name}(
    ${w.id}: string,
    options?: WaiterOptions<WaiterResource<'${name}'>>,
  ): Promise<WaiterResult<'${name}'>> {
    return this.waitUntil('${name}', ${w.id}, options);
  }
`;
}

const CLASS_DOC = `/**
 * The BEC client: every operation of the official Go SDK as a method named in lowerCamelCase
 * (path IDs first, then one input object or array, then {@link RequestOptions}), paginators
 * (\`paginate…\`) for every list operation and waiters (\`waitUntil…\`) for every resource with an
 * asynchronous status. \`call(operation, params)\` reaches any operation by its Go name.
 *
 * \`\`\`ts
 * const bec = new BecClient({ endpoint: 'https://bec.baidubce.com', credentials: { accessKeyId, secretAccessKey } });
 * const svc = await bec.getVmServiceDetail('s-abc12345');
 * for await (const vm of bec.paginateGetVmInstanceList({ keywordType: 'serviceId', keyword: svc.serviceId })) {
 *   console.log(vm.vmId, vm.status);
 * }
 * await bec.waitUntilVmServiceRunning(svc.serviceId, { maxWaitMs: 600_000, onProgress: (status) => console.log(status) });
 * \`\`\`
 */`;

export function emitClient(c: Contract, plans: readonly OperationPlan[], types: InputTypes): string {
  const members = [
    ...plans.map(operationMethod),
    ...plans.filter((p) => p.overlay.paginate).map(paginatorMethod),
    ...plans.flatMap((p) => Object.entries(p.overlay.waiters ?? {}).map(([name, w]) => waiterMethod(name, w, p))),
  ];
  return `${header}import { BecClientCore } from '../client.js';
import type { RequestOptions } from '../core/options.js';
import type { BecArrayResult, BecEmptyResult, BecResult } from '../core/result.js';
import type { ItemOf, PageOf, PaginateOptions, Paginator } from '../paginate.js';
import type { WaiterOptions, WaiterResource, WaiterResult } from '../waiting/types.js';
import type { ${[...c.enumNames].join(', ')} } from './enums.js';
import type { ${[...types.names].sort().join(', ')} } from './inputs.js';
import type { ${[...types.models].sort().join(', ')} } from './models.js';

${CLASS_DOC}
export class BecClient extends BecClientCore {
${members.join('\n')}}
`;
}
