import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import {
  type BceCredentials,
  type Credentials,
  type CredentialsProvider,
  cachedProvider,
  defaultProvider,
  fromStatic,
} from '../auth/credentials.js';
import { BceV1Signer, formatBceTimestamp } from '../auth/signer.js';
import { operations } from '../generated/operations.js';
import type { OperationSpec } from '../internal/operation.js';
import { type PreparedRequest, prepareRequest, wireQueryString } from '../internal/request.js';
import {
  backoffDelay,
  isRepeatable,
  parseRetryAfter,
  REJECTED_BEFORE_ACTION_CODES,
  RETRYABLE_STATUS,
  RetryBudget,
  sleep,
} from '../internal/retry.js';
import { parseServiceError } from '../internal/service-error.js';
import { type HttpResponse, NodeHttpTransport, type Transport, TransportError } from '../internal/transport.js';
import { SDK_VERSION } from '../version.js';
import {
  BceAbortError,
  BceClientError,
  BceCredentialsError,
  type BceError,
  BceNetworkError,
  BceServiceError,
  BceTimeoutError,
  BceValidationError,
} from './errors.js';
import {
  consoleLogger,
  LevelLogger,
  type LogLevel,
  redact,
  redactHeaders,
  redactQuery,
  scrubSecrets,
  sensitiveValues,
} from './logger.js';
import { type BecClientOptions, DEFAULTS, type RequestOptions } from './options.js';
import { attachMetadata, type BecResponseMetadata } from './result.js';

const CONTENT_TYPE = 'application/json;charset=utf-8';
/** RFC 9110 token characters (header names). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What node:http accepts in a header value: no CR, LF or other control characters except tab. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const operationsByName: ReadonlyMap<string, OperationSpec> = new Map(operations.map((op) => [op.name, op]));

/** `https://host[:port]` from what the user gave; a bare host means HTTPS. */
export function parseEndpoint(endpoint: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`;
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

interface NumberRule {
  allowZero?: boolean;
  integer?: boolean;
  /** For per-call options: the operation and request id the error names. */
  operation?: string;
  requestId?: string;
}

function positiveOption(name: string, value: number | undefined, fallback: number, rule: NumberRule = {}): number {
  if (value === undefined) return fallback;
  const { allowZero = false, integer = false } = rule;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (!allowZero && value === 0) ||
    (integer && !Number.isInteger(value))
  ) {
    const what = `${allowZero ? 'non-negative' : 'positive'} ${integer ? 'integer' : 'number'}`;
    throw new BceValidationError(rule.operation, name, `must be a ${what}`, { requestId: rule.requestId });
  }
  return value;
}

/** `promise`, unless `signal` fires or `ms` pass first (then the matching error). */
function within<T>(
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

const LOG_LEVELS: ReadonlySet<string> = new Set(['trace', 'debug', 'info', 'warn', 'error', 'silent']);

interface AttemptFailure {
  error: BceError;
  retryable: boolean;
  /** Budget cost of retrying this failure. */
  cost: number;
  retryAfterMs?: number | undefined;
}

/**
 * Configuration, signing, retries and response handling shared by every operation. The
 * generated `BecClient` adds one thin method per operation on top.
 */
export class BecClientBase {
  /** Where requests go. */
  readonly endpoint: URL;
  readonly #credentials: CredentialsProvider;
  readonly #transport: Transport;
  readonly #ownsTransport: boolean;
  readonly #signer = new BceV1Signer();
  readonly #budget: RetryBudget;
  readonly #log: LevelLogger;
  readonly #now: () => number;
  readonly #userAgent: string;
  readonly #settings: {
    connectTimeoutMs: number;
    timeoutMs: number;
    deadlineMs: number | undefined;
    maxRetries: number;
    retryBaseDelayMs: number;
    retryMaxDelayMs: number;
    signatureExpirationSeconds: number;
  };

  constructor(options: BecClientOptions = {}) {
    this.endpoint = parseEndpoint(options.endpoint ?? process.env.BEC_ENDPOINT ?? DEFAULTS.endpoint);
    const creds = options.credentials;
    this.#credentials =
      typeof creds === 'function'
        ? cachedProvider(creds)
        : creds
          ? fromStatic(creds)
          : cachedProvider(defaultProvider({ profile: options.profile }));
    this.#transport = options.transport ?? new NodeHttpTransport();
    this.#ownsTransport = options.transport === undefined;
    this.#settings = {
      connectTimeoutMs: positiveOption('connectTimeoutMs', options.connectTimeoutMs, DEFAULTS.connectTimeoutMs),
      timeoutMs: positiveOption('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs),
      deadlineMs: options.deadlineMs === undefined ? undefined : positiveOption('deadlineMs', options.deadlineMs, 0),
      maxRetries: positiveOption('maxRetries', options.maxRetries, DEFAULTS.maxRetries, {
        allowZero: true,
        integer: true,
      }),
      retryBaseDelayMs: positiveOption('retryBaseDelayMs', options.retryBaseDelayMs, DEFAULTS.retryBaseDelayMs, {
        allowZero: true,
      }),
      retryMaxDelayMs: positiveOption('retryMaxDelayMs', options.retryMaxDelayMs, DEFAULTS.retryMaxDelayMs, {
        allowZero: true,
      }),
      signatureExpirationSeconds:
        options.signatureExpirationSeconds === -1
          ? -1
          : positiveOption(
              'signatureExpirationSeconds',
              options.signatureExpirationSeconds,
              DEFAULTS.signatureExpirationSeconds,
              { integer: true },
            ),
    };
    this.#budget = new RetryBudget(
      positiveOption('retryBudget', options.retryBudget, DEFAULTS.retryBudget, { allowZero: true }),
    );
    if (options.logLevel !== undefined && !LOG_LEVELS.has(options.logLevel)) {
      throw new BceValidationError(undefined, 'logLevel', `must be one of ${[...LOG_LEVELS].join(', ')}`);
    }
    // BEC_LOG_LEVEL turns on stderr logging for a client built without a logger (debugging a deployed program).
    const envLevel = process.env.BEC_LOG_LEVEL as LogLevel | undefined;
    const fromEnv = options.logger === undefined && envLevel !== undefined && LOG_LEVELS.has(envLevel);
    this.#log = fromEnv
      ? new LevelLogger(consoleLogger(), envLevel)
      : new LevelLogger(options.logger, options.logLevel ?? 'info');
    this.#now = options.now ?? Date.now;
    if (options.userAgentSuffix !== undefined && !/^[\x20-\x7e]*$/.test(options.userAgentSuffix)) {
      throw new BceValidationError(undefined, 'userAgentSuffix', 'must be printable ASCII');
    }
    const suffix = options.userAgentSuffix ? ` ${options.userAgentSuffix}` : '';
    this.#userAgent = `bec-sdk/${SDK_VERSION} node/${process.versions.node} ${process.platform}/${process.arch}${suffix}`;
  }

  /** Releases pooled connections of the built-in transport. */
  close(): void {
    if (this.#ownsTransport) this.#transport.close?.();
  }

  /** Resolves the credentials the next call will use (e.g. to check the chain at startup). */
  async resolveCredentials(): Promise<BceCredentials> {
    return (await this.#credentials()) as BceCredentials;
  }

  [inspect.custom](): string {
    return `BecClient { endpoint: '${this.endpoint.origin}' }`;
  }

  toJSON(): Record<string, unknown> {
    return { endpoint: this.endpoint.origin };
  }

  /** Calls an operation by its Go name: path arguments, input, options — the generated methods' one entry point. */
  protected async invoke(
    operation: string,
    pathArgs: readonly unknown[],
    input: unknown,
    options: RequestOptions | undefined,
  ): Promise<unknown> {
    const op = operationsByName.get(operation);
    if (!op) throw new BceClientError(`unknown operation ${operation}`);
    const requestId = randomUUID();
    if (options) {
      const call = { operation: op.name, requestId };
      positiveOption('options.timeoutMs', options.timeoutMs, 0, call);
      positiveOption('options.deadlineMs', options.deadlineMs, 0, call);
      positiveOption('options.maxRetries', options.maxRetries, 0, { ...call, allowZero: true, integer: true });
    }
    let prepared: PreparedRequest;
    try {
      prepared = prepareRequest(op, pathArgs, input, options);
    } catch (err) {
      if (err instanceof BceValidationError) {
        // A rule may quote the offending value; never when that value is a password or a key.
        const rule = scrubSecrets(err.rule, sensitiveValues(input));
        throw new BceValidationError(op.name, err.field, rule, { requestId });
      }
      throw err;
    }
    return this.#send(op, prepared, options ?? {}, requestId);
  }

  async #send(
    op: OperationSpec,
    prepared: PreparedRequest,
    options: RequestOptions,
    requestId: string,
  ): Promise<unknown> {
    const settings = this.#settings;
    const signal = options.signal;
    const deadlineMs = options.deadlineMs ?? settings.deadlineMs;
    const deadline = deadlineMs === undefined ? undefined : Date.now() + deadlineMs;
    const maxRetries = options.maxRetries ?? settings.maxRetries;
    const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
    const repeatable = isRepeatable(op);
    const ctx = { requestId, operation: op.name };
    const query = wireQueryString(prepared.query);
    let bodySecrets: Set<string> | undefined;
    /** What must never be echoed back in an error: credentials, this attempt's signature, body secrets. */
    const scrub = (text: string, attemptSecrets: readonly string[]): string => {
      bodySecrets ??= prepared.body ? sensitiveValues(JSON.parse(prepared.body.toString('utf8'))) : new Set();
      return scrubSecrets(text, [...attemptSecrets, ...bodySecrets]);
    };
    const url = new URL(`${this.endpoint.origin}${prepared.wirePath}${query ? `?${query}` : ''}`);

    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new BceAbortError('the call was aborted', { ...ctx, cause: signal.reason });
      const remaining = deadline === undefined ? Number.POSITIVE_INFINITY : deadline - Date.now();
      if (remaining <= 0) {
        throw new BceTimeoutError(`the call's deadline of ${deadlineMs} ms passed`, {
          ...ctx,
          requestSent: attempt > 1,
          attempts: attempt - 1,
        });
      }
      const { headers, secrets } = await this.#signedHeaders(op, prepared, options, requestId, signal, remaining);
      const attemptTimeout = Math.min(timeoutMs, remaining);
      const timeoutController = new AbortController();
      const timer = setTimeout(() => timeoutController.abort(), attemptTimeout);
      const attemptSignal = signal ? AbortSignal.any([signal, timeoutController.signal]) : timeoutController.signal;
      const started = performance.now();
      let response: HttpResponse | undefined;
      let failure: AttemptFailure;
      try {
        response = await this.#transport.send({
          url,
          method: prepared.method,
          headers,
          body: prepared.body,
          signal: attemptSignal,
          connectTimeoutMs: Math.min(settings.connectTimeoutMs, attemptTimeout),
        });
      } catch (err) {
        response = undefined;
        failure = this.#transportFailure(err, {
          signal,
          timedOut: timeoutController.signal.aborted,
          attemptTimeout,
          repeatable,
          ctx,
          attempt,
          scrub: (text) => scrub(text, secrets),
        });
      } finally {
        clearTimeout(timer);
      }
      const durationMs = Math.round(performance.now() - started);

      if (response) {
        const responseRequestId = response.headers['x-bce-request-id'] || requestId;
        this.#log.log('debug', `${prepared.method} ${prepared.path} -> ${response.statusCode}`, {
          operation: op.name,
          method: prepared.method,
          path: prepared.path,
          requestId: responseRequestId,
          attempt,
          durationMs,
          statusCode: response.statusCode,
        });
        if (this.#log.enabled('trace')) this.#traceResponse(op, prepared, response, responseRequestId, secrets, scrub);
        if (response.statusCode >= 200 && response.statusCode < 300) {
          this.#budget.refund(1);
          return this.#parseSuccess(
            op,
            response,
            { requestId: responseRequestId, statusCode: response.statusCode, attempts: attempt },
            (text) => scrub(text, secrets),
          );
        }
        failure = this.#serviceFailure(op, response, repeatable, ctx, attempt, (text) => scrub(text, secrets));
      } else {
        this.#log.log('debug', `${prepared.method} ${prepared.path} -> ${failure!.error.name}`, {
          operation: op.name,
          method: prepared.method,
          path: prepared.path,
          requestId,
          attempt,
          durationMs,
          error: failure!.error.message,
        });
      }

      const { error, retryable, cost, retryAfterMs } = failure!;
      if (!retryable || attempt > maxRetries) throw error;
      // A server asking for a longer pause than the client would ever wait: give up now, not later.
      if (retryAfterMs !== undefined && retryAfterMs > settings.retryMaxDelayMs) throw error;
      let delay = Math.max(
        backoffDelay(attempt - 1, settings.retryBaseDelayMs, settings.retryMaxDelayMs),
        retryAfterMs ?? 0,
      );
      if (deadline !== undefined && Date.now() + delay >= deadline) throw error;
      if (!this.#budget.take(cost)) {
        this.#log.log('warn', 'retry budget exhausted; not retrying', { operation: op.name, requestId });
        throw error;
      }
      delay = Math.max(0, delay);
      this.#log.log('info', `retrying ${op.name} in ${delay} ms after ${error.name}`, {
        operation: op.name,
        requestId,
        attempt,
        delayMs: delay,
        error: error.message,
      });
      await sleep(delay, signal, ctx);
    }
  }

  async #signedHeaders(
    op: OperationSpec,
    prepared: PreparedRequest,
    options: RequestOptions,
    requestId: string,
    signal: AbortSignal | undefined,
    remainingMs: number,
  ): Promise<{ headers: Record<string, string>; secrets: string[] }> {
    let credentials: Credentials;
    try {
      // A slow provider (an STS endpoint) must not hold up an abort or the call's deadline.
      credentials = await within(
        this.#credentials(),
        signal,
        remainingMs,
        () => new BceAbortError('the call was aborted', { requestId, operation: op.name, cause: signal?.reason }),
        () =>
          new BceTimeoutError("the call's deadline passed while resolving credentials", {
            requestId,
            operation: op.name,
            requestSent: false,
          }),
      );
    } catch (err) {
      if (err instanceof BceAbortError || err instanceof BceTimeoutError) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      throw new BceCredentialsError(
        err instanceof BceCredentialsError ? reason : `the credentials provider failed: ${reason}`,
        { requestId, operation: op.name, cause: err },
      );
    }
    const nowMs = this.#now();
    const headers: Record<string, string> = {
      host: this.endpoint.host,
      'user-agent': this.#userAgent,
      'content-type': CONTENT_TYPE,
      'x-bce-date': formatBceTimestamp(Math.floor(nowMs / 1000)),
      'x-bce-request-id': requestId,
    };
    if (options.headers) {
      for (const [k, v] of Object.entries(options.headers)) {
        const lower = k.toLowerCase();
        if (lower === 'authorization' || lower === 'host') {
          throw new BceValidationError(op.name, `headers.${k}`, 'is set by the client and cannot be overridden');
        }
        if (!HEADER_NAME.test(k)) throw new BceValidationError(op.name, `headers.${k}`, 'is not a valid header name');
        if (typeof v !== 'string' || !HEADER_VALUE.test(v)) {
          throw new BceValidationError(op.name, `headers.${k}`, 'must be a header value without control characters');
        }
        headers[lower] = v;
      }
    }
    if (prepared.body) {
      headers['content-length'] = String(prepared.body.length);
      headers['content-md5'] = prepared.contentMd5!;
    }
    const signed = this.#signer.sign(
      { method: prepared.method, path: prepared.path, query: prepared.query, headers },
      credentials,
      { timestamp: Math.floor(nowMs / 1000), expirationSeconds: this.#settings.signatureExpirationSeconds },
    );
    Object.assign(headers, signed.addedHeaders);
    headers.authorization = signed.authorization;
    // Like Go's transport: an empty PUT/POST still says content-length 0, outside the signature.
    if (!prepared.body && (prepared.method === 'PUT' || prepared.method === 'POST')) headers['content-length'] = '0';
    if (this.#log.enabled('trace')) {
      this.#log.log('trace', `${prepared.method} ${prepared.path} request`, {
        operation: op.name,
        requestId,
        query: redactQuery(prepared.query),
        headers: redactHeaders(headers),
        body: prepared.body ? redact(JSON.parse(prepared.body.toString('utf8'))) : undefined,
      });
    }
    const signature = signed.authorization.slice(signed.authorization.lastIndexOf('/') + 1);
    const secrets = [credentials.secretAccessKey, signed.authorization, signature, signed.signingKey];
    if (credentials.sessionToken) secrets.push(credentials.sessionToken);
    return { headers, secrets };
  }

  /** The response as received, with sensitive fields and echoed secrets removed. */
  #traceResponse(
    op: OperationSpec,
    prepared: PreparedRequest,
    response: HttpResponse,
    requestId: string,
    secrets: readonly string[],
    scrub: (text: string, secrets: readonly string[]) => string,
  ): void {
    const text = Buffer.from(response.body).toString('utf8');
    let body: unknown;
    try {
      body = text.trim() === '' ? undefined : redact(JSON.parse(text));
    } catch {
      body = scrub(text.slice(0, 1024), secrets);
    }
    if (body !== undefined && typeof body !== 'string') {
      const scrubbed = scrub(JSON.stringify(body), secrets);
      try {
        body = JSON.parse(scrubbed);
      } catch {
        body = scrubbed;
      }
    }
    this.#log.log('trace', `${prepared.method} ${prepared.path} response ${response.statusCode}`, {
      operation: op.name,
      requestId,
      statusCode: response.statusCode,
      headers: redactHeaders(response.headers),
      body,
    });
  }

  #transportFailure(
    err: unknown,
    info: {
      signal: AbortSignal | undefined;
      timedOut: boolean;
      attemptTimeout: number;
      repeatable: boolean;
      ctx: { requestId: string; operation: string };
      attempt: number;
      scrub: (text: string) => string;
    },
  ): AttemptFailure {
    const { ctx, attempt } = info;
    const sent = err instanceof TransportError ? err.requestSent : true;
    if (info.signal?.aborted) {
      return {
        error: new BceAbortError('the call was aborted', {
          ...ctx,
          cause: info.signal.reason,
          requestSent: sent,
          outcomeUnknown: sent && !info.repeatable,
        }),
        retryable: false,
        cost: 0,
      };
    }
    const code = err instanceof TransportError ? err.code : undefined;
    // Repeating is safe when the operation allows it or when no byte can have reached the server.
    const safe = info.repeatable || !sent;
    const unknown = !safe;
    const hint = unknown
      ? ' The outcome is unknown: the request may have reached BEC. It was not retried because it has no clientToken; list or get the resource to check before trying again.'
      : '';
    if (info.timedOut || (err instanceof TransportError && err.kind === 'connect-timeout')) {
      const what =
        err instanceof TransportError && err.kind === 'connect-timeout'
          ? (err as Error).message
          : `no response within ${info.attemptTimeout} ms`;
      return {
        error: new BceTimeoutError(`${what}.${hint}`, {
          ...ctx,
          code: 'ETIMEDOUT',
          requestSent: sent,
          outcomeUnknown: unknown,
          attempts: attempt,
          cause: err,
        }),
        retryable: safe,
        cost: 10,
      };
    }
    const message = info.scrub(err instanceof Error ? err.message : String(err));
    return {
      error: new BceNetworkError(`network error: ${message}.${hint}`, {
        ...ctx,
        code,
        requestSent: sent,
        outcomeUnknown: unknown,
        attempts: attempt,
        cause: err,
      }),
      retryable: safe,
      cost: 5,
    };
  }

  #serviceFailure(
    op: OperationSpec,
    response: HttpResponse,
    repeatable: boolean,
    ctx: { requestId: string; operation: string },
    attempt: number,
    scrub: (text: string) => string,
  ): AttemptFailure {
    const parsed = parseServiceError(response.statusCode, response.headers, response.body, scrub);
    const rejectedBeforeAction = REJECTED_BEFORE_ACTION_CODES.has(parsed.code) || response.statusCode === 429;
    const retryableStatus = RETRYABLE_STATUS.has(response.statusCode) || REJECTED_BEFORE_ACTION_CODES.has(parsed.code);
    const retryable = retryableStatus && (repeatable || rejectedBeforeAction);
    const outcomeUnknown = !repeatable && response.statusCode >= 500;
    return {
      error: new BceServiceError(parsed.message, {
        statusCode: response.statusCode,
        code: parsed.code,
        requestId: parsed.requestId ?? ctx.requestId,
        operation: op.name,
        outcomeUnknown,
        attempts: attempt,
      }),
      retryable,
      cost: 5,
      retryAfterMs: parseRetryAfter(response.headers['retry-after'], Date.now()),
    };
  }

  #parseSuccess(
    op: OperationSpec,
    response: HttpResponse,
    metadata: BecResponseMetadata,
    scrub: (text: string) => string,
  ): unknown {
    const isArray = op.response?.startsWith('array of ') ?? false;
    if (op.response === null) return attachMetadata({}, metadata);
    const text = Buffer.from(response.body).toString('utf8');
    if (text.trim() === '') return attachMetadata(isArray ? [] : {}, metadata);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new BceServiceError(`the response body is not JSON: ${scrub(text).slice(0, 256)}`, {
        statusCode: response.statusCode,
        code: 'MalformedJSON',
        requestId: metadata.requestId,
        operation: op.name,
      });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) !== isArray) {
      throw new BceServiceError(
        `the response body is not ${isArray ? 'a JSON array' : 'a JSON object'}: ${scrub(text).slice(0, 256)}`,
        {
          statusCode: response.statusCode,
          code: 'MalformedJSON',
          requestId: metadata.requestId,
          operation: op.name,
        },
      );
    }
    return attachMetadata(parsed as object, metadata);
  }
}
