import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { BceV1Signer, canonicalHeaders, canonicalQueryString, canonicalUri } from 'bec-sdk/spec';
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
  /** The decoded query, when the caller already parsed `rawQuery`. */
  query?: ReadonlyArray<[string, string]> | undefined;
}

export interface AuthResult {
  accountId: string;
  accessKeyId: string;
  /** Why a loose-mode request would have been rejected. */
  warning?: string;
}

const AUTH_RE = /^bce-auth-v1\/([^/]+)\/(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)\/(-?\d+)\/([^/]*)\/([0-9a-f]{64})$/;
const BCE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** HTTP status of each authentication error code (BCE's common error table). */
export const AUTH_ERROR_STATUS: Readonly<Record<string, number>> = {
  AccessDenied: 403,
  InvalidAccessKeyId: 403,
  InvalidHTTPAuthHeader: 400,
  InvalidHTTPRequest: 400,
  RequestExpired: 400,
  RequestTimeTooSkewed: 403,
  SignatureDoesNotMatch: 400,
  BadDigest: 400,
  InvalidSessionToken: 403,
};

/** An authentication failure: answered like BEC's gateway (also in `X-Bce-Error-*` headers). */
export class AuthError extends EmulatorError {
  constructor(code: string, message: string) {
    super(AUTH_ERROR_STATUS[code] ?? 403, code, message);
    this.name = 'AuthError';
  }
}

/** Recently parsed times: requests signed in the same second share them. */
const parsedTimes = new Map<string, number>();

/** Milliseconds of a `YYYY-MM-DDTHH:MM:SSZ` time, or NaN when it is not a real UTC time. */
export function parseBceTime(text: string): number {
  const cached = parsedTimes.get(text);
  if (cached !== undefined) return cached;
  let ms = Number.NaN;
  if (BCE_TIME_RE.test(text)) {
    ms = Date.parse(text);
    // Date.parse rolls 2024-02-30 over to March; BEC would not.
    if (Number.isNaN(ms) || `${new Date(ms).toISOString().slice(0, 19)}Z` !== text) ms = Number.NaN;
  }
  if (parsedTimes.size >= 64) parsedTimes.clear();
  parsedTimes.set(text, ms);
  return ms;
}

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
 * Verifies bce-auth-v1 as BEC's gateway does. In order: the Authorization header's form, the
 * access key, `host` among the signed headers, the timestamp (a real UTC time, not expired, not
 * more than `maxSkewMs` in the future or the past of the real clock, and the same for an
 * `x-bce-date` header), the STS session token, then the signature recomputed from what was
 * received (every declared signed header must be present). A `content-md5` header must match the
 * body (`BadDigest`); signing it is what protects the body, as in BCE (BEC's documentation signs
 * only `host` and `x-bce-date`, so a body without a signed `content-md5` is accepted).
 *
 * Messages never contain the secret key or the session token; a signature mismatch shows the
 * canonical request the emulator signed, to compare with the client's.
 */
export class Authenticator {
  readonly #accounts: Map<string, EmulatorAccount>;
  readonly #signer = new BceV1Signer();
  readonly #verified = new Map<string, boolean>();

  constructor(
    accounts: readonly EmulatorAccount[],
    private readonly mode: AuthMode,
    private readonly maxSkewMs = 15 * 60 * 1000,
  ) {
    this.#accounts = new Map(accounts.map((a) => [a.accessKeyId, a]));
  }

  /**
   * Recomputes the signature. The answer for one (Authorization header, canonical request) pair
   * never changes (accounts are fixed), so recent answers are remembered: a client that sends the
   * same request several times within one signing second costs one HMAC.
   */
  #signatureMatches(
    account: EmulatorAccount,
    authorization: string,
    timestamp: string,
    expirationText: string,
    signature: string,
    canonicalRequest: string,
  ): boolean {
    const memoKey = `${authorization}\n${canonicalRequest}`;
    const known = this.#verified.get(memoKey);
    if (known !== undefined) return known;
    const prefix = `bce-auth-v1/${account.accessKeyId}/${timestamp}/${expirationText}`;
    const key = this.#signer.signingKey(account.secretAccessKey, prefix);
    const matches = timingSafeEqual(Buffer.from(hmac(key, canonicalRequest)), Buffer.from(signature));
    if (this.#verified.size >= 512) this.#verified.clear();
    this.#verified.set(memoKey, matches);
    return matches;
  }

  authenticate(request: ReceivedRequest, nowMs: number = Date.now()): AuthResult {
    const authorization = header(request.headers, 'authorization');
    if (this.mode === 'off') return this.#unchecked(authorization);
    if (!authorization) throw new AuthError('AccessDenied', 'The request has no Authorization header.');
    const parts = parseAuthorization(authorization);
    const account = this.#accounts.get(parts.accessKeyId);
    if (!account) {
      throw new AuthError(
        'InvalidAccessKeyId',
        `The access key id ${JSON.stringify(parts.accessKeyId)} does not exist.`,
      );
    }
    const result: AuthResult = { accountId: account.accountId ?? account.accessKeyId, accessKeyId: parts.accessKeyId };
    const query = request.query ?? parseQuery(request.rawQuery);
    const problems: Problem[] = [
      ...(parts.signedNames.includes('host')
        ? []
        : [['InvalidHTTPAuthHeader', 'The signed headers must include host.'] as Problem]),
      ...this.#timeProblems(parts, request, nowMs),
      ...sessionProblems(account, request, query),
      ...this.#signatureProblems(account, authorization, parts, request, query),
    ];
    if (problems.length === 0) return result;
    const [code, message] = problems[0]!;
    if (this.mode === 'loose') {
      return { ...result, warning: problems.map(([c, m]) => `${c}: ${m}`).join(' | ') };
    }
    throw new AuthError(code, message);
  }

  /** With auth off: the account the Authorization header names, or the first one. */
  #unchecked(authorization: string | undefined): AuthResult {
    const ak = authorization?.match(AUTH_RE)?.[1];
    const account = ak ? this.#accounts.get(ak) : undefined;
    const first = this.#accounts.values().next().value as EmulatorAccount | undefined;
    const chosen = account ?? first;
    return {
      accountId: chosen?.accountId ?? chosen?.accessKeyId ?? 'default',
      accessKeyId: chosen?.accessKeyId ?? 'anonymous',
    };
  }

  /** The signing time and expiration, and the x-bce-date header, against the server's clock. */
  #timeProblems(parts: AuthorizationParts, request: ReceivedRequest, nowMs: number): Problem[] {
    const { timestamp, expirationText } = parts;
    const problems: Problem[] = [];
    const signedAt = parseBceTime(timestamp);
    const expiration = Number(expirationText);
    const skewMinutes = this.maxSkewMs / 60000;
    if (Number.isNaN(signedAt)) {
      problems.push(['InvalidHTTPAuthHeader', `The timestamp ${timestamp} is not a valid UTC time.`]);
    } else if (!Number.isSafeInteger(expiration) || expiration === 0 || expiration < -1) {
      problems.push([
        'InvalidHTTPAuthHeader',
        `The expiration ${expirationText} must be a positive number of seconds (or -1).`,
      ]);
    } else if (expiration !== -1 && signedAt + expiration * 1000 < nowMs) {
      problems.push([
        'RequestExpired',
        `The request signed at ${timestamp} expired after ${expiration} seconds (server time ${isoSeconds(nowMs)}).`,
      ]);
    } else if (Math.abs(signedAt - nowMs) > this.maxSkewMs) {
      problems.push([
        'RequestTimeTooSkewed',
        `The signing time ${timestamp} is more than ${skewMinutes} minutes from the server time ${isoSeconds(nowMs)}.`,
      ]);
    }
    const bceDate = header(request.headers, 'x-bce-date');
    if (bceDate !== undefined) {
      const dateMs = parseBceTime(bceDate.trim());
      if (Number.isNaN(dateMs)) {
        problems.push([
          'InvalidHTTPRequest',
          `The x-bce-date header ${JSON.stringify(bceDate.slice(0, 40))} is not of the form YYYY-MM-DDTHH:MM:SSZ.`,
        ]);
      } else if (Math.abs(dateMs - nowMs) > this.maxSkewMs) {
        problems.push([
          'RequestTimeTooSkewed',
          `The x-bce-date ${bceDate.trim()} is more than ${skewMinutes} minutes from the server time ${isoSeconds(nowMs)}.`,
        ]);
      }
    }
    return problems;
  }

  /** The signed headers present, the body's content-md5, and the signature over the canonical request. */
  #signatureProblems(
    account: EmulatorAccount,
    authorization: string,
    parts: AuthorizationParts,
    request: ReceivedRequest,
    query: ReadonlyArray<readonly [string, string]>,
  ): Problem[] {
    const problems: Problem[] = [];
    const headersToCheck: Record<string, string> = {};
    for (const name of parts.signedNames) {
      const value = header(request.headers, name);
      if (value === undefined) {
        problems.push(['SignatureDoesNotMatch', `The signed header ${name} is not in the request.`]);
      } else headersToCheck[name] = value;
    }
    const md5 = header(request.headers, 'content-md5');
    if (md5 !== undefined && createHash('md5').update(request.body).digest('base64') !== md5.trim()) {
      problems.push(['BadDigest', 'The content-md5 header does not match the body received.']);
    }
    let canonicalRequest: string;
    try {
      const path = decodePath(request.rawPath);
      const { canonical } = canonicalHeaders(headersToCheck, new Set(parts.signedNames));
      canonicalRequest = `${request.method}\n${canonicalUri(path)}\n${canonicalQueryString(query)}\n${canonical}`;
    } catch (err) {
      if (err instanceof EmulatorError) throw err;
      throw new AuthError('InvalidHTTPAuthHeader', `The signed headers cannot be verified: ${(err as Error).message}.`);
    }
    const { timestamp, expirationText, signature, signedHeaderList } = parts;
    if (!this.#signatureMatches(account, authorization, timestamp, expirationText, signature, canonicalRequest)) {
      problems.push([
        'SignatureDoesNotMatch',
        `The request signature we calculated does not match the signature you provided. Check your secret access key and signing method. The canonical request we signed (signed headers ${signedHeaderList || '(none)'}) was: ${JSON.stringify(redactCanonical(canonicalRequest))}`,
      ]);
    }
    return problems;
  }
}

/** A reason to refuse a request: BCE error code and message. */
type Problem = [code: string, message: string];

/** The fields of a `bce-auth-v1/...` Authorization header. */
interface AuthorizationParts {
  accessKeyId: string;
  timestamp: string;
  expirationText: string;
  signedHeaderList: string;
  signedNames: string[];
  signature: string;
}

function parseAuthorization(authorization: string): AuthorizationParts {
  const match = authorization.match(AUTH_RE);
  if (!match) {
    throw new AuthError(
      'InvalidHTTPAuthHeader',
      'The Authorization header is not of the form bce-auth-v1/{accessKeyId}/{timestamp}/{expirationSeconds}/{signedHeaders}/{signature} (timestamp YYYY-MM-DDTHH:MM:SSZ, signature 64 lower-case hex digits).',
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
  const signedNames = signedHeaderList === '' ? [] : signedHeaderList.split(';');
  return { accessKeyId, timestamp, expirationText, signedHeaderList, signedNames, signature };
}

/** A temporary (STS) key's session token must come with the request, in a header or the query. */
function sessionProblems(
  account: EmulatorAccount,
  request: ReceivedRequest,
  query: ReadonlyArray<readonly [string, string]>,
): Problem[] {
  if (account.sessionToken === undefined) return [];
  const sent =
    header(request.headers, 'x-bce-security-token') ??
    query.find(([k, v]) => k === 'x-bce-security-token' && v !== '')?.[1];
  if (sent === undefined) {
    return [
      [
        'InvalidSessionToken',
        `The access key ${account.accessKeyId} is temporary (STS): the request must carry its session token in x-bce-security-token.`,
      ],
    ];
  }
  if (!safeEqual(sent.trim(), account.sessionToken)) {
    return [['InvalidSessionToken', `The session token does not belong to the access key ${account.accessKeyId}.`]];
  }
  return [];
}

function hmac(key: string, message: string): string {
  return createHmac('sha256', key).update(message).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The canonical request with the session token's value hidden (it is a credential). */
function redactCanonical(canonicalRequest: string): string {
  return canonicalRequest
    .replace(/^(x-bce-security-token:).*$/m, '$1[REDACTED]')
    .replace(/(^|&)(x-bce-security-token=)[^&\n]*/m, '$1$2[REDACTED]');
}
