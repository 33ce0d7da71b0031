/**
 * clientToken replay: the first answer to a write that carries a clientToken is kept in the
 * account's state (kind `_clientToken`, for a while of virtual time) and answered again for the
 * same request; the same token with another request is refused (409).
 */
import { createHash } from 'node:crypto';
import type { VirtualClock } from '../clock.js';
import { EmulatorError } from '../errors.js';
import type { StoredRecord, Transaction } from '../store.js';
import type { HandlerContext } from './handler.js';

/** How long a clientToken is remembered (virtual time). */
export const DEFAULT_CLIENT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
const KIND = '_clientToken';
/** Expired tokens of an account are swept after this many new ones. */
const SWEEP_EVERY = 256;

/** A request as the replay sees it. */
export interface TokenRequest {
  op: HandlerContext['op'];
  path: Record<string, string>;
  query: Array<[string, string]>;
  body: Buffer;
}

export interface KeptAnswer {
  status: number;
  body: string;
}

export class ClientTokens {
  /** New tokens per account since the last sweep of expired ones. */
  readonly #sinceSweep = new Map<string, number>();

  constructor(
    private readonly clock: VirtualClock,
    private readonly ttlMs = DEFAULT_CLIENT_TOKEN_TTL_MS,
  ) {}

  /** The request's clientToken (writes only; '' is none): at most 64 printable ASCII characters, or 400. */
  tokenOf(request: TokenRequest): string | undefined {
    if (request.op.method === 'GET') return undefined;
    let token: string | undefined;
    for (const [k, v] of request.query) if (k === 'clientToken' && v !== '') token = v;
    if (token !== undefined && (token.length > 64 || !/^[\x20-\x7e]+$/.test(token))) {
      throw new EmulatorError(400, 'BadRequest', 'Invalid clientToken: must be at most 64 printable ASCII characters.');
    }
    return token;
  }

  /** The answer kept for `token` when this same request came before; 409 when another request used it. */
  replay(tx: Transaction, token: string, request: TokenRequest): KeptAnswer | undefined {
    const seen = tx.get(KIND, token);
    if (!seen || (seen.expiresAt as number) <= this.clock.now()) return undefined;
    if (seen.fingerprint !== fingerprint(request)) {
      throw new EmulatorError(
        409,
        'OperationDenied',
        `The clientToken was already used with a different request (${String(seen.operation)}); use a new token for a new request.`,
      );
    }
    return { status: seen.status as number, body: seen.body as string };
  }

  /** Keeps `answer` as the answer to `token` (in the request's transaction). */
  remember(tx: Transaction, token: string, request: TokenRequest, answer: KeptAnswer): void {
    const record: StoredRecord = {
      operation: request.op.name,
      fingerprint: fingerprint(request),
      status: answer.status,
      body: answer.body,
      expiresAt: this.clock.now() + this.ttlMs,
    };
    tx.put(KIND, token, record);
    this.#sweep(tx);
  }

  /** Forgets expired tokens of the transaction's account now and then. */
  #sweep(tx: Transaction): void {
    const n = (this.#sinceSweep.get(tx.account) ?? 0) + 1;
    if (n < SWEEP_EVERY) {
      this.#sinceSweep.set(tx.account, n);
      return;
    }
    this.#sinceSweep.set(tx.account, 0);
    const now = this.clock.now();
    for (const [id, record] of tx.entries(KIND)) {
      if ((record.expiresAt as number) <= now) tx.delete(KIND, id);
    }
  }
}

/** What makes two requests with the same clientToken "the same request". */
function fingerprint({ op, path, query, body }: TokenRequest): string {
  const hash = createHash('sha256');
  hash.update(op.name);
  hash.update(JSON.stringify(path));
  hash.update(JSON.stringify(query.filter(([k]) => k !== 'clientToken').sort()));
  hash.update(body);
  return hash.digest('hex');
}
