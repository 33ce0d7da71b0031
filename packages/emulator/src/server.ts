import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type OperationSpec, operations } from 'bec-sdk';
import { type AdminContext, handleAdmin } from './admin.js';
import type { AdminGuard } from './admin-guard.js';
import { AuthError, type Authenticator, parseQuery, type ReceivedRequest } from './auth.js';
import type { VirtualClock } from './clock.js';
import { serveDashboard } from './dashboard/serve.js';
import { EmulatorError } from './errors.js';
import { defaultCodeFor, type FaultInjector, type FaultRule } from './faults.js';
import { handlers as defaultHandlers } from './handlers/index.js';
import type { HandlerContext, HandlerTable } from './handlers/types.js';
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
import type { StateStore, StoredRecord, Transaction } from './store.js';
import { decodeInput } from './wire.js';

export { Journal, type JournalEntry } from './journal.js';

const JSON_TYPE = 'application/json;charset=utf-8';
const IDEMPOTENCY_KIND = '_clientToken';
/** How long a clientToken is remembered (virtual time). */
export const DEFAULT_CLIENT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** Expired tokens of an account are swept after this many new ones. */
const TOKEN_SWEEP_EVERY = 256;

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
  /** Called after the admin API moved the virtual clock (to persist it). */
  onClockMoved?: () => void;
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
  readonly #tokenTtlMs: number;
  /** New clientTokens per account since the last sweep of expired ones. */
  readonly #tokensSinceSweep = new Map<string, number>();

  constructor(private readonly parts: ServerParts) {
    this.#handlers = parts.handlers ?? defaultHandlers;
    this.journal = new Journal(parts.journalSize);
    this.#tokenTtlMs = parts.clientTokenTtlMs ?? DEFAULT_CLIENT_TOKEN_TTL_MS;
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
    const { store, lifecycle } = this.parts;
    for (const account of store.accounts()) {
      if (store.nextDue(account) > this.parts.clock.now()) continue;
      const tx = store.begin(account);
      try {
        lifecycle.settle(store, tx);
        tx.commit();
      } catch (err) {
        tx.rollback();
        throw err;
      }
    }
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

      const outcome = this.#handle(op, match.path, query, body, auth.accountId, requestId);
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

  /** Runs one operation in a transaction: idempotency, lifecycle settling, the handler, commit. */
  #handle(
    op: OperationSpec,
    path: Record<string, string>,
    query: Array<[string, string]>,
    body: Buffer,
    account: string,
    requestId: string,
  ): Outcome {
    const { store, lifecycle, clock } = this.parts;
    const tx = store.begin(account);
    try {
      lifecycle.settle(store, tx);
      let clientToken: string | undefined;
      if (op.method !== 'GET') {
        for (const [k, v] of query) if (k === 'clientToken' && v !== '') clientToken = v;
      }
      let fingerprint: string | undefined;
      if (clientToken !== undefined) {
        if (clientToken.length > 64 || !/^[\x20-\x7e]+$/.test(clientToken)) {
          throw new EmulatorError(
            400,
            'BadRequest',
            'Invalid clientToken: must be at most 64 printable ASCII characters.',
          );
        }
        fingerprint = requestFingerprint(op, path, query, body);
        const seen = tx.get(IDEMPOTENCY_KIND, clientToken);
        if (seen && (seen.expiresAt as number) > clock.now()) {
          if (seen.fingerprint !== fingerprint) {
            throw new EmulatorError(
              409,
              'OperationDenied',
              `The clientToken was already used with a different request (${String(seen.operation)}); use a new token for a new request.`,
            );
          }
          tx.commit();
          return { status: seen.status as number, body: seen.body as string, replayed: true };
        }
      }

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
        clock,
        lifecycle,
        ids: this.parts.ids,
        inventory: this.parts.inventory,
        requestId,
      };
      const result = handler(ctx);
      if (result instanceof Promise || typeof (result as { then?: unknown } | undefined)?.then === 'function') {
        throw new Error(`${op.name}'s handler returned a promise; handlers must be synchronous`);
      }
      const text = encodeResponse(op, result);
      // Steps that are already due (immediate deletes) happen before anyone can see the record.
      lifecycle.settle(store, tx);
      if (clientToken !== undefined) {
        const record: StoredRecord = {
          operation: op.name,
          fingerprint,
          status: 200,
          body: text,
          expiresAt: clock.now() + this.#tokenTtlMs,
        };
        tx.put(IDEMPOTENCY_KIND, clientToken, record);
        this.#sweepTokens(tx);
      }
      tx.commit();
      return { status: 200, body: text };
    } catch (err) {
      tx.rollback();
      throw err;
    }
  }

  /** Forgets expired clientTokens of the transaction's account now and then. */
  #sweepTokens(tx: Transaction): void {
    const n = (this.#tokensSinceSweep.get(tx.account) ?? 0) + 1;
    if (n < TOKEN_SWEEP_EVERY) {
      this.#tokensSinceSweep.set(tx.account, n);
      return;
    }
    this.#tokensSinceSweep.set(tx.account, 0);
    const now = this.parts.clock.now();
    for (const [id, record] of tx.entries(IDEMPOTENCY_KIND)) {
      if ((record.expiresAt as number) <= now) tx.delete(IDEMPOTENCY_KIND, id);
    }
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
      onClockMoved: this.parts.onClockMoved,
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

/** What makes two requests with the same clientToken "the same request". */
function requestFingerprint(
  op: OperationSpec,
  path: Record<string, string>,
  query: Array<[string, string]>,
  body: Buffer,
): string {
  const hash = createHash('sha256');
  hash.update(op.name);
  hash.update(JSON.stringify(path));
  hash.update(JSON.stringify(query.filter(([k]) => k !== 'clientToken').sort()));
  hash.update(body);
  return hash.digest('hex');
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
