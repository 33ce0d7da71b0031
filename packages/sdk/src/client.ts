import { BecClientBase, type CallParams } from './client-base.js';
import type { RequestOptions } from './core/options.js';
import type { OperationName, OperationOutput, OperationParams } from './generated/operation-map.js';
import { paginatorSpecs } from './generated/paginators.js';
import { waiterSpecs } from './generated/waiters.js';
import type { PaginatorSpec, WaiterSpec } from './internal/operation.js';
import {
  type ItemOf,
  isPaginatedOperation,
  type PageOf,
  type PaginatedOperation,
  type PaginateOptions,
  Paginator,
} from './paginate.js';
import { runWaiter } from './waiting/engine.js';
import type { WaiterName, WaiterOptions, WaiterResource, WaiterResult } from './waiting/types.js';

/**
 * What every client call goes through: `call` for one request, `paginateOperation` for a
 * listing, `waitUntil` for a waiter. The generated {@link BecClient} adds one method per
 * operation, paginator and waiter on top; they only name the operation and pass the arguments on.
 */
export class BecClientCore extends BecClientBase {
  /**
   * Calls an operation by its Go name, typed by the operation map.
   * @param operation - the Go name, e.g. `GetVmServiceDetail`
   * @param params - `path`: the path IDs by name (e.g. `{ serviceId }`); `input`: the input object or array
   * @param options - per-call options (signal, timeouts, retries, clientToken)
   */
  call<Op extends OperationName>(
    operation: Op,
    params: OperationParams<Op>,
    options?: RequestOptions,
  ): Promise<OperationOutput<Op>> {
    return this.invoke(operation, params, options) as Promise<OperationOutput<Op>>;
  }

  /**
   * Paginates any list operation by its Go name (see `paginatorSpecs`); the typed `paginate…`
   * methods are shorthands for this.
   * @param operation - the Go name of a list operation, e.g. `GetVmServiceList`
   * @param params - `path`: the path IDs by name; `input`: the filters (the paginator drives the page number or marker)
   * @param options - request options for every page; `signal` also stops between pages
   */
  paginateOperation<Op extends PaginatedOperation>(
    operation: Op,
    params: OperationParams<Op>,
    options?: PaginateOptions,
  ): Paginator<ItemOf<Op>, PageOf<Op>> {
    const spec: PaginatorSpec | undefined = paginatorSpecs[operation];
    if (!spec) throw new TypeError(`${String(operation)} is not a paginated operation`);
    const { path, input }: CallParams = params;
    return new Paginator<ItemOf<Op>, PageOf<Op>>(
      operation,
      spec,
      (pageInput, pageOptions) =>
        this.invoke(operation, { path, input: pageInput }, pageOptions) as Promise<PageOf<Op>>,
      input,
      options,
    );
  }

  /**
   * Runs any waiter by name (see `waiterSpecs`); the typed `waitUntil…` methods are shorthands for this.
   * @param waiter - the waiter, e.g. `VmInstanceRunning`
   * @param id - the ID of the resource
   * @param options - deadline, poll delays, `signal` and `onProgress`
   */
  async waitUntil<W extends WaiterName>(
    waiter: W,
    id: string,
    options?: WaiterOptions<WaiterResource<W>>,
  ): Promise<WaiterResult<W>> {
    const spec: WaiterSpec | undefined = waiterSpecs[waiter];
    if (!spec) throw new TypeError(`${String(waiter)} is not a waiter`);
    type Resource = WaiterResource<W> & object;
    const result = await runWaiter<Resource>(
      waiter,
      spec,
      id,
      (requestOptions) => this.#readResource(spec, id, requestOptions) as Promise<Resource | undefined>,
      options as WaiterOptions<Resource> | undefined,
    );
    return (spec.deleted ? undefined : result) as WaiterResult<W>;
  }

  /** One poll of a waiter: the getter's result, or the matching item of a list lookup. */
  async #readResource(spec: WaiterSpec, id: string, options: RequestOptions): Promise<unknown> {
    if (!spec.lookup) return this.invoke(spec.operation, { path: { [spec.pathArg ?? '']: id } }, options);
    const { keywordType, idField } = spec.lookup;
    if (!isPaginatedOperation(spec.operation)) throw new TypeError(`${spec.operation} is not a paginated operation`);
    const items = new Paginator<unknown, unknown>(
      spec.operation,
      paginatorSpecs[spec.operation],
      (input, pageOptions) => this.invoke(spec.operation, { input }, pageOptions),
      { keywordType, keyword: id },
      options,
    );
    for await (const item of items) {
      if (item !== null && typeof item === 'object' && Reflect.get(item, idField) === id) return item;
    }
    return undefined;
  }
}
