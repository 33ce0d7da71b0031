import type { BceAbortError } from '../core/errors.js';
import { MAX_TIMER_MS } from '../core/options.js';

/**
 * Waiting, for every part of the client that waits: a call's pause before a retry, a waiter's
 * pause between polls, a paginator's check between pages, a slow credentials provider.
 */

/** Rejects with the error `onAbort` builds when `signal` has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined, onAbort: () => BceAbortError): void {
  if (signal?.aborted) throw onAbort();
}

/**
 * Waits `ms` (never past the timer limit: a longer delay would fire at once); when `signal`
 * fires the timer is cleared and the promise rejects at once with the error `onAbort` builds.
 */
export function abortableWait(
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
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', abort);
        resolve();
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/** `promise`, unless `signal` fires or `ms` pass first (then the matching error). */
export function within<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  ms: number,
  aborted: () => Error,
  timedOut: () => Error,
): Promise<T> {
  if (!signal && !Number.isFinite(ms)) return promise;
  return new Promise<T>((resolve, reject) => {
    const cleanup = (): void => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      cleanup();
      reject(aborted());
    };
    const timer = Number.isFinite(ms)
      ? setTimeout(() => {
          cleanup();
          reject(timedOut());
        }, ms)
      : undefined;
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (err: unknown) => {
        cleanup();
        reject(err);
      },
    );
  });
}
