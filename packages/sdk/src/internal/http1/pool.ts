/**
 * Kept-alive HTTP/1.1 connections to one origin for the built-in Node transport: at most
 * `maxSockets` open, requests beyond that wait in order, one request per connection at a time (no
 * pipelining). An idle connection is unreferenced (it never keeps the process alive) and closed
 * before the server would close it: after the `Keep-Alive: timeout` the server announced, less a
 * second, or {@link DEFAULT_KEEP_ALIVE_MS} when it announced none. Bytes a server sends to an
 * idle connection, or an error on it, close it.
 */
import type net from 'node:net';

/** How long an idle connection is kept when the server does not say. */
export const DEFAULT_KEEP_ALIVE_MS = 4_000;
/** The longest an idle connection is kept, whatever the server says. */
const MAX_KEEP_ALIVE_MS = 600_000;

/** What a connection tells the request it is carrying. */
export interface Exchange {
  /** The connection is this exchange's; `reused` when it carried an earlier request. */
  assigned(connection: Connection, reused: boolean): void;
  /** The TCP (and TLS) connection is established. */
  connected(): void;
  data(chunk: Buffer): void;
  /** The connection ended or failed (`error` when it failed). */
  closed(error: (Error & { code?: string }) | undefined): void;
}

/** Opens one socket: net.connect or tls.connect with the pool's options. */
export type Connector = () => net.Socket;

export class Connection {
  exchange: Exchange | undefined;
  connecting = true;
  /** When it became idle (performance.now()), and for how long it may stay so. */
  idleSince = 0;
  keepAliveMs = DEFAULT_KEEP_ALIVE_MS;
  #closed = false;

  constructor(
    readonly socket: net.Socket,
    private readonly pool: Pool,
    secure: boolean,
  ) {
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      this.connecting = false;
      this.exchange?.connected();
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.exchange) this.exchange.data(chunk);
      // Nothing is asked: whatever a server sends now is out of step with the protocol.
      else this.destroy();
    });
    socket.on('error', (err: Error) => this.#close(err));
    socket.on('end', () => this.#close(undefined));
    socket.on('close', () => this.#close(undefined));
  }

  get closed(): boolean {
    return this.#closed;
  }

  destroy(): void {
    this.socket.destroy();
    this.#close(undefined);
  }

  #close(error: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    this.socket.destroy();
    const exchange = this.exchange;
    this.exchange = undefined;
    this.pool.removed(this);
    exchange?.closed(error);
  }
}

interface PoolOptions {
  readonly maxSockets: number;
  readonly secure: boolean;
  readonly connect: Connector;
}

export class Pool {
  readonly #idle: Connection[] = [];
  readonly #open = new Set<Connection>();
  readonly #waiting: Exchange[] = [];
  #sweep: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: PoolOptions) {}

  /** Gives `exchange` a connection now (an idle one, else a new one) or when one is free. */
  acquire(exchange: Exchange): void {
    const connection = this.#takeIdle();
    if (connection) {
      connection.exchange = exchange;
      connection.socket.ref();
      exchange.assigned(connection, true);
      return;
    }
    if (this.#open.size < this.options.maxSockets) {
      this.#openFor(exchange);
      return;
    }
    this.#waiting.push(exchange);
  }

  /** Forgets a waiting exchange (aborted or timed out before it got a connection); false if it has one. */
  cancel(exchange: Exchange): boolean {
    const i = this.#waiting.indexOf(exchange);
    if (i === -1) return false;
    this.#waiting.splice(i, 1);
    return true;
  }

  /**
   * The exchange on `connection` is over. A connection that can carry another request goes to the
   * next waiting exchange or rests idle; any other is closed.
   */
  release(connection: Connection, reusable: boolean, keepAliveHeader: string | undefined): void {
    connection.exchange = undefined;
    if (!reusable || connection.closed) {
      connection.destroy();
      return;
    }
    const next = this.#waiting.shift();
    if (next) {
      connection.exchange = next;
      next.assigned(connection, true);
      return;
    }
    connection.keepAliveMs = keepAliveFor(keepAliveHeader);
    connection.idleSince = performance.now();
    connection.socket.unref();
    this.#idle.push(connection);
    this.#sweep ??= setTimeout(() => this.#sweepIdle(), connection.keepAliveMs).unref();
  }

  /** Called by a connection that closed, whatever the reason. */
  removed(connection: Connection): void {
    this.#open.delete(connection);
    const i = this.#idle.indexOf(connection);
    if (i !== -1) this.#idle.splice(i, 1);
    // A waiting exchange takes the freed place.
    const next = this.#waiting.shift();
    if (next) this.#openFor(next);
  }

  /** Closes every connection, idle or busy (their exchanges fail), and fails nothing that waits. */
  destroy(): void {
    if (this.#sweep) clearTimeout(this.#sweep);
    this.#sweep = undefined;
    const waiting = this.#waiting.splice(0);
    for (const connection of [...this.#open]) connection.destroy();
    for (const exchange of waiting)
      exchange.closed(Object.assign(new Error('the transport was closed'), { code: 'ECONNRESET' }));
  }

  #openFor(exchange: Exchange): void {
    const connection = new Connection(this.options.connect(), this, this.options.secure);
    this.#open.add(connection);
    connection.exchange = exchange;
    exchange.assigned(connection, false);
  }

  /** The most recently used idle connection still within its keep-alive time. */
  #takeIdle(): Connection | undefined {
    const now = performance.now();
    while (this.#idle.length > 0) {
      const connection = this.#idle.pop()!;
      if (!connection.closed && now - connection.idleSince < connection.keepAliveMs) return connection;
      connection.destroy();
    }
    return undefined;
  }

  #sweepIdle(): void {
    this.#sweep = undefined;
    const now = performance.now();
    let soonest = Number.POSITIVE_INFINITY;
    for (const connection of [...this.#idle]) {
      const left = connection.keepAliveMs - (now - connection.idleSince);
      if (left <= 0) connection.destroy();
      else soonest = Math.min(soonest, left);
    }
    if (Number.isFinite(soonest)) this.#sweep = setTimeout(() => this.#sweepIdle(), Math.ceil(soonest)).unref();
  }
}

/** How long to keep a connection idle given the server's `Keep-Alive` header (`timeout=N` seconds). */
export function keepAliveFor(header: string | undefined): number {
  if (header === undefined) return DEFAULT_KEEP_ALIVE_MS;
  const m = /(?:^|[,;\s])timeout\s*=\s*(\d{1,9})/i.exec(header);
  if (!m) return DEFAULT_KEEP_ALIVE_MS;
  // A second short of the server's own limit, so that a request never races its close.
  return Math.min(Math.max(Number(m[1]) * 1000 - 1000, 0), MAX_KEEP_ALIVE_MS);
}
