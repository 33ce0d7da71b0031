import type { SignableRequest, SigningCredentials, SignOptions, SignResult } from '../auth/canonical.js';
import type { FetchFunction } from '../internal/fetch-transport.js';
import type { Transport } from '../internal/transport-types.js';

/** A bce-auth-v1 signer: synchronous on node:crypto, asynchronous on WebCrypto. */
export interface RequestSigningKey {
  sign(
    request: SignableRequest,
    credentials: SigningCredentials,
    options: SignOptions,
  ): SignResult | Promise<SignResult>;
}

/**
 * What differs between the Node build and the build for every other runtime. Source files import
 * `platform/index.js` (Node); the other build (tsup.config.ts) resolves it to `platform/web.ts`.
 */
export interface Platform {
  /** `node` or `web`: which build this is. */
  readonly build: 'node' | 'web';
  /** The runtime, for the User-Agent: `node/20.19.0 linux/x64`, `bun/1.2.0`, `deno/2.1.0`, `workerd`, `browser`. */
  runtime(): string;
  /** The built-in transport for `transport: 'node' | 'fetch'` (the default: node:http where it exists). */
  transport(kind: 'node' | 'fetch' | undefined, fetch: FetchFunction | undefined): Transport;
  signer(): RequestSigningKey;
  randomUUID(): string;
  utf8(text: string): Uint8Array;
  md5Base64(data: Uint8Array): string;
  /** A short digest of a page's JSON text, to recognise a repeated page. */
  fingerprint(text: string): string;
  /** Reads a UTF-8 file; rejects with an Error whose `code` says why (ENOENT, ENOSYS where there is no file system). */
  readTextFile(path: string): Promise<string>;
  /** `~/.bce/config.json` under `home`, or the user's home directory. */
  bceConfigPath(home: string | undefined): string;
}

/** `process.env` where there is one (Node, Bun, Deno), else an empty object (browsers, Workers). */
export function processEnv(): Record<string, string | undefined> {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  } catch {
    // Deno without --allow-env throws on access.
    return {};
  }
}
