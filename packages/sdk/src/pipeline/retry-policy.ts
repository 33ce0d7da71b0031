import { BceNetworkError, BceServiceError } from '../core/errors.js';
import type { LevelLogger } from '../core/logger.js';
import { MAX_TIMER_MS } from '../core/options.js';
import type { OperationSpec } from '../internal/operation.js';

/**
 * When to try again, for calls and waiters alike: which operations may be repeated, which
 * failures are worth another attempt, how long to pause, and the client-wide retry budget.
 */

/** Statuses worth another attempt when repeating the request is safe. */
export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);
/** Error codes that mean the request was rejected before it was acted on (a re-signed retry can pass). */
export const REJECTED_BEFORE_ACTION_CODES: ReadonlySet<string> = new Set(['RequestExpired', 'RequestTimeTooSkewed']);

/** True when sending the operation twice cannot create a second resource (the overlay's `retry`). */
export function isRepeatable(op: OperationSpec): boolean {
  return op.repeatable;
}

/** Full-jitter exponential backoff: a random delay in [0, min(max, base * 2^retry)]. */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** retry));
}

/**
 * `Retry-After` in ms (delta-seconds or an HTTP date), or undefined. A delay beyond
 * {@link MAX_TIMER_MS} (the longest timer) is `Infinity`: longer than any `retryMaxDelayMs`, so
 * the call ends instead of waiting (a timer that long would fire at once).
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const date = /^\d+$/.test(trimmed) ? nowMs + Number(trimmed) * 1000 : Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  const ms = Math.max(0, date - nowMs);
  return ms > MAX_TIMER_MS ? Number.POSITIVE_INFINITY : ms;
}

/** A client-wide token bucket that stops retry storms when the service is down. */
export class RetryBudget {
  private tokens: number;

  constructor(private readonly capacity: number) {
    this.tokens = capacity;
  }

  take(cost: number): boolean {
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  refund(amount: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + amount);
  }

  get available(): number {
    return this.tokens;
  }
}

/**
 * Delay before poll number `attempt + 1` of a waiter: exponential growth from `minMs` capped at
 * `maxMs`, with jitter drawn uniformly from [minMs, cap] so polls never come faster than `minMs`
 * and concurrent waiters spread out.
 */
export function pollDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const cap = Math.min(maxMs, Math.max(minMs, 1) * 2 ** attempt);
  return Math.round(minMs + random() * Math.max(0, cap - minMs));
}

/** Errors worth another poll of a waiter: the call's own retries are spent, but the next poll may pass. */
export function isTransient(err: unknown): boolean {
  if (err instanceof BceServiceError) return err.statusCode >= 500 || err.statusCode === 429;
  return err instanceof BceNetworkError;
}

export interface RetrySettings {
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
}

/** The retry policy of one client: its settings and its retry budget. */
export class RetryPolicy {
  readonly #budget: RetryBudget;

  constructor(
    readonly settings: RetrySettings,
    budget: number,
    private readonly log: LevelLogger,
  ) {
    this.#budget = new RetryBudget(budget);
  }

  /** A call succeeded (or counts as done): the budget gets a token back. */
  succeeded(): void {
    this.#budget.refund(1);
  }

  /**
   * The pause before another attempt after `failure`, or undefined when the call ends with it:
   * not retryable, out of retries, a `Retry-After` longer than the client waits, past the
   * deadline, or the retry budget spent.
   */
  nextDelay(
    failure: { readonly retryable: boolean; readonly cost: number; readonly retryAfterMs?: number | undefined },
    attempt: number,
    maxRetries: number,
    deadline: number | undefined,
    ctx: { operation: string; requestId: string },
  ): number | undefined {
    const { retryable, cost, retryAfterMs } = failure;
    const { retryBaseDelayMs, retryMaxDelayMs } = this.settings;
    if (!retryable || attempt > maxRetries) return undefined;
    // A server asking for a longer pause than the client would ever wait: give up now, not later.
    if (retryAfterMs !== undefined && retryAfterMs > retryMaxDelayMs) return undefined;
    const delay = Math.max(backoffDelay(attempt - 1, retryBaseDelayMs, retryMaxDelayMs), retryAfterMs ?? 0);
    if (deadline !== undefined && Date.now() + delay >= deadline) return undefined;
    if (!this.#budget.take(cost)) {
      this.log.log('warn', 'retry budget exhausted; not retrying', ctx);
      return undefined;
    }
    return Math.max(0, delay);
  }
}
