import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { operations } from 'bec-sdk/spec';
import { handleAdmin } from './admin.js';
import type { AdminContext } from './admin-context.js';
import type { AdminGuard } from './admin-guard.js';
import { type Authenticator, parseQuery, type ReceivedRequest } from './auth.js';
import type { VirtualClock } from './clock.js';
import { ClientTokens, type TokenRequest } from './core/client-tokens.js';
import type { HandlerContext, HandlerTable } from './core/handler.js';
import { applyCors } from './cors.js';
import { serveDashboard } from './dashboard/serve.js';
import { EmulatorError } from './errors.js';
import { type Ending, Exchange, errorBody, JSON_TYPE, type Outcome, requestIdOf } from './exchange.js';
import type { FaultInjector, FaultMatch } from './faults.js';
import { handlers as defaultHandlers } from './groups/index.js';
import type { ResourceHistory } from './history.js';
import { closeAfterAnswer, declaredTooLarge, readBody } from './http-body.js';
import type { IdGenerator } from './ids.js';
import { checkInputLimits } from './input-limits.js';
import type { Inventory } from './inventory.js';
import { Journal } from './journal.js';
import type { Lifecycle } from './lifecycle.js';
import type { EmulatorLimits } from './limits.js';
import { encodeResponse } from './responses.js';
import { type RouteMatch, Router } from './router.js';
import type { StateStore, Transaction } from './store.js';
import { decodeInput } from './wire.js';

export { Journal, type JournalEntry } from './journal.js';

export interface ServerParts {
  store: StateStore;
  clock: VirtualClock;
  lifecycle: Lifecycle;
  faults: FaultInjector;
  ids: IdGenerator;
  inventory: Inventory;
  authenticator: Authenticator;
  handlers?: HandlerTable;
  /** Called with a line for every loose-mode signature problem. */
  log: (line: string) => void;
  journalSize: number;
  /** How long a clientToken's first response is replayed (virtual ms). @default 24 h */
  clientTokenTtlMs?: number;
  /** Body size, timeouts, connections and request-content limits. */
  limits: EmulatorLimits;
  /** Who may use the admin API. */
  adminGuard: AdminGuard;
  /** Lifecycle history per resource (shown by the dashboard). */
  history?: ResourceHistory;
  /** The configured account ids (the dashboard lists them even before they hold resources). */
  accountIds?: readonly string[];
  /** The one browser origin allowed to call the API (CORS); none when absent. */
  corsOrigin?: string | undefined;
}

/** The HTTP front of the emulator: admin API, auth, routing, faults, idempotency, handlers, journal. */
export class EmulatorServer {
  readonly server: Server;
  readonly journal: Journal;
  readonly #router = new Router(operations);
  readonly #handlers: HandlerTable;
  readonly #tokens: ClientTokens;

  constructor(private readonly parts: ServerParts) {
    this.#handlers = parts.handlers ?? defaultHandlers;
    this.journal = new Journal(parts.journalSize);
    this.#tokens = new ClientTokens(parts.clock, parts.clientTokenTtlMs);
    const { limits } = parts;
    const server = createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        // How often Node looks for connections past headersTimeout/requestTimeout (its default is 30 s).
        connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
      },
      (req, res) => {
        this.#onRequest(req, res).catch((err: unknown) => {
          // Only reached on a bug in the emulator itself.
          if (!res.headersSent && !res.destroyed) {
            res.writeHead(500, { 'content-type': JSON_TYPE });
            res.end(errorBody('InternalError', `emulator failure: ${(err as Error).message}`, randomUUID()));
          }
        });
      },
    );
    server.maxConnections = limits.maxConnections;
    this.server = server;
  }

  listen(port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        resolve(`http://${shownHost}:${address.port}`);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) {
        resolve();
        return;
      }
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Operations that have a handler. */
  coverage(): string[] {
    return operations.filter((op) => this.#handlers[op.name] !== undefined).map((op) => op.name);
  }

  /** Applies every lifecycle step that is due, in every account (before state is shown). */
  settleAll(): void {
    this.parts.lifecycle.settleAll(this.parts.store);
  }

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    if (url === '/_emulator' || url.startsWith('/_emulator/') || url.startsWith('/_emulator?')) {
      await this.#onAdmin(req, res);
      return;
    }
    if (applyCors(req, res, this.parts.corsOrigin)) return;
    const maxBody = this.parts.limits.maxBodyBytes;
    // The body limit comes before buffering and before authentication.
    const body = declaredTooLarge(req, maxBody) ? undefined : await readBody(req, maxBody);
    if (body === undefined) closeAfterAnswer(req, res);
    const exchange = new Exchange(req, res, body, this.journal);
    let ending: Ending;
    try {
      ending = await this.#serve(exchange);
    } catch (err) {
      ending = exchange.failure(err);
    }
    exchange.finish(ending);
  }

  /** Routes and authenticates the request, injects the faults that match, and runs the operation. */
  async #serve(x: Exchange): Promise<Ending> {
    const { method, rawPath, rawQuery, body } = x;
    if (body === undefined) {
      throw new EmulatorError(
        413,
        'LimitExceeded',
        `The request body is larger than ${this.parts.limits.maxBodyBytes} bytes.`,
      );
    }
    const query = parseQuery(rawQuery);
    const match = this.#route(method, rawPath, query);
    const { op } = match;
    x.entry.operation = op.name;
    const received: ReceivedRequest = { method, rawPath, rawQuery, headers: x.req.headers, body, query };
    const auth = this.parts.authenticator.authenticate(received);
    if (auth.warning) this.parts.log(`[loose auth] ${method} ${rawPath}: ${auth.warning}`);
    x.entry.account = auth.accountId;
    x.stage = 'service';
    const where = { operation: op.name, method, path: rawPath, account: auth.accountId };
    const before = await this.#fault(x, { ...where, phase: 'before' });
    if (before) return before;
    const outcome = this.#handle({ op, path: match.path, query, body }, auth.accountId, x.requestId);
    return (await this.#fault(x, { ...where, phase: 'after' })) ?? outcome;
  }

  /** The operation at a path: 400 for bad percent-encoding, 405 for another method, 404 for none. */
  #route(method: string, rawPath: string, query: Array<[string, string]>): RouteMatch {
    let segments: string[];
    try {
      segments = rawPath.split('/').slice(1);
      if (rawPath.includes('%')) segments = segments.map(decodeURIComponent);
    } catch {
      throw new EmulatorError(400, 'InvalidURI', 'The request path is not valid percent-encoding.');
    }
    const match = this.#router.match(method, segments, query);
    if (match) return match;
    if (this.#router.pathExists(segments)) {
      throw new EmulatorError(405, 'MethodNotAllowed', `${method} is not allowed on ${rawPath}.`);
    }
    throw new EmulatorError(404, 'ResourceNotFound', `No BEC API at ${method} ${rawPath}.`);
  }

  /**
   * The fault rule matching the request at this phase, noted in the journal: a latency is waited
   * out (and undefined returned, the request goes on); an error, reset or stall is the ending.
   */
  async #fault(x: Exchange, request: FaultMatch): Promise<Ending | undefined> {
    const rule = this.parts.faults.match(request);
    if (!rule) return undefined;
    x.entry.fault = `${rule.id}:${rule.action}`;
    if (rule.action !== 'latency') return x.faultEnding(rule);
    await delay(rule.latencyMs ?? 0);
    return undefined;
  }

  /** Runs one operation in a transaction: lifecycle settling, clientToken replay, the handler, commit. */
  #handle(request: TokenRequest, account: string, requestId: string): Outcome {
    const { store, lifecycle } = this.parts;
    return store.transaction(account, (tx) => {
      lifecycle.settle(store, tx);
      const token = this.#tokens.tokenOf(request);
      const kept = token === undefined ? undefined : this.#tokens.replay(tx, token, request);
      if (kept) return { ...kept, replayed: true };
      const text = this.#run(request, tx, token, account, requestId);
      // Steps that are already due (immediate deletes) happen before anyone can see the record.
      lifecycle.settle(store, tx);
      if (token !== undefined) this.#tokens.remember(tx, token, request, { status: 200, body: text });
      return { status: 200, body: text };
    });
  }

  /** Decodes the input, calls the operation's handler and encodes its answer. */
  #run(request: TokenRequest, tx: Transaction, clientToken: string | undefined, account: string, requestId: string) {
    const { op, path, query, body } = request;
    const handler = this.#handlers[op.name];
    if (!handler) throw new EmulatorError(501, 'NotImplemented', `${op.name} is not available in this emulator.`);
    const input = decodeInput(op, path, query, body);
    checkInputLimits(input, this.parts.limits);
    const ctx: HandlerContext = {
      op,
      account,
      path,
      input,
      clientToken,
      state: tx,
      clock: this.parts.clock,
      lifecycle: this.parts.lifecycle,
      ids: this.parts.ids,
      inventory: this.parts.inventory,
      requestId,
    };
    const result = handler(ctx);
    if (result instanceof Promise || typeof (result as { then?: unknown } | undefined)?.then === 'function') {
      throw new Error(`${op.name}'s handler returned a promise; handlers must be synchronous`);
    }
    return encodeResponse(op, result);
  }

  /** The admin API: guard (host, origin, token, content type) first, then the body, then the change. */
  async #onAdmin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q === -1 ? url : url.slice(0, q);
    const rawQuery = q === -1 ? '' : url.slice(q + 1);
    const method = req.method ?? 'GET';
    const requestId = requestIdOf(req);
    const port = (this.server.address() as AddressInfo | null)?.port ?? 0;
    if (rawPath === '/_emulator/ui' || rawPath === '/_emulator/ui/') {
      serveDashboard(this.parts.adminGuard, port, req, res, rawQuery);
      return;
    }
    const refusal = this.parts.adminGuard.check(method, req.headers, port);
    let answer: { status: number; body: string; headers?: Record<string, string> | undefined };
    if (refusal) {
      closeAfterAnswer(req, res);
      answer = {
        status: refusal.status,
        body: JSON.stringify({ code: refusal.code, message: refusal.message }),
        headers: refusal.headers,
      };
    } else {
      const maxBody = this.parts.limits.maxBodyBytes;
      const body = declaredTooLarge(req, maxBody) ? undefined : await readBody(req, maxBody);
      if (body === undefined) closeAfterAnswer(req, res);
      answer = await handleAdmin(this.#adminContext(), method, rawPath, rawQuery, body);
    }
    res.writeHead(answer.status, {
      'content-type': JSON_TYPE,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-bce-request-id': requestId,
      'content-length': Buffer.byteLength(answer.body),
      ...answer.headers,
    });
    res.end(answer.body);
  }

  #adminContext(): AdminContext {
    return {
      store: this.parts.store,
      clock: this.parts.clock,
      lifecycle: this.parts.lifecycle,
      faults: this.parts.faults,
      journal: this.journal,
      coverage: () => this.coverage(),
      settleAll: () => this.settleAll(),
      history: this.parts.history,
      accountIds: this.parts.accountIds ?? [],
    };
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
