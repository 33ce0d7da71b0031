import type { Credentials, CredentialsProvider } from '../auth/credentials.js';
import type { FetchFunction } from '../internal/fetch-transport.js';
import type { Transport } from '../internal/transport-types.js';
import type { Logger, LogLevel } from './logger.js';

/** Options of {@link BecClient}. Every option has a safe default. */
export interface BecClientOptions {
  /**
   * Where BEC is. A bare host (`bec.baidubce.com`) means HTTPS.
   * @default process.env.BEC_ENDPOINT ?? 'https://bec.baidubce.com'
   */
  endpoint?: string | undefined;
  /**
   * Access keys, or an async provider (e.g. rotating STS tokens).
   * @default environment (BCE_ACCESS_KEY_ID, BCE_SECRET_ACCESS_KEY, BCE_SECURITY_TOKEN), then the BCE CLI profile in ~/.bce/config.json
   */
  credentials?: Credentials | CredentialsProvider | undefined;
  /**
   * BCE CLI profile to take credentials from (when `credentials` is not given). Naming one skips
   * the environment variables. @default BCE_PROFILE, then the file's current profile
   */
  profile?: string | undefined;
  /** Time allowed to open the TCP/TLS connection. @default 10_000 */
  connectTimeoutMs?: number | undefined;
  /** Time allowed for one attempt, from sending to the last response byte. @default 30_000 */
  timeoutMs?: number | undefined;
  /** Overall time allowed for one call including retries and backoff; unset means no overall limit. */
  deadlineMs?: number | undefined;
  /** Retries after the first attempt (only for safe-to-repeat requests, see the README). @default 3 */
  maxRetries?: number | undefined;
  /** First backoff step; the n-th retry waits a random time in [0, min(maxDelay, base * 2^n)]. @default 300 */
  retryBaseDelayMs?: number | undefined;
  /**
   * Longest wait before a retry. A `Retry-After` (429/503) is honoured up to this long; when the
   * server asks for more, the call fails with that response instead of waiting.
   * @default 20_000
   */
  retryMaxDelayMs?: number | undefined;
  /** Size of the client-wide retry budget (each retry spends 5, a timeout retry 10, a success refunds 1). @default 500 */
  retryBudget?: number | undefined;
  /**
   * Largest response body the client reads, in bytes. A body announced larger (Content-Length) is
   * refused before it is read; one that grows larger while streaming is cut off there and the
   * connection closed. Either way the call fails with a `BceResponseTooLargeError` and is not
   * retried. The default, 64 MiB, is far above the largest BEC answer (a 1000-item list page is a
   * few MB) and small enough that a broken or hostile server or proxy cannot exhaust the
   * program's memory. @default 67_108_864
   */
  maxResponseBytes?: number | undefined;
  /**
   * `false` skips the client-side input checks (types, unknown fields, required fields, ranges,
   * patterns, closed enums), for when BEC accepts what these rules refuse. Path IDs are still
   * checked so that an ID can never address another resource. @default true
   */
  validation?: boolean | undefined;
  /** Validity of each signature in seconds. @default 1800 */
  signatureExpirationSeconds?: number | undefined;
  /** Appended to the User-Agent. */
  userAgentSuffix?: string | undefined;
  /**
   * Where log lines go; nothing is logged without one, unless the environment variable
   * `BEC_LOG_LEVEL` (trace, debug, info, warn, error) asks for lines on stderr.
   */
  logger?: Logger | undefined;
  /** @default 'info' */
  logLevel?: LogLevel | undefined;
  /**
   * How requests are sent: `'node'` (node:http(s) with keep-alive; the default on Node, the faster
   * one there), `'fetch'` (the default in every other runtime: browsers, Workers, Deno, Bun), or
   * your own {@link Transport}.
   */
  transport?: 'node' | 'fetch' | Transport | undefined;
  /**
   * The `fetch` the fetch transport calls (a wrapped or instrumented one, a polyfill).
   * @default globalThis.fetch, looked up at each request
   */
  fetch?: FetchFunction | undefined;
  /** Clock used for signing, in ms since the epoch (tests). @default Date.now */
  now?: (() => number) | undefined;
}

/** Per-call options, the last argument of every method. */
export interface RequestOptions {
  /** Aborts the call, including any backoff wait. */
  signal?: AbortSignal | undefined;
  /** Overrides {@link BecClientOptions.timeoutMs} for this call. */
  timeoutMs?: number | undefined;
  /** Overrides {@link BecClientOptions.deadlineMs} for this call. */
  deadlineMs?: number | undefined;
  /** Overrides {@link BecClientOptions.maxRetries} for this call. */
  maxRetries?: number | undefined;
  /** Overrides {@link BecClientOptions.maxResponseBytes} for this call. */
  maxResponseBytes?: number | undefined;
  /** Overrides {@link BecClientOptions.validation} for this call (`false`: skip the input checks; path IDs are still checked). */
  validation?: boolean | undefined;
  /**
   * Idempotency token for operations that accept one (the app-BLB writes). One is generated when
   * not given and the same token is sent on every retry. At most 64 printable ASCII characters.
   */
  clientToken?: string | undefined;
  /** Extra headers for this call (signed when they are `x-bce-*`). */
  headers?: Readonly<Record<string, string>> | undefined;
}

export const DEFAULTS = {
  endpoint: 'https://bec.baidubce.com',
  connectTimeoutMs: 10_000,
  timeoutMs: 30_000,
  maxRetries: 3,
  retryBaseDelayMs: 300,
  retryMaxDelayMs: 20_000,
  retryBudget: 500,
  signatureExpirationSeconds: 1800,
  maxResponseBytes: 64 * 1024 * 1024,
} as const;

/**
 * Longest time any timer of the client accepts: 2^31 - 1 ms (about 24.8 days). Timers take a
 * signed 32-bit delay; a longer one fires at once instead, so longer time options are refused.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
