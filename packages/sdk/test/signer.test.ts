import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { specFile } from '../scripts/spec-file.js';
import { BecClient } from '../src/index.js';
import { BceV1Signer, formatBceTimestamp, type SignableRequest } from '../src/spec.js';
import { type LoopbackServer, SECRETS, sendJson, signatureMatches, startServer } from './support/loopback.js';

// Counts HMAC computations keyed with a secret access key, i.e. signing-key derivations. The real
// createHmac does the work; the wrapper only counts.
const derivations = vi.hoisted(() => ({ bySecret: new Map<string, number>() }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  const createHmac = (algorithm: string, key: crypto.BinaryLike | crypto.KeyObject, ...rest: unknown[]) => {
    if (typeof key === 'string') derivations.bySecret.set(key, (derivations.bySecret.get(key) ?? 0) + 1);
    return (actual.createHmac as (...args: unknown[]) => crypto.Hmac)(algorithm, key, ...rest);
  };
  return { ...actual, default: { ...actual, createHmac }, createHmac };
});

function derivationsOf(secret: string): number {
  return derivations.bySecret.get(secret) ?? 0;
}

const T0 = Date.parse('2024-05-01T10:00:00Z') / 1000;
const request: SignableRequest = {
  method: 'GET',
  path: '/v1/vm/service/s-abc12345',
  query: {},
  headers: { host: 'bec.baidubce.com', 'content-type': 'application/json;charset=utf-8', 'x-bce-date': 'x' },
};
const ak1 = { accessKeyId: 'AKone', secretAccessKey: 'SK-one-secret-value' };
const ak2 = { accessKeyId: 'AKtwo', secretAccessKey: 'SK-two-secret-value' };

beforeEach(() => derivations.bySecret.clear());

describe('signing key derivation', () => {
  it('is derived once per (access key, second)', () => {
    const signer = new BceV1Signer();
    for (let i = 0; i < 50; i++) signer.sign({ ...request, path: `/v1/vm/service/s-${i}` }, ak1, { timestamp: T0 });
    expect(derivationsOf(ak1.secretAccessKey)).toBe(1);
    for (let i = 0; i < 50; i++) signer.sign(request, ak1, { timestamp: T0 + 1 });
    expect(derivationsOf(ak1.secretAccessKey)).toBe(2);
  });

  it('two access keys used side by side in the same second: one derivation each', () => {
    const signer = new BceV1Signer();
    for (let i = 0; i < 20; i++) {
      signer.sign(request, ak1, { timestamp: T0 });
      signer.sign(request, ak2, { timestamp: T0 });
    }
    expect(derivationsOf(ak1.secretAccessKey)).toBe(1);
    expect(derivationsOf(ak2.secretAccessKey)).toBe(1);
  });

  it('a different expiration or secret is a different key', () => {
    const signer = new BceV1Signer();
    const a = signer.sign(request, ak1, { timestamp: T0, expirationSeconds: 1800 });
    const b = signer.sign(request, ak1, { timestamp: T0, expirationSeconds: 3600 });
    const c = signer.sign(
      request,
      { ...ak1, secretAccessKey: 'SK-rotated' },
      { timestamp: T0, expirationSeconds: 1800 },
    );
    expect(new Set([a.signingKey, b.signingKey, c.signingKey]).size).toBe(3);
    const expected = crypto
      .createHmac('sha256', ak1.secretAccessKey)
      .update(`bce-auth-v1/AKone/${formatBceTimestamp(T0)}/1800`)
      .digest('hex');
    expect(a.signingKey).toBe(expected);
  });

  it('a cached key still gives the same signature as a fresh signer', () => {
    const warm = new BceV1Signer();
    warm.sign(request, ak1, { timestamp: T0 });
    warm.sign(request, ak2, { timestamp: T0 });
    const again = warm.sign(request, ak1, { timestamp: T0 });
    expect(again.authorization).toBe(new BceV1Signer().sign(request, ak1, { timestamp: T0 }).authorization);
  });

  describe('through the client', () => {
    let server: LoopbackServer;
    const clients: BecClient[] = [];
    beforeEach(async () => {
      server = await startServer((_req, res) => sendJson(res, 200, {}));
    });
    afterEach(async () => {
      for (const c of clients.splice(0)) c.close();
      await server.close();
    });

    it('many calls within one second derive the key once; each new second once more', async () => {
      const credentials = { accessKeyId: SECRETS.accessKeyId, secretAccessKey: SECRETS.secretAccessKey };
      let nowMs = T0 * 1000;
      const client = new BecClient({ endpoint: server.endpoint, credentials, now: () => nowMs });
      clients.push(client);
      for (let i = 0; i < 10; i++) await client.getVmServiceDetail(`s-${i}`);
      expect(derivationsOf(SECRETS.secretAccessKey)).toBe(1);
      nowMs += 999; // same second
      await client.getVmServiceDetail('s-x');
      expect(derivationsOf(SECRETS.secretAccessKey)).toBe(1);
      nowMs += 1; // next second
      await client.getVmServiceDetail('s-y');
      expect(derivationsOf(SECRETS.secretAccessKey)).toBe(2);
      for (const r of server.requests) expect(signatureMatches(r, credentials)).toBe(true);
    });
  });
});

describe('session token', () => {
  const sts = { ...ak1, sessionToken: SECRETS.sessionToken };

  it('is added as a signed x-bce-security-token header and reported in addedHeaders', () => {
    const r = new BceV1Signer().sign(request, sts, { timestamp: T0 });
    expect(r.addedHeaders).toEqual({ 'x-bce-security-token': SECRETS.sessionToken });
    expect(r.signedHeaders.split(';')).toContain('x-bce-security-token');
    expect(r.canonicalRequest).toContain(`x-bce-security-token:${SECRETS.sessionToken}`);
    // The same request signed with the token as an ordinary header gives the same signature.
    const explicit = new BceV1Signer().sign(
      { ...request, headers: { ...request.headers, 'x-bce-security-token': SECRETS.sessionToken } },
      ak1,
      { timestamp: T0 },
    );
    expect(r.authorization).toBe(explicit.authorization);
  });

  it('is not added when the query already carries a non-empty x-bce-security-token', () => {
    const inQuery = { ...request, query: { 'x-bce-security-token': SECRETS.sessionToken } };
    const r = new BceV1Signer().sign(inQuery, sts, { timestamp: T0 });
    expect(r.addedHeaders).toEqual({});
    expect(r.signedHeaders.split(';')).not.toContain('x-bce-security-token');
    expect(r.canonicalRequest.split('\n')[2]).toBe(`x-bce-security-token=${SECRETS.sessionToken}`);
    const emptyInQuery = { ...request, query: { 'x-bce-security-token': '' } };
    expect(new BceV1Signer().sign(emptyInQuery, sts, { timestamp: T0 }).addedHeaders).toEqual({
      'x-bce-security-token': SECRETS.sessionToken,
    });
  });

  it('an empty token adds nothing', () => {
    const r = new BceV1Signer().sign(request, { ...ak1, sessionToken: '' }, { timestamp: T0 });
    expect(r.addedHeaders).toEqual({});
    expect(r.signedHeaders).toBe('content-type;host;x-bce-date');
  });

  it('replaces a token header given in another case instead of failing', () => {
    const withStale = { ...request, headers: { ...request.headers, 'X-Bce-Security-Token': 'stale-token' } };
    const r = new BceV1Signer().sign(withStale, sts, { timestamp: T0 });
    expect(r.canonicalRequest).toContain(`x-bce-security-token:${SECRETS.sessionToken}`);
    expect(r.canonicalRequest).not.toContain('stale-token');
  });
});

describe('refusals and header rules', () => {
  it.each([0, -2, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'expirationSeconds %s is refused',
    (expirationSeconds) => {
      expect(() => new BceV1Signer().sign(request, ak1, { timestamp: T0, expirationSeconds })).toThrow(RangeError);
    },
  );

  it('expirationSeconds -1 (no expiry) is accepted', () => {
    expect(new BceV1Signer().sign(request, ak1, { timestamp: T0, expirationSeconds: -1 }).authorization).toMatch(
      /^bce-auth-v1\/AKone\/2024-05-01T10:00:00Z\/-1\//,
    );
  });

  it('an empty headersToSign is refused; a given list is used (plus x-bce-*)', () => {
    expect(() => new BceV1Signer().sign(request, ak1, { timestamp: T0, headersToSign: [] })).toThrow(RangeError);
    const r = new BceV1Signer().sign(request, ak1, { timestamp: T0, headersToSign: ['Host'] });
    expect(r.signedHeaders).toBe('host;x-bce-date');
  });

  it('x-bce-request-id and authorization are never signed; empty values are skipped; values are trimmed', () => {
    const r = new BceV1Signer().sign(
      {
        ...request,
        headers: {
          host: 'bec.baidubce.com',
          'x-bce-request-id': 'f0e1d2c3-0000-4000-8000-000000000000',
          authorization: 'old',
          'x-bce-empty': '   ',
          'x-bce-meta': '\t padded value \n',
        },
      },
      ak1,
      { timestamp: T0 },
    );
    expect(r.signedHeaders).toBe('host;x-bce-meta');
    expect(r.canonicalRequest).toContain('x-bce-meta:padded%20value');
  });

  it('the same header in two cases is refused', () => {
    expect(() =>
      new BceV1Signer().sign({ ...request, headers: { 'x-bce-a': '1', 'X-Bce-A': '2' } }, ak1, { timestamp: T0 }),
    ).toThrow(TypeError);
  });

  it('printing a signer that has signed shows neither secrets nor signing keys', () => {
    const signer = new BceV1Signer();
    const r = signer.sign(request, { ...ak1, secretAccessKey: SECRETS.secretAccessKey }, { timestamp: T0 });
    for (const text of [inspect(signer, { showHidden: true, depth: 10 }), JSON.stringify(signer)]) {
      expect(text).not.toContain(SECRETS.secretAccessKey);
      expect(text).not.toContain(r.signingKey);
    }
  });
});

interface AuthVector {
  name: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  timestamp: string;
  expirationSeconds: number;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  headersToSign?: string[];
  expected: { canonicalRequest: string; signingKey: string; authorization: string };
}

const { cases } = JSON.parse(readFileSync(specFile('auth-vectors.json'), 'utf8')) as { cases: AuthVector[] };

describe('shared auth vectors', () => {
  it('are all there', () => {
    expect(cases.length).toBeGreaterThanOrEqual(170);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = new BceV1Signer().sign(
      { method: c.method, path: c.path, query: c.query ?? {}, headers: c.headers ?? {} },
      { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken },
      {
        timestamp: Date.parse(c.timestamp) / 1000,
        expirationSeconds: c.expirationSeconds,
        headersToSign: c.headersToSign,
      },
    );
    expect(result.canonicalRequest).toBe(c.expected.canonicalRequest);
    expect(result.signingKey).toBe(c.expected.signingKey);
    expect(result.authorization).toBe(c.expected.authorization);
  });
});
