import { formatBceTimestamp, type SignResult } from '../auth/canonical.js';
import { type Credentials, type CredentialsProvider, currentCredentials } from '../auth/credentials.js';
import { BceAbortError, BceCredentialsError, BceTimeoutError, BceValidationError } from '../core/errors.js';
import {
  type LevelLogger,
  redact,
  redactHeaders,
  redactQuery,
  scrubJson,
  scrubSecrets,
  scrubValues,
} from '../core/logger.js';
import type { RequestOptions } from '../core/options.js';
import { FIELD_VALUE, TOKEN } from '../internal/http-grammar.js';
import type { OperationSpec } from '../internal/operation.js';
import { utf8Text } from '../internal/text.js';
import { platform } from '../platform/index.js';
import type { PreparedRequest } from './build.js';
import { within } from './wait.js';

const CONTENT_TYPE = 'application/json;charset=utf-8';

/** One attempt's signing: which call, and how long it may still take. */
export interface SignContext {
  readonly op: OperationSpec;
  readonly prepared: PreparedRequest;
  readonly options: RequestOptions;
  readonly requestId: string;
  readonly remainingMs: number;
  readonly scrub: (text: string) => string;
}

/** One attempt's signed headers and the secrets they hold. */
export interface SignedHeaders {
  readonly headers: Record<string, string>;
  readonly secrets: string[];
}

/** Signs every attempt afresh (bce-auth-v1): credentials of the moment, the clock, the headers. */
export class RequestSigner {
  /** node:crypto (synchronous) in the Node build, WebCrypto elsewhere. */
  readonly #signer = platform.signer();

  constructor(
    private readonly credentials: CredentialsProvider,
    private readonly env: {
      readonly host: string;
      readonly userAgent: string;
      readonly now: () => number;
      readonly expirationSeconds: number;
      readonly log: LevelLogger;
    },
  ) {}

  /**
   * The headers of one attempt, and the secrets they hold (never to be logged or echoed). Without
   * waiting when the credentials are known now and the signer is synchronous (node:crypto).
   */
  sign(ctx: SignContext): SignedHeaders | Promise<SignedHeaders> {
    const current = currentCredentials(this.credentials);
    if (current !== undefined) return this.#signWith(ctx, current);
    return this.#resolve(ctx).then((credentials) => this.#signWith(ctx, credentials));
  }

  #signWith(ctx: SignContext, credentials: Credentials): SignedHeaders | Promise<SignedHeaders> {
    const { prepared } = ctx;
    const nowMs = this.env.now();
    const headers = this.#headers(ctx, nowMs);
    const signed = this.#signer.sign(
      { method: prepared.method, path: prepared.path, query: prepared.query, headers },
      credentials,
      { timestamp: Math.floor(nowMs / 1000), expirationSeconds: this.env.expirationSeconds },
    );
    if (signed instanceof Promise) return signed.then((result) => this.#finish(ctx, credentials, headers, result));
    return this.#finish(ctx, credentials, headers, signed);
  }

  #finish(
    ctx: SignContext,
    credentials: Credentials,
    headers: Record<string, string>,
    signed: SignResult,
  ): SignedHeaders {
    const { prepared } = ctx;
    for (const name in signed.addedHeaders) headers[name] = signed.addedHeaders[name]!;
    headers.authorization = signed.authorization;
    // Like Go's transport: an empty PUT/POST still says content-length 0, outside the signature.
    if (!prepared.body && (prepared.method === 'PUT' || prepared.method === 'POST')) headers['content-length'] = '0';
    const signature = signed.authorization.slice(signed.authorization.lastIndexOf('/') + 1);
    const secrets = [credentials.secretAccessKey, signed.authorization, signature, signed.signingKey];
    if (credentials.sessionToken) secrets.push(credentials.sessionToken);
    if (this.env.log.enabled('trace')) this.#trace(ctx, headers, secrets);
    return { headers, secrets };
  }

  /** The credentials; a slow provider (an STS endpoint) must not hold up an abort or the call's deadline. */
  async #resolve({ op, options, requestId, remainingMs }: SignContext): Promise<Credentials> {
    const signal = options.signal;
    try {
      // No signal and no deadline: nothing to race the provider against.
      if (!signal && !Number.isFinite(remainingMs)) return await this.credentials();
      return await within(
        this.credentials(),
        signal,
        remainingMs,
        () => new BceAbortError('the call was aborted', { requestId, operation: op.name, cause: signal?.reason }),
        () =>
          new BceTimeoutError("the call's deadline passed while resolving credentials", {
            requestId,
            operation: op.name,
            requestSent: false,
          }),
      );
    } catch (err) {
      if (err instanceof BceAbortError || err instanceof BceTimeoutError) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      throw new BceCredentialsError(
        err instanceof BceCredentialsError ? reason : `the credentials provider failed: ${reason}`,
        { requestId, operation: op.name, cause: err },
      );
    }
  }

  /** The headers to sign: the client's own, then the call's extra headers (checked). */
  #headers({ op, prepared, options, requestId }: SignContext, nowMs: number): Record<string, string> {
    const headers: Record<string, string> = {
      host: this.env.host,
      'user-agent': this.env.userAgent,
      'content-type': CONTENT_TYPE,
      'x-bce-date': formatBceTimestamp(Math.floor(nowMs / 1000)),
      'x-bce-request-id': requestId,
    };
    const extra = options.headers;
    if (extra) this.#extraHeaders(op, extra, headers);
    if (prepared.body) {
      headers['content-length'] = String(prepared.body.length);
      headers['content-md5'] = prepared.contentMd5!;
    }
    return headers;
  }

  /** The call's extra headers, checked, under their lower-case names. */
  #extraHeaders(op: OperationSpec, extra: Record<string, string>, headers: Record<string, string>): void {
    for (const [k, v] of Object.entries(extra)) {
      const lower = k.toLowerCase();
      if (lower === 'authorization' || lower === 'host') {
        throw new BceValidationError(op.name, `headers.${k}`, 'is set by the client and cannot be overridden');
      }
      if (!TOKEN.test(k)) throw new BceValidationError(op.name, `headers.${k}`, 'is not a valid header name');
      if (typeof v !== 'string' || !FIELD_VALUE.test(v)) {
        throw new BceValidationError(op.name, `headers.${k}`, 'must be a header value without control characters');
      }
      headers[lower] = v;
    }
  }

  /** The request as signed, redacted by name, then by value: a secret may sit in a header or field of any name. */
  #trace({ op, prepared, requestId, scrub }: SignContext, headers: Record<string, string>, secrets: string[]): void {
    const attemptScrub = (text: string): string => scrub(scrubSecrets(text, secrets));
    this.env.log.log('trace', `${prepared.method} ${prepared.path} request`, {
      operation: op.name,
      requestId,
      query: redactQuery(prepared.query).map(([k, v]) => [k, attemptScrub(v)]),
      headers: scrubValues(redactHeaders(headers), attemptScrub),
      body: prepared.body ? scrubJson(redact(JSON.parse(utf8Text(prepared.body))), attemptScrub) : undefined,
    });
  }
}
