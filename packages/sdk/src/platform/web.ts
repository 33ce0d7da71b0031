/**
 * The platform of the build for every runtime but Node (browsers, Cloudflare Workers, Deno, Bun):
 * fetch, WebCrypto, no `node:` import. There is no file system: the BCE CLI profile is unavailable.
 */
import { BceV1WebSigner } from '../auth/web-signer.js';
import { FetchTransport } from '../internal/fetch-transport.js';
import { md5Base64 } from '../internal/md5.js';
import { TransportError } from '../internal/transport-types.js';
import type { Platform } from './types.js';

const encoder = new TextEncoder();

function runtime(): string {
  const g = globalThis as {
    Bun?: { version?: string };
    Deno?: { version?: { deno?: string } };
    navigator?: { userAgent?: string };
  };
  if (g.Bun?.version) return `bun/${g.Bun.version}`;
  if (g.Deno?.version?.deno) return `deno/${g.Deno.version.deno}`;
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  return g.navigator ? 'browser' : 'unknown';
}

/** FNV-1a over the UTF-16 units, twice with different seeds: 64 bits, enough to tell pages apart. */
function fingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}.${text.length}`;
}

export const platform: Platform = {
  build: 'web',
  runtime,
  transport: (kind, fetch) => {
    if (kind === 'node') {
      throw new TypeError("transport 'node' is not available in this runtime (no node:http); use 'fetch'");
    }
    return new FetchTransport({ fetch });
  },
  signer: () => new BceV1WebSigner(),
  randomUUID: () => {
    const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
    if (typeof c?.randomUUID !== 'function')
      throw new TransportError('crypto.randomUUID is not available', 'ENOSYS', false, 'network');
    return c.randomUUID();
  },
  utf8: (text) => encoder.encode(text),
  md5Base64,
  fingerprint,
  readTextFile: async (path) => {
    const err = new Error(`no file system in this runtime to read ${path}`) as Error & { code: string };
    err.code = 'ENOSYS';
    throw err;
  },
  bceConfigPath: (home) => `${home ?? '~'}/.bce/config.json`,
};
