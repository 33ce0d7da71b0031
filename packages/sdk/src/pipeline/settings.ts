import { BceValidationError } from '../core/errors.js';
import { consoleLogger, LevelLogger, type LogLevel } from '../core/logger.js';
import { type BecClientOptions, DEFAULTS, MAX_TIMER_MS } from '../core/options.js';
import { platform } from '../platform/index.js';
import { processEnv } from '../platform/types.js';

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

/** The client-wide settings every call starts from (per-call options override some). */
export interface ClientSettings {
  readonly connectTimeoutMs: number;
  readonly timeoutMs: number;
  readonly deadlineMs: number | undefined;
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly retryBudget: number;
  readonly signatureExpirationSeconds: number;
  readonly maxResponseBytes: number;
  readonly validation: boolean;
}

/** The settings of `options`, each checked, with the defaults for what is not given. */
export function resolveSettings(options: BecClientOptions): ClientSettings {
  const nonNegative = { allowZero: true };
  return {
    connectTimeoutMs: timeOption('connectTimeoutMs', options.connectTimeoutMs, DEFAULTS.connectTimeoutMs),
    timeoutMs: timeOption('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs),
    deadlineMs: options.deadlineMs === undefined ? undefined : timeOption('deadlineMs', options.deadlineMs, 0),
    maxRetries: numberOption('maxRetries', options.maxRetries, DEFAULTS.maxRetries, { ...nonNegative, integer: true }),
    retryBaseDelayMs: timeOption('retryBaseDelayMs', options.retryBaseDelayMs, DEFAULTS.retryBaseDelayMs, nonNegative),
    retryMaxDelayMs: timeOption('retryMaxDelayMs', options.retryMaxDelayMs, DEFAULTS.retryMaxDelayMs, nonNegative),
    signatureExpirationSeconds:
      options.signatureExpirationSeconds === -1
        ? -1
        : numberOption(
            'signatureExpirationSeconds',
            options.signatureExpirationSeconds,
            DEFAULTS.signatureExpirationSeconds,
            { integer: true },
          ),
    maxResponseBytes: numberOption('maxResponseBytes', options.maxResponseBytes, DEFAULTS.maxResponseBytes, {
      integer: true,
    }),
    validation: booleanOption('validation', options.validation, true),
    retryBudget: numberOption('retryBudget', options.retryBudget, DEFAULTS.retryBudget, nonNegative),
  };
}

const LOG_LEVELS: ReadonlySet<string> = new Set(['trace', 'debug', 'info', 'warn', 'error', 'silent']);

/** The client's logger: the given one at its level, or stderr when BEC_LOG_LEVEL asks for it. */
export function resolveLogger(options: BecClientOptions): LevelLogger {
  if (options.logLevel !== undefined && !LOG_LEVELS.has(options.logLevel)) {
    throw new BceValidationError(undefined, 'logLevel', `must be one of ${[...LOG_LEVELS].join(', ')}`);
  }
  // BEC_LOG_LEVEL turns on stderr logging for a client built without a logger (debugging a deployed program).
  const envLevel = processEnv().BEC_LOG_LEVEL as LogLevel | undefined;
  const fromEnv = options.logger === undefined && envLevel !== undefined && LOG_LEVELS.has(envLevel);
  return fromEnv
    ? new LevelLogger(consoleLogger(), envLevel)
    : new LevelLogger(options.logger, options.logLevel ?? 'info');
}

/** `bec-sdk/<version> node/<version> <platform>/<arch>` (or `bun/<version>`, `deno/<version>`, `workerd`, `browser`), then the suffix. */
export function userAgent(options: BecClientOptions, version: string): string {
  if (options.userAgentSuffix !== undefined && !/^[\x20-\x7e]*$/.test(options.userAgentSuffix)) {
    throw new BceValidationError(undefined, 'userAgentSuffix', 'must be printable ASCII');
  }
  const suffix = options.userAgentSuffix ? ` ${options.userAgentSuffix}` : '';
  return `bec-sdk/${version} ${platform.runtime()}${suffix}`;
}
