import type { BecClientCore } from './client.js';
import type { CallParams } from './client-base.js';
import type { RequestOptions } from './core/options.js';
import type { OperationName } from './generated/operation-map.js';
import { operations } from './generated/operations.js';
import { isPaginatedOperation, type PaginateOptions, type Paginator } from './paginate.js';

const names: ReadonlySet<string> = new Set(operations.map((op) => op.name));

/** True when `name` is the Go name of an operation. */
export function isOperationName(name: string): name is OperationName {
  return names.has(name);
}

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
  if (!isOperationName(operation)) throw new TypeError(`${operation} is not an operation`);
  // The one untyped step: params built at run time, checked by validation like any input.
  return client.call(operation, params as never, options);
}

/** {@link callByName} for a listing: every page of a paginated operation named at run time. */
export function paginateByName(
  client: BecClientCore,
  operation: string,
  params: CallParams,
  options?: PaginateOptions,
): Paginator<unknown, unknown> {
  if (!isPaginatedOperation(operation)) throw new TypeError(`${operation} is not a paginated operation`);
  return client.paginateOperation(operation, params as never, options);
}
