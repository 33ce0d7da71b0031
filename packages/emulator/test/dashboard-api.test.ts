/**
 * The dashboard's server side without a browser: the page's guard and headers, its size, the JSON
 * endpoints it reads (resources, resource with history, journal filters and redacted details),
 * the bounds of the history and the journal details, and the CLI's dashboard line and --open.
 */
import { inspect } from 'node:util';
import { type RunningEmulator, runEmulatorCli, startEmulator } from 'bec-emulator';
import { BecClient } from 'bec-sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../src/clock.js';
import { ResourceHistory } from '../src/history.js';
import { captureExchange, isSecretName, MAX_DETAIL_BODY, redactText } from '../src/journal.js';
import { send, signed } from './core-helpers.js';
import { adminCall } from './support/admin.js';

const REGION = 'cn-hangzhou-cm';
const SECRET_PASS = 'Hunter2-very-secret';
let emu: RunningEmulator;
let client: BecClient;

beforeAll(async () => {
  emu = await startEmulator({
    clock: { mode: 'frozen', startMs: Date.parse('2025-06-01T08:00:00Z') },
    lifecycle: { mode: 'timed', durationMs: 5000 },
  });
  client = new BecClient({ endpoint: emu.endpoint, credentials: emu.credentials, maxRetries: 0 });
});

afterAll(async () => {
  await emu.close();
});

const page = (target: string, headers: Record<string, string> = {}) =>
  send(emu.endpoint, { method: 'GET', target, headers: { host: new URL(emu.endpoint).host, ...headers } });

describe('the dashboard page', () => {
  it('is served with the token, small and self-contained, with strict headers', async () => {
    expect(emu.dashboardUrl).toBe(`${emu.endpoint}/_emulator/ui?token=${emu.adminToken}`);
    const res = await page(new URL(emu.dashboardUrl).pathname + new URL(emu.dashboardUrl).search);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'sha256-/);
    expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\//); // no external asset
    expect(res.text).not.toContain(emu.adminToken);
    expect(Buffer.byteLength(res.text)).toBeLessThan(48 * 1024);
  });

  it('is refused without the token, with a wrong one, for another Host, cross-site, or not GET', async () => {
    const bare = await page('/_emulator/ui');
    expect(bare.status).toBe(401);
    expect(bare.text).toContain('needs the admin token');
    expect(bare.text).not.toContain('id="resources"');
    expect((await page(`/_emulator/ui?token=${'A'.repeat(43)}`)).status).toBe(401);
    const token = `/_emulator/ui?token=${emu.adminToken}`;
    expect((await page(token, { host: 'evil.example' })).status).toBe(403);
    expect((await page(token, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const post = await send(emu.endpoint, {
      method: 'POST',
      target: token,
      headers: { host: new URL(emu.endpoint).host },
      body: '',
    });
    expect(post.status).toBe(405);
    // The token in the query is taken by the page only, not by the JSON endpoints.
    const state = await send(emu.endpoint, {
      method: 'GET',
      target: `/_emulator/state?token=${emu.adminToken}`,
      headers: { host: new URL(emu.endpoint).host },
    });
    expect(state.status).toBe(401);
  });
});

describe('the JSON endpoints the page reads', () => {
  it('resources by kind with key fields; one resource with its lifecycle history', async () => {
    const { blbId } = await client.createAppBlb({ name: 'web', regionId: REGION });
    const list = (await adminCall(emu, 'GET', 'resources')).json as any;
    expect(list.account).toBe(emu.credentials.accessKeyId);
    expect(list.clock.iso).toBe('2025-06-01T08:00:00.000Z');
    const item = list.groups.find((g: any) => g.kind === 'appBlb').items.find((i: any) => i.id === blbId);
    expect(item).toMatchObject({ name: 'web', status: 'PENDING', region: REGION, next: 'RUNNING' });
    expect(item.due).toBe('2025-06-01T08:00:05.000Z');
    emu.clock.advance(10_000);
    const q = `resource?account=${emu.credentials.accessKeyId}&kind=appBlb&id=${blbId}`;
    const one = (await adminCall(emu, 'GET', q)).json as any;
    expect(one.record).toMatchObject({ blbId, name: 'web', status: 'RUNNING' });
    expect(one.history.map((e: any) => [e.at, e.event, e.status])).toEqual([
      ['2025-06-01T08:00:00.000Z', 'created', 'PENDING'],
      ['2025-06-01T08:00:05.000Z', 'changed', 'RUNNING'],
    ]);
    await client.deleteAppBlbInstance(blbId);
    emu.clock.advance(10_000);
    const gone = (await adminCall(emu, 'GET', q)).json as any;
    expect(gone.record).toBeNull();
    expect(gone.history.at(-1).event).toBe('deleted');
    expect((await adminCall(emu, 'GET', 'resource?account=x&kind=appBlb&id=nope')).status).toBe(404);
    expect((await adminCall(emu, 'GET', 'resource?kind=_clientToken&id=x&account=y')).status).toBe(400);
  });

  it('journal details keep request and response with secrets redacted; filters by operation, status, resource', async () => {
    const body = JSON.stringify({
      serviceName: 'svc-redact',
      adminPass: SECRET_PASS,
      nested: { password: SECRET_PASS },
    });
    const req = signed(emu.endpoint, emu.credentials, {
      method: 'POST',
      path: '/v1/vm/service',
      body,
      headers: { 'x-bce-security-token': 'session-token-value' },
    });
    await send(emu.endpoint, req);
    const [entry] = (await adminCall(emu, 'GET', 'journal?resource=svc-redact')).json as unknown as any[];
    expect(entry.operation).toBe('CreateVmService');
    const detail = (await adminCall(emu, 'GET', `journal/${entry.seq}`)).json as any;
    const text = JSON.stringify(detail);
    expect(text).toContain('svc-redact');
    expect(text).not.toContain(SECRET_PASS);
    expect(text).not.toContain('session-token-value');
    expect(text).not.toContain(req.headers.authorization);
    expect(detail.request.headers.authorization).toBe('[redacted]');
    expect(detail.response.status).toBe(entry.status);
    const ops = (await adminCall(emu, 'GET', 'journal?operation=CreateAppBlb')).json as unknown as any[];
    expect(ops.length).toBeGreaterThan(0);
    expect(new Set(ops.map((e) => e.operation))).toEqual(new Set(['CreateAppBlb']));
    const errors = (await adminCall(emu, 'GET', 'journal?status=4xx')).json as unknown as any[];
    expect(errors.every((e) => e.status >= 400 && e.status < 500)).toBe(true);
    expect((await adminCall(emu, 'GET', 'journal?status=teapot')).status).toBe(400);
    expect((await adminCall(emu, 'GET', 'journal/999999')).status).toBe(404);
  });
});

describe('bounds and redaction', () => {
  it('redacts before cutting, so no part of a secret survives a cut body', () => {
    const long = `{"pad":"${'x'.repeat(MAX_DETAIL_BODY - 20)}","adminPass":"${SECRET_PASS}"}`;
    const detail = captureExchange({
      method: 'POST',
      path: '/p',
      query: [
        ['authorization', 'bce-auth-v1/x'],
        ['clientToken', 'ct-1'],
      ],
      headers: { authorization: 'bce-auth-v1/AK/sig', cookie: 'c=1' },
      body: Buffer.from(long),
      status: 200,
      responseHeaders: {},
      responseBody: '{"secretAccessKey":"SK-abc","sessionToken":"st","clientToken":"ct-2"}',
    });
    const shown = JSON.stringify(detail) + inspect(detail, { depth: 9 });
    expect(shown).not.toMatch(/Hunter2|SK-abc|bce-auth-v1|"st"/);
    expect(detail.truncated).toBe(true);
    expect(detail.request.body.length).toBeLessThanOrEqual(MAX_DETAIL_BODY + 1);
    expect(detail.request.query).toEqual([
      ['authorization', '[redacted]'],
      ['clientToken', 'ct-1'],
    ]);
    expect(redactText('{"clientToken":"ct-2","signature":"s"}')).toBe(
      '{"clientToken":"ct-2","signature":"[redacted]"}',
    );
  });

  it('secret names are told the same way however many names came before (the answers kept by name are bounded)', () => {
    const names = ['adminPass', 'x-bce-security-token', 'SK', 'clientToken', 'client_token', 'serviceId', 'pass-word'];
    const expected = [true, true, true, false, false, false, true];
    expect(names.map(isSecretName)).toEqual(expected);
    for (let i = 0; i < 5000; i++) isSecretName(i % 2 ? `name${i}` : `token${i}`);
    expect(isSecretName('token4999x')).toBe(true);
    expect(isSecretName('name4999x')).toBe(false);
    expect(names.map(isSecretName)).toEqual(expected);
    expect(redactText('{"adminPass":"p","serviceId":"s-1"}')).toBe('{"adminPass":"[redacted]","serviceId":"s-1"}');
  });

  it('redactText changes exactly the values of secret-named members, as a replace over every member would', () => {
    const member = /"((?:[^"\\]|\\.){1,128})"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)/g;
    const reference = (text: string) =>
      text.replace(member, (whole, name: string, colon: string) =>
        isSecretName(name) ? `"${name}"${colon}"[redacted]"` : whole,
      );
    const piece = fc.constantFrom(
      '"adminPass"',
      '"serviceId"',
      '"token"',
      ':',
      ' : ',
      '"v"',
      '"a\\"b"',
      '12',
      'true',
      ',',
      '{',
      '}',
      '[',
      '"',
      '\\',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
        const text = pieces.join('');
        expect(redactText(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('history keeps at most its limits of events per resource and of resources', () => {
    const clock = new VirtualClock({ mode: 'frozen', startMs: 0 });
    const history = new ResourceHistory(clock, { events: 3, resources: 2 });
    for (let i = 0; i < 10; i++) {
      history.committed([{ account: 'a', kind: 'k', id: 'r1', value: { status: `S${i}` } }]);
    }
    expect(history.of('a', 'k', 'r1').map((e) => e.status)).toEqual(['S7', 'S8', 'S9']);
    history.committed([{ account: 'a', kind: 'k', id: 'r2', value: {} }]);
    history.committed([{ account: 'a', kind: 'k', id: 'r3', value: {} }]);
    expect(history.of('a', 'k', 'r1')).toEqual([]);
    expect(history.of('a', 'k', 'r3')).toHaveLength(1);
    history.committed([{ account: 'a', kind: '_clientToken', id: 't', value: {} }]);
    expect(history.of('a', '_clientToken', 't')).toEqual([]);
  });
});

describe('the command line', () => {
  it('prints the dashboard URL; --open opens it, and a failed open only prints the URL', async () => {
    const lines: string[] = [];
    const opened: string[] = [];
    const emulator = await runEmulatorCli(['--port', '0', '--open'], (l) => lines.push(l), {
      handleSignals: false,
      openBrowser: async (url) => {
        opened.push(url);
        return false;
      },
    });
    try {
      expect(lines).toContain(`  dashboard:   ${emulator!.dashboardUrl}`);
      expect(opened).toEqual([emulator!.dashboardUrl]);
      expect(lines.join('\n')).toContain('could not open a browser');
    } finally {
      await emulator!.close();
    }
  });
});
