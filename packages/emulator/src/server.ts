import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { operations } from 'bec-sdk';
import { handleAdmin } from './admin.js';
import type { AdminContext } from './admin-context.js';
import type { AdminGuard } from './admin-guard.js';
import { AuthError, type Authenticator, parseQuery, type ReceivedRequest } from './auth.js';
import type { VirtualClock } from './clock.js';
import { ClientTokens, type TokenRequest } from './core/client-tokens.js';
import type { HandlerContext, HandlerTable } from './core/handler.js';
import { serveDashboard } from './dashboard/serve.js';
import { EmulatorError } from './errors.js';
import { defaultCodeFor, type FaultInjector, type FaultRule } from './faults.js';
import { handlers as defaultHandlers } from './groups/index.js';
import type { ResourceHistory } from './history.js';
import { closeAfterAnswer, declaredTooLarge, readBody } from './http-body.js';
import type { IdGenerator } from './ids.js';
import { checkInputLimits } from './input-limits.js';
import type { Inventory } from './inventory.js';
import { captureExchange, Journal, type JournalEntry } from './journal.js';
import type { Lifecycle } from './lifecycle.js';
import type { EmulatorLimits } from './limits.js';
import { encodeResponse } from './responses.js';
import { Router } from './router.js';
import type { StateStore, Transaction } from './store.js';
import { decodeInput } from './wire.js';

export { Journal, type JournalEntry } from './journal.js';

const JSON_TYPE = 'application/json;charset=utf-8';

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
}

interface Outcome {
  status: number;
  body: string;
  headers?: Record<string, string>;
  code?: string;
  replayed?: boolean;
}

/** A header-safe (printable ASCII, bounded) copy of an error message. */
function headerText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 512);
}

function errorBody(code: string, message: string, requestId: string): string {
  return JSON.stringify({ code, message, requestId });
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
    const started = performance.now();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q === -1 ? '' : rawUrl.slice(q + 1);
    const method = req.method ?? 'GET';
    const requestId = (req.headers['x-bce-request-id'] as string | undefined) || randomUUID();

    if (rawPath === '/_emulator' || rawPath.startsWith('/_emulator/')) {
      await this.#onAdmin(req, res, method, rawPath, rawQuery, requestId);
      return;
    }
    const maxBody = this.parts.limits.maxBodyBytes;
    // The body limit comes before buffering and before authentication.
    const body = declaredTooLarge(req, maxBody) ? undefined : await readBody(req, maxBody);
    if (body === undefined) closeAfterAnswer(req, res);

    const entry: JournalEntry = {
      seq: this.journal.nextSeq(),
      time: isoNow(),
      requestId,
      account: undefined,
      method,
      path: rawPath,
      operation: undefined,
      status: 0,
      durationMs: 0,
    };
    const finish = (outcome: Outcome | 'reset' | 'stall'): void => {
      entry.durationMs = Math.round((performance.now() - started) * 100) / 100;
      const exchange = { method, path: rawPath, query: safeQuery(rawQuery), headers: req.headers, body };
      if (outcome === 'reset' || outcome === 'stall') {
        entry.status = 0;
        const note = outcome === 'reset' ? 'connection reset (fault)' : 'no answer (stall fault)';
        this.#record(entry, { ...exchange, status: 0, responseHeaders: {}, responseBody: '', note });
        if (outcome === 'reset') req.socket.destroy();
        return;
      }
      entry.status = outcome.status;
      if (outcome.code !== undefined) entry.code = outcome.code;
      if (outcome.replayed) entry.replayed = true;
      const headers = {
        'content-type': JSON_TYPE,
        'x-bce-request-id': requestId,
        'content-length': Buffer.byteLength(outcome.body),
        ...(outcome.code && outcome.status >= 400 ? { 'x-bce-error-code': outcome.code } : {}),
        ...outcome.headers,
      };
      this.#record(entry, {
        ...exchange,
        status: outcome.status,
        responseHeaders: headers,
        responseBody: outcome.body,
      });
      res.writeHead(outcome.status, headers);
      res.end(outcome.body);
    };
    const failure = (err: EmulatorError, gateway: boolean): Outcome => ({
      status: err.status,
      body: errorBody(err.code, err.message, requestId),
      code: err.code,
      // Like BEC's gateway, routing and authentication failures also come in headers.
      ...(gateway
        ? { headers: { 'x-bce-error-message': headerText(err.message), 'x-bce-exception-point': 'Gateway' } }
        : {}),
    });

    let stage: 'gateway' | 'service' = 'gateway';
    try {
      if (body === undefined)
        throw new EmulatorError(413, 'LimitExceeded', `The request body is larger than ${maxBody} bytes.`);
      const query = parseQuery(rawQuery);
      let segments: string[];
      try {
        segments = rawPath.split('/').slice(1);
        if (rawPath.includes('%')) segments = segments.map(decodeURIComponent);
      } catch {
        throw new EmulatorError(400, 'InvalidURI', 'The request path is not valid percent-encoding.');
      }
      const match = this.#router.match(method, segments, query);
      if (!match) {
        if (this.#router.pathExists(segments)) {
          throw new EmulatorError(405, 'MethodNotAllowed', `${method} is not allowed on ${rawPath}.`);
        }
        throw new EmulatorError(404, 'ResourceNotFound', `No BEC API at ${method} ${rawPath}.`);
      }
      const { op } = match;
      entry.operation = op.name;

      const received: ReceivedRequest = { method, rawPath, rawQuery, headers: req.headers, body, query };
      const auth = this.parts.authenticator.authenticate(received);
      if (auth.warning) this.parts.log(`[loose auth] ${method} ${rawPath}: ${auth.warning}`);
      entry.account = auth.accountId;
      stage = 'service';

      const before = this.parts.faults.match({
        operation: op.name,
        method,
        path: rawPath,
        account: auth.accountId,
        phase: 'before',
      });
      if (before) {
        entry.fault = `${before.id}:${before.action}`;
        if (before.action === 'latency') await delay(before.latencyMs ?? 0);
        else {
          finish(faultOutcome(before, requestId));
          return;
        }
      }

      const outcome = this.#handle({ op, path: match.path, query, body }, auth.accountId, requestId);
      const after = this.parts.faults.match({
        operation: op.name,
        method,
        path: rawPath,
        account: auth.accountId,
        phase: 'after',
      });
      if (after) {
        entry.fault = `${after.id}:${after.action}`;
        if (after.action === 'latency') await delay(after.latencyMs ?? 0);
        else {
          finish(faultOutcome(after, requestId));
          return;
        }
      }
      finish(outcome);
    } catch (err) {
      if (err instanceof EmulatorError) {
        finish(failure(err, stage === 'gateway' || err instanceof AuthError));
        return;
      }
      finish({
        status: 500,
        body: errorBody('InternalError', `emulator failure: ${(err as Error).message}`, requestId),
        code: 'InternalError',
      });
    }
  }

  /** Adds a request to the journal with its redacted detail (skipped when the journal keeps nothing). */
  #record(entry: JournalEntry, exchange: Parameters<typeof captureExchange>[0]): void {
    if (this.journal.capacity === 0) return;
    this.journal.push(entry, captureExchange(exchange));
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
  async #onAdmin(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    rawPath: string,
    rawQuery: string,
    requestId: string,
  ): Promise<void> {
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

function faultOutcome(rule: FaultRule, requestId: string): Outcome | 'reset' | 'stall' {
  if (rule.action === 'reset') return 'reset';
  if (rule.action === 'stall') return 'stall';
  const status = rule.status ?? 500;
  const code = rule.code ?? defaultCodeFor(status);
  return {
    status,
    code,
    body: errorBody(code, rule.message ?? `Injected fault ${rule.id}.`, requestId),
    ...(rule.retryAfterSeconds !== undefined ? { headers: { 'retry-after': String(rule.retryAfterSeconds) } } : {}),
  };
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

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
