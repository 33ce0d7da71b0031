/** The Node build's platform: node:crypto, node:http, node:fs (loaded when first used). */
import * as crypto from 'node:crypto';
import { createHash, randomUUID } from 'node:crypto';
import { BceV1Signer } from '../auth/signer.js';
import { FetchTransport } from '../internal/fetch-transport.js';
import { NodeHttpTransport } from '../internal/transport.js';
import type { Platform } from './types.js';

/** Node's one-shot digest (20.12 and later): no Hash object per call. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'base64') => string }).hash;

export const platform: Platform = {
  build: 'node',
  runtime: () => `node/${process.versions.node} ${process.platform}/${process.arch}`,
  transport: (kind, fetch) => (kind === 'fetch' ? new FetchTransport({ fetch }) : new NodeHttpTransport()),
  signer: () => new BceV1Signer(),
  randomUUID: () => randomUUID(),
  utf8: (text) => Buffer.from(text, 'utf8'),
  md5Base64: oneShotHash
    ? (data) => oneShotHash('md5', data, 'base64')
    : (data) => createHash('md5').update(data).digest('base64'),
  fingerprint: (text) => createHash('sha256').update(text).digest('base64'),
  readTextFile: async (path) => (await import('node:fs/promises')).readFile(path, 'utf8'),
  bceConfigPath: (home) => {
    // node:os and node:path are tiny and always present on Node; required lazily all the same.
    const sep = process.platform === 'win32' ? '\\' : '/';
    const base = home || process.env.HOME || process.env.USERPROFILE || '';
    return [base, '.bce', 'config.json'].join(sep);
  },
};
