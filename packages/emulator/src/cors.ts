import type { IncomingMessage, ServerResponse } from 'node:http';

/** A header list a browser may ask to send: token characters, commas and spaces only. */
const HEADER_LIST = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/;

/** What a page of the allowed origin may read from an answer (the SDK reads the request id). */
const EXPOSED = 'x-bce-request-id, x-bce-debug-id, retry-after, content-length, date';

/** Checks `--cors-origin`: one origin exactly (`http://127.0.0.1:5173`), no path. */
export function parseCorsOrigin(value: string): string {
  let origin: string;
  try {
    origin = new URL(value).origin;
  } catch {
    throw new TypeError(`cors origin must be an origin like http://localhost:5173, got "${value}"`);
  }
  if (origin !== value || origin === 'null') {
    throw new TypeError(`cors origin must be an origin like http://localhost:5173, got "${value}"`);
  }
  return origin;
}

/**
 * CORS for the API (not the admin API), only for the one origin the emulator was asked to allow.
 * Adds the answer's CORS headers; answers a preflight itself (returns true then).
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: string | undefined): boolean {
  if (allowed === undefined || req.headers.origin !== allowed) return false;
  res.setHeader('access-control-allow-origin', allowed);
  res.setHeader('vary', 'Origin');
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (!preflight) {
    res.setHeader('access-control-expose-headers', EXPOSED);
    return false;
  }
  const asked = req.headers['access-control-request-headers'];
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, PUT, DELETE',
    ...(typeof asked === 'string' && HEADER_LIST.test(asked) ? { 'access-control-allow-headers': asked } : {}),
    'access-control-max-age': '600',
    'content-length': '0',
  });
  res.end();
  return true;
}
