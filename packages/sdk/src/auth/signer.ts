import * as crypto from 'node:crypto';
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

/** Node's one-shot digest (20.12 and later): no Hmac object per signature. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: string) => unknown })
  .hash as ((algorithm: string, data: string | Uint8Array, encoding: 'hex') => string) | undefined;
const oneShotDigest = oneShotHash as ((algorithm: string, data: string, encoding: 'buffer') => Buffer) | undefined;

/**
 * HMAC-SHA256 under one signing key (RFC 2104), by two one-shot SHA-256 digests. The key is the
 * 64 hex characters of the signing key: exactly one SHA-256 block, so it is used as is, and every
 * byte of it XOR ipad or opad stays below 0x80, so the inner pad can lead the message as text.
 */
class HexKeyHmac {
  readonly #innerPad: string;
  /** The outer pad, then room for the inner digest. */
  readonly #outer = Buffer.alloc(96);

  constructor(hexKey: string) {
    let inner = '';
    for (let i = 0; i < 64; i++) {
      const byte = hexKey.charCodeAt(i);
      inner += String.fromCharCode(byte ^ 0x36);
      this.#outer[i] = byte ^ 0x5c;
    }
    this.#innerPad = inner;
  }

  hex(message: string): string {
    const innerDigest = oneShotDigest!('sha256', this.#innerPad + message, 'buffer');
    innerDigest.copy(this.#outer, 64);
    return oneShotHash!('sha256', this.#outer, 'hex');
  }
}

/** A signing key in the form the HMAC wants: a key object, or the pads of the one-shot HMAC. */
type SigningKeyForm = KeyObject | HexKeyHmac;

/** The one-shot HMAC applies to a signing key of exactly 64 hex characters, where Node has crypto.hash. */
const HEX_KEY = /^[0-9a-f]{64}$/;

/**
 * bce-auth-v1 signer on node:crypto (synchronous). The signing key is derived once per
 * (credentials, timestamp, expiration) and reused while those stay the same, i.e. at most once per
 * second per access key, also when a few access keys take turns. The cache is private: printing a
 * signer shows no secret or key.
 */
export class BceV1Signer {
  /** The key object (or the one-shot pads) spares re-importing the 64-character key on every signature. */
  readonly #keys = new SigningKeyCache<SigningKeyForm>();

  #cachedKey(secretAccessKey: string, authStringPrefix: string): { hex: string; key: SigningKeyForm } {
    const cached = this.#keys.get(secretAccessKey, authStringPrefix);
    if (cached !== undefined) return cached;
    const hex = hmacSha256Hex(secretAccessKey, authStringPrefix);
    const key = oneShotHash && HEX_KEY.test(hex) ? new HexKeyHmac(hex) : createSecretKey(Buffer.from(hex, 'utf8'));
    return this.#keys.set(secretAccessKey, authStringPrefix, hex, key);
  }

  signingKey(secretAccessKey: string, authStringPrefix: string): string {
    return this.#cachedKey(secretAccessKey, authStringPrefix).hex;
  }

  sign(request: SignableRequest, credentials: SigningCredentials, options: SignOptions): SignResult {
    const input = signingInput(request, credentials, options);
    const cached = this.#cachedKey(credentials.secretAccessKey, input.prefix);
    const key = cached.key;
    const signature =
      key instanceof HexKeyHmac
        ? key.hex(input.canonicalRequest)
        : createHmac('sha256', key).update(input.canonicalRequest).digest('hex');
    return {
      authorization: `${input.prefix}/${input.signedHeaders}/${signature}`,
      canonicalRequest: input.canonicalRequest,
      signingKey: cached.hex,
      signedHeaders: input.signedHeaders,
      addedHeaders: input.addedHeaders,
    };
  }
}
