/**
 * bce-auth-v1 signer on WebCrypto (`crypto.subtle` HMAC-SHA256), for runtimes without
 * node:crypto: browsers, Cloudflare Workers, Deno, Bun. WebCrypto is asynchronous, so `sign`
 * returns a promise; the canonical request is the same code as {@link BceV1Signer}'s.
 */
import {
  type SignableRequest,
  type SigningCredentials,
  SigningKeyCache,
  type SignOptions,
  type SignResult,
  signingInput,
} from './canonical.js';

const encoder = new TextEncoder();

/** The part of WebCrypto used here (declared locally: the SDK's types do not need the DOM library). */
type HmacKey = object;
interface Subtle {
  importKey(
    format: 'raw',
    key: Uint8Array,
    algorithm: { name: 'HMAC'; hash: 'SHA-256' },
    extractable: false,
    usages: ['sign'],
  ): Promise<HmacKey>;
  sign(algorithm: 'HMAC', key: HmacKey, data: Uint8Array): Promise<ArrayBuffer>;
}

function subtle(): Subtle {
  const s = (globalThis as { crypto?: { subtle?: Subtle } }).crypto?.subtle;
  if (s === undefined) {
    throw new TypeError(
      'WebCrypto (crypto.subtle) is not available here; a browser needs a secure context (https or localhost)',
    );
  }
  return s;
}

function hmacKey(secret: string): Promise<HmacKey> {
  return subtle().importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

/** HMAC-SHA256 of `message` under the UTF-8 bytes of `key`, as lower-case hex. */
export async function hmacSha256HexWeb(key: string, message: string): Promise<string> {
  return hex(await subtle().sign('HMAC', await hmacKey(key), encoder.encode(message)));
}

/** bce-auth-v1 on WebCrypto; keys cached like {@link BceV1Signer}'s (imported once per second per access key). */
export class BceV1WebSigner {
  readonly #keys = new SigningKeyCache<HmacKey>();

  async #cachedKey(secretAccessKey: string, authStringPrefix: string): Promise<{ hex: string; key: HmacKey }> {
    const cached = this.#keys.get(secretAccessKey, authStringPrefix);
    if (cached !== undefined) return cached;
    const keyHex = await hmacSha256HexWeb(secretAccessKey, authStringPrefix);
    return this.#keys.set(secretAccessKey, authStringPrefix, keyHex, await hmacKey(keyHex));
  }

  async signingKey(secretAccessKey: string, authStringPrefix: string): Promise<string> {
    return (await this.#cachedKey(secretAccessKey, authStringPrefix)).hex;
  }

  async sign(request: SignableRequest, credentials: SigningCredentials, options: SignOptions): Promise<SignResult> {
    const input = signingInput(request, credentials, options);
    const cached = await this.#cachedKey(credentials.secretAccessKey, input.prefix);
    const signature = hex(await subtle().sign('HMAC', cached.key, encoder.encode(input.canonicalRequest)));
    return {
      authorization: `${input.prefix}/${input.signedHeaders}/${signature}`,
      canonicalRequest: input.canonicalRequest,
      signingKey: cached.hex,
      signedHeaders: input.signedHeaders,
      addedHeaders: input.addedHeaders,
    };
  }
}
