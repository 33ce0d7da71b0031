import { type RunningEmulator, startEmulator } from 'bec-emulator';
import { BecClient } from 'bec-sdk';
import { operations } from 'bec-sdk/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, signed, TOY_KIND, toyHandlers } from './core-helpers.js';
import { adminCall } from './support/admin.js';

const AK1 = { accessKeyId: 'AKADMINTEST00000000000000000001', secretAccessKey: 'SKadmin-one' };
const AK2 = { accessKeyId: 'AKADMINTEST00000000000000000002', secretAccessKey: 'SKadmin-two' };
const REGION = 'cn-hangzhou-cm';

let emu: RunningEmulator;
let c1: BecClient;
let c2: BecClient;

async function admin(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any; headers: any }> {
  const res = await adminCall(emu, method, path, body);
  return { status: res.status, json: res.json, headers: res.headers };
}

beforeAll(async () => {
  emu = await startEmulator({
    accounts: [AK1, AK2],
    handlers: toyHandlers(),
    lifecycle: { mode: 'immediate' },
    clock: { mode: 'frozen', startMs: Date.parse('2025-06-01T00:00:00Z') },
    journalSize: 5,
  });
  c1 = new BecClient({ endpoint: emu.endpoint, credentials: AK1, maxRetries: 0 });
  c2 = new BecClient({ endpoint: emu.endpoint, credentials: AK2, maxRetries: 0 });
});

afterAll(async () => {
  await emu.close();
});

describe('admin API', () => {
  it('health and coverage (no signature needed)', async () => {
    const health = await admin('GET', 'health');
    expect(health.status).toBe(200);
    expect(health.headers['content-type']).toMatch(/application\/json/);
    expect(health.json).toEqual({ ok: true, operations: operations.length, implemented: 5 });
    const coverage = await admin('GET', 'coverage');
    expect(coverage.json.operations.sort()).toEqual(
      ['CreateAppBlb', 'DeleteAppBlbInstance', 'GetAppBlbDetails', 'GetAppBlbList', 'UpdateAppBlb'].sort(),
    );
    expect([...emu.coverage()].sort()).toEqual(coverage.json.operations);
  });

  it('state: every account, or one; no bookkeeping keys or kinds', async () => {
    const a = await c1.createAppBlb({ name: 'mine', regionId: REGION }, { clientToken: 'adm-1' });
    const b = await c2.createAppBlb({ name: 'theirs', regionId: REGION });
    const all = (await admin('GET', 'state')).json;
    expect(all[AK1.accessKeyId][TOY_KIND].map((r: any) => r.blbId)).toEqual([a.blbId]);
    expect(all[AK2.accessKeyId][TOY_KIND].map((r: any) => r.blbId)).toEqual([b.blbId]);
    expect(Object.keys(all[AK1.accessKeyId])).toEqual([TOY_KIND]); // the clientToken store is not shown
    const one = (await admin('GET', `state?account=${AK2.accessKeyId}`)).json;
    expect(Object.keys(one)).toEqual([AK2.accessKeyId]);
    expect(JSON.stringify(all)).not.toMatch(/"_/);
  });

  it('clock: read and advance; bad advances are 400', async () => {
    expect((await admin('GET', 'clock')).json).toEqual({
      now: Date.parse('2025-06-01T00:00:00Z'),
      iso: '2025-06-01T00:00:00Z',
      mode: 'frozen',
    });
    expect((await admin('POST', 'clock/advance', { ms: 90_000 })).json).toEqual({
      now: Date.parse('2025-06-01T00:01:30Z'),
      iso: '2025-06-01T00:01:30Z',
    });
    expect(emu.clock.isoNow()).toBe('2025-06-01T00:01:30Z');
    for (const body of [{}, { ms: -1 }, { ms: '5' }, { ms: null }]) {
      expect((await admin('POST', 'clock/advance', body)).status).toBe(400);
    }
    expect(emu.clock.isoNow()).toBe('2025-06-01T00:01:30Z');
  });

  it('journal: the newest requests (ring of journalSize), with limit; DELETE clears', async () => {
    await admin('DELETE', 'journal');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await c1.createAppBlb({ name: `j${i}`, regionId: REGION })).blbId);
    await c1.getAppBlbDetails('lb-missing00').catch(() => undefined);
    const journal = (await admin('GET', 'journal')).json as any[];
    expect(journal).toHaveLength(5);
    expect(journal.map((e) => e.operation)).toEqual([
      'CreateAppBlb',
      'CreateAppBlb',
      'CreateAppBlb',
      'CreateAppBlb',
      'GetAppBlbDetails',
    ]);
    const last = journal.at(-1);
    expect(last).toMatchObject({
      method: 'GET',
      path: '/v2/appblb/lb-missing00',
      account: AK1.accessKeyId,
      status: 404,
      code: 'NoSuchObject',
    });
    expect(typeof last.requestId).toBe('string');
    expect(typeof last.durationMs).toBe('number');
    expect(emu.journal).toEqual(journal);
    expect((await admin('GET', 'journal?limit=2')).json).toEqual(journal.slice(-2));
    expect((await admin('GET', 'journal?limit=0')).json).toEqual([]);
    expect((await admin('GET', 'journal?limit=x')).status).toBe(400);
    expect((await admin('DELETE', 'journal')).json).toEqual({ cleared: true });
    expect((await admin('GET', 'journal')).json).toEqual([]);
  });

  it('journal records rejected and unroutable requests too', async () => {
    await admin('DELETE', 'journal');
    const unsigned = signed(emu.endpoint, AK1, { method: 'GET', path: '/v2/appblb' });
    delete unsigned.headers.authorization;
    await send(emu.endpoint, unsigned);
    await send(emu.endpoint, { method: 'GET', target: '/v9/nothing', headers: { host: 'x' } });
    const journal = (await admin('GET', 'journal')).json as any[];
    expect(journal.map((e) => [e.status, e.code, e.operation ?? null])).toEqual([
      [403, 'AccessDenied', 'GetAppBlbList'],
      [404, 'ResourceNotFound', null],
    ]);
  });

  it('reset: clears state and journal, keeps faults unless asked', async () => {
    emu.faults.add({ id: 'kept', operation: 'GetAppBlbList', action: 'latency', latencyMs: 0 });
    expect((await admin('POST', 'reset')).json).toEqual({ reset: true });
    expect((await admin('GET', 'state')).json).toEqual({});
    expect((await admin('GET', 'journal')).json).toEqual([]);
    expect(emu.faults.size).toBe(1);
    expect((await c1.getAppBlbList({})).blbList).toEqual([]);
    await admin('POST', 'reset', { faults: true });
    expect(emu.faults.size).toBe(0);
    // A clientToken used before the reset is forgotten with the state.
    const again = await c1.createAppBlb({ name: 'mine', regionId: REGION }, { clientToken: 'adm-1' });
    expect(emu.state(AK1.accessKeyId)[AK1.accessKeyId]![TOY_KIND]!.map((r) => r.blbId)).toEqual([again.blbId]);
  });

  it('emu.reset() does the same from code', async () => {
    await c2.createAppBlb({ name: 'x', regionId: REGION });
    emu.reset();
    expect(emu.state()).toEqual({});
    expect(emu.journal).toEqual([]);
  });

  it('unknown endpoints and methods are 404; bad JSON is 400', async () => {
    expect((await admin('GET', 'nothing')).status).toBe(404);
    expect((await admin('PUT', 'health')).status).toBe(404);
    expect((await admin('GET', 'clock/advance')).status).toBe(404);
    const bad = await adminCall(emu, 'POST', 'reset', '[1,2]');
    expect(bad.status).toBe(400);
    expect(bad.json?.code).toBe('BadRequest');
  });
});

describe('routing of the BEC API', () => {
  it('unknown paths are 404 ResourceNotFound, known paths with another method 405', async () => {
    const unknown = await send(emu.endpoint, { method: 'GET', target: '/v1/nothing/here', headers: { host: 'x' } });
    expect([unknown.status, unknown.json?.code, unknown.headers['x-bce-exception-point']]).toEqual([
      404,
      'ResourceNotFound',
      'Gateway',
    ]);
    const wrongMethod = await send(emu.endpoint, { method: 'PATCH', target: '/v2/appblb', headers: { host: 'x' } });
    expect([wrongMethod.status, wrongMethod.json?.code]).toEqual([405, 'MethodNotAllowed']);
  });

  it('an operation without a handler answers 501 NotImplemented after authentication', async () => {
    const res = await send(emu.endpoint, signed(emu.endpoint, AK1, { method: 'GET', path: '/v1/vpc/list' }));
    expect([res.status, res.json?.code]).toEqual([501, 'NotImplemented']);
    const unsigned = await send(emu.endpoint, { method: 'GET', target: '/v1/vpc/list', headers: { host: 'x' } });
    expect(unsigned.json?.code).toBe('AccessDenied');
  });

  it('bad percent-encoding is 400 InvalidURI', async () => {
    const res = await send(emu.endpoint, { method: 'GET', target: '/v2/appblb/%E0%A4%A', headers: { host: 'x' } });
    expect([res.status, res.json?.code]).toEqual([400, 'InvalidURI']);
    const q = await send(emu.endpoint, { method: 'GET', target: '/v2/appblb?marker=%ZZ', headers: { host: 'x' } });
    expect([q.status, q.json?.code]).toEqual([400, 'InvalidURI']);
  });

  it('a body over the limit (1 MiB by default) is 413 LimitExceeded', async () => {
    const res = await send(emu.endpoint, {
      method: 'POST',
      target: '/v2/appblb',
      headers: { host: 'x', 'content-type': 'application/json' },
      body: Buffer.alloc(1024 * 1024 + 1, 32),
    });
    expect([res.status, res.json?.code]).toEqual([413, 'LimitExceeded']);
  });
});
