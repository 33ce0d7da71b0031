import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';

/**
 * Who may use the admin API (`/_emulator/*`). A web page open in the developer's browser can send
 * requests to any local port, and DNS rebinding can make a page's own host name point at
 * 127.0.0.1; so the admin API needs all of:
 * - a Host header naming the emulator by a loopback name (or one configured in `allowedHosts`),
 *   with the port it listens on;
 * - no cross-site Origin (and no `Sec-Fetch-Site: cross-site`/`same-site`);
 * - `Authorization: Bearer <admin token>` (random per process unless given);
 * - a JSON content type on requests that carry a body (no "simple" form or text/plain POSTs).
 */
export interface AdminGuardOptions {
  token: string;
  /** Extra host names (or `host:port`) accepted in the Host header. */
  allowedHosts: readonly string[];
  /** The address the server is bound to (accepted in Host when it is a specific address). */
  boundHost: string;
}

export interface AdminRefusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const TOKEN_RE = /^[A-Za-z0-9._~+/=-]{16,256}$/;

/** A fresh admin token: 32 random bytes, base64url. */
export function newAdminToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Throws TypeError when a caller-given admin token is unusable (the token itself is never echoed). */
export function checkAdminToken(token: unknown): string {
  if (typeof token !== 'string' || !TOKEN_RE.test(token)) {
    throw new TypeError('adminToken must be 16 to 256 characters of letters, digits and ._~+/=-');
  }
  return token;
}

/** True for addresses and names that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Splits a Host header into a lower-case name and a port ('' when absent); undefined when malformed. */
function splitHost(value: string): { name: string; port: string } | undefined {
  const m = value
    .trim()
    .toLowerCase()
    .match(/^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/);
  return m ? { name: m[1]!, port: m[2] ?? '' } : undefined;
}

export class AdminGuard {
  readonly #tokenDigest: Buffer;
  readonly #names: Set<string>;
  readonly #hostPorts: Set<string>;

  constructor(options: AdminGuardOptions) {
    this.#tokenDigest = digest(checkAdminToken(options.token));
    this.#names = new Set(LOOPBACK_NAMES);
    this.#hostPorts = new Set();
    const bound = options.boundHost.toLowerCase();
    if (isIP(bound) && bound !== '0.0.0.0' && bound !== '::') {
      this.#names.add(isIP(bound) === 6 ? `[${bound}]` : bound);
    }
    for (const entry of options.allowedHosts) {
      const parsed = splitHost(entry);
      if (!parsed) throw new TypeError(`allowedHosts: ${JSON.stringify(entry.slice(0, 100))} is not a host name`);
      if (parsed.port) this.#hostPorts.add(`${parsed.name}:${parsed.port}`);
      else this.#names.add(parsed.name);
    }
  }

  /** Why this request may not use the admin API, or undefined when it may. */
  check(method: string, headers: IncomingHttpHeaders, port: number): AdminRefusal | undefined {
    const host = headers.host === undefined ? undefined : splitHost(headers.host);
    const hostOk =
      host !== undefined &&
      (this.#hostPorts.has(`${host.name}:${host.port}`) ||
        (this.#names.has(host.name) && (host.port === String(port) || (host.port === '' && port === 80))));
    if (!hostOk) {
      return {
        status: 403,
        code: 'AccessDenied',
        message: `The admin API answers only requests for the emulator's own host (localhost:${port}, 127.0.0.1:${port}, [::1]:${port} or an allowed host).`,
      };
    }
    const origin = headers.origin;
    const site = headers['sec-fetch-site'];
    if (
      (origin !== undefined && origin !== `http://${headers.host!.trim().toLowerCase()}`) ||
      (site !== undefined && site !== 'same-origin' && site !== 'none')
    ) {
      return { status: 403, code: 'AccessDenied', message: 'The admin API refuses cross-site requests.' };
    }
    const auth = headers.authorization;
    const sent = typeof auth === 'string' && /^Bearer /i.test(auth) ? auth.slice(7).trim() : undefined;
    if (sent === undefined || !timingSafeEqual(digest(sent), this.#tokenDigest)) {
      return {
        status: 401,
        code: 'Unauthorized',
        message:
          'The admin API needs the header Authorization: Bearer <admin token> (printed at start-up, adminToken of startEmulator()).',
        headers: { 'www-authenticate': 'Bearer realm="bec-emulator admin"' },
      };
    }
    if (method !== 'GET' && method !== 'HEAD' && method !== 'DELETE') {
      const type = String(headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      if (type !== 'application/json') {
        return {
          status: 415,
          code: 'UnsupportedMediaType',
          message: `${method} requests to the admin API need Content-Type: application/json.`,
        };
      }
    }
    return undefined;
  }
}
