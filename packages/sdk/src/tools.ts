import type { BecClientCore } from './client.js';
import type { CallParams } from './client-base.js';
import type { RequestOptions } from './core/options.js';
import type { OperationName } from './generated/operation-map.js';
import { operations } from './generated/operations.js';
import { paginatorSpecs } from './generated/paginators.js';
import type { PaginatedOperation, PaginateOptions, Paginator } from './paginate.js';

const names: ReadonlySet<string> = new Set(operations.map((op) => op.name));

/**
 * Calls an operation named at run time, for tools that build calls from data (the `bec` CLI):
 * the name is checked here and the input by the client's validation, as for every call.
 * Code that knows its operation uses the typed `client.call` instead.
 */
export function callByName(
  client: BecClientCore,
  operation: string,
  params: CallParams,
  options?: RequestOptions,
): Promise<unknown> {
  if (!names.has(operation)) throw new TypeError(`${operation} is not an operation`);
  return client.call(operation as OperationName, params as never, options);
}

/** {@link callByName} for a listing: every page of a paginated operation named at run time. */
export function paginateByName(
  client: BecClientCore,
  operation: string,
  params: CallParams,
  options?: PaginateOptions,
): Paginator<unknown, unknown> {
  if (!(operation in paginatorSpecs)) throw new TypeError(`${operation} is not a paginated operation`);
  return client.paginateOperation(operation as PaginatedOperation, params as never, options);
}
