import { type FaultRule, type RunningEmulator, startEmulator } from 'bec-emulator';
import { BceNetworkError, BceServiceError, BceTimeoutError, BecClient } from 'bec-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { send, signed, TOY_KIND, toyHandlers } from './core-helpers.js';
import { adminCall } from './support/admin.js';

const AK1 = { accessKeyId: 'AKFAULTS00000000000000000000001', secretAccessKey: 'SKfaults-one' };
const AK2 = { accessKeyId: 'AKFAULTS00000000000000000000002', secretAccessKey: 'SKfaults-two' };
const REGION = 'cn-hangzhou-cm';

let emu: RunningEmulator;
let c1: BecClient;
let c2: BecClient;
let blbId: string;

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await adminCall(emu, method, path, body);
  return { status: res.status, json: res.json };
}

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof BceServiceError) return `${err.statusCode} ${err.code}`;
    if (err instanceof BceTimeoutError) return 'timeout';
    if (err instanceof BceNetworkError) return 'network';
    throw err;
  }
}

function toyCount(account = AK1.accessKeyId): number {
  return emu.state(account)[account]?.[TOY_KIND]?.length ?? 0;
}

beforeAll(async () => {
  emu = await startEmulator({ accounts: [AK1, AK2], handlers: toyHandlers(), lifecycle: { mode: 'immediate' } });
  c1 = new BecClient({ endpoint: emu.endpoint, credentials: AK1, maxRetries: 0 });
  c2 = new BecClient({ endpoint: emu.endpoint, credentials: AK2, maxRetries: 0 });
  blbId = (await c1.createAppBlb({ name: 'fault-target', regionId: REGION })).blbId;
});

afterEach(() => {
  emu.faults.clear();
});

afterAll(async () => {
  await emu.close();
});

describe('selectors', () => {
  it('by operation: only that operation fails', async () => {
    emu.faults.add({ operation: 'GetAppBlbDetails', action: 'error', status: 503 });
    expect(await outcome(c1.getAppBlbDetails(blbId))).toBe('503 ServiceUnavailable');
    expect(await outcome(c1.getAppBlbList({}))).toBe('ok');
  });

  it('by method (any case)', async () => {
    emu.faults.add({ method: 'put', action: 'error', status: 500, code: 'InternalError' });
    expect(await outcome(c1.updateAppBlb(blbId, { name: 'x1' }, { maxRetries: 0 }))).toBe('500 InternalError');
    expect(await outcome(c1.getAppBlbDetails(blbId))).toBe('ok');
  });

  it('by path: exact, or a * glob', async () => {
    emu.faults.add({ path: `/v2/appblb/${blbId}`, action: 'error', status: 404, code: 'NoSuchObject', count: 1 });
    expect(await outcome(c1.getAppBlbDetails(blbId))).toBe('404 NoSuchObject');
    expect(await outcome(c1.getAppBlbList({}))).toBe('ok');
    emu.faults.add({ path: '/v2/*blb/*', action: 'error', status: 503, count: 1 });
    expect(await outcome(c1.getAppBlbList({}))).toBe('ok'); // /v2/appblb has no second segment
    expect(await outcome(c1.getAppBlbDetails(blbId))).toBe('503 ServiceUnavailable');
  });

  it('by account: other tenants are unaffected', async () => {
    emu.faults.add({ account: AK2.accessKeyId, action: 'error', status: 429, code: 'TooManyRequests' });
    expect(await outcome(c2.getAppBlbList({}))).toBe('429 TooManyRequests');
    expect(await outcome(c1.getAppBlbList({}))).toBe('ok');
  });

  it('selectors combine (all must match)', async () => {
    emu.faults.add({ operation: 'GetAppBlbList', account: AK2.accessKeyId, action: 'error', status: 503 });
    expect(await outcome(c1.getAppBlbList({}))).toBe('ok');
    expect(await outcome(c2.getAppBlbDetails(blbId))).toBe('404 NoSuchObject');
    expect(await outcome(c2.getAppBlbList({}))).toBe('503 ServiceUnavailable');
  });

  it('requests rejected by authentication do not consume a rule', async () => {
    emu.faults.add({ operation: 'GetAppBlbDetails', action: 'error', status: 503, count: 1 });
    const unsigned = signed(emu.endpoint, AK1, { method: 'GET', path: `/v2/appblb/${blbId}` });
    delete unsigned.headers.authorization;
    expect((await send(emu.endpoint, unsigned)).json?.code).toBe('AccessDenied');
    expect(await outcome(c1.getAppBlbDetails(blbId))).toBe('503 ServiceUnavailable');
    expect(await outcome(c1.getAppBlbDetails(blbId))).toBe('ok');
  });
});

describe('actions', () => {
  it('error with status, code, message and Retry-After, as BCE error JSON', async () => {
    emu.faults.add({
      operation: 'GetAppBlbDetails',
      action: 'error',
      status: 429,
      code: 'RequestLimitExceeded',
      message: 'slow down',
      retryAfterSeconds: 7,
    });
    const res = await send(emu.endpoint, signed(emu.endpoint, AK1, { method: 'GET', path: `/v2/appblb/${blbId}` }));
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.headers['x-bce-error-code']).toBe('RequestLimitExceeded');
    expect(res.json).toEqual({
      code: 'RequestLimitExceeded',
      message: 'slow down',
      requestId: res.headers['x-bce-request-id'],
    });
  });

  it('the SDK honours Retry-After and retries a GET past a transient 503', async () => {
    emu.faults.add({ operation: 'GetAppBlbDetails', action: 'error', status: 503, retryAfterSeconds: 0, count: 2 });
    const retrying = new BecClient({ endpoint: emu.endpoint, credentials: AK1, maxRetries: 3, retryBaseDelayMs: 1 });
    const result = await retrying.getAppBlbDetails(blbId);
    expect(result.blbId).toBe(blbId);
    expect(result.$metadata.attempts).toBe(3);
  });

  it('reset: the client sees a network error', async () => {
    emu.faults.add({ operation: 'GetAppBlbDetails', action: 'reset' });
    expect(await outcome(c1.getAppBlbDetails(blbId))).toBe('network');
    await expect(
      send(emu.endpoint, signed(emu.endpoint, AK1, { method: 'GET', path: `/v2/appblb/${blbId}` })),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('stall: the client times out', async () => {
    emu.faults.add({ operation: 'GetAppBlbDetails', action: 'stall' });
    expect(await outcome(c1.getAppBlbDetails(blbId, { timeoutMs: 300 }))).toBe('timeout');
    const last = emu.journal.at(-1)!;
    expect(last.fault).toMatch(/:stall$/);
    expect(last.status).toBe(0);
  });

  it('latency: the answer is correct, just late', async () => {
    emu.faults.add({ operation: 'GetAppBlbDetails', action: 'latency', latencyMs: 250 });
    const started = performance.now();
    expect((await c1.getAppBlbDetails(blbId)).blbId).toBe(blbId);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(emu.journal.at(-1)!.fault).toMatch(/:latency$/);
  });

  it('count: fires that many times, then stops; the listing shows what is left', async () => {
    const id = emu.faults.add({ operation: 'GetAppBlbDetails', action: 'error', status: 500, count: 2 });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await outcome(c1.getAppBlbDetails(blbId)));
    expect(results).toEqual(['500 InternalError', '500 InternalError', 'ok', 'ok']);
    expect(emu.faults.get(id)).toMatchObject({ count: 0, fired: 2 });
  });

  it('probability with a seed: the same seed gives the same sequence', async () => {
    const run = async (): Promise<string[]> => {
      const e = await startEmulator({
        accounts: [AK1],
        handlers: toyHandlers(),
        faults: { seed: 1234, rules: [{ operation: 'GetAppBlbList', action: 'error', status: 503, probability: 0.3 }] },
      });
      try {
        const c = new BecClient({ endpoint: e.endpoint, credentials: AK1, maxRetries: 0 });
        const seq: string[] = [];
        for (let i = 0; i < 40; i++) seq.push(await outcome(c.getAppBlbList({})));
        return seq;
      } finally {
        await e.close();
      }
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    const failures = first.filter((r) => r !== 'ok').length;
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(40);
  });

  it("phase 'after': the change is committed but the client gets the error", async () => {
    emu.faults.add({ operation: 'CreateAppBlb', action: 'error', status: 502, phase: 'after', count: 1 });
    const before = toyCount();
    expect(await outcome(c1.createAppBlb({ name: 'ghost', regionId: REGION }))).toBe('502 BadGateway');
    expect(toyCount()).toBe(before + 1);
    expect(emu.state(AK1.accessKeyId)[AK1.accessKeyId]![TOY_KIND]!.some((r) => r.name === 'ghost')).toBe(true);
  });

  it("phase 'after' + reset, then an SDK retry with the same clientToken creates exactly one", async () => {
    emu.faults.add({ operation: 'CreateAppBlb', action: 'reset', phase: 'after', count: 1 });
    const before = toyCount();
    const retrying = new BecClient({ endpoint: emu.endpoint, credentials: AK1, maxRetries: 2, retryBaseDelayMs: 1 });
    const made = await retrying.createAppBlb({ name: 'exactly-once', regionId: REGION });
    expect(made.$metadata.attempts).toBe(2);
    expect(toyCount()).toBe(before + 1);
    const journal = emu.journal.filter((e) => e.operation === 'CreateAppBlb').slice(-2);
    expect(journal.map((e) => [e.status, e.replayed ?? false])).toEqual([
      [0, false],
      [200, true],
    ]);
  });

  it("phase 'before' leaves state alone", async () => {
    emu.faults.add({ operation: 'CreateAppBlb', action: 'error', status: 503, count: 1 });
    const before = toyCount();
    expect(await outcome(c1.createAppBlb({ name: 'never', regionId: REGION }))).toBe('503 ServiceUnavailable');
    expect(toyCount()).toBe(before);
  });
});

describe('rules at start and at run time', () => {
  it('rules given to startEmulator are active from the first request', async () => {
    const e = await startEmulator({
      accounts: [AK1],
      handlers: toyHandlers(),
      faults: { rules: [{ operation: 'GetAppBlbList', action: 'error', status: 503, count: 1 }] },
    });
    try {
      const c = new BecClient({ endpoint: e.endpoint, credentials: AK1, maxRetries: 0 });
      expect(await outcome(c.getAppBlbList({}))).toBe('503 ServiceUnavailable');
      expect(await outcome(c.getAppBlbList({}))).toBe('ok');
    } finally {
      await e.close();
    }
  });

  it('invalid rules at start are refused', async () => {
    const bad: FaultRule[] = [
      { action: 'error' } as FaultRule,
      { action: 'explode' } as unknown as FaultRule,
      { action: 'error', status: 200 },
      { action: 'latency' },
      { action: 'error', status: 500, probability: 2 },
      { action: 'error', status: 500, path: '^/v2/(a+)+$' },
      { action: 'error', status: 500, code: 'bad code\r\nx-injected: 1' },
      { action: 'reset', status: 500 },
    ];
    for (const rule of bad) await expect(startEmulator({ faults: { rules: [rule] } })).rejects.toThrow(TypeError);
  });

  it('admin API: add, list, get, delete, with ids and counters', async () => {
    const added = await admin('POST', 'faults', {
      id: 'slow-list',
      operation: 'GetAppBlbList',
      action: 'error',
      status: 503,
      count: 1,
    });
    expect(added).toEqual({ status: 201, json: { ids: ['slow-list'] } });
    expect(await outcome(c1.getAppBlbList({}))).toBe('503 ServiceUnavailable');
    const listed = await admin('GET', 'faults');
    expect(listed.json.rules).toEqual([expect.objectContaining({ id: 'slow-list', count: 0, fired: 1 })]);
    expect(listed.json.injected.error).toBeGreaterThan(0);
    expect((await admin('GET', 'faults/slow-list')).json).toMatchObject({ id: 'slow-list', fired: 1 });
    expect((await admin('GET', 'faults/nope')).status).toBe(404);
    expect(await admin('DELETE', 'faults/slow-list')).toEqual({ status: 200, json: { removed: 'slow-list' } });
    expect((await admin('DELETE', 'faults/slow-list')).status).toBe(404);
    expect((await admin('GET', 'faults')).json.rules).toEqual([]);
  });

  it('admin API: a batch with a seed, all or nothing', async () => {
    const bad = await admin('POST', 'faults', {
      rules: [
        { operation: 'GetAppBlbList', action: 'error', status: 503 },
        { operation: 'GetAppBlbList', action: 'latency' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/latencyMs/);
    expect(emu.faults.size).toBe(0);
    const good = await admin('POST', 'faults', {
      seed: 7,
      rules: [
        { operation: 'GetAppBlbList', action: 'error', status: 503, count: 1 },
        { operation: 'GetAppBlbDetails', action: 'error', status: 500, count: 1 },
      ],
    });
    expect(good.status).toBe(201);
    expect(good.json.ids).toHaveLength(2);
    expect(await outcome(c1.getAppBlbDetails(blbId))).toBe('500 InternalError');
    expect(await outcome(c1.getAppBlbList({}))).toBe('503 ServiceUnavailable');
    expect((await admin('DELETE', 'faults')).json).toEqual({ removed: 'all' });
    expect(emu.faults.size).toBe(0);
  });

  it('admin API: a rule with the same id replaces the old one', async () => {
    await admin('POST', 'faults', { id: 'r', operation: 'GetAppBlbList', action: 'error', status: 503 });
    await admin('POST', 'faults', { id: 'r', operation: 'GetAppBlbList', action: 'error', status: 429 });
    expect(emu.faults.size).toBe(1);
    expect(await outcome(c1.getAppBlbList({}))).toBe('429 TooManyRequests');
  });

  it('admin API: bad bodies are 400', async () => {
    expect((await admin('POST', 'faults', {})).status).toBe(400);
    expect((await admin('POST', 'faults', { rules: 'x' })).status).toBe(400);
    expect((await admin('POST', 'faults', { seed: 1.5 })).status).toBe(400);
    const notJson = await adminCall(emu, 'POST', 'faults', '{nope');
    expect(notJson.status).toBe(400);
  });
});
