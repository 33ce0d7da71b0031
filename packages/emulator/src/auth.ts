import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { BceV1Signer, canonicalHeaders, canonicalQueryString, canonicalUri } from 'bec-sdk';
import { EmulatorError } from './errors.js';

/** An access key the emulator accepts. Keys with the same `accountId` share one tenant's state. */
export interface EmulatorAccount {
  accessKeyId: string;
  secretAccessKey: string;
  /** Required on requests signed with these keys when set (STS keys). */
  sessionToken?: string | undefined;
  /** Tenant; defaults to the access key id. */
  accountId?: string | undefined;
}

/** `strict`: reject bad signatures; `loose`: accept them but log why; `off`: no checks. */
export type AuthMode = 'strict' | 'loose' | 'off';

export interface ReceivedRequest {
  method: string;
  /** Raw request target path (percent-encoded as received). */
  rawPath: string;
  /** Raw query string without `?`. */
  rawQuery: string;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

export interface AuthResult {
  accountId: string;
  accessKeyId: string;
  /** Why a loose-mode request would have been rejected. */
  warning?: string;
}

const AUTH_RE = /^bce-auth-v1\/([^/]+)\/(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)\/(-?\d+)\/([^/]*)\/([0-9a-f]{64})$/;

/** Decoded `[name, value]` pairs of a raw query string (`+` is a literal plus in BCE). */
export function parseQuery(rawQuery: string): Array<[string, string]> {
  if (rawQuery === '') return [];
  return rawQuery.split('&').map((part) => {
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    try {
      return [decodeURIComponent(name), decodeURIComponent(value)];
    } catch {
      throw new EmulatorError(
        400,
        'InvalidURI',
        `The query parameter ${JSON.stringify(part.slice(0, 64))} is not valid percent-encoding.`,
      );
    }
  });
}

export function decodePath(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    throw new EmulatorError(400, 'InvalidURI', 'The request path is not valid percent-encoding.');
  }
}

function header(headers: ReceivedRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/**
 * Verifies bce-auth-v1 as BEC does: the Authorization header's declared signed headers must
 * include `host`; the signature is recomputed from what was received; the timestamp must be
 * within `maxSkewMs` of the real clock and not past its expiration; a signed `content-md5` must
 * match the body, and a body must be covered by a signed `content-md5`.
 */
export class Authenticator {
  readonly #accounts: Map<string, EmulatorAccount>;
  readonly #signer = new BceV1Signer();

  constructor(
    accounts: readonly EmulatorAccount[],
    private readonly mode: AuthMode,
    private readonly maxSkewMs = 15 * 60 * 1000,
  ) {
    this.#accounts = new Map(accounts.map((a) => [a.accessKeyId, a]));
  }

  authenticate(request: ReceivedRequest, nowMs: number = Date.now()): AuthResult {
    const authorization = header(request.headers, 'authorization');
    if (this.mode === 'off') {
      const ak = authorization?.match(AUTH_RE)?.[1];
      const account = ak ? this.#accounts.get(ak) : undefined;
      const first = [...this.#accounts.values()][0];
      const chosen = account ?? first;
      return {
        accountId: chosen?.accountId ?? chosen?.accessKeyId ?? 'default',
        accessKeyId: chosen?.accessKeyId ?? 'anonymous',
      };
    }
    if (!authorization) throw new EmulatorError(401, 'AccessDenied', 'The request has no Authorization header.');
    const match = authorization.match(AUTH_RE);
    if (!match) {
      throw new EmulatorError(
        400,
        'InvalidHTTPAuthHeader',
        'The Authorization header is not of the form bce-auth-v1/{accessKeyId}/{timestamp}/{expirationSeconds}/{signedHeaders}/{signature}.',
      );
    }
    const [, accessKeyId, timestamp, expirationText, signedHeaderList, signature] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const account = this.#accounts.get(accessKeyId);
    if (!account)
      throw new EmulatorError(
        403,
        'InvalidAccessKeyId',
        `The access key id ${JSON.stringify(accessKeyId)} does not exist.`,
      );
    const result: AuthResult = { accountId: account.accountId ?? account.accessKeyId, accessKeyId };

    const problems: string[] = [];
    const signedNames = signedHeaderList === '' ? [] : signedHeaderList.split(';');
    if (!signedNames.includes('host')) {
      problems.push('InvalidHTTPAuthHeader|The signed headers must include host.');
    }
    const signedAt = Date.parse(timestamp);
    const expiration = Number(expirationText);
    if (expiration !== -1 && signedAt + expiration * 1000 < nowMs) {
      problems.push(`RequestExpired|The request signed at ${timestamp} expired after ${expiration} seconds.`);
    } else if (Math.abs(signedAt - nowMs) > this.maxSkewMs) {
      problems.push(
        `RequestTimeTooSkewed|The request time ${timestamp} is more than ${this.maxSkewMs / 60000} minutes from the server time.`,
      );
    }
    if (
      account.sessionToken !== undefined &&
      header(request.headers, 'x-bce-security-token') !== account.sessionToken
    ) {
      problems.push('InvalidSessionToken|The session token is missing or does not belong to this access key.');
    }

    const headersToCheck: Record<string, string> = {};
    for (const name of signedNames) {
      const value = header(request.headers, name);
      if (value === undefined) problems.push(`SignatureDoesNotMatch|The signed header ${name} is not in the request.`);
      else headersToCheck[name] = value;
    }
    if (request.body.length > 0) {
      const md5 = header(request.headers, 'content-md5');
      if (!md5 || !signedNames.includes('content-md5')) {
        problems.push('SignatureDoesNotMatch|A request with a body must sign its content-md5 header.');
      } else if (createHash('md5').update(request.body).digest('base64') !== md5) {
        problems.push('BadDigest|The content-md5 header does not match the body.');
      }
    }

    const query = parseQuery(request.rawQuery);
    const path = decodePath(request.rawPath);
    const { canonical } = canonicalHeaders(headersToCheck, new Set(signedNames));
    const canonicalRequest = `${request.method}\n${canonicalUri(path)}\n${canonicalQueryString(query)}\n${canonical}`;
    const prefix = `bce-auth-v1/${accessKeyId}/${timestamp}/${expirationText}`;
    const key = this.#signer.signingKey(account.secretAccessKey, prefix);
    const expected = hmac(key, canonicalRequest);
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
      problems.push(
        `SignatureDoesNotMatch|The request signature we calculated does not match the signature you provided. The canonical request we signed was: ${JSON.stringify(redactCanonical(canonicalRequest))}`,
      );
    }

    if (problems.length === 0) return result;
    const [code, message] = problems[0]!.split('|') as [string, string];
    if (this.mode === 'loose') return { ...result, warning: `${code}: ${message}` };
    const status = code === 'RequestExpired' || code === 'InvalidHTTPAuthHeader' || code === 'BadDigest' ? 400 : 403;
    throw new EmulatorError(status, code, message);
  }
}

function hmac(key: string, message: string): string {
  return createHmac('sha256', key).update(message).digest('hex');
}

/** The canonical request with the session token's value hidden (it is a credential). */
function redactCanonical(canonicalRequest: string): string {
  return canonicalRequest.replace(/^(x-bce-security-token:).*$/m, '$1[REDACTED]');
}
