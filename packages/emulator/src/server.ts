import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type OperationSpec, operations } from 'bec-sdk';
import { type AdminContext, handleAdmin } from './admin.js';
import { type Authenticator, decodePath, parseQuery, type ReceivedRequest } from './auth.js';
import type { VirtualClock } from './clock.js';
import { EmulatorError } from './errors.js';
import { defaultCodeFor, type FaultInjector, type FaultRule } from './faults.js';
import { handlers as defaultHandlers } from './handlers/index.js';
import type { HandlerContext, HandlerTable } from './handlers/types.js';
import type { IdGenerator } from './ids.js';
import type { Inventory } from './inventory.js';
import type { Lifecycle } from './lifecycle.js';
import { encodeResponse } from './responses.js';
import { Router } from './router.js';
import type { StateStore, StoredRecord } from './store.js';
import { decodeInput } from './wire.js';

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const JSON_TYPE = 'application/json;charset=utf-8';
const IDEMPOTENCY_KIND = '_clientToken';
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface JournalEntry {
  time: string;
  requestId: string;
  account: string | undefined;
  method: string;
  path: string;
  operation: string | undefined;
  status: number;
  code?: string | undefined;
  fault?: string | undefined;
  replayed?: boolean | undefined;
  durationMs: number;
}

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
}

interface Outcome {
  status: number;
  body: string;
  headers?: Record<string, string>;
  code?: string;
  replayed?: boolean;
}

function errorBody(code: string, message: string, requestId: string): string {
  return JSON.stringify({ code, message, requestId });
}

/** The HTTP front of the emulator: admin API, auth, routing, faults, idempotency, handlers, journal. */
export class EmulatorServer {
  readonly server: Server;
  readonly journal: JournalEntry[] = [];
  readonly #router = new Router(operations);
  readonly #handlers: HandlerTable;

  constructor(private readonly parts: ServerParts) {
    this.#handlers = parts.handlers ?? defaultHandlers;
    this.server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      this.#onRequest(req, res).catch((err: unknown) => {
        // Only reached on a bug in the emulator itself.
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': JSON_TYPE });
          res.end(errorBody('InternalError', `emulator failure: ${(err as Error).message}`, randomUUID()));
        }
      });
    });
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
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Operations that have a handler. */
  coverage(): string[] {
    return operations.filter((op) => this.#handlers[op.name] !== undefined).map((op) => op.name);
  }

  #record(entry: JournalEntry): void {
    this.journal.push(entry);
    if (this.journal.length > this.parts.journalSize)
      this.journal.splice(0, this.journal.length - this.parts.journalSize);
  }

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q === -1 ? '' : rawUrl.slice(q + 1);
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const requestId = (req.headers['x-bce-request-id'] as string | undefined) || randomUUID();

    if (rawPath.startsWith('/_emulator/') || rawPath === '/_emulator') {
      const admin = await handleAdmin(this.#adminContext(), method, rawPath, rawQuery, body);
      res.writeHead(admin.status, { 'content-type': JSON_TYPE, 'x-bce-request-id': requestId });
      res.end(admin.body);
      return;
    }

    const entry: JournalEntry = {
      time: new Date().toISOString(),
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
      if (outcome === 'reset') {
        entry.status = 0;
        this.#record(entry);
        req.socket.destroy();
        return;
      }
      if (outcome === 'stall') {
        entry.status = 0;
        this.#record(entry);
        return;
      }
      entry.status = outcome.status;
      entry.code = outcome.code;
      entry.replayed = outcome.replayed;
      this.#record(entry);
      res.writeHead(outcome.status, {
        'content-type': JSON_TYPE,
        'x-bce-request-id': requestId,
        'content-length': Buffer.byteLength(outcome.body),
        ...(outcome.code && outcome.status >= 400 ? { 'x-bce-error-code': outcome.code } : {}),
        ...outcome.headers,
      });
      res.end(outcome.body);
    };

    try {
      if (body === undefined)
        throw new EmulatorError(413, 'LimitExceeded', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
      const query = parseQuery(rawQuery);
      let segments: string[];
      try {
        segments = rawPath.split('/').slice(1).map(decodeURIComponent);
      } catch {
        throw new EmulatorError(400, 'InvalidURI', 'The request path is not valid percent-encoding.');
      }
      decodePath(rawPath);
      const match = this.#router.match(method, segments, new Set(query.map(([k]) => k)));
      if (!match) {
        if (this.#router.pathExists(segments)) {
          throw new EmulatorError(405, 'MethodNotAllowed', `${method} is not allowed on ${rawPath}.`);
        }
        throw new EmulatorError(404, 'ResourceNotFound', `No BEC API at ${method} ${rawPath}.`);
      }
      const { op } = match;
      entry.operation = op.name;

      const received: ReceivedRequest = { method, rawPath, rawQuery, headers: req.headers, body };
      const auth = this.parts.authenticator.authenticate(received);
      if (auth.warning) this.parts.log(`[loose auth] ${method} ${rawPath}: ${auth.warning}`);
      entry.account = auth.accountId;

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
        finish({ status: err.status, body: errorBody(err.code, err.message, requestId), code: err.code });
        return;
      }
      finish({
        status: 500,
        body: errorBody('InternalError', `emulator failure: ${(err as Error).message}`, requestId),
        code: 'InternalError',
      });
    }
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
    const { store, lifecycle } = this.parts;
    const tx = store.begin(account);
    try {
      lifecycle.settle(store, tx);
      const clientToken = op.httpMethod === 'GET' ? undefined : query.find(([k]) => k === 'clientToken')?.[1];
      let tokenKey: string | undefined;
      let fingerprint: string | undefined;
      if (clientToken) {
        if (clientToken.length > 64 || !/^[\x20-\x7e]+$/.test(clientToken)) {
          throw new EmulatorError(
            400,
            'BadRequest',
            'Invalid clientToken: must be at most 64 printable ASCII characters.',
          );
        }
        tokenKey = `${op.name}\n${clientToken}`;
        fingerprint = requestFingerprint(op, path, query, body);
        const seen = tx.get(IDEMPOTENCY_KIND, tokenKey);
        if (seen && (seen.expiresAt as number) > Date.now()) {
          if (seen.fingerprint !== fingerprint) {
            throw new EmulatorError(
              409,
              'OperationDenied',
              'The clientToken was already used with a different request.',
            );
          }
          tx.commit();
          return { status: seen.status as number, body: seen.body as string, replayed: true };
        }
      }

      const handler = this.#handlers[op.name];
      if (!handler) throw new EmulatorError(501, 'NotImplemented', `${op.name} is not available in this emulator.`);
      const input = decodeInput(op, path, query, body);
      const ctx: HandlerContext = {
        op,
        account,
        path,
        input,
        clientToken,
        state: tx,
        clock: this.parts.clock,
        lifecycle,
        ids: this.parts.ids,
        inventory: this.parts.inventory,
        requestId,
      };
      const result = handler(ctx);
      const text = encodeResponse(op, result);
      if (tokenKey) {
        const record: StoredRecord = {
          fingerprint,
          status: 200,
          body: text,
          expiresAt: Date.now() + IDEMPOTENCY_TTL_MS,
        };
        tx.put(IDEMPOTENCY_KIND, tokenKey, record);
      }
      tx.commit();
      return { status: 200, body: text };
    } catch (err) {
      tx.rollback();
      throw err;
    }
  }

  #adminContext(): AdminContext {
    return { ...this.parts, journal: this.journal, coverage: () => this.coverage() };
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

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
