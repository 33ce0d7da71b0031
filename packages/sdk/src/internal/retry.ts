import { BceAbortError, type BceAbortErrorDetails } from '../core/errors.js';
import { MAX_TIMER_MS } from '../core/options.js';
import type { OperationSpec } from './operation.js';

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

/** Waits `ms`, rejecting with BceAbortError as soon as `signal` fires. */
export function sleep(
  ms: number,
  signal: AbortSignal | undefined,
  details: Omit<BceAbortErrorDetails, 'cause'> = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const abortError = (): BceAbortError =>
      new BceAbortError('the call was aborted during a retry wait', { ...details, cause: signal?.reason });
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    // Never past the timer limit: a longer delay would fire at once.
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
