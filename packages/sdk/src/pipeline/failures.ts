/**
 * Turns a failed attempt (a transport error or an error status) into the error the caller sees,
 * and decides whether it may be retried. Kept apart from the send loop so each rule is in one place.
 */

import {
  BceAbortError,
  type BceError,
  BceNetworkError,
  BceResponseTooLargeError,
  BceServiceError,
  BceTimeoutError,
} from '../core/errors.js';
import type { OperationSpec } from '../internal/operation.js';
import { parseServiceError } from '../internal/service-error.js';
import type { HttpResponse } from '../internal/transport.js';
import { TransportError } from '../internal/transport.js';
import { parseRetryAfter, REJECTED_BEFORE_ACTION_CODES, RETRYABLE_STATUS } from './retry-policy.js';

export interface AttemptFailure {
  error: BceError;
  retryable: boolean;
  /** Budget cost of retrying this failure. */
  cost: number;
  retryAfterMs?: number | undefined;
  /** True when this attempt may have reached BEC and acted (sent, and no definite answer). */
  mayHaveActed: boolean;
}

/** What every failure of one call shares. */
export interface CallFacts {
  readonly op: OperationSpec;
  readonly requestId: string;
  /** Safe to repeat (a read, an idempotent write, or a write with a clientToken). */
  readonly repeatable: boolean;
  /** A write: anything but GET. Only writes can have an unknown outcome. */
  readonly mutating: boolean;
  readonly clientToken: string | undefined;
  /** A bare host was given (https:// assumed): a TLS error then most likely means a plain-HTTP server. */
  readonly schemeAssumed: boolean;
  readonly endpoint: URL;
}

/** Advice appended to a message whose outcome is unknown. */
export function outcomeHint(facts: CallFacts): string {
  if (facts.clientToken !== undefined) {
    return ` The outcome is unknown: the request may have reached BEC and taken effect. Repeat the call with the same clientToken ("${facts.clientToken}", also in err.clientToken): BEC applies one token only once.`;
  }
  if (!facts.repeatable) {
    return ' The outcome is unknown: the request may have reached BEC. It was not retried because it has no clientToken; list or get the resource to check before trying again.';
  }
  return ' The outcome is unknown: the request may have reached BEC and taken effect; get the resource to check.';
}

function ctxOf(facts: CallFacts): { requestId: string; operation: string; clientToken: string | undefined } {
  return { requestId: facts.requestId, operation: facts.op.name, clientToken: facts.clientToken };
}

const TLS_ON_PLAIN_HTTP = /wrong version number|packet length too long|http request/i;

/** Explains a TLS handshake against a server that speaks plain HTTP. */
function plainHttpAdvice(err: unknown, facts: CallFacts): string | undefined {
  if (facts.endpoint.protocol !== 'https:') return undefined;
  const code = err instanceof TransportError ? err.code : '';
  const message = err instanceof Error ? err.message : '';
  if (!/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST/.test(code) && !TLS_ON_PLAIN_HTTP.test(message)) {
    return undefined;
  }
  const host = facts.endpoint.host;
  const given = facts.schemeAssumed ? `The endpoint "${host}" has no scheme, which means https://, but` : 'But';
  return `${given} the server at ${host} does not speak TLS (it answered in plain HTTP, OpenSSL: "wrong version number"). For a plain-HTTP server such as a local emulator, write the endpoint as "http://${host}".`;
}

/** What `transportFailure` needs to know about the attempt. */
export interface TransportFailureInfo {
  signal: AbortSignal | undefined;
  timedOut: boolean;
  attemptTimeout: number;
  attempt: number;
  maxResponseBytes: number;
  /** An earlier attempt of this call may have reached BEC and acted. */
  earlierMayHaveActed: boolean;
  scrub: (text: string) => string;
}

/** A body larger than maxResponseBytes: never retried (the next answer would be as large). */
function tooLargeFailure(err: TransportError, facts: CallFacts, info: TransportFailureInfo): AttemptFailure {
  const status = err.statusCode ?? 0;
  const tooLargeUnknown = facts.mutating && (status >= 500 || info.earlierMayHaveActed);
  return {
    error: new BceResponseTooLargeError(
      `HTTP ${status}: ${err.message}; the body was not read and the connection was closed. Raise maxResponseBytes if the answer is legitimately this large.${tooLargeUnknown ? outcomeHint(facts) : ''}`,
      {
        ...ctxOf(facts),
        limit: info.maxResponseBytes,
        statusCode: status,
        contentLength: err.contentLength,
        outcomeUnknown: tooLargeUnknown,
        attempts: info.attempt,
      },
    ),
    retryable: false,
    cost: 0,
    mayHaveActed: true,
  };
}

/** The attempt timed out (connecting, or waiting for the answer). */
function timeoutFailure(
  err: unknown,
  facts: CallFacts,
  info: TransportFailureInfo,
  outcome: { sent: boolean; unknown: boolean; hint: string; safe: boolean },
): AttemptFailure {
  const what =
    err instanceof TransportError && err.kind === 'connect-timeout'
      ? (err as Error).message
      : `no response within ${info.attemptTimeout} ms`;
  return {
    error: new BceTimeoutError(`${what}.${outcome.hint}`, {
      ...ctxOf(facts),
      code: 'ETIMEDOUT',
      requestSent: outcome.sent,
      outcomeUnknown: outcome.unknown,
      attempts: info.attempt,
      cause: err,
    }),
    retryable: outcome.safe,
    cost: 10,
    mayHaveActed: outcome.sent,
  };
}

export function transportFailure(err: unknown, facts: CallFacts, info: TransportFailureInfo): AttemptFailure {
  const { attempt } = info;
  const ctx = ctxOf(facts);
  const sent = err instanceof TransportError ? err.requestSent : true;
  const unknown = facts.mutating && (sent || info.earlierMayHaveActed);
  const hint = unknown ? outcomeHint(facts) : '';
  if (err instanceof TransportError && err.kind === 'too-large') return tooLargeFailure(err, facts, info);
  if (info.signal?.aborted) {
    return {
      error: new BceAbortError('the call was aborted', {
        ...ctx,
        cause: info.signal.reason,
        requestSent: sent,
        outcomeUnknown: unknown,
        outcomeHint: hint,
      }),
      retryable: false,
      cost: 0,
      mayHaveActed: sent,
    };
  }
  const code = err instanceof TransportError ? err.code : undefined;
  // Repeating is safe when the operation allows it or when no byte can have reached the server.
  const safe = facts.repeatable || !sent;
  if (info.timedOut || (err instanceof TransportError && err.kind === 'connect-timeout')) {
    return timeoutFailure(err, facts, info, { sent, unknown, hint, safe });
  }
  const advice = plainHttpAdvice(err, facts);
  const message = info.scrub(err instanceof Error ? err.message : String(err));
  return {
    error: new BceNetworkError(`network error: ${message}.${advice ? ` ${advice}` : ''}${hint}`, {
      ...ctx,
      code,
      requestSent: sent,
      outcomeUnknown: unknown,
      attempts: attempt,
      cause: err,
    }),
    // A wrong scheme does not fix itself on a retry.
    retryable: safe && advice === undefined,
    cost: 5,
    mayHaveActed: sent,
  };
}

export function serviceFailure(
  response: HttpResponse,
  facts: CallFacts,
  info: { attempt: number; earlierMayHaveActed: boolean; scrub: (text: string) => string },
): AttemptFailure {
  const parsed = parseServiceError(response.statusCode, response.headers, response.body, info.scrub);
  const rejectedBeforeAction = REJECTED_BEFORE_ACTION_CODES.has(parsed.code) || response.statusCode === 429;
  const retryableStatus = RETRYABLE_STATUS.has(response.statusCode) || REJECTED_BEFORE_ACTION_CODES.has(parsed.code);
  const retryable = retryableStatus && (facts.repeatable || rejectedBeforeAction);
  // A 5xx does not say whether the write happened; a 4xx does (it was refused), but an earlier
  // attempt that went unanswered may still have acted.
  const mayHaveActed = response.statusCode >= 500 && !rejectedBeforeAction;
  const outcomeUnknown = facts.mutating && (mayHaveActed || info.earlierMayHaveActed);
  return {
    error: new BceServiceError(parsed.message, {
      statusCode: response.statusCode,
      code: parsed.code,
      requestId: parsed.requestId ?? facts.requestId,
      operation: facts.op.name,
      clientToken: facts.clientToken,
      outcomeUnknown,
      outcomeHint: outcomeUnknown ? outcomeHint(facts) : undefined,
      attempts: info.attempt,
    }),
    retryable,
    cost: 5,
    retryAfterMs: parseRetryAfter(response.headers['retry-after'], Date.now()),
    mayHaveActed,
  };
}
