import { BceValidationError } from './errors.js';
import { MAX_TIMER_MS } from './options.js';

/** `https://host[:port]` from what the user gave; a bare host means HTTPS. */
export function parseEndpoint(endpoint: string): URL {
  if (typeof endpoint !== 'string') {
    const given: unknown = endpoint;
    const got = given === null ? 'null' : given instanceof URL ? 'a URL object (pass url.origin)' : typeof given;
    throw new BceValidationError(
      undefined,
      'endpoint',
      `must be a string such as "https://bec.baidubce.com" or "http://127.0.0.1:8080", got ${got}`,
    );
  }
  const withScheme = hasScheme(endpoint) ? endpoint : `https://${endpoint}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new BceValidationError(undefined, 'endpoint', `must be a host or an http(s) URL, got "${endpoint}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new BceValidationError(undefined, 'endpoint', 'must use http or https');
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw new BceValidationError(undefined, 'endpoint', 'must not carry a path, query or user info');
  }
  return url;
}

/** True when the endpoint names its scheme (`http://`, `https://`). */
export function hasScheme(endpoint: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint);
}

export interface NumberRule {
  allowZero?: boolean;
  integer?: boolean;
  /** Upper bound (inclusive); time options are bounded by {@link MAX_TIMER_MS}. */
  max?: number;
  /** For per-call options: the operation the error names. */
  operation?: string;
}

/**
 * `value` when it is a finite number in range, `fallback` when it is undefined; otherwise a
 * BceValidationError that says the rule (never a request id: nothing was sent).
 */
export function numberOption(name: string, value: unknown, fallback: number, rule: NumberRule = {}): number {
  if (value === undefined) return fallback;
  const { allowZero = false, integer = false, max = Number.POSITIVE_INFINITY } = rule;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (!allowZero && value === 0) ||
    (integer && !Number.isInteger(value)) ||
    value > max
  ) {
    const what = `${allowZero ? 'non-negative' : 'positive'} ${integer ? 'integer' : 'number'}`;
    const bound =
      max === MAX_TIMER_MS
        ? ` of at most ${MAX_TIMER_MS} ms (2^31 - 1, about 24.8 days: longer timers fire at once)`
        : Number.isFinite(max)
          ? ` of at most ${max}`
          : '';
    throw new BceValidationError(rule.operation, name, `must be a ${what}${bound}`);
  }
  return value;
}

/** A time option in ms: positive (or non-negative) and at most {@link MAX_TIMER_MS}. */
export function timeOption(name: string, value: unknown, fallback: number, rule: NumberRule = {}): number {
  return numberOption(name, value, fallback, { ...rule, max: MAX_TIMER_MS });
}

/** `true`/`false`/undefined, else a BceValidationError. */
export function booleanOption(name: string, value: unknown, fallback: boolean, operation?: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new BceValidationError(operation, name, 'must be true or false');
  return value;
}

/** Per-call options checked before anything is built or sent. */
export function checkCallOptions(operation: string, options: Record<string, unknown>): void {
  timeOption('options.timeoutMs', options.timeoutMs, 0, { operation });
  timeOption('options.deadlineMs', options.deadlineMs, 0, { operation });
  numberOption('options.maxRetries', options.maxRetries, 0, { operation, allowZero: true, integer: true });
  numberOption('options.maxResponseBytes', options.maxResponseBytes, 0, { operation, integer: true });
  booleanOption('options.validation', options.validation, true, operation);
}
