import { type RunningEmulator, startEmulator } from 'bec-emulator';
import { BceServiceError, BecClient } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authParts,
  bceTime,
  joinAuth,
  md5,
  type RawRequest,
  type RawResponse,
  send,
  signed,
  TOY_KIND,
  target,
  toyHandlers,
} from './core-helpers.js';

const AK1 = { accessKeyId: 'AKCORETEST0000000000000000000001', secretAccessKey: 'SKSECRET-core-one-4f1c9a7e2b' };
const AK2 = { accessKeyId: 'AKCORETEST0000000000000000000002', secretAccessKey: 'SKSECRET-core-two-8d3e6b1f0c' };
const STS = {
  accessKeyId: 'AKSTSCORETEST000000000000000003',
  secretAccessKey: 'SKSECRET-sts-three-77aa01',
  sessionToken: 'STSTOKEN-abc/def+ghi==-very-secret',
};
const TEAM_A = { accessKeyId: 'AKTEAMMEMBER0000000000000000001', secretAccessKey: 'SKteam-1', accountId: 'team' };
const TEAM_B = { accessKeyId: 'AKTEAMMEMBER0000000000000000002', secretAccessKey: 'SKteam-2', accountId: 'team' };

const SECRETS = [AK1.secretAccessKey, AK2.secretAccessKey, STS.secretAccessKey, STS.sessionToken];

let emu: RunningEmulator;
let c1: BecClient;
let c2: BecClient;
let blbId: string;

function client(creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, extra = {}) {
  return new BecClient({ endpoint: emu.endpoint, credentials: creds, maxRetries: 0, ...extra });
}

function expectNoSecrets(res: RawResponse): void {
  const all = `${res.text}\n${JSON.stringify(res.headers)}`;
  for (const secret of SECRETS) expect(all).not.toContain(secret);
}

async function expectRejected(req: RawRequest, status: number, code: string): Promise<RawResponse> {
  const res = await send(emu.endpoint, req);
  expect({ status: res.status, code: res.json?.code }).toEqual({ status, code });
  expect(res.headers['x-bce-error-code']).toBe(code);
  expect(res.headers['x-bce-exception-point']).toBe('Gateway');
  expect(res.headers['x-bce-request-id']).toBeTruthy();
  expect(res.json?.requestId).toBe(res.headers['x-bce-request-id']);
  expect(typeof res.json?.message).toBe('string');
  expectNoSecrets(res);
  return res;
}

beforeAll(async () => {
  emu = await startEmulator({
    accounts: [AK1, AK2, STS, TEAM_A, TEAM_B],
    handlers: toyHandlers(),
    lifecycle: { mode: 'immediate' },
  });
  c1 = client(AK1);
  c2 = client(AK2);
  blbId = (await c1.createAppBlb({ name: 'auth-target', regionId: 'cn-hangzhou-cm' })).blbId;
});

afterAll(async () => {
  await emu.close();
});

describe('signed requests that pass', () => {
  it('accepts the SDK client and a raw request signed with BceV1Signer', async () => {
    expect((await c1.getAppBlbDetails(blbId)).name).toBe('auth-target');
    const res = await send(emu.endpoint, signed(emu.endpoint, AK1, { method: 'GET', path: `/v2/appblb/${blbId}` }));
    expect(res.status).toBe(200);
    expect(res.json?.blbId).toBe(blbId);
  });

  it('accepts expiration -1 (never expires) within the allowed clock skew', async () => {
    const req = signed(emu.endpoint, AK1, { method: 'GET', path: `/v2/appblb/${blbId}` }, { expirationSeconds: -1 });
    expect((await send(emu.endpoint, req)).status).toBe(200);
  });

  it('accepts a body without a signed content-md5 (BEC documents signing only host and x-bce-date)', async () => {
    const body = JSON.stringify({ name: 'renamed-once' });
    const req = signed(
      emu.endpoint,
      AK1,
      { method: 'PUT', path: `/v2/appblb/${blbId}`, body },
      { headersToSign: ['host'] },
    );
    delete req.headers['content-md5'];
    expect(authParts(req.headers.authorization!).signedHeaders).toBe('host;x-bce-date');
    expect((await send(emu.endpoint, req)).status).toBe(200);
    expect((await c1.getAppBlbDetails(blbId)).name).toBe('renamed-once');
  });

  it('accepts a signed replay of the same request before it expires (BCE keeps no nonce)', async () => {
    const req = signed(emu.endpoint, AK1, { method: 'GET', path: `/v2/appblb/${blbId}` });
    expect((await send(emu.endpoint, req)).status).toBe(200);
    expect((await send(emu.endpoint, req)).status).toBe(200);
  });
});

describe('each signed component changed after signing', () => {
  const detail = () => signed(emu.endpoint, AK1, { method: 'GET', path: `/v2/appblb/${blbId}` });

  it('baseline: the unchanged request passes', async () => {
    expect((await send(emu.endpoint, detail())).status).toBe(200);
  });

  it('method (GET signed, DELETE sent) - and nothing is deleted', async () => {
    const req = detail();
    req.method = 'DELETE';
    await expectRejected(req, 400, 'SignatureDoesNotMatch');
    expect((await c1.getAppBlbDetails(blbId)).blbId).toBe(blbId);
  });

  it('path', async () => {
    const req = detail();
    req.target = target('/v2/appblb/lb-other000');
    await expectRejected(req, 400, 'SignatureDoesNotMatch');
  });

  it('host header', async () => {
    const req = detail();
    req.headers.host = `localhost:${new URL(emu.endpoint).port}`;
    await expectRejected(req, 400, 'SignatureDoesNotMatch');
  });

  it('content-type header', async () => {
    const req = detail();
    req.headers['content-type'] = 'application/json; charset=UTF-8';
    await expectRejected(req, 400, 'SignatureDoesNotMatch');
  });

  it('x-bce-date by one second', async () => {
    const req = detail();
    req.headers['x-bce-date'] = bceTime(Date.parse(req.headers['x-bce-date']!) / 1000 + 1);
    await expectRejected(req, 400, 'SignatureDoesNotMatch');
  });

  it('a custom signed x-bce-* header', async () => {
    const req = signed(emu.endpoint, AK1, {
      method: 'GET',
      path: `/v2/appblb/${blbId}`,
      headers: { 'x-bce-trace': 'one' },
    });
    expect(authParts(req.headers.authorization!).signedHeaders).toContain('x-bce-trace');
    expect((await send(emu.endpoint, { ...req, headers: { ...req.headers } })).status).toBe(200);
    req.headers['x-bce-trace'] = 'two';
    await expectRejected(req, 400, 'SignatureDoesNotMatch');
  });

  it('a signed header removed: the message names it', async () => {
    const req = detail();
    delete req.headers['content-type'];
    const res = await expectRejected(req, 400, 'SignatureDoesNotMatch');
    expect(res.json?.message).toContain('content-type');
  });

  it('the signed-headers list', async () => {
    const req = detail();
    const p = authParts(req.headers.authorization!);
    p.signedHeaders = p.signedHeaders.replace('content-type;', '');
    req.headers.authorization = joinAuth(p);
    await expectRejected(req, 400, 'SignatureDoesNotMatch');
  });

  it('the timestamp in the Authorization header by one second', async () => {
    const req = detail();
    const p = authParts(req.headers.authorization!);
    p.timestamp = bceTime(Date.parse(p.timestamp) / 1000 + 1);
    req.headers.authorization = joinAuth(p);
    await expectRejected(req, 400, 'SignatureDoesNotMatch');
  });

  it('the expiration', async () => {
    const req = detail();
    const p = authParts(req.headers.authorization!);
    p.expiration = '1801';
    req.headers.authorization = joinAuth(p);
    await expectRejected(req, 400, 'SignatureDoesNotMatch');
  });

  it('the access key (another existing key)', async () => {
    const req = detail();
    const p = authParts(req.headers.authorization!);
    p.ak = AK2.accessKeyId;
    req.headers.authorization = joinAuth(p);
    await expectRejected(req, 400, 'SignatureDoesNotMatch');
  });

  it('the access key (unknown key)', async () => {
    const req = detail();
    const p = authParts(req.headers.authorization!);
    p.ak = 'AKUNKNOWN0000000000000000000000';
    req.headers.authorization = joinAuth(p);
    const res = await expectRejected(req, 403, 'InvalidAccessKeyId');
    expect(res.json?.message).toContain('AKUNKNOWN');
  });

  it('the signature itself (one hex digit)', async () => {
    const req = detail();
    const p = authParts(req.headers.authorization!);
    p.signature = (p.signature[0] === 'a' ? 'b' : 'a') + p.signature.slice(1);
    req.headers.authorization = joinAuth(p);
    await expectRejected(req, 400, 'SignatureDoesNotMatch');
  });

  it('an extra query parameter', async () => {
    const req = detail();
    req.target += '?extra=1';
    await expectRejected(req, 400, 'SignatureDoesNotMatch');
  });

  describe('each query pair of a list request', () => {
    const query: Array<[string, string]> = [
      ['marker', 'lb-zzzz0000'],
      ['maxKeys', '10'],
    ];
    const list = () => signed(emu.endpoint, AK1, { method: 'GET', path: '/v2/appblb', query });

    it('baseline passes', async () => {
      expect((await send(emu.endpoint, list())).status).toBe(200);
    });

    for (const [i, [key]] of query.entries()) {
      it(`${key}: value changed`, async () => {
        const req = list();
        const q = query.map((p) => [...p] as [string, string]);
        q[i]![1] = `${q[i]![1]}0`;
        req.target = target('/v2/appblb', q);
        await expectRejected(req, 400, 'SignatureDoesNotMatch');
      });
      it(`${key}: removed`, async () => {
        const req = list();
        req.target = target(
          '/v2/appblb',
          query.filter((_, j) => j !== i),
        );
        await expectRejected(req, 400, 'SignatureDoesNotMatch');
      });
      it(`${key}: renamed`, async () => {
        const req = list();
        const q = query.map((p) => [...p] as [string, string]);
        q[i]![0] = `${key}X`;
        req.target = target('/v2/appblb', q);
        await expectRejected(req, 400, 'SignatureDoesNotMatch');
      });
    }
  });

  describe('a request with a body', () => {
    const body = JSON.stringify({ name: 'renamed-by-put', desc: 'd' });
    const put = () =>
      signed(emu.endpoint, AK1, {
        method: 'PUT',
        path: `/v2/appblb/${blbId}`,
        query: [['clientToken', 'tok-body-1']],
        body,
      });
    const nameNow = async () => (await c1.getAppBlbDetails(blbId)).name;

    it('body changed, content-md5 kept: BadDigest, nothing changed', async () => {
      const before = await nameNow();
      const req = put();
      req.body = body.replace('renamed-by-put', 'renamed-by-PUT');
      await expectRejected(req, 400, 'BadDigest');
      expect(await nameNow()).toBe(before);
    });

    it('body and content-md5 changed together: SignatureDoesNotMatch', async () => {
      const req = put();
      req.body = body.replace('renamed-by-put', 'tampered-name!');
      req.headers['content-md5'] = md5(req.body);
      req.headers['content-length'] = String(Buffer.byteLength(req.body));
      await expectRejected(req, 400, 'SignatureDoesNotMatch');
    });

    it('content-md5 removed', async () => {
      const req = put();
      delete req.headers['content-md5'];
      await expectRejected(req, 400, 'SignatureDoesNotMatch');
    });

    it('clientToken query changed', async () => {
      const req = put();
      req.target = target(`/v2/appblb/${blbId}`, [['clientToken', 'tok-body-2']]);
      await expectRejected(req, 400, 'SignatureDoesNotMatch');
    });

    it('baseline passes and changes the name', async () => {
      expect((await send(emu.endpoint, put())).status).toBe(200);
      expect(await nameNow()).toBe('renamed-by-put');
    });
  });
});

describe('time', () => {
  const path = () => `/v2/appblb/${blbId}`;
  const now = () => Math.floor(Date.now() / 1000);

  it('expired: timestamp + expiration in the past -> RequestExpired', async () => {
    const req = signed(emu.endpoint, AK1, { method: 'GET', path: path() }, { timestamp: now() - 3600 });
    const res = await expectRejected(req, 400, 'RequestExpired');
    expect(res.json?.message).toMatch(/expired after 1800 seconds/);
  });

  it('signed 20 minutes ago with a long expiration -> RequestTimeTooSkewed', async () => {
    const req = signed(
      emu.endpoint,
      AK1,
      { method: 'GET', path: path() },
      { timestamp: now() - 20 * 60, expirationSeconds: 7200 },
    );
    await expectRejected(req, 403, 'RequestTimeTooSkewed');
  });

  it('signed 20 minutes in the future -> RequestTimeTooSkewed', async () => {
    const req = signed(emu.endpoint, AK1, { method: 'GET', path: path() }, { timestamp: now() + 20 * 60 });
    await expectRejected(req, 403, 'RequestTimeTooSkewed');
  });

  it('an x-bce-date an hour off the real clock -> RequestTimeTooSkewed', async () => {
    const req = signed(emu.endpoint, AK1, {
      method: 'GET',
      path: path(),
      headers: { 'x-bce-date': bceTime(now() - 3600) },
    });
    const res = await expectRejected(req, 403, 'RequestTimeTooSkewed');
    expect(res.json?.message).toContain('x-bce-date');
  });

  it('an x-bce-date that is not a BCE time -> InvalidHTTPRequest', async () => {
    const req = signed(emu.endpoint, AK1, {
      method: 'GET',
      path: path(),
      headers: { 'x-bce-date': 'Mon, 27 Apr 2015 16:23:49 +0800' },
    });
    await expectRejected(req, 400, 'InvalidHTTPRequest');
  });

  it('the SDK with a slow clock gets RequestTimeTooSkewed', async () => {
    const slow = client(AK1, { now: () => Date.now() - 30 * 60 * 1000, signatureExpirationSeconds: 7200 });
    const err = await slow.getAppBlbDetails(blbId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BceServiceError);
    expect((err as BceServiceError).code).toBe('RequestTimeTooSkewed');
    expect((err as BceServiceError).statusCode).toBe(403);
  });

  it('an impossible timestamp (Feb 30) -> InvalidHTTPAuthHeader', async () => {
    const req = signed(emu.endpoint, AK1, { method: 'GET', path: path() });
    const p = authParts(req.headers.authorization!);
    p.timestamp = '2024-02-30T00:00:00Z';
    req.headers.authorization = joinAuth(p);
    await expectRejected(req, 400, 'InvalidHTTPAuthHeader');
  });

  it('expiration 0 or below -1 -> InvalidHTTPAuthHeader', async () => {
    for (const expiration of ['0', '-2']) {
      const req = signed(emu.endpoint, AK1, { method: 'GET', path: path() });
      const p = authParts(req.headers.authorization!);
      p.expiration = expiration;
      req.headers.authorization = joinAuth(p);
      await expectRejected(req, 400, 'InvalidHTTPAuthHeader');
    }
  });

  it('a captured request replayed after it expired -> RequestExpired', async () => {
    const timestamp = now();
    const req = signed(emu.endpoint, AK1, { method: 'GET', path: path() }, { timestamp, expirationSeconds: 2 });
    expect((await send(emu.endpoint, req)).status).toBe(200);
    await new Promise((r) => setTimeout(r, timestamp * 1000 + 2100 - Date.now()));
    await expectRejected(req, 400, 'RequestExpired');
  });
});

describe('the Authorization header itself', () => {
  const base = () => signed(emu.endpoint, AK1, { method: 'GET', path: `/v2/appblb/${blbId}` });

  it('missing -> AccessDenied', async () => {
    const req = base();
    delete req.headers.authorization;
    const res = await expectRejected(req, 403, 'AccessDenied');
    expect(res.json?.message).toMatch(/no Authorization header/);
  });

  it.each([
    ['another scheme', 'Bearer abc'],
    ['auth version 2', (a: string) => a.replace('bce-auth-v1', 'bce-auth-v2')],
    ['a missing part', (a: string) => a.split('/').slice(0, 5).join('/')],
    ['an upper-case signature', (a: string) => a.replace(/[0-9a-f]{64}$/, (s) => s.toUpperCase().replace(/^\d/, 'A'))],
    ['a short signature', (a: string) => a.slice(0, -1)],
    ['a timestamp with milliseconds', (a: string) => a.replace(/(\d{2}:\d{2}:\d{2})Z/, '$1.000Z')],
  ])('malformed (%s) -> InvalidHTTPAuthHeader', async (_name, change) => {
    const req = base();
    req.headers.authorization = typeof change === 'string' ? change : change(req.headers.authorization!);
    await expectRejected(req, 400, 'InvalidHTTPAuthHeader');
  });

  it('signed headers without host -> InvalidHTTPAuthHeader', async () => {
    const req = signed(emu.endpoint, AK1, { method: 'GET', path: `/v2/appblb/${blbId}` }, { noHost: true });
    expect(authParts(req.headers.authorization!).signedHeaders).not.toContain('host');
    req.headers.host = new URL(emu.endpoint).host;
    const res = await expectRejected(req, 400, 'InvalidHTTPAuthHeader');
    expect(res.json?.message).toMatch(/must include host/);
  });
});

describe('error messages', () => {
  it('a signature mismatch shows our canonical request, never the secret key', async () => {
    const wrong = client({ accessKeyId: AK1.accessKeyId, secretAccessKey: 'SK-wrong-secret-value' });
    const err = (await wrong.getAppBlbDetails(blbId).catch((e: unknown) => e)) as BceServiceError;
    expect(err).toBeInstanceOf(BceServiceError);
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(err.message).toContain(`GET\\n/v2/appblb/${blbId}\\n\\n`);
    expect(err.message).toContain('host:127.0.0.1');
    expect(err.message).toContain('signed headers content-type;host;x-bce-date');
    for (const secret of [...SECRETS, 'SK-wrong-secret-value']) expect(err.message).not.toContain(secret);
  });

  it('the canonical request in the message is the one that verifies', async () => {
    // Sign over the path with one character changed: the message must show the path received.
    const req = signed(emu.endpoint, AK1, { method: 'GET', path: `/v2/appblb/${blbId}` });
    req.target = target(`/v2/appblb/${blbId}x`);
    const res = await expectRejected(req, 400, 'SignatureDoesNotMatch');
    expect(res.json?.message).toContain(`/v2/appblb/${blbId}x`);
  });
});

describe('STS session tokens', () => {
  it('an STS key works with its token (the SDK sends it signed)', async () => {
    const sts = client(STS);
    const created = await sts.createAppBlb({ name: 'sts-made', regionId: 'cn-hangzhou-cm' });
    expect((await sts.getAppBlbDetails(created.blbId)).name).toBe('sts-made');
  });

  it('the same keys without the token -> InvalidSessionToken', async () => {
    const req = signed(
      emu.endpoint,
      { accessKeyId: STS.accessKeyId, secretAccessKey: STS.secretAccessKey },
      {
        method: 'GET',
        path: '/v2/appblb',
      },
    );
    const res = await expectRejected(req, 403, 'InvalidSessionToken');
    expect(res.json?.message).toContain('x-bce-security-token');
  });

  it('a wrong token -> InvalidSessionToken, neither token echoed', async () => {
    const req = signed(
      emu.endpoint,
      { ...STS, sessionToken: 'STSTOKEN-forged' },
      { method: 'GET', path: '/v2/appblb' },
    );
    const res = await expectRejected(req, 403, 'InvalidSessionToken');
    expect(res.text).not.toContain('STSTOKEN-forged');
  });

  it('the token may be a signed query parameter instead of a header', async () => {
    const req = signed(emu.endpoint, STS, {
      method: 'GET',
      path: '/v2/appblb',
      query: [['x-bce-security-token', STS.sessionToken]],
    });
    expect(req.headers['x-bce-security-token']).toBeUndefined();
    expect((await send(emu.endpoint, req)).status).toBe(200);
  });

  it('a signature mismatch with an STS key hides the token in the canonical request', async () => {
    const req = signed(emu.endpoint, STS, { method: 'GET', path: '/v2/appblb' });
    const p = authParts(req.headers.authorization!);
    p.signature = (p.signature[0] === 'a' ? 'b' : 'a') + p.signature.slice(1);
    req.headers.authorization = joinAuth(p);
    const res = await expectRejected(req, 400, 'SignatureDoesNotMatch');
    expect(res.json?.message).toContain('x-bce-security-token:[REDACTED]');
  });
});

describe('tenants', () => {
  it('AK1 creates; AK2 cannot read, change or delete it (404), lists are per account', async () => {
    const mine = await c1.createAppBlb({ name: 'only-mine', regionId: 'cn-hangzhou-cm' });
    for (const call of [
      () => c2.getAppBlbDetails(mine.blbId),
      () => c2.updateAppBlb(mine.blbId, { name: 'stolen' }),
      () => c2.deleteAppBlbInstance(mine.blbId),
    ]) {
      const err = (await call().catch((e: unknown) => e)) as BceServiceError;
      expect(err).toBeInstanceOf(BceServiceError);
      expect([err.statusCode, err.code]).toEqual([404, 'NoSuchObject']);
    }
    expect((await c1.getAppBlbDetails(mine.blbId)).name).toBe('only-mine');
    const ids1 = (await c1.getAppBlbList({})).blbList.map((b) => b.blbId);
    const ids2 = (await c2.getAppBlbList({})).blbList.map((b) => b.blbId);
    expect(ids1).toContain(mine.blbId);
    expect(ids2).not.toContain(mine.blbId);
    expect(emu.state(AK1.accessKeyId)[AK1.accessKeyId]?.[TOY_KIND]?.map((r) => r.blbId)).toContain(mine.blbId);
    expect(emu.state(AK2.accessKeyId)[AK2.accessKeyId]?.[TOY_KIND] ?? []).toEqual([]);
  });

  it('keys with the same accountId share one tenant', async () => {
    const a = client(TEAM_A);
    const b = client(TEAM_B);
    const made = await a.createAppBlb({ name: 'team-thing', regionId: 'cn-hangzhou-cm' });
    expect((await b.getAppBlbDetails(made.blbId)).name).toBe('team-thing');
    expect(Object.keys(emu.state('team'))).toEqual(['team']);
  });
});

describe('loose and off modes', () => {
  it('loose: accepts a bad signature and an expired one, logging why (without secrets)', async () => {
    const lines: string[] = [];
    const loose = await startEmulator({
      accounts: [AK1],
      auth: 'loose',
      handlers: toyHandlers(),
      log: (l) => lines.push(l),
    });
    try {
      const bad = new BecClient({
        endpoint: loose.endpoint,
        credentials: { accessKeyId: AK1.accessKeyId, secretAccessKey: 'SK-not-the-right-one' },
        maxRetries: 0,
      });
      const made = await bad.createAppBlb({ name: 'loosely', regionId: 'cn-hangzhou-cm' });
      expect(made.blbId).toMatch(/^lb-/);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('[loose auth] POST /v2/appblb');
      expect(lines[0]).toContain('SignatureDoesNotMatch');
      const old = signed(
        loose.endpoint,
        AK1,
        { method: 'GET', path: `/v2/appblb/${made.blbId}` },
        { timestamp: Math.floor(Date.now() / 1000) - 7200 },
      );
      expect((await send(loose.endpoint, old)).status).toBe(200);
      expect(lines[1]).toContain('RequestExpired');
      for (const l of lines) for (const s of [...SECRETS, 'SK-not-the-right-one']) expect(l).not.toContain(s);
      // What cannot be tied to an account is still refused.
      const unsigned = old;
      delete unsigned.headers.authorization;
      expect((await send(loose.endpoint, unsigned)).json?.code).toBe('AccessDenied');
      const stranger = signed(
        loose.endpoint,
        { accessKeyId: 'AKSTRANGER', secretAccessKey: 'x' },
        {
          method: 'GET',
          path: '/v2/appblb',
        },
      );
      expect((await send(loose.endpoint, stranger)).json?.code).toBe('InvalidAccessKeyId');
    } finally {
      await loose.close();
    }
  });

  it('off: unsigned requests go to the first account; a parsable header picks its account', async () => {
    const off = await startEmulator({ accounts: [AK1, AK2], auth: 'off', handlers: toyHandlers() });
    try {
      const body = JSON.stringify({ name: 'unsigned', regionId: 'cn-hangzhou-cm' });
      const res = await send(off.endpoint, {
        method: 'POST',
        target: '/v2/appblb',
        headers: { host: 'x', 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(200);
      const id = res.json?.blbId as string;
      expect(off.state()[AK1.accessKeyId]?.[TOY_KIND]?.[0]?.blbId).toBe(id);
      const asAk2 = signed(
        off.endpoint,
        { ...AK2, secretAccessKey: 'anything' },
        {
          method: 'GET',
          path: `/v2/appblb/${id}`,
        },
      );
      expect((await send(off.endpoint, asAk2)).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
