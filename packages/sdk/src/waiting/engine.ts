import { BceAbortError, BceClientError, BceServiceError, BceTimeoutError } from '../core/errors.js';
import { MAX_TIMER_MS, type RequestOptions } from '../core/options.js';
import type { BecResponseMetadata } from '../core/result.js';
import type { WaiterResourceFields as Resource, WaiterSpec } from '../internal/operation.js';
import { isTransient, pollDelay } from '../pipeline/retry-policy.js';
import { abortableWait, throwIfAborted } from '../pipeline/wait.js';
import { BceWaiterError, type WaiterFailureReason } from './error.js';
import { WAITER_DEFAULTS, type WaiterOptions } from './types.js';

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

function checkDelay(name: string, value: number | undefined, fallback: number, allowZero: boolean): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0) || value > MAX_TIMER_MS) {
    throw new BceClientError(
      `invalid waiter option ${name}: must be a ${allowZero ? 'non-negative' : 'positive'} number of at most ${MAX_TIMER_MS} ms (longer timers fire at once)`,
    );
  }
  return value;
}

/** The outcome of one poll: a resource, gone (404 or not listed), or a transient failure. */
type Poll<T> = { kind: 'read'; resource: T } | { kind: 'gone'; notFound?: BceServiceError } | { kind: 'transient' };

/** One wait in progress: what has been seen so far, and how to fail. */
class WaitState<TResource extends object> {
  readonly started = Date.now();
  lastResource: TResource | undefined;
  lastStatus: string | undefined;
  lastError: unknown;
  lastRequestId: string | undefined;

  constructor(
    readonly name: string,
    readonly spec: WaiterSpec,
    readonly resourceId: string,
  ) {}

  get label(): string {
    return `${this.spec.resource} ${this.resourceId}`;
  }

  fail(reason: WaiterFailureReason, message: string, attempts: number, cause?: unknown): BceWaiterError {
    return new BceWaiterError(message, {
      reason,
      waiter: this.name,
      resourceId: this.resourceId,
      lastStatus: this.lastStatus,
      lastResource: this.lastResource,
      attempts,
      elapsedMs: Date.now() - this.started,
      operation: this.spec.operation,
      requestId: this.lastRequestId,
      cause,
    });
  }

  /** Reads once; a 404 is "gone", a transient error is remembered, anything else ends the wait. */
  async poll(
    read: (options: RequestOptions) => Promise<TResource | undefined>,
    signal: AbortSignal | undefined,
    remaining: number,
    abortError: () => BceAbortError,
  ): Promise<Poll<TResource>> {
    const pollStarted = Date.now();
    try {
      const resource = await read({ signal, deadlineMs: Math.min(Math.max(1, remaining), MAX_TIMER_MS) });
      this.lastError = undefined;
      return resource === undefined ? { kind: 'gone' } : { kind: 'read', resource };
    } catch (err) {
      if (err instanceof BceAbortError) throw err;
      if (signal?.aborted) throw abortError();
      if (err instanceof BceServiceError && err.statusCode === 404) {
        this.lastRequestId = err.requestId;
        return { kind: 'gone', notFound: err };
      }
      if (!isTransient(err)) throw err;
      // A poll cut short by the wait's own deadline says nothing new about the service: the
      // error the service last gave (if any) stays the cause of the timeout.
      const cutByDeadline = err instanceof BceTimeoutError && Date.now() - pollStarted >= remaining;
      if (!cutByDeadline || this.lastError === undefined) this.lastError = err;
      return { kind: 'transient' };
    }
  }

  /** Remembers what a poll read. */
  record(resource: TResource): void {
    this.lastResource = resource;
    this.lastRequestId = (resource as { $metadata?: BecResponseMetadata }).$metadata?.requestId ?? this.lastRequestId;
    this.lastStatus = statusOf(this.spec, resource as Resource);
  }

  /** True when the resource last read is what the waiter waits for; throws on a failure state. */
  reached(resource: TResource, attempt: number): boolean {
    const normalized = this.lastStatus?.toUpperCase();
    if (normalized === undefined) return false;
    if (this.spec.failure.includes(normalized)) {
      const message = `${this.label} reached ${this.lastStatus} while waiting for it to be ${this.spec.target}`;
      throw this.fail('failure-state', message, attempt);
    }
    return this.spec.success.includes(normalized) && (this.spec.ready?.(resource as Resource) ?? true);
  }
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
  const state = new WaitState<TResource>(name, spec, resourceId);
  const deadline = state.started + maxWaitMs;
  const abortError = (): BceAbortError =>
    new BceAbortError(`waiting for ${state.label} to be ${spec.target} was aborted`, {
      operation: spec.operation,
      cause: signal?.reason,
    });

  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal, abortError);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const seen = state.lastStatus === undefined ? '' : ` (last status ${state.lastStatus})`;
      const message = `${state.label} was not ${spec.target} within ${maxWaitMs} ms${seen}`;
      throw state.fail('timeout', message, attempt - 1, state.lastError);
    }
    const poll = await state.poll(read, signal, remaining, abortError);
    const elapsedMs = Date.now() - state.started;
    if (poll.kind === 'gone') {
      // Gone: a 404 from the getter, or the ID is absent from the list lookup.
      onProgress?.(undefined, undefined, elapsedMs, attempt);
      if (spec.deleted) return undefined;
      throw state.fail('not-found', `${state.label} does not exist`, attempt, poll.notFound);
    }
    if (poll.kind === 'read') {
      state.record(poll.resource);
      onProgress?.(state.lastStatus, poll.resource, elapsedMs, attempt);
      if (state.reached(poll.resource, attempt)) return poll.resource;
    }
    const left = deadline - Date.now();
    if (left > 0) {
      await abortableWait(Math.min(pollDelay(attempt - 1, minDelayMs, maxDelayMs, random), left), signal, abortError);
    }
  }
}
