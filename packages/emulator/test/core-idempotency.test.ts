import { type RunningEmulator, startEmulator } from 'bec-emulator';
import { BceServiceError, BecClient } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, signed, TOY_KIND, toyHandlers } from './core-helpers.js';

const AK1 = { accessKeyId: 'AKIDEMPOTENT000000000000000001', secretAccessKey: 'SKidem-one' };
const AK2 = { accessKeyId: 'AKIDEMPOTENT000000000000000002', secretAccessKey: 'SKidem-two' };
const REGION = 'cn-hangzhou-cm';

let emu: RunningEmulator;
let c1: BecClient;
let c2: BecClient;

function records(account = AK1.accessKeyId): Array<Record<string, unknown>> {
  return emu.state(account)[account]?.[TOY_KIND] ?? [];
}

async function failure(p: Promise<unknown>): Promise<[number, string]> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BceServiceError);
  return [(err as BceServiceError).statusCode, (err as BceServiceError).code];
}

/** A create signed by hand, so the token can be anything the SDK itself would refuse. */
function rawCreate(token: string, name = 'raw') {
  return signed(emu.endpoint, AK1, {
    method: 'POST',
    path: '/v2/appblb',
    query: [['clientToken', token]],
    body: JSON.stringify({ name, regionId: REGION }),
  });
}

beforeAll(async () => {
  emu = await startEmulator({
    accounts: [AK1, AK2],
    handlers: toyHandlers({
      UpdateTcpListener(ctx) {
        const input = ctx.input as { listenerPort: string; scheduler?: string };
        const id = `${ctx.path.blbId}:${input.listenerPort}:${ctx.requestId}`;
        ctx.state.put('toyListenerUpdate', id, { id, scheduler: input.scheduler ?? '' });
        return undefined;
      },
    }),
    clock: { mode: 'frozen' },
    lifecycle: { mode: 'immediate' },
  });
  c1 = new BecClient({ endpoint: emu.endpoint, credentials: AK1, maxRetries: 0 });
  c2 = new BecClient({ endpoint: emu.endpoint, credentials: AK2, maxRetries: 0 });
});

afterAll(async () => {
  await emu.close();
});

describe('clientToken replay', () => {
  it('same token, same request: the first response again, and no second resource', async () => {
    const before = records().length;
    const first = await c1.createAppBlb({ name: 'once', regionId: REGION }, { clientToken: 'token-same-1' });
    const again = await c1.createAppBlb({ name: 'once', regionId: REGION }, { clientToken: 'token-same-1' });
    expect(again.blbId).toBe(first.blbId);
    expect(records()).toHaveLength(before + 1);
    const entries = emu.journal.filter((e) => e.operation === 'CreateAppBlb').slice(-2);
    expect(entries.map((e) => e.replayed ?? false)).toEqual([false, true]);
  });

  it('the replayed body is byte-identical', async () => {
    const a = await send(emu.endpoint, rawCreate('token-bytes'));
    const b = await send(emu.endpoint, rawCreate('token-bytes'));
    expect(a.status).toBe(200);
    expect(b.text).toBe(a.text);
    expect(b.headers['x-bce-request-id']).not.toBe(a.headers['x-bce-request-id']);
  });

  it('same token, different body -> 409 OperationDenied, nothing created', async () => {
    await c1.createAppBlb({ name: 'first-body', regionId: REGION }, { clientToken: 'token-diff-1' });
    const before = records().length;
    expect(
      await failure(c1.createAppBlb({ name: 'other-body', regionId: REGION }, { clientToken: 'token-diff-1' })),
    ).toEqual([409, 'OperationDenied']);
    expect(records()).toHaveLength(before);
  });

  it('same token on another operation -> 409', async () => {
    const made = await c1.createAppBlb({ name: 'cross-op', regionId: REGION }, { clientToken: 'token-cross-op' });
    expect(await failure(c1.updateAppBlb(made.blbId, { name: 'renamed' }, { clientToken: 'token-cross-op' }))).toEqual([
      409,
      'OperationDenied',
    ]);
    expect((await c1.getAppBlbDetails(made.blbId)).name).toBe('cross-op');
  });

  it('same token on another resource of the same operation -> 409', async () => {
    const a = await c1.createAppBlb({ name: 'res-a', regionId: REGION });
    const b = await c1.createAppBlb({ name: 'res-b', regionId: REGION });
    await c1.updateAppBlb(a.blbId, { name: 'res-a2' }, { clientToken: 'token-update' });
    expect(await failure(c1.updateAppBlb(b.blbId, { name: 'res-a2' }, { clientToken: 'token-update' }))).toEqual([
      409,
      'OperationDenied',
    ]);
    // The replay of an answer without a body is an empty 200 again.
    await expect(c1.updateAppBlb(a.blbId, { name: 'res-a2' }, { clientToken: 'token-update' })).resolves.toBeDefined();
  });

  it('tokens are per account', async () => {
    const mine = await c1.createAppBlb({ name: 'shared-token', regionId: REGION }, { clientToken: 'token-tenant' });
    const theirs = await c2.createAppBlb({ name: 'shared-token', regionId: REGION }, { clientToken: 'token-tenant' });
    expect(theirs.blbId).not.toBe(mine.blbId);
    expect(records(AK2.accessKeyId).map((r) => r.blbId)).toEqual([theirs.blbId]);
    // And a different body under the other account's token is no conflict.
    await expect(
      c2.createAppBlb({ name: 'anything-else', regionId: REGION }, { clientToken: 'token-diff-1' }),
    ).resolves.toBeDefined();
  });

  it('a failed request does not use up its token', async () => {
    expect(
      await failure(c1.createAppBlb({ name: 'bad', regionId: 'cn-nowhere-xx' }, { clientToken: 'token-fail' })),
    ).toEqual([400, 'BadRequest']);
    const ok = await c1.createAppBlb({ name: 'good', regionId: REGION }, { clientToken: 'token-fail' });
    expect(ok.name).toBe('good');
  });

  it('a token is forgotten after its TTL (24 h of virtual time)', async () => {
    const first = await c1.createAppBlb({ name: 'ttl', regionId: REGION }, { clientToken: 'token-ttl' });
    emu.clock.advance(23 * 3600 * 1000);
    expect((await c1.createAppBlb({ name: 'ttl', regionId: REGION }, { clientToken: 'token-ttl' })).blbId).toBe(
      first.blbId,
    );
    emu.clock.advance(2 * 3600 * 1000);
    const later = await c1.createAppBlb({ name: 'ttl', regionId: REGION }, { clientToken: 'token-ttl' });
    expect(later.blbId).not.toBe(first.blbId);
  });

  it('the query order does not matter for "the same request"', async () => {
    const req = (query: Array<[string, string]>) =>
      signed(emu.endpoint, AK1, {
        method: 'PUT',
        path: '/v2/appblb/lb-nothere0/TCPlistener',
        query,
        body: JSON.stringify({ scheduler: 'RoundRobin' }),
      });
    const a = await send(
      emu.endpoint,
      req([
        ['listenerPort', '80'],
        ['clientToken', 'token-order'],
      ]),
    );
    const b = await send(
      emu.endpoint,
      req([
        ['clientToken', 'token-order'],
        ['listenerPort', '80'],
      ]),
    );
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(emu.journal.at(-1)!.replayed).toBe(true);
    expect(emu.state(AK1.accessKeyId)[AK1.accessKeyId]!.toyListenerUpdate).toHaveLength(1);
    const c = await send(
      emu.endpoint,
      req([
        ['clientToken', 'token-order'],
        ['listenerPort', '81'],
      ]),
    );
    expect([c.status, c.json?.code]).toEqual([409, 'OperationDenied']);
  });

  it('GET requests ignore clientToken', async () => {
    const get = (token: string) =>
      signed(emu.endpoint, AK1, { method: 'GET', path: '/v2/appblb', query: [['clientToken', token]] });
    const a = await send(emu.endpoint, get('token-get'));
    await c1.createAppBlb({ name: 'after-get', regionId: REGION });
    const b = await send(emu.endpoint, get('token-get'));
    expect((b.json as { blbList: unknown[] }).blbList.length).toBe(
      (a.json as { blbList: unknown[] }).blbList.length + 1,
    );
  });
});

describe('token format', () => {
  it('64 characters are fine, 65 are a 400', async () => {
    expect((await send(emu.endpoint, rawCreate('t'.repeat(64)))).status).toBe(200);
    const res = await send(emu.endpoint, rawCreate('t'.repeat(65)));
    expect(res.status).toBe(400);
    expect(res.json?.code).toBe('BadRequest');
    expect(res.json?.message).toMatch(/clientToken/);
  });

  it('non-ASCII and control characters are a 400', async () => {
    for (const token of ['jeton-é', 'tab\there']) {
      const res = await send(emu.endpoint, rawCreate(token));
      expect([res.status, res.json?.code]).toEqual([400, 'BadRequest']);
    }
  });

  it('the SDK refuses an over-long token before sending', async () => {
    const sent = emu.journal.length;
    await expect(c1.createAppBlb({ name: 'x', regionId: REGION }, { clientToken: 'y'.repeat(65) })).rejects.toThrow(
      /clientToken/,
    );
    expect(emu.journal.length).toBe(sent);
  });
});
