import type { RequestOptions } from './core/options.js';
import type {
  GetAppBlbListInput,
  GetBlbBackendBindingStsListInput,
  GetBlbBackendPodListInput,
  GetBlbListInput,
  GetBlbMonitorPortListInput,
  GetDeploySetListInput,
  GetIpGroupInput,
  GetIpGroupMemberListInput,
  GetIpGroupPolicyListInput,
  GetListenerPolicyInput,
  GetPodListInput,
  GetRouteRuleListInput,
  GetRouteTableListInput,
  GetSubnetListInput,
  GetTcpListenerInput,
  GetUdpListenerInput,
  GetVmInstanceListInput,
  GetVmServiceListInput,
  GetVpcListInput,
  ListServiceInput,
  ListVmImageInput,
} from './generated/inputs.js';
import { BecOperations } from './generated/operations-client.js';
import {
  type ItemOf,
  type PageOf,
  type PaginatedOperation,
  type PaginateOptions,
  Paginator,
  paginatorSpecs,
} from './paginate.js';
import {
  runWaiter,
  type WaiterName,
  type WaiterOptions,
  type WaiterResource,
  type WaiterResult,
  type WaiterSpec,
  waiterSpecs,
} from './waiters.js';

/**
 * The BEC client: every operation of the official Go SDK (see {@link BecOperations}), plus
 * paginators (`paginate…`) for every list operation and waiters (`waitUntil…`) for every resource
 * with an asynchronous status.
 *
 * ```ts
 * const bec = new BecClient({ endpoint: 'https://bec.baidubce.com', credentials: { accessKeyId, secretAccessKey } });
 * const svc = await bec.getVmServiceDetail('s-abc12345');
 * for await (const vm of bec.paginateGetVmInstanceList({ keywordType: 'serviceId', keyword: svc.serviceId })) {
 *   console.log(vm.vmId, vm.status);
 * }
 * await bec.waitUntilVmServiceRunning(svc.serviceId, { maxWaitMs: 600_000, onProgress: (status) => console.log(status) });
 * ```
 */
export class BecClient extends BecOperations {
  /**
   * Paginates any list operation by its Go name (see {@link paginatorSpecs}); the typed
   * `paginate…` methods are shorthands for this.
   * @param operation - the Go name of a list operation, e.g. `GetVmServiceList`
   * @param pathArgs - the path IDs of the operation, in order (e.g. `[blbId]`)
   * @param input - the operation's input object; the paginator drives the page number or marker
   * @param options - request options for every page; `signal` also stops between pages
   */
  paginateOperation<Op extends PaginatedOperation>(
    operation: Op,
    pathArgs: readonly string[],
    input?: object,
    options?: PaginateOptions,
  ): Paginator<ItemOf<Op>, PageOf<Op>> {
    const spec = paginatorSpecs[operation];
    if (!spec) throw new TypeError(`${String(operation)} is not a paginated operation`);
    return new Paginator<ItemOf<Op>, PageOf<Op>>(
      operation,
      spec,
      (pageInput, pageOptions) => this.invoke(operation, pathArgs, pageInput, pageOptions) as Promise<PageOf<Op>>,
      input,
      options,
    );
  }

  /**
   * Lists container services, page by page: iterate for items, or `.pages()` for whole `listService` results.
   * Counts `pageNo` up from 1 (or the given `pageNo`); set `pageSize` for the page size.
   * @param input - the filters of `listService`; the paginator drives the page number
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.listService}
   */
  paginateListService(
    input?: ListServiceInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'ListService'>, PageOf<'ListService'>> {
    return this.paginateOperation('ListService', [], input, options);
  }

  /**
   * Lists pods, page by page: iterate for items, or `.pages()` for whole `getPodList` results.
   * Counts `pageNo` up from 1 (or the given `pageNo`); set `pageSize` for the page size.
   * @param input - the filters of `getPodList`; the paginator drives the page number
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getPodList}
   */
  paginateGetPodList(
    input?: GetPodListInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetPodList'>, PageOf<'GetPodList'>> {
    return this.paginateOperation('GetPodList', [], input, options);
  }

  /**
   * Lists VM services, page by page: iterate for items, or `.pages()` for whole `getVmServiceList` results.
   * Counts `pageNo` up from 1 (or the given `pageNo`); set `pageSize` for the page size.
   * @param input - the filters of `getVmServiceList`; the paginator drives the page number
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getVmServiceList}
   */
  paginateGetVmServiceList(
    input?: GetVmServiceListInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetVmServiceList'>, PageOf<'GetVmServiceList'>> {
    return this.paginateOperation('GetVmServiceList', [], input, options);
  }

  /**
   * Lists VM instances, page by page: iterate for items, or `.pages()` for whole `getVmInstanceList` results.
   * Counts `pageNo` up from 1 (or the given `pageNo`); set `pageSize` for the page size.
   * @param input - the filters of `getVmInstanceList`; the paginator drives the page number
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getVmInstanceList}
   */
  paginateGetVmInstanceList(
    input?: GetVmInstanceListInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetVmInstanceList'>, PageOf<'GetVmInstanceList'>> {
    return this.paginateOperation('GetVmInstanceList', [], input, options);
  }

  /**
   * Lists BLBs, page by page: iterate for items, or `.pages()` for whole `getBlbList` results.
   * Counts `pageNo` up from 1 (or the given `pageNo`); set `pageSize` for the page size.
   * @param input - the filters of `getBlbList`; the paginator drives the page number
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getBlbList}
   */
  paginateGetBlbList(
    input?: GetBlbListInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetBlbList'>, PageOf<'GetBlbList'>> {
    return this.paginateOperation('GetBlbList', [], input, options);
  }

  /**
   * Lists the listeners (monitor ports) of a BLB, page by page: iterate for items, or `.pages()` for whole `getBlbMonitorPortList` results.
   * Counts `pageNo` up from 1 (or the given `pageNo`); set `pageSize` for the page size.
   * @param blbId - the `{blbId}` path segment
   * @param input - the filters of `getBlbMonitorPortList`; the paginator drives the page number
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getBlbMonitorPortList}
   */
  paginateGetBlbMonitorPortList(
    blbId: string,
    input?: GetBlbMonitorPortListInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetBlbMonitorPortList'>, PageOf<'GetBlbMonitorPortList'>> {
    return this.paginateOperation('GetBlbMonitorPortList', [blbId], input, options);
  }

  /**
   * Lists the pods bound to a BLB, page by page: iterate for items, or `.pages()` for whole `getBlbBackendPodList` results.
   * Counts `pageNo` up from 1 (or the given `pageNo`); set `pageSize` for the page size.
   * @param blbId - the `{blbId}` path segment
   * @param input - the filters of `getBlbBackendPodList`; the paginator drives the page number
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getBlbBackendPodList}
   */
  paginateGetBlbBackendPodList(
    blbId: string,
    input?: GetBlbBackendPodListInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetBlbBackendPodList'>, PageOf<'GetBlbBackendPodList'>> {
    return this.paginateOperation('GetBlbBackendPodList', [blbId], input, options);
  }

  /**
   * Lists the deployments that can be bound to a BLB, page by page: iterate for items, or `.pages()` for whole `getBlbBackendBindingStsList` results.
   * Counts `pageNo` up from 1 (or the given `pageNo`); set `pageSize` for the page size.
   * @param blbId - the `{blbId}` path segment
   * @param input - the filters of `getBlbBackendBindingStsList`; the paginator drives the page number
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getBlbBackendBindingStsList}
   */
  paginateGetBlbBackendBindingStsList(
    blbId: string,
    input?: GetBlbBackendBindingStsListInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetBlbBackendBindingStsList'>, PageOf<'GetBlbBackendBindingStsList'>> {
    return this.paginateOperation('GetBlbBackendBindingStsList', [blbId], input, options);
  }

  /**
   * Lists VM images (`pageNo`/`pageSize` go on the wire as `PageNo`/`PageSize`), page by page: iterate for items, or `.pages()` for whole `listVmImage` results.
   * Counts `pageNo` up from 1 (or the given `pageNo`); set `pageSize` for the page size.
   * @param input - the filters of `listVmImage`; the paginator drives the page number
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.listVmImage}
   */
  paginateListVmImage(
    input?: ListVmImageInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'ListVmImage'>, PageOf<'ListVmImage'>> {
    return this.paginateOperation('ListVmImage', [], input, options);
  }

  /**
   * Lists deploy sets, page by page: iterate for items, or `.pages()` for whole `getDeploySetList` results.
   * Counts `pageNo` up from 1 (or the given `pageNo`); set `pageSize` for the page size.
   * @param input - the filters of `getDeploySetList`; the paginator drives the page number
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getDeploySetList}
   */
  paginateGetDeploySetList(
    input?: GetDeploySetListInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetDeploySetList'>, PageOf<'GetDeploySetList'>> {
    return this.paginateOperation('GetDeploySetList', [], input, options);
  }

  /**
   * Lists VPCs, page by page: iterate for items, or `.pages()` for whole `getVpcList` results.
   * Counts `pageNo` up from 1 (or the given `pageNo`); set `pageSize` for the page size.
   * @param input - the filters of `getVpcList`; the paginator drives the page number
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getVpcList}
   */
  paginateGetVpcList(
    input?: GetVpcListInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetVpcList'>, PageOf<'GetVpcList'>> {
    return this.paginateOperation('GetVpcList', [], input, options);
  }

  /**
   * Lists subnets, page by page: iterate for items, or `.pages()` for whole `getSubnetList` results.
   * Counts `pageNo` up from 1 (or the given `pageNo`); set `pageSize` for the page size.
   * @param input - the filters of `getSubnetList`; the paginator drives the page number
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getSubnetList}
   */
  paginateGetSubnetList(
    input?: GetSubnetListInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetSubnetList'>, PageOf<'GetSubnetList'>> {
    return this.paginateOperation('GetSubnetList', [], input, options);
  }

  /**
   * Lists route tables, page by page: iterate for items, or `.pages()` for whole `getRouteTableList` results.
   * Counts `pageNo` up from 1 (or the given `pageNo`); set `pageSize` for the page size.
   * @param input - the filters of `getRouteTableList`; the paginator drives the page number
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getRouteTableList}
   */
  paginateGetRouteTableList(
    input?: GetRouteTableListInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetRouteTableList'>, PageOf<'GetRouteTableList'>> {
    return this.paginateOperation('GetRouteTableList', [], input, options);
  }

  /**
   * Lists the rules of a route table, page by page: iterate for items, or `.pages()` for whole `getRouteRuleList` results.
   * Counts `pageNo` up from 1 (or the given `pageNo`); set `pageSize` for the page size.
   * @param tableId - the `{tableId}` path segment
   * @param input - the filters of `getRouteRuleList`; the paginator drives the page number
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getRouteRuleList}
   */
  paginateGetRouteRuleList(
    tableId: string,
    input?: GetRouteRuleListInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetRouteRuleList'>, PageOf<'GetRouteRuleList'>> {
    return this.paginateOperation('GetRouteRuleList', [tableId], input, options);
  }

  /**
   * Lists app BLBs, page by page: iterate for items, or `.pages()` for whole `getAppBlbList` results.
   * Follows `nextMarker` while `isTruncated`; set `maxKeys` for the page size and `marker` to start later.
   * @param input - the filters of `getAppBlbList`; the paginator drives the marker
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getAppBlbList}
   */
  paginateGetAppBlbList(
    input?: GetAppBlbListInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetAppBlbList'>, PageOf<'GetAppBlbList'>> {
    return this.paginateOperation('GetAppBlbList', [], input, options);
  }

  /**
   * Lists the TCP listeners of an app BLB, page by page: iterate for items, or `.pages()` for whole `getTcpListener` results.
   * Follows `nextMarker` while `isTruncated`; set `maxKeys` for the page size and `marker` to start later.
   * @param blbId - the `{blbId}` path segment
   * @param input - the filters of `getTcpListener`; the paginator drives the marker
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getTcpListener}
   */
  paginateGetTcpListener(
    blbId: string,
    input?: GetTcpListenerInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetTcpListener'>, PageOf<'GetTcpListener'>> {
    return this.paginateOperation('GetTcpListener', [blbId], input, options);
  }

  /**
   * Lists the UDP listeners of an app BLB, page by page: iterate for items, or `.pages()` for whole `getUdpListener` results.
   * Follows `nextMarker` while `isTruncated`; set `maxKeys` for the page size and `marker` to start later.
   * @param blbId - the `{blbId}` path segment
   * @param input - the filters of `getUdpListener`; the paginator drives the marker
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getUdpListener}
   */
  paginateGetUdpListener(
    blbId: string,
    input?: GetUdpListenerInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetUdpListener'>, PageOf<'GetUdpListener'>> {
    return this.paginateOperation('GetUdpListener', [blbId], input, options);
  }

  /**
   * Lists the IP groups of an app BLB (the marker goes on the wire as `maker`), page by page: iterate for items, or `.pages()` for whole `getIpGroup` results.
   * Follows `nextMarker` while `isTruncated`; set `maxKeys` for the page size and `marker` to start later.
   * @param blbId - the `{blbId}` path segment
   * @param input - the filters of `getIpGroup`; the paginator drives the marker
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getIpGroup}
   */
  paginateGetIpGroup(
    blbId: string,
    input?: GetIpGroupInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetIpGroup'>, PageOf<'GetIpGroup'>> {
    return this.paginateOperation('GetIpGroup', [blbId], input, options);
  }

  /**
   * Lists the backend policies of an app-BLB IP group (the marker goes on the wire as `maker`), page by page: iterate for items, or `.pages()` for whole `getIpGroupPolicyList` results.
   * Follows `nextMarker` while `isTruncated`; set `maxKeys` for the page size and `marker` to start later.
   * @param blbId - the `{blbId}` path segment
   * @param input - the filters of `getIpGroupPolicyList`; the paginator drives the marker
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getIpGroupPolicyList}
   */
  paginateGetIpGroupPolicyList(
    blbId: string,
    input?: GetIpGroupPolicyListInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetIpGroupPolicyList'>, PageOf<'GetIpGroupPolicyList'>> {
    return this.paginateOperation('GetIpGroupPolicyList', [blbId], input, options);
  }

  /**
   * Lists the members of an app-BLB IP group (the marker goes on the wire as `maker`), page by page: iterate for items, or `.pages()` for whole `getIpGroupMemberList` results.
   * Follows `nextMarker` while `isTruncated`; set `maxKeys` for the page size and `marker` to start later.
   * @param blbId - the `{blbId}` path segment
   * @param input - the filters of `getIpGroupMemberList`; the paginator drives the marker
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getIpGroupMemberList}
   */
  paginateGetIpGroupMemberList(
    blbId: string,
    input?: GetIpGroupMemberListInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetIpGroupMemberList'>, PageOf<'GetIpGroupMemberList'>> {
    return this.paginateOperation('GetIpGroupMemberList', [blbId], input, options);
  }

  /**
   * Lists the listener policies of an app BLB (the marker goes on the wire as `maker`), page by page: iterate for items, or `.pages()` for whole `getListenerPolicy` results.
   * Follows `nextMarker` while `isTruncated`; set `maxKeys` for the page size and `marker` to start later.
   * @param blbId - the `{blbId}` path segment
   * @param input - the filters of `getListenerPolicy`; the paginator drives the marker
   * @param options - request options for every page; `signal` also stops between pages
   * @see {@link BecOperations.getListenerPolicy}
   */
  paginateGetListenerPolicy(
    blbId: string,
    input?: GetListenerPolicyInput,
    options?: PaginateOptions,
  ): Paginator<ItemOf<'GetListenerPolicy'>, PageOf<'GetListenerPolicy'>> {
    return this.paginateOperation('GetListenerPolicy', [blbId], input, options);
  }

  /**
   * Runs any waiter by name (see {@link waiterSpecs}); the typed `waitUntil…` methods are
   * shorthands for this.
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
    const result = await runWaiter<WaiterResource<W> & object>(
      waiter,
      spec,
      id,
      (requestOptions) =>
        this.#readResource(spec, id, requestOptions) as Promise<(WaiterResource<W> & object) | undefined>,
      options as WaiterOptions<WaiterResource<W> & object> | undefined,
    );
    return (spec.deleted ? undefined : result) as WaiterResult<W>;
  }

  /**
   * Waits until the VM service is ready: polls `getVmServiceDetail` until its `status` is NORMAL or RUNNING and `runningInstances` has reached `totalInstances`.
   * Rejects at once with {@link BceWaiterError} `failure-state` on FAILED or ERROR, with `not-found` when it does not exist.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param serviceId - the ID of the VM service
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns the last resource read
   */
  waitUntilVmServiceRunning(
    serviceId: string,
    options?: WaiterOptions<WaiterResource<'VmServiceRunning'>>,
  ): Promise<WaiterResult<'VmServiceRunning'>> {
    return this.waitUntil('VmServiceRunning', serviceId, options);
  }

  /**
   * Waits until the VM service is gone: polls `getVmServiceDetail` until it answers 404.
   * Other client errors (4xx) reject at once.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param serviceId - the ID of the VM service
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns nothing once it is gone
   */
  waitUntilVmServiceDeleted(
    serviceId: string,
    options?: WaiterOptions<WaiterResource<'VmServiceDeleted'>>,
  ): Promise<WaiterResult<'VmServiceDeleted'>> {
    return this.waitUntil('VmServiceDeleted', serviceId, options);
  }

  /**
   * Waits until the VM instance is ready: polls `getVirtualMachine` until its `status` is RUNNING (e.g. after CREATING, STARTING, RESTARTING, REINSTALLING or IMAGING).
   * Rejects at once with {@link BceWaiterError} `failure-state` on FAILED or ERROR, with `not-found` when it does not exist.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param vmId - the ID of the VM instance
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns the last resource read
   */
  waitUntilVmInstanceRunning(
    vmId: string,
    options?: WaiterOptions<WaiterResource<'VmInstanceRunning'>>,
  ): Promise<WaiterResult<'VmInstanceRunning'>> {
    return this.waitUntil('VmInstanceRunning', vmId, options);
  }

  /**
   * Waits until the VM instance is ready: polls `getVirtualMachine` until its `status` is STOPPED.
   * Rejects at once with {@link BceWaiterError} `failure-state` on FAILED or ERROR, with `not-found` when it does not exist.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param vmId - the ID of the VM instance
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns the last resource read
   */
  waitUntilVmInstanceStopped(
    vmId: string,
    options?: WaiterOptions<WaiterResource<'VmInstanceStopped'>>,
  ): Promise<WaiterResult<'VmInstanceStopped'>> {
    return this.waitUntil('VmInstanceStopped', vmId, options);
  }

  /**
   * Waits until the VM instance is gone: polls `getVirtualMachine` until it answers 404.
   * Other client errors (4xx) reject at once.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param vmId - the ID of the VM instance
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns nothing once it is gone
   */
  waitUntilVmInstanceDeleted(
    vmId: string,
    options?: WaiterOptions<WaiterResource<'VmInstanceDeleted'>>,
  ): Promise<WaiterResult<'VmInstanceDeleted'>> {
    return this.waitUntil('VmInstanceDeleted', vmId, options);
  }

  /**
   * Waits until the container service is ready: polls `getService` until its `status` is RUNNING.
   * Rejects at once with {@link BceWaiterError} `failure-state` on FAILED or ERROR, with `not-found` when it does not exist.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param serviceId - the ID of the container service
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns the last resource read
   */
  waitUntilServiceRunning(
    serviceId: string,
    options?: WaiterOptions<WaiterResource<'ServiceRunning'>>,
  ): Promise<WaiterResult<'ServiceRunning'>> {
    return this.waitUntil('ServiceRunning', serviceId, options);
  }

  /**
   * Waits until the container service is ready: polls `getService` until its `status` is STOP (or STOPPED).
   * Rejects at once with {@link BceWaiterError} `failure-state` on FAILED or ERROR, with `not-found` when it does not exist.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param serviceId - the ID of the container service
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns the last resource read
   */
  waitUntilServiceStopped(
    serviceId: string,
    options?: WaiterOptions<WaiterResource<'ServiceStopped'>>,
  ): Promise<WaiterResult<'ServiceStopped'>> {
    return this.waitUntil('ServiceStopped', serviceId, options);
  }

  /**
   * Waits until the container service is gone: polls `getService` until it answers 404.
   * Other client errors (4xx) reject at once.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param serviceId - the ID of the container service
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns nothing once it is gone
   */
  waitUntilServiceDeleted(
    serviceId: string,
    options?: WaiterOptions<WaiterResource<'ServiceDeleted'>>,
  ): Promise<WaiterResult<'ServiceDeleted'>> {
    return this.waitUntil('ServiceDeleted', serviceId, options);
  }

  /**
   * Waits until the deployment is ready: polls `getPodDeployment` until `runningPods` has reached `totalPods` (at least one, or the desired replicas when known); deployments have no status field, so the status reported is derived: PENDING, RUNNING, or FAILED when a pod is FAILED or ERROR.
   * Rejects at once with {@link BceWaiterError} `failure-state` on FAILED (a failed pod), with `not-found` when it does not exist.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param deploymentId - the ID of the deployment
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns the last resource read
   */
  waitUntilDeploymentRunning(
    deploymentId: string,
    options?: WaiterOptions<WaiterResource<'DeploymentRunning'>>,
  ): Promise<WaiterResult<'DeploymentRunning'>> {
    return this.waitUntil('DeploymentRunning', deploymentId, options);
  }

  /**
   * Waits until the deployment is gone: polls `getPodDeployment` until it answers 404.
   * Other client errors (4xx) reject at once.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param deploymentId - the ID of the deployment
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns nothing once it is gone
   */
  waitUntilDeploymentDeleted(
    deploymentId: string,
    options?: WaiterOptions<WaiterResource<'DeploymentDeleted'>>,
  ): Promise<WaiterResult<'DeploymentDeleted'>> {
    return this.waitUntil('DeploymentDeleted', deploymentId, options);
  }

  /**
   * Waits until the pod is ready: polls `getPodDetail` until its `status` is RUNNING.
   * Rejects at once with {@link BceWaiterError} `failure-state` on FAILED or ERROR, with `not-found` when it does not exist.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param podId - the ID of the pod
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns the last resource read
   */
  waitUntilPodRunning(
    podId: string,
    options?: WaiterOptions<WaiterResource<'PodRunning'>>,
  ): Promise<WaiterResult<'PodRunning'>> {
    return this.waitUntil('PodRunning', podId, options);
  }

  /**
   * Waits until the BLB is ready: polls `getBlbDetail` until its `status` is RUNNING (e.g. after PENDING or BINDING).
   * Rejects at once with {@link BceWaiterError} `failure-state` on FAILED or ERROR, with `not-found` when it does not exist.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param blbId - the ID of the BLB
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns the last resource read
   */
  waitUntilBlbRunning(
    blbId: string,
    options?: WaiterOptions<WaiterResource<'BlbRunning'>>,
  ): Promise<WaiterResult<'BlbRunning'>> {
    return this.waitUntil('BlbRunning', blbId, options);
  }

  /**
   * Waits until the BLB is gone: polls `getBlbDetail` until it answers 404.
   * Other client errors (4xx) reject at once.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param blbId - the ID of the BLB
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns nothing once it is gone
   */
  waitUntilBlbDeleted(
    blbId: string,
    options?: WaiterOptions<WaiterResource<'BlbDeleted'>>,
  ): Promise<WaiterResult<'BlbDeleted'>> {
    return this.waitUntil('BlbDeleted', blbId, options);
  }

  /**
   * Waits until the app BLB is ready: polls `getAppBlbDetails` until its `status` is RUNNING (e.g. after PENDING).
   * Rejects at once with {@link BceWaiterError} `failure-state` on FAILED or ERROR, with `not-found` when it does not exist.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param blbId - the ID of the app BLB
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns the last resource read
   */
  waitUntilAppBlbRunning(
    blbId: string,
    options?: WaiterOptions<WaiterResource<'AppBlbRunning'>>,
  ): Promise<WaiterResult<'AppBlbRunning'>> {
    return this.waitUntil('AppBlbRunning', blbId, options);
  }

  /**
   * Waits until the app BLB is gone: polls `getAppBlbDetails` until it answers 404.
   * Other client errors (4xx) reject at once.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param blbId - the ID of the app BLB
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns nothing once it is gone
   */
  waitUntilAppBlbDeleted(
    blbId: string,
    options?: WaiterOptions<WaiterResource<'AppBlbDeleted'>>,
  ): Promise<WaiterResult<'AppBlbDeleted'>> {
    return this.waitUntil('AppBlbDeleted', blbId, options);
  }

  /**
   * Waits until the VM image is ready: polls `listVmImage` searched by `imageId` until its `status` is SUCCEEDED (after IMAGING or IMPORTING).
   * Rejects at once with {@link BceWaiterError} `failure-state` on FAILED or ERROR, with `not-found` when it does not exist.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param imageId - the ID of the VM image
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns the last resource read
   */
  waitUntilVmImageAvailable(
    imageId: string,
    options?: WaiterOptions<WaiterResource<'VmImageAvailable'>>,
  ): Promise<WaiterResult<'VmImageAvailable'>> {
    return this.waitUntil('VmImageAvailable', imageId, options);
  }

  /**
   * Waits until the VM image is gone: polls `listVmImage` searched by `imageId` until it is no longer listed.
   * Other client errors (4xx) reject at once.
   * Backs off exponentially with jitter between polls; transient errors (network, 5xx, 429) are polled through.
   * Rejects with {@link BceWaiterError} `timeout` after `maxWaitMs` and {@link BceAbortError} when `signal` fires.
   * @param imageId - the ID of the VM image
   * @param options - deadline, poll delays, `signal` and `onProgress`
   * @returns nothing once it is gone
   */
  waitUntilVmImageDeleted(
    imageId: string,
    options?: WaiterOptions<WaiterResource<'VmImageDeleted'>>,
  ): Promise<WaiterResult<'VmImageDeleted'>> {
    return this.waitUntil('VmImageDeleted', imageId, options);
  }

  /** One poll of a waiter: the getter's result, or the matching item of a list lookup. */
  async #readResource(spec: WaiterSpec, id: string, options: RequestOptions): Promise<unknown> {
    if (!spec.lookup) return this.invoke(spec.operation, [id], undefined, options);
    const { keywordType, idField } = spec.lookup;
    const items = this.paginateOperation(
      spec.operation as PaginatedOperation,
      [],
      { keywordType, keyword: id },
      options,
    );
    for await (const item of items) {
      if ((item as Record<string, unknown>)[idField] === id) return item;
    }
    return undefined;
  }
}
