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
import { backoffDelay, isRepeatable, RetryBudget, sleep } from '../internal/retry.js';
import { type HttpResponse, NodeHttpTransport, type Transport, tooLarge } from '../internal/transport.js';
import { SDK_VERSION } from '../version.js';
import {
  BceAbortError,
  BceClientError,
  BceCredentialsError,
  BceError,
  BceServiceError,
  BceTimeoutError,
  BceValidationError,
} from './errors.js';
import { type AttemptFailure, type CallFacts, outcomeHint, serviceFailure, transportFailure } from './failures.js';
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
import { booleanOption, checkCallOptions, hasScheme, numberOption, parseEndpoint, timeOption } from './settings.js';

export { parseEndpoint } from './settings.js';

const CONTENT_TYPE = 'application/json;charset=utf-8';
/** RFC 9110 token characters (header names). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What node:http accepts in a header value: no CR, LF or other control characters except tab. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const operationsByName: ReadonlyMap<string, OperationSpec> = new Map(operations.map((op) => [op.name, op]));

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

/** What an operation is called with: the path IDs by name, and the input object or array. */
export interface CallParams {
  readonly path?: Readonly<Record<string, unknown>> | undefined;
  readonly input?: unknown;
}

const LOG_LEVELS: ReadonlySet<string> = new Set(['trace', 'debug', 'info', 'warn', 'error', 'silent']);

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
    maxResponseBytes: number;
    validation: boolean;
  };
  /** The endpoint was a bare host (https:// assumed). */
  readonly #schemeAssumed: boolean;

  constructor(options: BecClientOptions = {}) {
    const endpoint = options.endpoint ?? process.env.BEC_ENDPOINT ?? DEFAULTS.endpoint;
    this.endpoint = parseEndpoint(endpoint);
    this.#schemeAssumed = !hasScheme(endpoint);
    const creds = options.credentials;
    this.#credentials =
      typeof creds === 'function'
        ? cachedProvider(creds)
        : creds
          ? fromStatic(creds)
          : cachedProvider(defaultProvider({ profile: options.profile }));
    this.#transport = options.transport ?? new NodeHttpTransport();
    this.#ownsTransport = options.transport === undefined;
    const nonNegative = { allowZero: true };
    this.#settings = {
      connectTimeoutMs: timeOption('connectTimeoutMs', options.connectTimeoutMs, DEFAULTS.connectTimeoutMs),
      timeoutMs: timeOption('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs),
      deadlineMs: options.deadlineMs === undefined ? undefined : timeOption('deadlineMs', options.deadlineMs, 0),
      maxRetries: numberOption('maxRetries', options.maxRetries, DEFAULTS.maxRetries, {
        ...nonNegative,
        integer: true,
      }),
      retryBaseDelayMs: timeOption(
        'retryBaseDelayMs',
        options.retryBaseDelayMs,
        DEFAULTS.retryBaseDelayMs,
        nonNegative,
      ),
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
    };
    this.#budget = new RetryBudget(
      numberOption('retryBudget', options.retryBudget, DEFAULTS.retryBudget, { allowZero: true }),
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

  /** Calls an operation by its Go name: path IDs by name, input, options — what `call`, paginators and waiters use. */
  protected async invoke(operation: string, params: CallParams, options: RequestOptions | undefined): Promise<unknown> {
    const op = operationsByName.get(operation);
    if (!op) throw new BceClientError(`unknown operation ${operation}`);
    const pathArgs = op.pathParams.map((p) => params.path?.[p.arg]);
    const { input } = params;
    // Nothing has been sent when these fail: the errors carry no request id.
    if (options) checkCallOptions(op.name, options as Record<string, unknown>);
    const validate = options?.validation ?? this.#settings.validation;
    let prepared: PreparedRequest;
    try {
      prepared = prepareRequest(op, pathArgs, input, options, validate);
    } catch (err) {
      if (err instanceof BceValidationError) {
        // A rule may quote the offending value; never when that value is a password or a key.
        const secrets = sensitiveValues(input);
        const issues = err.issues.map((i) => ({ field: i.field, rule: scrubSecrets(i.rule, secrets) }));
        throw new BceValidationError(op.name, issues[0]!.field, issues[0]!.rule, {
          issues,
          clientToken: op.clientToken ? options?.clientToken : undefined,
        });
      }
      throw err;
    }
    return this.#send(op, prepared, options ?? {}, randomUUID());
  }

  async #send(
    op: OperationSpec,
    prepared: PreparedRequest,
    options: RequestOptions,
    requestId: string,
  ): Promise<unknown> {
    const facts: CallFacts = {
      op,
      requestId,
      repeatable: isRepeatable(op),
      mutating: op.method !== 'GET',
      clientToken: prepared.clientToken,
      schemeAssumed: this.#schemeAssumed,
      endpoint: this.endpoint,
    };
    /** Everything of this call that must never be echoed back: credentials, signatures, body secrets. */
    const secrets = new Set<string>(
      prepared.body ? sensitiveValues(JSON.parse(prepared.body.toString('utf8'))) : undefined,
    );
    const scrub = (text: string): string => scrubSecrets(text, secrets);
    try {
      return await this.#attempts(op, prepared, options, facts, secrets, scrub);
    } catch (err) {
      if (err instanceof BceError) finishError(err, facts.clientToken, scrub);
      throw err;
    }
  }

  async #attempts(
    op: OperationSpec,
    prepared: PreparedRequest,
    options: RequestOptions,
    facts: CallFacts,
    secrets: Set<string>,
    scrub: (text: string) => string,
  ): Promise<unknown> {
    const { requestId } = facts;
    const settings = this.#settings;
    const signal = options.signal;
    const deadlineMs = options.deadlineMs ?? settings.deadlineMs;
    const deadline = deadlineMs === undefined ? undefined : Date.now() + deadlineMs;
    const maxRetries = options.maxRetries ?? settings.maxRetries;
    const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
    const maxResponseBytes = options.maxResponseBytes ?? settings.maxResponseBytes;
    const ctx = { requestId, operation: op.name, clientToken: facts.clientToken };
    const query = wireQueryString(prepared.query);
    const url = new URL(`${this.endpoint.origin}${prepared.wirePath}${query ? `?${query}` : ''}`);
    /** An earlier attempt may have reached BEC and acted (sent without a definite answer). */
    let earlierMayHaveActed = false;
    const unknownSoFar = (): { outcomeUnknown: boolean; outcomeHint: string | undefined } => {
      const outcomeUnknown = facts.mutating && earlierMayHaveActed;
      return { outcomeUnknown, outcomeHint: outcomeUnknown ? outcomeHint(facts) : undefined };
    };

    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) {
        throw new BceAbortError('the call was aborted', {
          ...ctx,
          cause: signal.reason,
          requestSent: attempt > 1,
          ...unknownSoFar(),
        });
      }
      const remaining = deadline === undefined ? Number.POSITIVE_INFINITY : deadline - Date.now();
      if (remaining <= 0) {
        const { outcomeUnknown, outcomeHint: hint } = unknownSoFar();
        throw new BceTimeoutError(`the call's deadline of ${deadlineMs} ms passed${outcomeUnknown ? `.${hint}` : ''}`, {
          ...ctx,
          requestSent: attempt > 1,
          outcomeUnknown,
          attempts: attempt - 1,
        });
      }
      const signed = await this.#signedHeaders(op, prepared, options, requestId, signal, remaining, scrub);
      for (const secret of signed.secrets) secrets.add(secret);
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
          headers: signed.headers,
          body: prepared.body,
          signal: attemptSignal,
          connectTimeoutMs: Math.min(settings.connectTimeoutMs, attemptTimeout),
          maxResponseBytes,
        });
        // A replaced transport may not enforce the limit: the body is refused all the same.
        if (response.body.byteLength > maxResponseBytes) throw tooLarge(maxResponseBytes, response.statusCode);
      } catch (err) {
        response = undefined;
        failure = transportFailure(err, facts, {
          signal,
          timedOut: timeoutController.signal.aborted,
          attemptTimeout,
          attempt,
          maxResponseBytes,
          earlierMayHaveActed,
          scrub,
        });
      } finally {
        clearTimeout(timer);
      }
      const durationMs = Math.round(performance.now() - started);

      if (response) {
        const responseRequestId = scrub(response.headers['x-bce-request-id'] || requestId);
        this.#log.log('debug', `${prepared.method} ${prepared.path} -> ${response.statusCode}`, {
          operation: op.name,
          method: prepared.method,
          path: prepared.path,
          requestId: responseRequestId,
          attempt,
          durationMs,
          statusCode: response.statusCode,
        });
        if (this.#log.enabled('trace')) this.#traceResponse(op, prepared, response, responseRequestId, scrub);
        const metadata = { requestId: responseRequestId, statusCode: response.statusCode, attempts: attempt };
        if (response.statusCode >= 200 && response.statusCode < 300) {
          this.#budget.refund(1);
          return this.#parseSuccess(op, response, metadata, scrub);
        }
        failure = serviceFailure(response, facts, { attempt, earlierMayHaveActed, scrub });
        if (op.method === 'DELETE' && earlierMayHaveActed && isNotFound(failure.error)) {
          // The earlier attempt most likely deleted it and its answer was lost: the delete succeeded.
          this.#log.log('info', `${op.name}: 404 on a retry after an unanswered attempt; counted as deleted`, {
            operation: op.name,
            requestId,
            attempt,
          });
          this.#budget.refund(1);
          const empty = op.response?.startsWith('array of ') ? [] : {};
          return attachMetadata(empty, { ...metadata, deletedByEarlierAttempt: true });
        }
      } else {
        finishError(failure!.error, facts.clientToken, scrub);
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
      earlierMayHaveActed ||= failure!.mayHaveActed;
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
        error: scrub(error.message),
      });
      await sleep(delay, signal, { ...ctx, ...unknownSoFar() });
    }
  }

  async #signedHeaders(
    op: OperationSpec,
    prepared: PreparedRequest,
    options: RequestOptions,
    requestId: string,
    signal: AbortSignal | undefined,
    remainingMs: number,
    scrub: (text: string) => string,
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
    const signature = signed.authorization.slice(signed.authorization.lastIndexOf('/') + 1);
    const secrets = [credentials.secretAccessKey, signed.authorization, signature, signed.signingKey];
    if (credentials.sessionToken) secrets.push(credentials.sessionToken);
    if (this.#log.enabled('trace')) {
      // Redacted by name, then by value: a secret may sit in a header or field of any name.
      const attemptScrub = (text: string): string => scrub(scrubSecrets(text, secrets));
      this.#log.log('trace', `${prepared.method} ${prepared.path} request`, {
        operation: op.name,
        requestId,
        query: redactQuery(prepared.query).map(([k, v]) => [k, attemptScrub(v)]),
        headers: scrubValues(redactHeaders(headers), attemptScrub),
        body: prepared.body ? scrubJson(redact(JSON.parse(prepared.body.toString('utf8'))), attemptScrub) : undefined,
      });
    }
    return { headers, secrets };
  }

  /** The response as received, with sensitive fields and echoed secrets removed. */
  #traceResponse(
    op: OperationSpec,
    prepared: PreparedRequest,
    response: HttpResponse,
    requestId: string,
    scrub: (text: string) => string,
  ): void {
    const text = Buffer.from(response.body).toString('utf8');
    let body: unknown;
    try {
      body = text.trim() === '' ? undefined : scrubJson(redact(JSON.parse(text)), scrub);
    } catch {
      body = scrub(text.slice(0, 1024));
    }
    this.#log.log('trace', `${prepared.method} ${prepared.path} response ${response.statusCode}`, {
      operation: op.name,
      requestId,
      statusCode: response.statusCode,
      headers: scrubValues(redactHeaders(response.headers), scrub),
      body,
    });
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

/** Header values with every secret removed. */
function scrubValues(
  values: Readonly<Record<string, string>>,
  scrub: (text: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = scrub(v);
  return out;
}

/** A JSON value with every secret removed from its text (keys and values). */
function scrubJson(value: unknown, scrub: (text: string) => string): unknown {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  const scrubbed = scrub(text);
  if (scrubbed === text) return value;
  try {
    return JSON.parse(scrubbed);
  } catch {
    return scrubbed;
  }
}

/**
 * Last touches on an error before anyone sees it: the call's clientToken, and no secret in any
 * text it carries (the message, the service's code and message, the stack), whatever the server echoed.
 */
function finishError(err: BceError, clientToken: string | undefined, scrub: (text: string) => string): void {
  const fields = err as unknown as Record<string, unknown>;
  if (clientToken !== undefined && err.clientToken === undefined) fields.clientToken = clientToken;
  for (const key of ['message', 'serviceMessage', 'code', 'requestId', 'stack']) {
    const value = fields[key];
    if (typeof value === 'string') {
      const clean = scrub(value);
      if (clean !== value) fields[key] = clean;
    }
  }
}

/** A 404, or a NotFound / NoSuch... code: the resource is not there. */
function isNotFound(err: BceError): boolean {
  return err instanceof BceServiceError && (err.statusCode === 404 || /NotFound|^NoSuch/i.test(err.code));
}
