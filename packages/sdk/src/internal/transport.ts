/**
 * The built-in transport on Node: HTTP/1.1 over node:net and node:tls (./http1/), with kept-alive
 * connections per origin. It speaks only what the client needs (one request at a time per
 * connection, bodies framed by Content-Length, chunked coding or the connection's end), strictly,
 * and does per request a fraction of node:http's work: no ClientRequest or IncomingMessage
 * streams, listeners attached once per connection instead of once per request, the request in
 * one write.
 */
import type net from 'node:net';
import type tls from 'node:tls';
import { type Connection, type Exchange, Pool } from './http1/pool.js';
import { BodyTooLargeError, type ProtocolError, ResponseReader } from './http1/reader.js';
import { type InvalidRequestError, serializeRequest } from './http1/request.js';
import { type HttpRequest, type HttpResponse, type Transport, TransportError, tooLarge } from './transport-types.js';

export {
  type HttpRequest,
  type HttpResponse,
  type Transport,
  TransportError,
  tooLarge,
} from './transport-types.js';

interface Sockets {
  readonly net: typeof net;
  readonly tls: typeof tls;
}
let sockets: Promise<Sockets> | undefined;
/** The modules once loaded: later requests use them without waiting on a promise. */
let loaded: Sockets | undefined;

/**
 * node:net and node:tls are loaded on the first request, not at import: TLS is large, and a
 * program that only builds a client (or uses another transport) should not pay for it at start-up.
 */
function loadSockets(): Promise<Sockets> {
  sockets ??= Promise.all([import('node:net'), import('node:tls')]).then(([n, t]) => {
    loaded = { net: n.default ?? n, tls: t.default ?? t };
    return loaded;
  });
  return sockets;
}

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

export interface NodeHttpTransportOptions {
  /** Connections kept open per origin (scheme, host and port); more requests wait. Default 64. */
  readonly maxSockets?: number | undefined;
  /**
   * Certificate authorities to trust instead of Node's bundled ones (PEM), e.g. a company's own CA
   * in front of the endpoint. Certificates are always verified.
   */
  readonly ca?: string | Buffer | ReadonlyArray<string | Buffer> | undefined;
}

/** HTTP/1.1 over node:net / node:tls with kept-alive connections (the default transport on Node). */
export class NodeHttpTransport implements Transport {
  readonly #pools = new Map<string, Pool>();
  readonly #maxSockets: number;
  readonly #ca: NodeHttpTransportOptions['ca'];
  /** The last TLS session per origin, offered again on the next connection (a shorter handshake). */
  readonly #sessions = new Map<string, Buffer>();

  constructor(options: NodeHttpTransportOptions = {}) {
    const maxSockets = options.maxSockets ?? 64;
    if (!Number.isInteger(maxSockets) || maxSockets < 1 || maxSockets > 65_536) {
      throw new RangeError(`maxSockets must be an integer from 1 to 65536, got ${String(options.maxSockets)}`);
    }
    this.#maxSockets = maxSockets;
    this.#ca = options.ca;
  }

  send(request: HttpRequest): Promise<HttpResponse> {
    return this.#send(request, undefined, undefined);
  }

  /** Sends under an attempt timeout of `timeoutMs`; `state.timedOut` says whether it fired. */
  [TIMED_SEND](request: TimedRequest, timeoutMs: number, state: TimeoutState): Promise<HttpResponse> {
    return this.#send(request, timeoutMs, state);
  }

  #send(request: TimedRequest, timeoutMs: number | undefined, state: TimeoutState | undefined): Promise<HttpResponse> {
    if (loaded) return this.#start(loaded, request, timeoutMs, state);
    return loadSockets().then((modules) => this.#start(modules, request, timeoutMs, state));
  }

  #start(
    modules: Sockets,
    request: TimedRequest,
    timeoutMs: number | undefined,
    state: TimeoutState | undefined,
  ): Promise<HttpResponse> {
    return new Promise<HttpResponse>((resolve, reject) => {
      const { url } = request;
      const secure = url.protocol === 'https:';
      if (!secure && url.protocol !== 'http:') {
        reject(new TransportError(`unsupported protocol ${url.protocol}`, 'ERR_INVALID_PROTOCOL', false, 'network'));
        return;
      }
      let bytes: Buffer;
      try {
        bytes = serializeRequest(
          request.method,
          `${url.pathname}${url.search}`,
          url.host,
          request.headers,
          request.body,
        );
      } catch (err) {
        // Refused before any connection exists.
        const e = err as InvalidRequestError;
        reject(new TransportError(e.message, e.code ?? 'EINVAL', false, 'network', { cause: err }));
        return;
      }
      new Attempt(request, bytes, resolve, reject).start(this.#pool(modules, url, secure), timeoutMs, state);
    });
  }

  #pool(modules: Sockets, url: URL, secure: boolean): Pool {
    const port = Number(url.port || (secure ? 443 : 80));
    const key = `${url.protocol}//${url.hostname}:${port}`;
    let pool = this.#pools.get(key);
    if (pool) return pool;
    const host = bareHostname(url.hostname);
    const connect = secure
      ? (): net.Socket => {
          const socket = modules.tls.connect({
            host,
            port,
            servername: modules.net.isIP(host) === 0 ? host : undefined,
            ALPNProtocols: ['http/1.1'],
            ca: this.#ca as tls.ConnectionOptions['ca'],
            session: this.#sessions.get(key),
          });
          socket.on('session', (session: Buffer) => this.#sessions.set(key, session));
          socket.setNoDelay(true);
          socket.setKeepAlive(true, 1000);
          return socket;
        }
      : (): net.Socket =>
          modules.net.connect({ host, port, noDelay: true, keepAlive: true, keepAliveInitialDelay: 1000 });
    pool = new Pool({ maxSockets: this.#maxSockets, secure, connect });
    this.#pools.set(key, pool);
    return pool;
  }

  /** Closes every connection; requests in flight fail. The transport can be used again afterwards. */
  close(): void {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    this.#sessions.clear();
    for (const pool of pools) pool.destroy();
  }
}

/**
 * One request: its timers, its abort listener, its connection and response, and how it ends. It
 * settles once, with a response or a TransportError saying whether bytes may have reached the server.
 */
class Attempt implements Exchange {
  #pool: Pool | undefined;
  #connection: Connection | undefined;
  #reader: ResponseReader | undefined;
  #sent = false;
  #settled = false;
  #connectTimer: ReturnType<typeof setTimeout> | undefined;
  #attemptTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #onAbort = (): void =>
    this.#fail(
      new TransportError('request aborted', 'ABORT_ERR', this.#sent, 'aborted', { cause: this.request.signal?.reason }),
    );

  constructor(
    private readonly request: TimedRequest,
    private readonly bytes: Buffer,
    private readonly resolve: (response: HttpResponse) => void,
    private readonly reject: (err: TransportError) => void,
  ) {}

  start(pool: Pool, timeoutMs: number | undefined, state: TimeoutState | undefined): void {
    const { signal } = this.request;
    if (signal?.aborted) {
      this.reject(new TransportError('aborted before sending', 'ABORT_ERR', false, 'aborted'));
      return;
    }
    this.#pool = pool;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    if (state && timeoutMs !== undefined) {
      // The same error an aborted AbortController would have produced.
      this.#attemptTimer = setTimeout(() => {
        state.timedOut = true;
        const reason = new DOMException('This operation was aborted', 'AbortError');
        this.#fail(new TransportError('request aborted', 'ABORT_ERR', this.#sent, 'aborted', { cause: reason }));
      }, timeoutMs);
    }
    pool.acquire(this);
  }

  assigned(connection: Connection, reused: boolean): void {
    if (this.#settled) {
      // Settled while waiting for this connection: hand it straight back.
      this.#pool!.release(connection, !connection.connecting, undefined);
      return;
    }
    this.#connection = connection;
    if (reused || !connection.connecting) {
      this.connected();
      return;
    }
    const ms = this.request.connectTimeoutMs;
    this.#connectTimer = setTimeout(
      () => this.#fail(new TransportError(`connect timed out after ${ms} ms`, 'ETIMEDOUT', false, 'connect-timeout')),
      ms,
    );
  }

  connected(): void {
    if (this.#settled) return;
    if (this.#connectTimer) {
      clearTimeout(this.#connectTimer);
      this.#connectTimer = undefined;
    }
    this.#reader = new ResponseReader(this.request.method, this.request.maxResponseBytes ?? Number.POSITIVE_INFINITY);
    this.#sent = true;
    this.#connection!.socket.write(this.bytes);
  }

  data(chunk: Buffer): void {
    const reader = this.#reader;
    if (this.#settled || !reader) {
      // A response before the request was written: out of step.
      this.#connection?.destroy();
      return;
    }
    let used: number;
    try {
      used = reader.push(chunk);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        const limit = this.request.maxResponseBytes ?? Number.POSITIVE_INFINITY;
        this.#fail(tooLarge(limit, err.statusCode, err.contentLength));
        return;
      }
      const e = err as ProtocolError;
      this.#fail(new TransportError(`invalid response: ${e.message}`, e.code, true, 'network', { cause: err }));
      return;
    }
    if (!reader.done) return;
    // Bytes past the response were never asked for: the connection is not used again.
    this.#finish(reader, reader.keepAlive && used === chunk.length);
  }

  closed(error: (Error & { code?: string }) | undefined): void {
    if (this.#settled) return;
    this.#connection = undefined;
    const reader = this.#reader;
    if (!error && reader?.endsAtClose) {
      this.#finish(reader, false);
      return;
    }
    if (error) {
      this.#fail(new TransportError(error.message, error.code ?? 'EUNKNOWN', this.#sent, 'network', { cause: error }));
      return;
    }
    const message = reader?.started ? 'the server closed the connection mid-response' : 'socket hang up';
    this.#fail(new TransportError(message, 'ECONNRESET', this.#sent, 'network'));
  }

  #finish(reader: ResponseReader, reusable: boolean): void {
    this.#settle();
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection) this.#pool!.release(connection, reusable, reader.headers['keep-alive']);
    this.resolve({ statusCode: reader.statusCode, headers: reader.headers, body: reader.body() });
  }

  #fail(err: TransportError): void {
    if (this.#settled) return;
    this.#settle();
    const connection = this.#connection;
    this.#connection = undefined;
    // A connection left mid-exchange cannot carry another request.
    if (connection) connection.destroy();
    else this.#pool?.cancel(this);
    this.reject(err);
  }

  #settle(): void {
    this.#settled = true;
    if (this.#connectTimer) clearTimeout(this.#connectTimer);
    if (this.#attemptTimer) clearTimeout(this.#attemptTimer);
    this.request.signal?.removeEventListener('abort', this.#onAbort);
  }
}

/** An IPv6 literal's hostname without its brackets, as node:net wants it. */
function bareHostname(hostname: string): string {
  return hostname.charCodeAt(0) === 91 && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}
