/** Requests to the emulator's admin API, with the host, token and content type it requires. */
import { type RawResponse, send } from '../core-helpers.js';

export interface AdminTarget {
  endpoint: string;
  adminToken: string;
}

/** The headers every admin request needs: the emulator's own host and the bearer token. */
export function adminHeaders(emu: AdminTarget, extra: Record<string, string> = {}): Record<string, string> {
  return {
    host: new URL(emu.endpoint).host,
    authorization: `Bearer ${emu.adminToken}`,
    'content-type': 'application/json',
    ...extra,
  };
}

/** One admin request (`path` below `/_emulator/`); a body is sent as JSON unless it is a string or a Buffer. */
export function adminCall(
  emu: AdminTarget,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return send(emu.endpoint, {
    method,
    target: `/_emulator/${path}`,
    headers: adminHeaders(emu, headers),
    body:
      body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
}
