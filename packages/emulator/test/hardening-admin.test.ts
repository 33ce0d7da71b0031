/**
 * Issue 12, items 7, 8 and 11: the admin API obeys only its own user (token, host, origin, JSON),
 * every admin change is all or nothing, and fault rules use a pattern language that cannot hang.
 */
import { type RunningEmulator, runEmulatorCli, startEmulator } from 'bec-emulator';
import { BecClient } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, signed, toyHandlers } from './core-helpers.js';
import { adminCall, adminHeaders } from './support/admin.js';

const REGION = 'cn-hangzhou-cm';
let emu: RunningEmulator;
let bec: BecClient;
let port: string;

beforeAll(async () => {
  emu = await startEmulator({
    handlers: toyHandlers(),
    lifecycle: { mode: 'immediate' },
    clock: { mode: 'frozen', startMs: Date.parse('2025-06-01T00:00:00Z') },
    allowedHosts: ['emulator.test'],
  });
  bec = new BecClient({ endpoint: emu.endpoint, credentials: emu.credentials, maxRetries: 0 });
  port = new URL(emu.endpoint).port;
});

afterAll(async () => {
  bec.close();
  await emu.close();
});

async function blbCount(): Promise<number> {
  return (await bec.getAppBlbList({})).blbList.length;
}

describe('admin API: only for its own user (item 7)', () => {
  it('a random token per start, returned by startEmulator and required as a Bearer token', async () => {
    expect(emu.adminToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await startEmulator({ handlers: toyHandlers() });
    try {
      expect(other.adminToken).not.toBe(emu.adminToken);
    } finally {
      await other.close();
    }
    expect((await adminCall(emu, 'GET', 'health')).status).toBe(200);
    const none = await adminCall(emu, 'GET', 'state', undefined, { authorization: '' });
    expect([none.status, none.json?.code]).toEqual([401, 'Unauthorized']);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await adminCall(emu, 'GET', 'state', undefined, { authorization: 'Bearer not-the-token-at-all' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain(emu.adminToken);
  });

  it('a fixed token can be given; a weak one is refused', async () => {
    const fixed = await startEmulator({ handlers: toyHandlers(), adminToken: 'fixed-token-for-tests-0123' });
    try {
      expect(fixed.adminToken).toBe('fixed-token-for-tests-0123');
      expect((await adminCall(fixed, 'GET', 'health')).status).toBe(200);
    } finally {
      await fixed.close();
    }
    await expect(startEmulator({ adminToken: 'short' })).rejects.toThrow(/adminToken must be/);
    await expect(startEmulator({ adminToken: 'short' })).rejects.not.toThrow(/short/);
  });

  it('a text/plain (or form) POST cannot reset state: 415, nothing changes', async () => {
    await bec.createAppBlb({ name: 'kept', regionId: REGION });
    const before = await blbCount();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await adminCall(emu, 'POST', 'reset', '{}', { 'content-type': type });
      expect([res.status, res.json?.code]).toEqual([415, 'UnsupportedMediaType']);
    }
    const noType = await send(emu.endpoint, {
      method: 'POST',
      target: '/_emulator/reset',
      headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${emu.adminToken}` },
      body: '{}',
    });
    expect(noType.status).toBe(415);
    expect(await blbCount()).toBe(before);
  });

  it('Host must name the emulator on loopback (or an allowed host), with its port', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `emulator.test:${port}`]) {
      expect((await adminCall(emu, 'GET', 'health', undefined, { host })).status).toBe(200);
    }
    for (const host of ['evil.example', `evil.example:${port}`, `localhost:${Number(port) + 1}`, 'localhost', '']) {
      const res = await adminCall(emu, 'GET', 'state', undefined, { host });
      expect([host, res.status, res.json?.code]).toEqual([host, 403, 'AccessDenied']);
    }
    // Also with the right token: DNS rebinding would present the attacker's host name.
    const rebound = await adminCall(emu, 'POST', 'reset', {}, { host: `attacker.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(await blbCount()).toBeGreaterThan(0);
  });

  it('cross-site Origins and Sec-Fetch-Site are refused; same-origin is fine', async () => {
    const self = `http://127.0.0.1:${port}`;
    expect((await adminCall(emu, 'GET', 'health', undefined, { host: `127.0.0.1:${port}`, origin: self })).status).toBe(
      200,
    );
    for (const extra of [
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: `http://localhost:${port}` }, // another origin than the Host the request names
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ]) {
      const res = await adminCall(emu, 'POST', 'reset', {}, { host: `127.0.0.1:${port}`, ...extra });
      expect([extra, res.status]).toEqual([extra, 403]);
    }
    expect(await blbCount()).toBeGreaterThan(0);
  });

  it('the emulator command prints the token only in its two start-up lines (admin token, dashboard URL)', async () => {
    const lines: string[] = [];
    const cli = await runEmulatorCli(
      ['--port', '0', '--admin-token', 'cli-token-0123456789abcdef'],
      (l) => lines.push(l),
      {
        handleSignals: false,
      },
    );
    try {
      const text = lines.join('\n');
      const withToken = lines.filter((l) => l.includes('cli-token-0123456789abcdef'));
      expect(withToken).toHaveLength(2);
      expect(withToken[0]).toMatch(
        /^ {2}admin token: cli-token-0123456789abcdef \(send as Authorization: Bearer <token>\)$/,
      );
      expect(withToken[1]).toMatch(
        /^ {2}dashboard: +http:\/\/127\.0\.0\.1:\d+\/_emulator\/ui\?token=cli-token-0123456789abcdef$/,
      );
      expect(text.split('cli-token-0123456789abcdef').length - 1).toBe(2);
      expect(cli!.adminToken).toBe('cli-token-0123456789abcdef');
    } finally {
      await cli!.close();
    }
  });
});

describe('admin changes are all or nothing (item 8)', () => {
  it('clock/advance {"ms": 9e15} is 400 and the clock does not move; later writes still work', async () => {
    const before = emu.clock.now();
    const res = await adminCall(emu, 'POST', 'clock/advance', { ms: 9e15 });
    expect([res.status, res.json?.code]).toEqual([400, 'BadRequest']);
    expect(res.json?.message).toMatch(/cannot pass 9999-01-01/);
    expect(emu.clock.now()).toBe(before);
    expect(() => emu.clock.advance(9e15)).toThrow(RangeError);
    expect(emu.clock.now()).toBe(before);
    const created = await bec.createAppBlb({ name: 'after-advance', regionId: REGION });
    expect(created.blbId).toMatch(/^lb-/);
    expect((await adminCall(emu, 'GET', 'clock')).json?.now).toBe(before);
  });

  it('bad reset, lifecycle and fault bodies change nothing', async () => {
    const count = await blbCount();
    for (const [path, body] of [
      ['reset', { faults: 'yes' }],
      ['reset', { everything: true }],
      ['clock/advance', { ms: 5, extra: 1 }],
      ['lifecycle/complete', { kind: 7 }],
      ['lifecycle/complete', { id: 'x', typo: 1 }],
      [
        'faults',
        {
          rules: [
            { action: 'error', status: 503 },
            { action: 'error', status: 200 },
          ],
        },
      ],
      ['faults', { rules: [{ action: 'error', status: 503 }], seed: 1, action: 'reset' }],
      ['faults', { action: 'error', status: 503, pathh: '/v2/*' }],
    ] as const) {
      const res = await adminCall(emu, 'POST', path, body);
      expect([path, body, res.status]).toEqual([path, body, 400]);
    }
    expect(await blbCount()).toBe(count);
    expect(emu.faults.list()).toEqual([]);
  });

  it('a body that is not UTF-8 or not JSON is 400; one over the body limit is 413', async () => {
    expect((await adminCall(emu, 'POST', 'faults', Buffer.from([0x7b, 0xff, 0x7d]))).status).toBe(400);
    expect((await adminCall(emu, 'POST', 'faults', '{nope')).status).toBe(400);
    const big = await adminCall(emu, 'POST', 'faults', `{"message":"${'x'.repeat(emu.limits.maxBodyBytes)}"}`);
    expect([big.status, big.json?.code]).toEqual([413, 'LimitExceeded']);
  });
});

describe('fault rules: a safe pattern language; malformed input is 400 (item 11)', () => {
  it('malformed fault ids are 400, never 500', async () => {
    for (const target of ['faults/%E0%A4%A', 'faults/%ZZ', 'faults/a%2Fb', 'faults/a/b', `faults/${'x'.repeat(200)}`]) {
      for (const method of ['GET', 'DELETE']) {
        const res = await send(emu.endpoint, { method, target: `/_emulator/${target}`, headers: adminHeaders(emu) });
        expect([method, target, res.status]).toEqual([method, target, 400]);
      }
    }
  });

  it('regular expressions are refused (a catastrophic one can no longer hang the server)', async () => {
    for (const path of ['^/v2/(a+)+$', '(', '/v2/appblb/[a-z]+', '/v2/.*\\d']) {
      const res = await adminCall(emu, 'POST', 'faults', { path, action: 'error', status: 503 });
      expect([path, res.status]).toEqual([path, 400]);
    }
    await expect(startEmulator({ faults: { rules: [{ path: '^(a|a)*$', action: 'reset' }] } })).rejects.toThrow(
      TypeError,
    );
  });

  it('* globs match without backtracking, even with many stars against a long path', async () => {
    const stars = `/v2/appblb/${'*a'.repeat(200)}*b`;
    const added = await adminCall(emu, 'POST', 'faults', { id: 'glob', path: stars, action: 'error', status: 503 });
    expect(added.status).toBe(201);
    // A long path of a's with no b: a backtracking matcher would take exponential time here.
    const id = `lb-${'a'.repeat(3000)}`;
    const res = await send(
      emu.endpoint,
      signed(emu.endpoint, emu.credentials, { method: 'GET', path: `/v2/appblb/${id}` }),
    );
    expect(res.status).not.toBe(503); // the rule did not match: the request went on to routing and the handler
    expect(emu.faults.get('glob')?.fired).toBe(0);
    expect((await adminCall(emu, 'DELETE', 'faults/glob')).status).toBe(200);
  });
});
