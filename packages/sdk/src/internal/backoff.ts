import type { BceAbortError } from '../core/errors.js';

/**
 * Delay before poll number `attempt + 1` of a waiter: exponential growth from `minMs` capped at
 * `maxMs`, with jitter drawn uniformly from [minMs, cap] so polls never come faster than `minMs`
 * and concurrent waiters spread out.
 */
export function pollDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const cap = Math.min(maxMs, Math.max(minMs, 1) * 2 ** attempt);
  return Math.round(minMs + random() * Math.max(0, cap - minMs));
}

/** Rejects with the error `onAbort` builds when `signal` has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined, onAbort: () => BceAbortError): void {
  if (signal?.aborted) throw onAbort();
}

/**
 * Waits `ms`; when `signal` fires the timer is cleared and the promise rejects at once with the
 * error `onAbort` builds.
 */
export function abortableDelay(
  ms: number,
  signal: AbortSignal | undefined,
  onAbort: () => BceAbortError,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(onAbort());
      return;
    }
    const abort = (): void => {
      clearTimeout(timer);
      reject(onAbort());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', abort, { once: true });
  });
}
