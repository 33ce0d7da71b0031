import { type EmulatorOptions, type HandlerTable, notFound, type RunningEmulator, startEmulator } from 'bec-emulator';
import { BceServiceError, BecClient } from 'bec-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { toyHandlers } from './core-helpers.js';
import { adminCall } from './support/admin.js';

const AK = { accessKeyId: 'AKLIFECYCLE0000000000000000001', secretAccessKey: 'SKlifecycle' };
const KIND = 'toyBlb';
const REGION = 'cn-hangzhou-cm';

/** Toy app BLBs that take time: CREATING -> RUNNING, DELETING -> gone. */
function lifecycleHandlers(options: { startAfterPut?: boolean; failAfterStart?: boolean } = {}): HandlerTable {
  const base = toyHandlers();
  return {
    ...base,
    CreateAppBlb(ctx) {
      const input = ctx.input as { name: string; regionId: string };
      if (options.failAfterStart && input.name === 'boom') {
        const record = ctx.lifecycle.start(
          KIND,
          { blbId: 'lb-boom0000', name: 'boom' },
          { via: 'CREATING', to: 'RUNNING' },
        );
        ctx.state.put(KIND, 'lb-boom0000', record);
        throw new Error('handler failed after starting a transition');
      }
      const blbId = ctx.ids.next('lb-');
      const record = { blbId, name: input.name, regionId: input.regionId, createTime: ctx.clock.isoNow(), status: '' };
      if (options.startAfterPut) {
        // Put first, start the transition on the stored object afterwards.
        const stored = ctx.state.put(KIND, blbId, record);
        ctx.lifecycle.start(KIND, stored, { via: 'CREATING', to: 'RUNNING', patch: { desc: 'ready' } });
      } else {
        ctx.state.put(
          KIND,
          blbId,
          ctx.lifecycle.start(KIND, record, { via: 'CREATING', to: 'RUNNING', patch: { desc: 'ready' } }),
        );
      }
      return { blbId, name: input.name, desc: '' };
    },
    DeleteAppBlbInstance(ctx) {
      const id = ctx.path.blbId!;
      if (!ctx.state.get(KIND, id)) throw notFound('app BLB', id);
      ctx.state.update(KIND, id, (r) => {
        ctx.lifecycle.start(KIND, r, { via: 'DELETING', remove: true });
      });
      return undefined;
    },
  };
}

let emu: RunningEmulator | undefined;

async function start(options: EmulatorOptions, handlerOptions = {}) {
  emu = await startEmulator({ accounts: [AK], handlers: lifecycleHandlers(handlerOptions), ...options });
  const client = new BecClient({ endpoint: emu.endpoint, credentials: AK, maxRetries: 0 });
  const status = async (id: string): Promise<string> => {
    try {
      return (await client.getAppBlbDetails(id)).status;
    } catch (err) {
      if (err instanceof BceServiceError && err.statusCode === 404) return 'GONE';
      throw err;
    }
  };
  return { emu, client, status };
}

function stored(e: RunningEmulator): Array<Record<string, unknown>> {
  return e.state(AK.accessKeyId)[AK.accessKeyId]?.[KIND] ?? [];
}

afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('lifecycle modes', () => {
  it('immediate: created RUNNING, deleted at once (even in the state dump)', async () => {
    const { client, status, emu } = await start({ lifecycle: { mode: 'immediate' } });
    const { blbId } = await client.createAppBlb({ name: 'now', regionId: REGION });
    expect(await status(blbId)).toBe('RUNNING');
    expect((await client.getAppBlbDetails(blbId)).desc).toBe('ready');
    await client.deleteAppBlbInstance(blbId);
    expect(stored(emu)).toEqual([]);
    expect(await status(blbId)).toBe('GONE');
  });

  it('timed: transitional until the virtual clock passes durationMs', async () => {
    const { client, status, emu } = await start({
      lifecycle: { mode: 'timed', durationMs: 5000 },
      clock: { mode: 'frozen' },
    });
    const { blbId } = await client.createAppBlb({ name: 'slow', regionId: REGION });
    expect(await status(blbId)).toBe('CREATING');
    emu.clock.advance(4999);
    expect(await status(blbId)).toBe('CREATING');
    emu.clock.advance(1);
    expect(await status(blbId)).toBe('RUNNING');
    await client.deleteAppBlbInstance(blbId);
    expect(await status(blbId)).toBe('DELETING');
    emu.clock.advance(5000);
    expect(await status(blbId)).toBe('GONE');
  });

  it('timed with the default 2 s on a frozen clock: nothing moves without advance', async () => {
    const { client, status, emu } = await start({ clock: { mode: 'frozen' } });
    const { blbId } = await client.createAppBlb({ name: 'default', regionId: REGION });
    await new Promise((r) => setTimeout(r, 50));
    expect(await status(blbId)).toBe('CREATING');
    emu.clock.advance(2000);
    expect(await status(blbId)).toBe('RUNNING');
  });

  it('manual: waits forever until completed (API and admin API), per kind or id', async () => {
    const { client, status, emu } = await start({ lifecycle: { mode: 'manual' } });
    const a = (await client.createAppBlb({ name: 'a', regionId: REGION })).blbId;
    const b = (await client.createAppBlb({ name: 'b', regionId: REGION })).blbId;
    emu.clock.advance(365 * 24 * 3600 * 1000);
    expect([await status(a), await status(b)]).toEqual(['CREATING', 'CREATING']);
    expect(emu.lifecycle.complete({ id: a })).toBe(1);
    expect([await status(a), await status(b)]).toEqual(['RUNNING', 'CREATING']);
    const res = await adminCall(emu, 'POST', 'lifecycle/complete', { account: AK.accessKeyId, kind: KIND });
    expect(res.json).toEqual({ completed: 1 });
    expect(await status(b)).toBe('RUNNING');
    expect(emu.lifecycle.complete()).toBe(0);
  });

  it('per-kind settings override the default', async () => {
    const { client, status } = await start({
      lifecycle: { mode: 'manual', kinds: { [KIND]: { mode: 'immediate' } } },
    });
    const { blbId } = await client.createAppBlb({ name: 'kind', regionId: REGION });
    expect(await status(blbId)).toBe('RUNNING');
  });

  it('per-kind durations settle independently; only due steps are applied', async () => {
    const { client, status, emu } = await start({
      lifecycle: { mode: 'timed', durationMs: 1000 },
      clock: { mode: 'frozen' },
    });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await client.createAppBlb({ name: `n${i}`, regionId: REGION })).blbId);
      emu.clock.advance(300);
    }
    // Created at t=0, 300, 600, 900, 1200; now t=1500: the first two are due.
    const statuses = [];
    for (const id of ids) statuses.push(await status(id));
    expect(statuses).toEqual(['RUNNING', 'RUNNING', 'CREATING', 'CREATING', 'CREATING']);
    emu.clock.advance(700);
    statuses.length = 0;
    for (const id of ids) statuses.push(await status(id));
    expect(statuses).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING']);
  });

  it('a transition started after the put is still tracked', async () => {
    const { client, status, emu } = await start(
      { lifecycle: { mode: 'timed', durationMs: 100 }, clock: { mode: 'frozen' } },
      { startAfterPut: true },
    );
    const { blbId } = await client.createAppBlb({ name: 'late-start', regionId: REGION });
    expect(await status(blbId)).toBe('CREATING');
    emu.clock.advance(100);
    expect(await status(blbId)).toBe('RUNNING');
  });

  it('a handler that fails after starting a transition leaves nothing behind', async () => {
    const { client, emu } = await start({ lifecycle: { mode: 'timed' } }, { failAfterStart: true });
    const err = await client.createAppBlb({ name: 'boom', regionId: REGION }).catch((e: unknown) => e);
    expect((err as BceServiceError).statusCode).toBe(500);
    expect((err as BceServiceError).code).toBe('InternalError');
    emu.clock.advance(10_000);
    expect(stored(emu)).toEqual([]);
    expect(emu.lifecycle.complete()).toBe(0);
  });

  it('the state dump and the admin API apply due steps without another request', async () => {
    const { client, emu } = await start({ lifecycle: { mode: 'timed', durationMs: 1000 }, clock: { mode: 'frozen' } });
    const { blbId } = await client.createAppBlb({ name: 'dump', regionId: REGION });
    expect(stored(emu)[0]).toMatchObject({ blbId, status: 'CREATING' });
    expect(Object.keys(stored(emu)[0]!)).not.toContain('_pending');
    const res = await adminCall(emu, 'POST', 'clock/advance', { ms: 1000 });
    expect(res.status).toBe(200);
    const dump = await adminCall(emu, 'GET', 'state');
    expect((dump.json as any)[AK.accessKeyId][KIND][0]).toMatchObject({ blbId, status: 'RUNNING', desc: 'ready' });
  });
});

describe('virtual clock', () => {
  it('frozen: createTime follows the virtual clock only', async () => {
    const { client, emu } = await start({
      lifecycle: { mode: 'immediate' },
      clock: { mode: 'frozen', startMs: Date.parse('2024-01-02T03:04:05Z') },
    });
    const a = await client.createAppBlb({ name: 't1', regionId: REGION });
    expect((await client.getAppBlbDetails(a.blbId)).createTime).toBe('2024-01-02T03:04:05Z');
    emu.clock.advance(61_000);
    const b = await client.createAppBlb({ name: 't2', regionId: REGION });
    expect((await client.getAppBlbDetails(b.blbId)).createTime).toBe('2024-01-02T03:05:06Z');
    expect(emu.clock.isoNow()).toBe('2024-01-02T03:05:06Z');
  });

  it('flowing: real time plus advances; set() never goes back', async () => {
    const { emu } = await start({});
    const t0 = emu.clock.now();
    emu.clock.advance(3_600_000);
    expect(emu.clock.now() - t0).toBeGreaterThanOrEqual(3_600_000);
    const before = emu.clock.now();
    emu.clock.set(0);
    expect(emu.clock.now()).toBeGreaterThanOrEqual(before);
    expect(() => emu.clock.advance(-1)).toThrow(RangeError);
    expect(() => emu.clock.advance(Number.NaN)).toThrow(RangeError);
  });

  it('signatures are checked against the real clock, not the virtual one', async () => {
    const { client, emu } = await start({ lifecycle: { mode: 'immediate' } });
    emu.clock.advance(10 * 24 * 3600 * 1000);
    await expect(client.createAppBlb({ name: 'still-signed', regionId: REGION })).resolves.toBeDefined();
  });
});
