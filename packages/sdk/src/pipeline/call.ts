import {
  BceAbortError,
  BceError,
  BceServiceError,
  BceTimeoutError,
  BceValidationError,
  recordCallMetadata,
} from '../core/errors.js';
import { type LevelLogger, scrubSecrets, sensitiveValues } from '../core/logger.js';
import type { RequestOptions } from '../core/options.js';
import { attachMetadata } from '../core/result.js';
import type { OperationSpec } from '../internal/operation.js';
import type { Transport } from '../internal/transport.js';
import { platform } from '../platform/index.js';
import { type PreparedRequest, prepareRequest, wireQueryString } from './build.js';
import { type AttemptFailure, type CallFacts, outcomeHint, serviceFailure, transportFailure } from './failures.js';
import { parseSuccess, traceResponse } from './parse.js';
import { isRepeatable, type RetryPolicy } from './retry-policy.js';
import { type AttemptResult, sendAttempt } from './send.js';
import { type ClientSettings, checkCallOptions } from './settings.js';
import type { RequestSigner } from './sign.js';
import { abortableWait } from './wait.js';

/** What every call of one client shares: where to, how, and with which limits. */
export interface CallEnv {
  readonly endpoint: URL;
  readonly schemeAssumed: boolean;
  readonly settings: ClientSettings;
  readonly transport: Transport;
  readonly log: LevelLogger;
  readonly retry: RetryPolicy;
  readonly signer: RequestSigner;
}

/**
 * One call, step by step: check the options, validate and build the request, then attempts
 * (sign, send, parse) until one succeeds or the retry policy says stop.
 */
export async function runCall(
  env: CallEnv,
  op: OperationSpec,
  pathArgs: readonly unknown[],
  input: unknown,
  options: RequestOptions | undefined,
): Promise<unknown> {
  // Nothing has been sent when these fail: the errors carry no request id.
  if (options) checkCallOptions(op.name, options as Record<string, unknown>);
  const validate = options?.validation ?? env.settings.validation;
  let prepared: PreparedRequest;
  try {
    prepared = prepareRequest(op, pathArgs, input, options, validate);
  } catch (err) {
    if (!(err instanceof BceValidationError)) throw err;
    // A rule may quote the offending value; never when that value is a password or a key.
    const secrets = sensitiveValues(input);
    const issues = err.issues.map((i) => ({ field: i.field, rule: scrubSecrets(i.rule, secrets) }));
    throw new BceValidationError(op.name, issues[0]!.field, issues[0]!.rule, {
      issues,
      clientToken: op.clientToken ? options?.clientToken : undefined,
    });
  }
  const call = new CallRun(env, op, prepared, options ?? {}, platform.randomUUID());
  try {
    return await call.run();
  } catch (err) {
    if (err instanceof BceError) {
      finishError(err, call.facts.clientToken, call.scrub);
      recordCallMetadata(err, {
        requestId: call.attemptsMade > 0 ? call.facts.requestId : undefined,
        attempts: call.attemptsMade,
        totalRetryDelay: call.totalRetryDelay,
      });
    }
    throw err;
  }
}

/** The attempts of one call and what they have learnt: the secrets to hide, whether BEC may have acted. */
class CallRun {
  readonly facts: CallFacts;
  /** Everything of this call that must never be echoed back: credentials, signatures, body secrets. */
  readonly #secrets: string[];
  readonly scrub = (text: string): string => scrubSecrets(text, this.#secrets);
  readonly #deadline: number | undefined;
  readonly #url: URL;
  /** An earlier attempt may have reached BEC and acted (sent without a definite answer). */
  #earlierMayHaveActed = false;

  constructor(
    private readonly env: CallEnv,
    private readonly op: OperationSpec,
    private readonly prepared: PreparedRequest,
    private readonly options: RequestOptions,
    requestId: string,
  ) {
    this.facts = {
      op,
      requestId,
      repeatable: isRepeatable(op),
      mutating: op.method !== 'GET',
      clientToken: prepared.clientToken,
      schemeAssumed: env.schemeAssumed,
      endpoint: env.endpoint,
    };
    this.#secrets = prepared.bodySecrets.size === 0 ? [] : [...prepared.bodySecrets];
    const deadlineMs = options.deadlineMs ?? env.settings.deadlineMs;
    this.#deadline = deadlineMs === undefined ? undefined : Date.now() + deadlineMs;
    const query = prepared.query.length === 0 ? '' : wireQueryString(prepared.query);
    this.#url = new URL(`${originOf(env.endpoint)}${prepared.wirePath}${query ? `?${query}` : ''}`);
  }

  get #ctx(): { requestId: string; operation: string; clientToken: string | undefined } {
    return { requestId: this.facts.requestId, operation: this.op.name, clientToken: this.facts.clientToken };
  }

  #unknownSoFar(): { outcomeUnknown: boolean; outcomeHint: string | undefined } {
    const outcomeUnknown = this.facts.mutating && this.#earlierMayHaveActed;
    return { outcomeUnknown, outcomeHint: outcomeUnknown ? outcomeHint(this.facts) : undefined };
  }

  /** Attempts sent so far. */
  attemptsMade = 0;
  /** Milliseconds waited between attempts so far. */
  totalRetryDelay = 0;

  async run(): Promise<unknown> {
    const maxRetries = this.options.maxRetries ?? this.env.settings.maxRetries;
    for (let attempt = 1; ; attempt++) {
      const remaining = this.#checkBeforeAttempt(attempt);
      this.attemptsMade = attempt;
      // One attempt: sign (without waiting when nothing needs waiting for), send, then the
      // answer's value or why this attempt failed.
      const { op, prepared, options, env } = this;
      const signing = env.signer.sign({
        op,
        prepared,
        options,
        requestId: this.facts.requestId,
        remainingMs: remaining,
        scrub: this.scrub,
      });
      const signed = signing instanceof Promise ? await signing : signing;
      for (const secret of signed.secrets) this.#secrets.push(secret);
      const timeoutMs = Math.min(options.timeoutMs ?? env.settings.timeoutMs, remaining);
      const maxResponseBytes = options.maxResponseBytes ?? env.settings.maxResponseBytes;
      const result = await sendAttempt(env.transport, {
        url: this.#url,
        prepared,
        headers: signed.headers,
        signal: options.signal,
        timeoutMs,
        connectTimeoutMs: env.settings.connectTimeoutMs,
        maxResponseBytes,
      });
      let failure: AttemptFailure;
      if (result.response) {
        const outcome = this.#answered(result, attempt);
        if ('value' in outcome) return outcome.value;
        failure = outcome.failure;
      } else {
        failure = this.#transportFailed(result, attempt, timeoutMs, maxResponseBytes);
      }
      this.#earlierMayHaveActed ||= failure.mayHaveActed;
      const delay = this.env.retry.nextDelay(failure, attempt, maxRetries, this.#deadline, this.#ctx);
      if (delay === undefined) throw failure.error;
      if (this.env.log.enabled('info')) this.#logRetry(failure, attempt, delay);
      const signal = this.options.signal;
      const details = { ...this.#ctx, ...this.#unknownSoFar() };
      this.totalRetryDelay += delay;
      await abortableWait(
        delay,
        signal,
        () => new BceAbortError('the call was aborted during a retry wait', { ...details, cause: signal?.reason }),
      );
    }
  }

  #logRetry(failure: AttemptFailure, attempt: number, delay: number): void {
    this.env.log.log('info', `retrying ${this.op.name} in ${delay} ms after ${failure.error.name}`, {
      operation: this.op.name,
      requestId: this.facts.requestId,
      attempt,
      delayMs: delay,
      error: this.scrub(failure.error.message),
    });
  }

  /** Ends the call when it was aborted or its deadline passed; otherwise the time left. */
  #checkBeforeAttempt(attempt: number): number {
    const signal = this.options.signal;
    if (signal?.aborted) {
      throw new BceAbortError('the call was aborted', {
        ...this.#ctx,
        cause: signal.reason,
        requestSent: attempt > 1,
        ...this.#unknownSoFar(),
      });
    }
    const remaining = this.#deadline === undefined ? Number.POSITIVE_INFINITY : this.#deadline - Date.now();
    if (remaining <= 0) {
      const { outcomeUnknown, outcomeHint: hint } = this.#unknownSoFar();
      const deadlineMs = this.options.deadlineMs ?? this.env.settings.deadlineMs;
      throw new BceTimeoutError(`the call's deadline of ${deadlineMs} ms passed${outcomeUnknown ? `.${hint}` : ''}`, {
        ...this.#ctx,
        requestSent: attempt > 1,
        outcomeUnknown,
        attempts: attempt - 1,
      });
    }
    return remaining;
  }

  /** The transport's error of one attempt, as the failure the retry policy judges. */
  #transportFailed(
    result: Extract<AttemptResult, { error: unknown }>,
    attempt: number,
    timeoutMs: number,
    maxResponseBytes: number,
  ): AttemptFailure {
    const failure = transportFailure(result.error, this.facts, {
      signal: this.options.signal,
      timedOut: result.timedOut,
      attemptTimeout: timeoutMs,
      attempt,
      maxResponseBytes,
      earlierMayHaveActed: this.#earlierMayHaveActed,
      scrub: this.scrub,
    });
    finishError(failure.error, this.facts.clientToken, this.scrub);
    this.#logAttempt(attempt, result.durationMs, { error: failure.error.message }, failure.error.name);
    return failure;
  }

  /** An answer from BEC: parsed on success, a failure otherwise (or done: a DELETE that already happened). */
  #answered(
    result: Extract<AttemptResult, { response: object }>,
    attempt: number,
  ): { value: unknown } | { failure: AttemptFailure } {
    const { response } = result;
    const requestId = this.scrub(response.headers['x-bce-request-id'] || this.facts.requestId);
    if (this.env.log.enabled('debug')) {
      const status = { statusCode: response.statusCode };
      this.#logAttempt(attempt, result.durationMs, status, String(response.statusCode), requestId);
    }
    if (this.env.log.enabled('trace')) {
      const where = `${this.prepared.method} ${this.prepared.path}`;
      traceResponse(this.env.log, this.op, where, response, requestId, this.scrub);
    }
    const metadata = { requestId, statusCode: response.statusCode, attempts: attempt };
    if (response.statusCode >= 200 && response.statusCode < 300) {
      this.env.retry.succeeded();
      return { value: parseSuccess(this.op, response, metadata, this.scrub) };
    }
    const earlierMayHaveActed = this.#earlierMayHaveActed;
    const failure = serviceFailure(response, this.facts, { attempt, earlierMayHaveActed, scrub: this.scrub });
    if (this.op.method !== 'DELETE' || !earlierMayHaveActed || !isNotFound(failure.error)) return { failure };
    // The earlier attempt most likely deleted it and its answer was lost: the delete succeeded.
    this.env.log.log('info', `${this.op.name}: 404 on a retry after an unanswered attempt; counted as deleted`, {
      operation: this.op.name,
      requestId: this.facts.requestId,
      attempt,
    });
    this.env.retry.succeeded();
    const empty = this.op.response?.startsWith('array of ') ? [] : {};
    return { value: attachMetadata(empty, { ...metadata, deletedByEarlierAttempt: true }) };
  }

  /** The debug line of one attempt: `GET /v1/… -> 200` or `-> BceNetworkError`. */
  #logAttempt(
    attempt: number,
    durationMs: number,
    outcome: { statusCode: number } | { error: string },
    label: string,
    requestId = this.facts.requestId,
  ): void {
    // Nothing is formatted unless the line is wanted.
    if (!this.env.log.enabled('debug')) return;
    const { method, path } = this.prepared;
    this.env.log.log('debug', `${method} ${path} -> ${label}`, {
      operation: this.op.name,
      method,
      path,
      requestId,
      attempt,
      durationMs,
      ...outcome,
    });
  }
}

/** `endpoint.origin`, worked out again only when the endpoint's href changes (the getter builds a new string each time). */
let lastHref: string | undefined;
let lastOrigin = '';
function originOf(endpoint: URL): string {
  const href = endpoint.href;
  if (href !== lastHref) {
    lastOrigin = endpoint.origin;
    lastHref = href;
  }
  return lastOrigin;
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
