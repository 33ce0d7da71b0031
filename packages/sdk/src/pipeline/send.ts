import { type HttpRequest, type HttpResponse, type Transport, tooLarge } from '../internal/transport.js';
import type { PreparedRequest } from './build.js';

/** What one attempt sends, and within which limits. */
export interface AttemptRequest {
  readonly url: URL;
  readonly prepared: PreparedRequest;
  readonly headers: Record<string, string>;
  readonly signal: AbortSignal | undefined;
  /** This attempt's time, from sending to the last response byte. */
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly maxResponseBytes: number;
}

/** How one attempt went: an answer, or the transport's error (and whether the attempt timed out). */
export type AttemptResult =
  | { readonly response: HttpResponse; readonly durationMs: number }
  | { readonly response?: undefined; readonly error: unknown; readonly timedOut: boolean; readonly durationMs: number };

/** The built-in node:http transport's timed send (internal/transport.ts): it arms the attempt's timer itself. */
const TIMED_SEND = Symbol.for('bec-sdk.timedSend');
type TimedSend = (
  request: Omit<HttpRequest, 'signal'> & { readonly signal: AbortSignal | undefined },
  timeoutMs: number,
  state: { timedOut: boolean },
) => Promise<HttpResponse>;

/** Sends one attempt through the transport, under the attempt's timeout and the caller's signal. */
export function sendAttempt(transport: Transport, request: AttemptRequest): Promise<AttemptResult> {
  const timed = (transport as { [TIMED_SEND]?: TimedSend })[TIMED_SEND];
  return timed ? sendTimed(transport, timed, request) : sendSignalled(transport, request);
}

/** Any transport: an AbortController per attempt, its timer, and the caller's signal combined with it. */
async function sendSignalled(transport: Transport, request: AttemptRequest): Promise<AttemptResult> {
  const { prepared, maxResponseBytes } = request;
  const timeoutController = new AbortController();
  const timer = setTimeout(() => timeoutController.abort(), request.timeoutMs);
  const signal = request.signal
    ? AbortSignal.any([request.signal, timeoutController.signal])
    : timeoutController.signal;
  const started = performance.now();
  const duration = (): number => Math.round(performance.now() - started);
  try {
    const response = await transport.send({
      url: request.url,
      method: prepared.method,
      headers: request.headers,
      body: prepared.body,
      signal,
      connectTimeoutMs: Math.min(request.connectTimeoutMs, request.timeoutMs),
      maxResponseBytes,
    });
    // A replaced transport may not enforce the limit: the body is refused all the same.
    if (response.body.byteLength > maxResponseBytes) throw tooLarge(maxResponseBytes, response.statusCode);
    return { response, durationMs: duration() };
  } catch (error) {
    return { error, timedOut: timeoutController.signal.aborted, durationMs: duration() };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The same attempt through the built-in transport: no AbortController, no combined signal and no
 * listeners of its own; the transport's timer fails the request exactly as an abort would.
 */
function sendTimed(transport: Transport, timed: TimedSend, request: AttemptRequest): Promise<AttemptResult> {
  const { prepared, maxResponseBytes } = request;
  const state = { timedOut: false };
  const started = performance.now();
  return timed
    .call(
      transport,
      {
        url: request.url,
        method: prepared.method,
        headers: request.headers,
        body: prepared.body,
        signal: request.signal,
        connectTimeoutMs: Math.min(request.connectTimeoutMs, request.timeoutMs),
        maxResponseBytes,
      },
      request.timeoutMs,
      state,
    )
    .then(
      (response): AttemptResult => {
        const durationMs = Math.round(performance.now() - started);
        if (response.body.byteLength <= maxResponseBytes) return { response, durationMs };
        return { error: tooLarge(maxResponseBytes, response.statusCode), timedOut: false, durationMs };
      },
      (error: unknown): AttemptResult => ({
        error,
        timedOut: state.timedOut,
        durationMs: Math.round(performance.now() - started),
      }),
    );
}
