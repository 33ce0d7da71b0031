/**
 * One API request as the server carries it: the journal entry it fills, and how its ending (an
 * operation's answer, a BCE error, an injected fault) is written to the client and recorded.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError, parseQuery } from './auth.js';
import { EmulatorError } from './errors.js';
import { defaultCodeFor, type FaultRule } from './faults.js';
import { captureExchange, type Journal, type JournalEntry } from './journal.js';

export const JSON_TYPE = 'application/json;charset=utf-8';

export interface Outcome {
  status: number;
  body: string;
  headers?: Record<string, string>;
  code?: string;
  replayed?: boolean;
}

/** How a request ends: an answer, or (injected faults) a dropped connection or no answer at all. */
export type Ending = Outcome | 'reset' | 'stall';

export class Exchange {
  readonly #started = performance.now();
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly requestId: string;
  readonly entry: JournalEntry;
  /** Until the request is authenticated its errors are the gateway's (and also sent in headers). */
  stage: 'gateway' | 'service' = 'gateway';

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    /** The body, or undefined when it was larger than allowed. */
    readonly body: Buffer | undefined,
    private readonly journal: Journal,
  ) {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    this.rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
    this.rawQuery = q === -1 ? '' : rawUrl.slice(q + 1);
    this.method = req.method ?? 'GET';
    this.requestId = requestIdOf(req);
    this.entry = {
      seq: journal.nextSeq(),
      time: isoNow(),
      requestId: this.requestId,
      account: undefined,
      method: this.method,
      path: this.rawPath,
      operation: undefined,
      status: 0,
      durationMs: 0,
    };
  }

  /** Writes the ending to the client (or drops the connection) and records the request in the journal. */
  finish(ending: Ending): void {
    const { entry, req, res } = this;
    entry.durationMs = Math.round((performance.now() - this.#started) * 100) / 100;
    const exchange = {
      method: this.method,
      path: this.rawPath,
      query: safeQuery(this.rawQuery),
      headers: req.headers,
      body: this.body,
    };
    if (ending === 'reset' || ending === 'stall') {
      entry.status = 0;
      const note = ending === 'reset' ? 'connection reset (fault)' : 'no answer (stall fault)';
      this.#record({ ...exchange, status: 0, responseHeaders: {}, responseBody: '', note });
      if (ending === 'reset') req.socket.destroy();
      return;
    }
    entry.status = ending.status;
    if (ending.code !== undefined) entry.code = ending.code;
    if (ending.replayed) entry.replayed = true;
    const headers = {
      'content-type': JSON_TYPE,
      'x-bce-request-id': this.requestId,
      'content-length': Buffer.byteLength(ending.body),
      ...(ending.code && ending.status >= 400 ? { 'x-bce-error-code': ending.code } : {}),
      ...ending.headers,
    };
    this.#record({ ...exchange, status: ending.status, responseHeaders: headers, responseBody: ending.body });
    res.writeHead(ending.status, headers);
    res.end(ending.body);
  }

  /** The answer to an error: BCE's error shape; anything but an EmulatorError is a 500 InternalError. */
  failure(err: unknown): Outcome {
    if (!(err instanceof EmulatorError)) {
      return {
        status: 500,
        body: errorBody('InternalError', `emulator failure: ${(err as Error).message}`, this.requestId),
        code: 'InternalError',
      };
    }
    const gateway = this.stage === 'gateway' || err instanceof AuthError;
    return {
      status: err.status,
      body: errorBody(err.code, err.message, this.requestId),
      code: err.code,
      // Like BEC's gateway, routing and authentication failures also come in headers.
      ...(gateway
        ? { headers: { 'x-bce-error-message': headerText(err.message), 'x-bce-exception-point': 'Gateway' } }
        : {}),
    };
  }

  /** The ending an injected fault (error, reset or stall) gives this request. */
  faultEnding(rule: FaultRule): Ending {
    if (rule.action === 'reset') return 'reset';
    if (rule.action === 'stall') return 'stall';
    const status = rule.status ?? 500;
    const code = rule.code ?? defaultCodeFor(status);
    return {
      status,
      code,
      body: errorBody(code, rule.message ?? `Injected fault ${rule.id}.`, this.requestId),
      ...(rule.retryAfterSeconds !== undefined ? { headers: { 'retry-after': String(rule.retryAfterSeconds) } } : {}),
    };
  }

  /** Adds the request to the journal with its redacted detail (skipped when the journal keeps nothing). */
  #record(exchange: Parameters<typeof captureExchange>[0]): void {
    if (this.journal.capacity === 0) return;
    this.journal.push(this.entry, captureExchange(exchange));
  }
}

/** The client's `x-bce-request-id`, or a new one. */
export function requestIdOf(req: IncomingMessage): string {
  return (req.headers['x-bce-request-id'] as string | undefined) || randomUUID();
}

export function errorBody(code: string, message: string, requestId: string): string {
  return JSON.stringify({ code, message, requestId });
}

/** A header-safe (printable ASCII, bounded) copy of an error message. */
function headerText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 512);
}

/** The query as pairs for the journal (undecodable text kept as sent). */
function safeQuery(rawQuery: string): Array<[string, string]> {
  if (rawQuery === '') return [];
  try {
    return parseQuery(rawQuery);
  } catch {
    return [['', '(not valid percent-encoding; not shown)']];
  }
}

let lastMs = 0;
let lastIso = '';
/** The current time in ISO form (formatted at most once per millisecond). */
function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}
