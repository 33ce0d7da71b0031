import {
  BceAbortError,
  BceClientError,
  type BceErrorDetails,
  BceNetworkError,
  BceServiceError,
} from './core/errors.js';
import { MAX_TIMER_MS, type RequestOptions } from './core/options.js';
import type { BecResponseMetadata } from './core/result.js';
import type { BecOperations } from './generated/operations-client.js';
import { abortableDelay, pollDelay, throwIfAborted } from './internal/backoff.js';
import type { ItemOf, MethodResult, PaginatedOperation } from './paginate.js';

/** Why a waiter gave up. */
export type WaiterFailureReason =
  /** The resource reached a state it cannot leave on its own (e.g. `FAILED`). */
  | 'failure-state'
  /** `maxWaitMs` passed before the resource reached a success state. */
  | 'timeout'
  /** The resource does not exist (a waiter other than a deletion waiter). */
  | 'not-found';

/** Options of every `waitUntil…` method. */
export interface WaiterOptions<TResource = unknown> {
  /** Aborts the wait, including the pending sleep and the poll in flight, with {@link BceAbortError}. */
  signal?: AbortSignal | undefined;
  /** Deadline for the whole wait, from the call. @default 600_000 (10 minutes) */
  maxWaitMs?: number | undefined;
  /** Shortest pause between two polls. @default 2_000 */
  minDelayMs?: number | undefined;
  /** Longest pause between two polls; pauses grow exponentially from `minDelayMs` with jitter. @default 30_000 */
  maxDelayMs?: number | undefined;
  /**
   * Called after every poll with the status seen (as the service spelt it), the resource, the time
   * since the wait began and the 1-based poll number. For a resource that no longer exists
   * (deletion waiters) `status` and `resource` are undefined. An exception thrown here ends the
   * wait with that exception.
   */
  onProgress?:
    | ((status: string | undefined, resource: TResource | undefined, elapsedMs: number, attempt: number) => void)
    | undefined;
}

export const WAITER_DEFAULTS = {
  maxWaitMs: 600_000,
  minDelayMs: 2_000,
  maxDelayMs: 30_000,
} as const;

type Resource = Readonly<Record<string, unknown>>;

/** One row of the waiter table. */
export interface WaiterSpec {
  /** What is waited for, in words (used in error messages), e.g. `VM instance`. */
  readonly resource: string;
  /** The Go name of the operation that reads the resource: `Get…(id)`, or a list searched by ID. */
  readonly operation: string;
  /**
   * When set, `operation` is a paginated list: it is called with `keywordType` and `keyword: id`
   * and the resource is the item whose `idField` equals the ID.
   */
  readonly lookup?: { readonly keywordType: string; readonly idField: string };
  /** Dot paths tried in order for the status, or a function deriving it (resources without one). */
  readonly status: readonly string[] | ((resource: Resource) => string | undefined);
  /** Success states (upper case; compared case-insensitively). Empty for deletion waiters. */
  readonly success: readonly string[];
  /** States that end the wait with {@link BceWaiterError} `failure-state` (upper case). */
  readonly failure: readonly string[];
  /** An extra condition a success state must meet, e.g. all instances running. */
  readonly ready?: (resource: Resource) => boolean;
  /** A deletion waiter: done when the getter answers 404 or the resource is absent from the list. */
  readonly deleted?: boolean;
  /** The state waited for, in words (used in error messages). */
  readonly target: string;
}

const FAILED = ['FAILED', 'ERROR'] as const;

function numberField(resource: Resource, key: string): number | undefined {
  const value = resource[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A VM service's own status stays NORMAL while its instances are created; count them as well. */
function allVmInstancesRunning(service: Resource): boolean {
  const total = numberField(service, 'totalInstances');
  const running = numberField(service, 'runningInstances');
  return total === undefined || running === undefined || running >= total;
}

/**
 * Deployments (`DeploymentResourceBriefVo`) have no status field. Derived: FAILED when a pod
 * reports FAILED or ERROR, RUNNING when every pod (and at least one, or the desired replica
 * count when it is known) is running, PENDING otherwise.
 */
export function deploymentStatus(deployment: Resource): string {
  const pods = Array.isArray(deployment.podBriefVos) ? (deployment.podBriefVos as unknown[]) : [];
  const podFailed = pods.some((pod) => {
    const status = (pod as Resource | null)?.status;
    return typeof status === 'string' && (FAILED as readonly string[]).includes(status.toUpperCase());
  });
  if (podFailed) return 'FAILED';
  const total = numberField(deployment, 'totalPods');
  const running = numberField(deployment, 'runningPods');
  const instance = deployment.deployInstance as Resource | undefined | null;
  const desired = instance ? numberField(instance, 'replicas') : undefined;
  if (total !== undefined && running !== undefined && running >= Math.max(total, desired ?? 1)) return 'RUNNING';
  return 'PENDING';
}

/**
 * Every waiter, as data: the getter, where the status is, and which states end the wait. Status
 * sets come from the BEC docs (service-facts §6); the v2 Title-case spellings match because
 * states are compared case-insensitively.
 */
export const waiterSpecs = {
  VmServiceRunning: {
    resource: 'VM service',
    operation: 'GetVmServiceDetail',
    status: ['status'],
    success: ['NORMAL', 'RUNNING'],
    failure: FAILED,
    ready: allVmInstancesRunning,
    target: 'NORMAL/RUNNING with every instance running',
  },
  VmServiceDeleted: {
    resource: 'VM service',
    operation: 'GetVmServiceDetail',
    status: ['status'],
    success: [],
    failure: [],
    deleted: true,
    target: 'deleted',
  },
  VmInstanceRunning: {
    resource: 'VM instance',
    operation: 'GetVirtualMachine',
    status: ['status'],
    success: ['RUNNING'],
    failure: FAILED,
    target: 'RUNNING',
  },
  VmInstanceStopped: {
    resource: 'VM instance',
    operation: 'GetVirtualMachine',
    status: ['status'],
    success: ['STOPPED'],
    failure: FAILED,
    target: 'STOPPED',
  },
  VmInstanceDeleted: {
    resource: 'VM instance',
    operation: 'GetVirtualMachine',
    status: ['status'],
    success: [],
    failure: [],
    deleted: true,
    target: 'deleted',
  },
  // The container-service detail page shows the body wrapped as {result: ServiceDetailsVo, success}
  // while the Go SDK decodes ServiceDetailsVo directly; read the status from either shape.
  ServiceRunning: {
    resource: 'container service',
    operation: 'GetService',
    status: ['status', 'result.status'],
    success: ['RUNNING'],
    failure: FAILED,
    target: 'RUNNING',
  },
  ServiceStopped: {
    resource: 'container service',
    operation: 'GetService',
    status: ['status', 'result.status'],
    success: ['STOP', 'STOPPED'],
    failure: FAILED,
    target: 'STOP',
  },
  ServiceDeleted: {
    resource: 'container service',
    operation: 'GetService',
    status: ['status', 'result.status'],
    success: [],
    failure: [],
    deleted: true,
    target: 'deleted',
  },
  DeploymentRunning: {
    resource: 'deployment',
    operation: 'GetPodDeployment',
    status: deploymentStatus,
    success: ['RUNNING'],
    failure: FAILED,
    target: 'every pod RUNNING',
  },
  DeploymentDeleted: {
    resource: 'deployment',
    operation: 'GetPodDeployment',
    status: deploymentStatus,
    success: [],
    failure: [],
    deleted: true,
    target: 'deleted',
  },
  PodRunning: {
    resource: 'pod',
    operation: 'GetPodDetail',
    status: ['status'],
    success: ['RUNNING'],
    failure: FAILED,
    target: 'RUNNING',
  },
  BlbRunning: {
    resource: 'BLB',
    operation: 'GetBlbDetail',
    status: ['status'],
    success: ['RUNNING'],
    failure: FAILED,
    target: 'RUNNING',
  },
  BlbDeleted: {
    resource: 'BLB',
    operation: 'GetBlbDetail',
    status: ['status'],
    success: [],
    failure: [],
    deleted: true,
    target: 'deleted',
  },
  AppBlbRunning: {
    resource: 'app BLB',
    operation: 'GetAppBlbDetails',
    status: ['status'],
    success: ['RUNNING'],
    failure: FAILED,
    target: 'RUNNING',
  },
  AppBlbDeleted: {
    resource: 'app BLB',
    operation: 'GetAppBlbDetails',
    status: ['status'],
    success: [],
    failure: [],
    deleted: true,
    target: 'deleted',
  },
  VmImageAvailable: {
    resource: 'VM image',
    operation: 'ListVmImage',
    lookup: { keywordType: 'imageId', idField: 'imageId' },
    status: ['status'],
    success: ['SUCCEEDED'],
    failure: FAILED,
    target: 'SUCCEEDED',
  },
  VmImageDeleted: {
    resource: 'VM image',
    operation: 'ListVmImage',
    lookup: { keywordType: 'imageId', idField: 'imageId' },
    status: ['status'],
    success: [],
    failure: [],
    deleted: true,
    target: 'deleted',
  },
} as const satisfies Readonly<Record<string, WaiterSpec>>;

/** Name of a waiter in {@link waiterSpecs} (`waitUntil` + name is the client method). */
export type WaiterName = keyof typeof waiterSpecs;

type Specs = typeof waiterSpecs;
type OperationResult<Op> = Op extends string
  ? MethodResult<BecOperations[Uncapitalize<Op> & keyof BecOperations]>
  : never;

/** What a waiter reads: the getter's result, or the list item for lookups (e.g. `VmImageVo`). */
export type WaiterResource<W extends WaiterName> = Specs[W] extends {
  readonly lookup: object;
  readonly operation: infer Op extends PaginatedOperation;
}
  ? ItemOf<Op>
  : OperationResult<Specs[W]['operation']>;

/** What a waiter resolves with: the last resource read, or nothing for deletion waiters. */
export type WaiterResult<W extends WaiterName> = Specs[W] extends { readonly deleted: true }
  ? undefined
  : WaiterResource<W>;

export interface BceWaiterErrorDetails extends BceErrorDetails {
  reason: WaiterFailureReason;
  waiter: string;
  resourceId: string;
  lastStatus: string | undefined;
  lastResource: unknown;
  attempts: number;
  elapsedMs: number;
}

/**
 * A waiter gave up: the resource reached a failure state, the deadline passed, or the resource
 * does not exist. `lastResource` (the last body read, not enumerable so that it never shows in
 * logs or `JSON.stringify`) and `lastStatus` tell where it stopped; `cause` holds the last
 * transient error, if any.
 */
export class BceWaiterError extends BceClientError {
  readonly reason: WaiterFailureReason;
  /** The waiter, e.g. `VmInstanceRunning`. */
  readonly waiter: string;
  readonly resourceId: string;
  /** The last status seen, as the service spelt it. */
  readonly lastStatus: string | undefined;
  /** Polls made. */
  readonly attempts: number;
  readonly elapsedMs: number;
  /** The last resource read (undefined if none was read). */
  declare readonly lastResource: unknown;

  constructor(message: string, details: BceWaiterErrorDetails) {
    super(message, details);
    this.reason = details.reason;
    this.waiter = details.waiter;
    this.resourceId = details.resourceId;
    this.lastStatus = details.lastStatus;
    this.attempts = details.attempts;
    this.elapsedMs = details.elapsedMs;
    Object.defineProperty(this, 'lastResource', {
      value: details.lastResource,
      enumerable: false,
      writable: false,
      configurable: true,
    });
  }
}

function readPath(resource: Resource, path: string): unknown {
  let value: unknown = resource;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Resource)[key];
  }
  return value;
}

/** The status of `resource` according to `spec` (undefined when it has none). */
export function statusOf(spec: WaiterSpec, resource: Resource): string | undefined {
  if (typeof spec.status === 'function') return spec.status(resource);
  for (const path of spec.status) {
    const value = readPath(resource, path);
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** Errors worth another poll: the client's own retries are spent, but the next poll may pass. */
function isTransient(err: unknown): boolean {
  if (err instanceof BceServiceError) return err.statusCode >= 500 || err.statusCode === 429;
  return err instanceof BceNetworkError;
}

function checkDelay(name: string, value: number | undefined, fallback: number, allowZero: boolean): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0) || value > MAX_TIMER_MS) {
    throw new BceClientError(
      `invalid waiter option ${name}: must be a ${allowZero ? 'non-negative' : 'positive'} number of at most ${MAX_TIMER_MS} ms (longer timers fire at once)`,
    );
  }
  return value;
}

/**
 * The waiter engine: polls `read` until the resource reaches a success state of `spec`, backing
 * off exponentially with jitter between polls. Resolves with the last resource read (undefined
 * for deletion waiters). `random` feeds the jitter.
 */
export async function runWaiter<TResource extends object>(
  name: string,
  spec: WaiterSpec,
  resourceId: string,
  read: (options: RequestOptions) => Promise<TResource | undefined>,
  options: WaiterOptions<TResource> = {},
  random: () => number = Math.random,
): Promise<TResource | undefined> {
  const maxWaitMs = checkDelay('maxWaitMs', options.maxWaitMs, WAITER_DEFAULTS.maxWaitMs, false);
  const minDelayMs = checkDelay('minDelayMs', options.minDelayMs, WAITER_DEFAULTS.minDelayMs, true);
  const maxDelayMs = Math.max(
    minDelayMs,
    checkDelay('maxDelayMs', options.maxDelayMs, Math.max(WAITER_DEFAULTS.maxDelayMs, minDelayMs), true),
  );
  const { onProgress, signal } = options;
  const started = Date.now();
  const deadline = started + maxWaitMs;
  const success: ReadonlySet<string> = new Set(spec.success);
  const failure: ReadonlySet<string> = new Set(spec.failure);
  const label = `${spec.resource} ${resourceId}`;
  const abortError = (): BceAbortError =>
    new BceAbortError(`waiting for ${label} to be ${spec.target} was aborted`, {
      operation: spec.operation,
      cause: signal?.reason,
    });

  let lastResource: TResource | undefined;
  let lastStatus: string | undefined;
  let lastError: unknown;
  let lastRequestId: string | undefined;
  const fail = (reason: WaiterFailureReason, message: string, attempts: number, cause?: unknown): BceWaiterError =>
    new BceWaiterError(message, {
      reason,
      waiter: name,
      resourceId,
      lastStatus,
      lastResource,
      attempts,
      elapsedMs: Date.now() - started,
      operation: spec.operation,
      requestId: lastRequestId,
      cause,
    });

  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal, abortError);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const seen = lastStatus === undefined ? '' : ` (last status ${lastStatus})`;
      throw fail('timeout', `${label} was not ${spec.target} within ${maxWaitMs} ms${seen}`, attempt - 1, lastError);
    }

    let resource: TResource | undefined;
    let notFound: BceServiceError | undefined;
    let transient = false;
    try {
      resource = await read({ signal, deadlineMs: Math.min(Math.max(1, remaining), MAX_TIMER_MS) });
      lastError = undefined;
    } catch (err) {
      if (err instanceof BceAbortError) throw err;
      if (signal?.aborted) throw abortError();
      if (err instanceof BceServiceError && err.statusCode === 404) {
        notFound = err;
        lastRequestId = err.requestId;
      } else if (isTransient(err)) {
        lastError = err;
        transient = true;
      } else {
        throw err;
      }
    }
    const elapsedMs = Date.now() - started;

    if (!transient) {
      if (resource === undefined) {
        // Gone: a 404 from the getter, or the ID is absent from the list lookup.
        onProgress?.(undefined, undefined, elapsedMs, attempt);
        if (spec.deleted) return undefined;
        throw fail('not-found', `${label} does not exist`, attempt, notFound);
      }
      lastResource = resource;
      lastRequestId = (resource as { $metadata?: BecResponseMetadata }).$metadata?.requestId ?? lastRequestId;
      lastStatus = statusOf(spec, resource as Resource);
      onProgress?.(lastStatus, resource, elapsedMs, attempt);
      const normalized = lastStatus?.toUpperCase();
      if (normalized !== undefined && failure.has(normalized)) {
        throw fail(
          'failure-state',
          `${label} reached ${lastStatus} while waiting for it to be ${spec.target}`,
          attempt,
        );
      }
      if (normalized !== undefined && success.has(normalized) && (spec.ready?.(resource as Resource) ?? true)) {
        return resource;
      }
    }

    const left = deadline - Date.now();
    if (left > 0) {
      await abortableDelay(Math.min(pollDelay(attempt - 1, minDelayMs, maxDelayMs, random), left), signal, abortError);
    }
  }
}
