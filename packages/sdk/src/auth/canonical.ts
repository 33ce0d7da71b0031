/**
 * bce-auth-v1 (spec/auth.md) without the HMAC: the canonical request, the auth string prefix and
 * the signed headers. Imports nothing from Node, so the WebCrypto signer and the node:crypto
 * signer share it.
 */
import { goTrimSpace, uriEncode, uriEncodeExceptSlash } from './encoding.js';

/** The request description the signer needs; `path` and query values are decoded text. */
export interface SignableRequest {
  method: string;
  path: string;
  query: ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string>>;
  /** Every header the request will carry (any case). */
  headers: Readonly<Record<string, string>>;
}

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

export interface SignOptions {
  /** Signing time in whole seconds since the epoch (UTC). */
  timestamp: number;
  /** @default 1800 */
  expirationSeconds?: number | undefined;
  /** Lower-case header names to sign besides every `x-bce-*` header. @default host, content-length, content-type, content-md5 */
  headersToSign?: readonly string[] | undefined;
}

export interface SignResult {
  authorization: string;
  canonicalRequest: string;
  signingKey: string;
  signedHeaders: string;
  /** Headers the signer added to the request (the STS token); the caller must send them. */
  addedHeaders: Record<string, string>;
}

export const DEFAULT_EXPIRATION_SECONDS = 1800;
export const DEFAULT_HEADERS_TO_SIGN: readonly string[] = ['host', 'content-length', 'content-type', 'content-md5'];
const SECURITY_TOKEN = 'x-bce-security-token';

/** `YYYY-MM-DDTHH:MM:SSZ` for a time in whole seconds. */
let lastTimestampSeconds = Number.NaN;
let lastTimestampText = '';

export function formatBceTimestamp(seconds: number): string {
  if (seconds !== lastTimestampSeconds) {
    lastTimestampText = `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
    lastTimestampSeconds = seconds;
  }
  return lastTimestampText;
}

export function canonicalUri(path: string): string {
  if (path === '') return '/';
  const rest = path.startsWith('/') ? path.slice(1) : path;
  return `/${uriEncodeExceptSlash(rest)}`;
}

function queryPairs(query: SignableRequest['query']): ReadonlyArray<readonly [string, string]> {
  return Array.isArray(query) ? query : Object.entries(query as Record<string, string>);
}

export function canonicalQueryString(query: SignableRequest['query']): string {
  const pairs = queryPairs(query);
  if (pairs.length === 0) return '';
  const items: string[] = [];
  for (const [name, value] of pairs) {
    if (name.toLowerCase() === 'authorization') continue;
    items.push(`${uriEncode(name)}=${uriEncode(value)}`);
  }
  // All items are ASCII after encoding, so UTF-16 order is byte order.
  return sortStrings(items).join('&');
}

/**
 * Sorts in place in UTF-16 code unit order, as `Array.prototype.sort()` does for strings: an
 * insertion sort for the few items of a request, without the work array the built-in sort allocates.
 */
function sortStrings(items: string[]): string[] {
  if (items.length > 32) return items.sort();
  for (let i = 1; i < items.length; i++) {
    const item = items[i]!;
    let j = i - 1;
    while (j >= 0 && items[j]! > item) {
      items[j + 1] = items[j]!;
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}

// Header names and most values (host, content-type, the date within a second) repeat from request
// to request; remembering their encoding saves work on every signature.
const encodedMemo = new Map<string, string>();
function encodeMemo(value: string): string {
  let encoded = encodedMemo.get(value);
  if (encoded === undefined) {
    encoded = uriEncode(value);
    if (value.length <= 256) {
      if (encodedMemo.size >= 512) encodedMemo.clear();
      encodedMemo.set(value, encoded);
    }
  }
  return encoded;
}

export function canonicalHeaders(
  headers: Readonly<Record<string, string>>,
  headersToSign: ReadonlySet<string>,
): { canonical: string; signedHeaders: string } {
  const lines: string[] = [];
  const names: string[] = [];
  for (const name in headers) {
    const lname = name.toLowerCase();
    if (lname === 'authorization') continue;
    const wanted = headersToSign.has(lname) || (lname.startsWith('x-bce-') && lname !== 'x-bce-request-id');
    if (!wanted) continue;
    const trimmed = goTrimSpace(headers[name]!);
    if (trimmed === '') continue;
    lines.push(`${encodeMemo(lname)}:${encodeMemo(trimmed)}`);
    names.push(lname);
  }
  sortStrings(names);
  for (let i = 1; i < names.length; i++) {
    if (names[i] === names[i - 1]) throw new TypeError(`header "${names[i]}" is given twice with different case`);
  }
  return { canonical: sortStrings(lines).join('\n'), signedHeaders: names.join(';') };
}

/** What is signed: the auth string prefix (the HMAC key's message) and the canonical request. */
export interface SigningInput {
  readonly prefix: string;
  readonly canonicalRequest: string;
  readonly signedHeaders: string;
  readonly addedHeaders: Record<string, string>;
}

const DEFAULT_SET: ReadonlySet<string> = new Set(DEFAULT_HEADERS_TO_SIGN);

/** Checks the options and builds everything but the two HMACs. */
export function signingInput(
  request: SignableRequest,
  credentials: SigningCredentials,
  options: SignOptions,
): SigningInput {
  const expiration = options.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  if (!Number.isInteger(expiration) || expiration === 0 || expiration < -1) {
    throw new RangeError('expirationSeconds must be a positive integer or -1');
  }
  let headersToSign = DEFAULT_SET;
  if (options.headersToSign !== undefined) {
    if (options.headersToSign.length === 0) throw new RangeError('headersToSign must not be empty');
    headersToSign = new Set(options.headersToSign.map((h) => h.toLowerCase()));
  }

  const addedHeaders: Record<string, string> = {};
  let headers = request.headers;
  const token = credentials.sessionToken;
  if (token) {
    const inQuery = queryPairs(request.query).some(([k, v]) => k === SECURITY_TOKEN && v !== '');
    if (!inQuery) {
      addedHeaders[SECURITY_TOKEN] = token;
      // The credentials' token replaces one given in the headers, whatever its case.
      const copy: Record<string, string> = {};
      for (const name in headers) if (name.toLowerCase() !== SECURITY_TOKEN) copy[name] = headers[name]!;
      copy[SECURITY_TOKEN] = token;
      headers = copy;
    }
  }

  const prefix = `bce-auth-v1/${credentials.accessKeyId}/${formatBceTimestamp(options.timestamp)}/${expiration}`;
  const { canonical, signedHeaders } = canonicalHeaders(headers, headersToSign);
  const canonicalRequest = `${request.method}\n${canonicalUri(request.path)}\n${canonicalQueryString(request.query)}\n${canonical}`;
  return { prefix, canonicalRequest, signedHeaders, addedHeaders };
}

/** Signing keys kept per signer: enough for several access keys used side by side within a second. */
const KEY_CACHE_SIZE = 16;

/**
 * Signing keys by auth string prefix (access key, time, expiration), oldest first, with the
 * secret they were derived from; `K` is the key in the form the HMAC implementation wants.
 */
export class SigningKeyCache<K> {
  #last: { prefix: string; secret: string; hex: string; key: K } | undefined;
  readonly #keys = new Map<string, { prefix: string; secret: string; hex: string; key: K }>();

  get(secret: string, prefix: string): { hex: string; key: K } | undefined {
    const last = this.#last;
    if (last !== undefined && last.prefix === prefix && last.secret === secret) return last;
    const entry = this.#keys.get(prefix);
    if (entry === undefined || entry.secret !== secret) return undefined;
    this.#last = entry;
    return entry;
  }

  set(secret: string, prefix: string, hex: string, key: K): { hex: string; key: K } {
    const entry = { prefix, secret, hex, key };
    this.#keys.delete(prefix);
    if (this.#keys.size >= KEY_CACHE_SIZE) this.#keys.delete(this.#keys.keys().next().value as string);
    this.#keys.set(prefix, entry);
    this.#last = entry;
    return entry;
  }
}
