import { type HandlerContext, type RunningEmulator, startEmulator } from 'bec-emulator';
import { BceServiceError, BecClient } from 'bec-sdk';
import { modelSchemas, operations } from 'bec-sdk/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertShape, encodeResponse } from '../src/responses.js';
import { Router } from '../src/router.js';
import { send, signed, TOY_KIND, toyHandlers } from './core-helpers.js';

const AK = { accessKeyId: 'AKWIRETEST000000000000000000001', secretAccessKey: 'SKwire' };
const REGION = 'cn-hangzhou-cm';
const OMITEMPTY = 1;

let emu: RunningEmulator;
let client: BecClient;
/** What the next GetAppBlbDetails handler returns, by blbId. */
const answers = new Map<string, unknown>();
let lastInput: unknown;

beforeAll(async () => {
  emu = await startEmulator({
    accounts: [AK],
    lifecycle: { mode: 'immediate' },
    handlers: toyHandlers({
      GetAppBlbDetails(ctx: HandlerContext) {
        if (ctx.path.blbId === 'lb-writes00') {
          ctx.state.put(TOY_KIND, 'lb-written0', { blbId: 'lb-written0' });
          return { blbId: 'lb-writes00', notAField: true };
        }
        return answers.get(ctx.path.blbId!);
      },
      UpdateAppBlb(ctx: HandlerContext) {
        lastInput = ctx.input;
        return ctx.path.blbId === 'lb-returns0' ? { result: true } : undefined;
      },
      GetAppBlbList(ctx: HandlerContext) {
        lastInput = ctx.input;
        return { blbList: [] };
      },
      CreateAppBlb(ctx: HandlerContext) {
        lastInput = ctx.input;
        return { blbId: 'lb-created0' };
      },
      CreateVpc(ctx: HandlerContext) {
        lastInput = ctx.input;
        return { result: true, action: 'create', details: { vpcId: 'vpc-created' } };
      },
    }),
  });
  client = new BecClient({ endpoint: emu.endpoint, credentials: AK, maxRetries: 0 });
});

afterAll(async () => {
  await emu.close();
});

async function get(blbId: string) {
  return send(emu.endpoint, signed(emu.endpoint, AK, { method: 'GET', path: `/v2/appblb/${blbId}` }));
}

describe('responses are checked against the response model (handler bug detector)', () => {
  it('a partial result is sent Go-encoded: every non-omitempty key, zero values included', async () => {
    answers.set('lb-partial0', { blbId: 'lb-partial0', name: 'p' });
    const res = await get('lb-partial0');
    expect(res.status).toBe(200);
    const expected = Object.fromEntries(
      modelSchemas
        .AppBlbDetails!.filter((f) => !(f[2] & OMITEMPTY))
        .map((f) => [f[0], f[1].startsWith('array of') ? null : '']),
    );
    expect(res.json).toEqual({ ...expected, blbId: 'lb-partial0', name: 'p' });
    // And the SDK reads it as a complete object.
    const viaSdk = await client.getAppBlbDetails('lb-partial0');
    expect(viaSdk.status).toBe('');
    expect(viaSdk.listener).toBeNull();
  });

  it.each([
    ['an unknown key', { blbId: 'x', bogus: 1 }, 'AppBlbDetails.bogus is not a field of AppBlbDetails'],
    ['a bookkeeping key', { blbId: 'x', _pending: { at: 1 } }, 'AppBlbDetails._pending is an internal field'],
    ['a wrong type', { blbId: 5 }, 'AppBlbDetails.blbId must be string'],
    [
      'an unknown nested key',
      { blbId: 'x', listener: [{ port: '80', type: 'TCP', weight: 1 }] },
      'AppBlbDetails.listener[0].weight is not a field of AppBlbListener',
    ],
    ['nothing at all', undefined, "GetAppBlbDetails's handler returned nothing"],
    ['a promise (an async handler)', Promise.resolve({ blbId: 'x' }), 'handlers must be synchronous'],
  ])('%s -> 500 InternalError naming the problem', async (_name, answer, message) => {
    answers.set('lb-buggy000', answer);
    const res = await get('lb-buggy000');
    expect([res.status, res.json?.code]).toEqual([500, 'InternalError']);
    expect(res.json?.message).toContain(message);
  });

  it('a value for an operation without a response model -> 500', async () => {
    const err = (await client.updateAppBlb('lb-returns0', { name: 'n' }).catch((e: unknown) => e)) as BceServiceError;
    expect(err).toBeInstanceOf(BceServiceError);
    expect([err.statusCode, err.code]).toEqual([500, 'InternalError']);
    expect(err.message).toMatch(/no response model/);
  });

  it('a response that fails the check rolls back what the handler wrote', async () => {
    const res = await get('lb-writes00');
    expect(res.status).toBe(500);
    expect(emu.state(AK.accessKeyId)[AK.accessKeyId]?.[TOY_KIND] ?? []).toEqual([]);
  });

  it('every response model: {} encodes to all its non-omitempty keys; unknown keys are refused', () => {
    let checked = 0;
    for (const op of operations) {
      if (op.response === null) {
        expect(encodeResponse(op, undefined)).toBe('');
        continue;
      }
      if (op.response.startsWith('array of ')) {
        expect(encodeResponse(op, [])).toBe('[]');
        expect(() => encodeResponse(op, [{ notAField: 1 }])).toThrow(/notAField/);
        checked++;
        continue;
      }
      const keys = Object.keys(JSON.parse(encodeResponse(op, {})) as object);
      const required = modelSchemas[op.response]!.filter((f) => !(f[2] & OMITEMPTY)).map((f) => f[0]);
      expect(keys.sort(), op.name).toEqual(required.sort());
      expect(() => assertShape(op.response!, { notAField: 1 }), op.name).toThrow(/notAField is not a field/);
      checked++;
    }
    expect(checked).toBeGreaterThan(80);
  });
});

describe('requests are decoded into the SDK shape', () => {
  it("Go's always-sent zero values are removed before the handler sees the input", async () => {
    const body = JSON.stringify({ name: 'zeros', description: '', regionId: REGION, cidr: '192.168.0.0/16' });
    const res = await send(emu.endpoint, signed(emu.endpoint, AK, { method: 'POST', path: '/v1/vpc', body }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ result: true, action: 'create', details: { vpcId: 'vpc-created' } });
    expect(lastInput).toEqual({ name: 'zeros', regionId: REGION, cidr: '192.168.0.0/16' });
  });

  it('an omitempty field sent with its zero value was set on purpose and is kept', async () => {
    const body = JSON.stringify({ name: 'kept', regionId: REGION, desc: '', needPublicIp: false });
    const res = await send(
      emu.endpoint,
      signed(emu.endpoint, AK, { method: 'POST', path: '/v2/appblb', query: [['clientToken', 'wire-1']], body }),
    );
    expect(res.status).toBe(200);
    expect(lastInput).toEqual({ name: 'kept', regionId: REGION, desc: '', needPublicIp: false });
  });

  it('query parameters become typed input fields', async () => {
    await client.getAppBlbList({ marker: 'lb-aaaa0000', maxKeys: 20 });
    expect(lastInput).toEqual({ marker: 'lb-aaaa0000', maxKeys: 20 });
  });

  it.each([
    ['not JSON', 400, 'MalformedJSON', '{"name":'],
    ['a JSON array', 400, 'BadRequest', '[]'],
    ['a missing required field', 400, 'BadRequest', JSON.stringify({ name: 'no-region' })],
    ['an unknown field', 400, 'BadRequest', JSON.stringify({ name: 'n', regionId: REGION, colour: 'red' })],
    ['a wrong type', 400, 'BadRequest', JSON.stringify({ name: 7, regionId: REGION })],
  ])('a body with %s -> %i %s', async (_name, status, code, body) => {
    const res = await send(emu.endpoint, signed(emu.endpoint, AK, { method: 'POST', path: '/v2/appblb', body }));
    expect([res.status, res.json?.code]).toEqual([status, code]);
  });

  it('a missing body where one is required -> 400', async () => {
    const res = await send(emu.endpoint, signed(emu.endpoint, AK, { method: 'POST', path: '/v2/appblb' }));
    expect([res.status, res.json?.code]).toEqual([400, 'BadRequest']);
  });

  it('an integer query parameter that is not an integer -> 400', async () => {
    const res = await send(
      emu.endpoint,
      signed(emu.endpoint, AK, { method: 'GET', path: '/v2/appblb', query: [['maxKeys', 'ten']] }),
    );
    expect([res.status, res.json?.code]).toEqual([400, 'BadRequest']);
    expect(res.json?.message).toContain('maxKeys');
  });
});

describe('router', () => {
  const router = new Router(operations);
  const sample = (name: string): string => `x-${name.toLowerCase()}-1`;

  it('every operation is reached by its own path, method and flags', () => {
    for (const op of operations) {
      const segments = op.path
        .split('/')
        .slice(1)
        .map((seg) => {
          const m = seg.match(/^\{(.+)\}$/);
          if (!m) return seg;
          const param = op.pathParams.find((p) => p.name === m[1])!;
          return param.enum ? 'start' : sample(param.name);
        });
      const flags = op.query.filter((q) => q.source === 'constant').map((q) => q.key);
      const match = router.match(op.method, segments, new Set(flags));
      expect(match?.op.name, `${op.method} ${op.path}`).toBe(op.name);
      for (const p of op.pathParams) {
        if (!p.enum) expect(match?.path[p.arg], op.name).toBe(sample(p.name));
      }
    }
  });

  it('more literal segments win over parameters, flags tell same-path operations apart', () => {
    expect(router.match('PUT', ['v1', 'vm', 'service', 'batch', 'operate'], new Set())?.op.name).toBe(
      'BatchOperateVmService',
    );
    expect(router.match('GET', ['v1', 'deployset', 'list'], new Set())?.op.name).toBe('GetDeploySetList');
    expect(router.match('GET', ['v1', 'deployset', 'dset-1'], new Set())?.op.name).toBe('GetDeploySetDetail');
    expect(router.match('PUT', ['v2', 'appblb', 'lb-1', 'ipgroup'], new Set())?.op.name).toBe('UpdateIpGroup');
    expect(router.match('PUT', ['v2', 'appblb', 'lb-1', 'ipgroup'], [['delete', '']])?.op.name).toBe('DeleteIpGroup');
    expect(router.match('GET', ['v2', 'appblb', 'lb-1', 'extra', 'segment'], new Set())).toBeUndefined();
    expect(router.pathExists(['v2', 'appblb'])).toBe(true);
    expect(router.pathExists(['v2', 'nothing'])).toBe(false);
  });
});
