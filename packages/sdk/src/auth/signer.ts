import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import {
  type SignableRequest,
  type SigningCredentials,
  SigningKeyCache,
  type SignOptions,
  type SignResult,
  signingInput,
} from './canonical.js';

export {
  canonicalHeaders,
  canonicalQueryString,
  canonicalUri,
  DEFAULT_EXPIRATION_SECONDS,
  DEFAULT_HEADERS_TO_SIGN,
  formatBceTimestamp,
  type SignableRequest,
  type SigningCredentials,
  type SignOptions,
  type SignResult,
} from './canonical.js';

export function hmacSha256Hex(key: string, message: string): string {
  return createHmac('sha256', key).update(message).digest('hex');
}

/**
 * bce-auth-v1 signer on node:crypto (synchronous). The signing key is derived once per
 * (credentials, timestamp, expiration) and reused while those stay the same, i.e. at most once per
 * second per access key, also when a few access keys take turns. The cache is private: printing a
 * signer shows no secret or key.
 */
export class BceV1Signer {
  /** The key object spares re-importing the 64-character key on every signature. */
  readonly #keys = new SigningKeyCache<KeyObject>();

  #cachedKey(secretAccessKey: string, authStringPrefix: string): { hex: string; key: KeyObject } {
    const cached = this.#keys.get(secretAccessKey, authStringPrefix);
    if (cached !== undefined) return cached;
    const hex = hmacSha256Hex(secretAccessKey, authStringPrefix);
    return this.#keys.set(secretAccessKey, authStringPrefix, hex, createSecretKey(Buffer.from(hex, 'utf8')));
  }

  signingKey(secretAccessKey: string, authStringPrefix: string): string {
    return this.#cachedKey(secretAccessKey, authStringPrefix).hex;
  }

  sign(request: SignableRequest, credentials: SigningCredentials, options: SignOptions): SignResult {
    const input = signingInput(request, credentials, options);
    const cached = this.#cachedKey(credentials.secretAccessKey, input.prefix);
    const signature = createHmac('sha256', cached.key).update(input.canonicalRequest).digest('hex');
    return {
      authorization: `${input.prefix}/${input.signedHeaders}/${signature}`,
      canonicalRequest: input.canonicalRequest,
      signingKey: cached.hex,
      signedHeaders: input.signedHeaders,
      addedHeaders: input.addedHeaders,
    };
  }
}
