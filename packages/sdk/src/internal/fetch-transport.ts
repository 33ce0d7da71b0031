/**
 * A transport on the `fetch` API: the default wherever node:http is absent (browsers, Cloudflare
 * Workers, Deno, Bun), and a choice on Node. It keeps the node:http transport's contract: the
 * signal stops it, `maxResponseBytes` refuses a larger Content-Length before reading and cuts a
 * growing body off while streaming, redirects are not followed, and every failure is a
 * {@link TransportError} that says whether the request may have been sent.
 */
import { type HttpRequest, type HttpResponse, type Transport, TransportError, tooLarge } from './transport-types.js';

/** The parts of a fetch `Response` the transport reads (declared here so no DOM library is needed). */
export interface FetchResponseLike {
  readonly status: number;
  /** `opaqueredirect` in a browser that was told not to follow a redirect. */
  readonly type?: string;
  readonly headers: { forEach(callback: (value: string, name: string) => void): void };
  readonly body: {
    getReader(): {
      read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>;
      cancel(reason?: unknown): Promise<void>;
    };
  } | null;
}

/** What the transport passes to `fetch`. */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  redirect: 'manual';
  signal: AbortSignal;
}

/** A `fetch` function: the global one, or any compatible one (`typeof fetch` fits). */
export type FetchFunction = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

export interface FetchTransportOptions {
  /** @default globalThis.fetch, looked up at each request */
  fetch?: FetchFunction | undefined;
}

/**
 * Headers `fetch` sets itself from the URL and the body; browsers refuse them from scripts. They
 * are still signed: the values fetch sends are the same.
 */
const SET_BY_FETCH = new Set(['host', 'content-length', 'connection']);

/** Error codes (Node's undici, Bun) and messages (Deno) that mean no connection was made. */
const NOT_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ConnectionRefused',
  'FailedToOpenSocket',
]);
const NOT_CONNECTED_MESSAGE = /connection refused|failed to lookup address|dns error|name or service not known/i;

function errorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorMessages(err: unknown): string {
  const parts: string[] = [];
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string') parts.push(message);
    e = (e as { cause?: unknown }).cause;
  }
  return parts.join(': ') || String(err);
}

function isAbort(err: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError'));
}

export class FetchTransport implements Transport {
  readonly #fetch: FetchFunction | undefined;

  constructor(options: FetchTransportOptions = {}) {
    if (options.fetch !== undefined && typeof options.fetch !== 'function') {
      throw new TypeError('the fetch option must be a function');
    }
    this.#fetch = options.fetch;
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const { signal } = request;
    if (signal.aborted) throw new TransportError('aborted before sending', 'ABORT_ERR', false, 'aborted');
    const fetchFn = this.#fetch ?? (globalThis as { fetch?: FetchFunction }).fetch;
    if (typeof fetchFn !== 'function') {
      throw new TransportError(
        'there is no fetch in this runtime; pass one as the fetch option',
        'ENOFETCH',
        false,
        'network',
      );
    }
    const headers: Record<string, string> = {};
    for (const name in request.headers) {
      if (!SET_BY_FETCH.has(name.toLowerCase())) headers[name] = request.headers[name]!;
    }
    const init: FetchInit = { method: request.method, headers, redirect: 'manual', signal };
    if (request.body !== undefined) init.body = request.body;

    let response: FetchResponseLike;
    try {
      // Called detached: a browser's fetch refuses any `this` but the global object.
      response = await fetchFn(request.url.href, init);
    } catch (err) {
      if (isAbort(err, signal)) {
        // fetch does not say whether it had connected: the request may have been sent.
        throw new TransportError('request aborted', 'ABORT_ERR', true, 'aborted', { cause: signal.reason ?? err });
      }
      const code = errorCode(err);
      const message = errorMessages(err);
      const notConnected = (code !== undefined && NOT_CONNECTED_CODES.has(code)) || NOT_CONNECTED_MESSAGE.test(message);
      throw new TransportError(message, code ?? (notConnected ? 'ECONNREFUSED' : 'EFETCH'), !notConnected, 'network', {
        cause: err,
      });
    }
    return this.#read(request, response);
  }

  async #read(request: HttpRequest, response: FetchResponseLike): Promise<HttpResponse> {
    const { signal } = request;
    const limit = request.maxResponseBytes ?? Number.POSITIVE_INFINITY;
    const status = response.status;
    const reader = response.body?.getReader();
    const discard = (): void => {
      reader?.cancel().catch(() => undefined);
    };
    if (response.type === 'opaqueredirect' || status === 0) {
      discard();
      throw new TransportError(
        'the server answered with a redirect, which is not followed',
        'EREDIRECT',
        true,
        'network',
      );
    }
    // No prototype: a field named `constructor`, `toString` or `__proto__` is a field like any other.
    const headers: Record<string, string> = Object.create(null);
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const announced = Number(headers['content-length']);
    if (Number.isFinite(announced) && announced > limit) {
      discard();
      throw tooLarge(limit, status, announced);
    }
    let chunks: Uint8Array[] = [];
    let received = 0;
    if (reader !== undefined) {
      for (;;) {
        let chunk: { done: boolean; value?: Uint8Array | undefined };
        try {
          chunk = await reader.read();
        } catch (err) {
          if (isAbort(err, signal)) {
            throw new TransportError('request aborted', 'ABORT_ERR', true, 'aborted', { cause: signal.reason ?? err });
          }
          throw new TransportError(errorMessages(err), errorCode(err) ?? 'ECONNRESET', true, 'network', { cause: err });
        }
        if (chunk.done) break;
        const value = chunk.value;
        if (value === undefined || value.byteLength === 0) continue;
        received += value.byteLength;
        if (received > limit) {
          // Drop what was read and stop the stream: nothing more is buffered.
          chunks = [];
          discard();
          throw tooLarge(limit, status);
        }
        chunks.push(value);
      }
    }
    if (signal.aborted)
      throw new TransportError('request aborted', 'ABORT_ERR', true, 'aborted', { cause: signal.reason });
    let body: Uint8Array;
    if (chunks.length === 1) body = chunks[0]!;
    else {
      body = new Uint8Array(received);
      let offset = 0;
      for (const c of chunks) {
        body.set(c, offset);
        offset += c.byteLength;
      }
    }
    return { statusCode: status, headers, body };
  }

  /** fetch pools connections itself; nothing to release. */
  close(): void {}
}
