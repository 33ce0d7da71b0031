import type http from 'node:http';
import type https from 'node:https';
import { type HttpRequest, type HttpResponse, type Transport, TransportError, tooLarge } from './transport-types.js';

type HttpModule = typeof http | typeof https;
let httpModule: Promise<typeof http> | undefined;
let httpsModule: Promise<typeof https> | undefined;
/** The modules once loaded: later requests use them without waiting on a promise. */
let httpLoaded: typeof http | undefined;
let httpsLoaded: typeof https | undefined;

/**
 * node:http and node:https are loaded on the first request, not at import: node:https brings in
 * TLS, and a program that only builds a client (or only uses a custom transport) should not pay
 * for it at start-up.
 */
function loadHttp(secure: boolean): Promise<HttpModule> {
  if (secure) {
    httpsModule ??= import('node:https').then((m) => {
      httpsLoaded = m.default ?? m;
      return httpsLoaded;
    });
    return httpsModule;
  }
  httpModule ??= import('node:http').then((m) => {
    httpLoaded = m.default ?? m;
    return httpLoaded;
  });
  return httpModule;
}

export {
  type HttpRequest,
  type HttpResponse,
  type Transport,
  TransportError,
  tooLarge,
} from './transport-types.js';

/**
 * The built-in transport's own way to send one attempt under its timeout (used by
 * pipeline/send.ts): one timer on the request instead of an AbortController, its timer and
 * listeners per attempt. A symbol, so that no user transport has it by accident.
 */
const TIMED_SEND = Symbol.for('bec-sdk.timedSend');

/** A request whose caller's signal is optional, for {@link TIMED_SEND}. */
type TimedRequest = Omit<HttpRequest, 'signal'> & { readonly signal: AbortSignal | undefined };

/** Set when the attempt's own timer fired. */
interface TimeoutState {
  timedOut: boolean;
}

/** node:http / node:https with keep-alive agents. */
export class NodeHttpTransport implements Transport {
  private httpAgent: http.Agent | undefined;
  private httpsAgent: https.Agent | undefined;

  send(request: HttpRequest): Promise<HttpResponse> {
    const secure = request.url.protocol === 'https:';
    const loaded = secure ? httpsLoaded : httpLoaded;
    if (loaded) return this.#send(loaded, secure, request, undefined, undefined);
    return loadHttp(secure).then((transport) => this.#send(transport, secure, request, undefined, undefined));
  }

  /** Sends under an attempt timeout of `timeoutMs`; `state.timedOut` says whether it fired. */
  [TIMED_SEND](request: TimedRequest, timeoutMs: number, state: TimeoutState): Promise<HttpResponse> {
    const secure = request.url.protocol === 'https:';
    const loaded = secure ? httpsLoaded : httpLoaded;
    if (loaded) return this.#send(loaded, secure, request, timeoutMs, state);
    return loadHttp(secure).then((transport) => this.#send(transport, secure, request, timeoutMs, state));
  }

  #send(
    transport: HttpModule,
    secure: boolean,
    request: TimedRequest,
    timeoutMs: number | undefined,
    state: TimeoutState | undefined,
  ): Promise<HttpResponse> {
    let agent: http.Agent;
    if (secure) {
      this.httpsAgent ??= new (transport as typeof https).Agent({ keepAlive: true, maxSockets: 64 });
      agent = this.httpsAgent;
    } else {
      this.httpAgent ??= new (transport as typeof http).Agent({ keepAlive: true, maxSockets: 64 });
      agent = this.httpAgent;
    }
    return new Promise<HttpResponse>((resolve, reject) => {
      new Attempt(request, secure, resolve, reject).start(transport, agent, timeoutMs, state);
    });
  }

  close(): void {
    this.httpAgent?.destroy();
    this.httpsAgent?.destroy();
  }
}

/**
 * One request on node:http: its timers, its abort listener and how it ends. It settles once,
 * with a response or a TransportError saying whether bytes may have reached the server.
 */
class Attempt {
  #connected = false;
  #settled = false;
  #connectTimer: NodeJS.Timeout | undefined;
  #attemptTimer: NodeJS.Timeout | undefined;
  #req: http.ClientRequest | undefined;
  readonly #onAbort = (): void =>
    this.fail(
      new TransportError('request aborted', 'ABORT_ERR', this.#connected, 'aborted', {
        cause: this.request.signal?.reason,
      }),
    );

  constructor(
    private readonly request: TimedRequest,
    private readonly secure: boolean,
    private readonly resolve: (response: HttpResponse) => void,
    private readonly reject: (err: TransportError) => void,
  ) {}

  start(
    transport: HttpModule,
    agent: http.Agent,
    timeoutMs: number | undefined,
    state: TimeoutState | undefined,
  ): void {
    const { url, signal } = this.request;
    if (signal?.aborted) {
      this.reject(new TransportError('aborted before sending', 'ABORT_ERR', false, 'aborted'));
      return;
    }
    let req: http.ClientRequest;
    try {
      req = transport.request({
        protocol: url.protocol,
        hostname: bareHostname(url.hostname),
        port: url.port || (this.secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: this.request.method,
        headers: this.request.headers,
        agent,
      });
    } catch (err) {
      // Invalid headers or options are refused synchronously, before any connection exists.
      const e = err as NodeJS.ErrnoException;
      this.reject(new TransportError(e.message, e.code ?? 'EINVAL', false, 'network', { cause: err }));
      return;
    }
    this.#req = req;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    if (state && timeoutMs !== undefined) {
      // The same error an aborted AbortController would have produced.
      this.#attemptTimer = setTimeout(() => {
        state.timedOut = true;
        const reason = new DOMException('This operation was aborted', 'AbortError');
        this.fail(new TransportError('request aborted', 'ABORT_ERR', this.#connected, 'aborted', { cause: reason }));
      }, timeoutMs);
    }
    req.on('socket', (socket) => this.#onSocket(socket));
    req.on('error', (err: NodeJS.ErrnoException) => {
      // Once connected, bytes may have reached the server. This includes a reset on a reused
      // kept-alive socket: a server that closed it while idle and a server that read the whole
      // request and then dropped the connection look the same from here.
      this.fail(new TransportError(err.message, err.code ?? 'EUNKNOWN', this.#connected, 'network', { cause: err }));
    });
    req.on('response', (res) => this.#onResponse(res));
    req.end(this.request.body);
  }

  fail(err: TransportError): void {
    if (this.#settled) return;
    this.#end();
    this.#req?.destroy();
    this.reject(err);
  }

  #end(): void {
    this.#settled = true;
    if (this.#connectTimer) clearTimeout(this.#connectTimer);
    if (this.#attemptTimer) clearTimeout(this.#attemptTimer);
    this.request.signal?.removeEventListener('abort', this.#onAbort);
  }

  #onSocket(socket: import('node:net').Socket): void {
    const markConnected = (): void => {
      this.#connected = true;
      if (this.#connectTimer) clearTimeout(this.#connectTimer);
    };
    if (!socket.connecting) {
      markConnected();
      return;
    }
    const ms = this.request.connectTimeoutMs;
    this.#connectTimer = setTimeout(
      () => this.fail(new TransportError(`connect timed out after ${ms} ms`, 'ETIMEDOUT', false, 'connect-timeout')),
      ms,
    );
    socket.once(this.secure ? 'secureConnect' : 'connect', markConnected);
  }

  #onResponse(res: http.IncomingMessage): void {
    const limit = this.request.maxResponseBytes ?? Number.POSITIVE_INFINITY;
    const status = res.statusCode ?? 0;
    const announced = Number(res.headers['content-length']);
    if (Number.isFinite(announced) && announced > limit) {
      // fail() first: destroying the response emits 'aborted', which must not win.
      this.fail(tooLarge(limit, status, announced));
      res.destroy();
      return;
    }
    let chunks: Buffer[] = [];
    let received = 0;
    res.on('data', (chunk: Buffer) => {
      if (this.#settled) return;
      received += chunk.length;
      if (received > limit) {
        // Drop what was read and close the connection: nothing more is buffered.
        chunks = [];
        this.fail(tooLarge(limit, status));
        res.destroy();
        return;
      }
      chunks.push(chunk);
    });
    res.on('error', (err: NodeJS.ErrnoException) =>
      this.fail(new TransportError(err.message, err.code ?? 'EUNKNOWN', true, 'network', { cause: err })),
    );
    res.on('aborted', () =>
      this.fail(new TransportError('response aborted by the server', 'ECONNRESET', true, 'network')),
    );
    res.on('end', () => {
      if (this.#settled) return;
      this.#end();
      // One chunk (the usual small answer) is the body as it is: no copy.
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received);
      this.resolve({ statusCode: status, headers: flatHeaders(res.headers), body });
    });
  }
}

function flatHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const k in raw) {
    const v = raw[k];
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return headers;
}

/** An IPv6 literal's hostname without its brackets, as node:http wants it. */
function bareHostname(hostname: string): string {
  return hostname.charCodeAt(0) === 91 && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}
