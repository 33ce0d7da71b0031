/**
 * Issue 12, items 9 (quotas and input sizes), 12 (binding beyond loopback with the built-in keys)
 * and 13 (GetNodeVmInstanceList keyword types), over real sockets with raw signed requests (the
 * SDK would refuse to send most of these).
 */
import { DEFAULT_ACCOUNT, DEFAULT_LIMITS, parseEmulatorArgs, type RunningEmulator, startEmulator } from 'bec-emulator';
import type { BecClient } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawResponse, send, signed } from './core-helpers.js';
import { CENTOS, clientFor, newService } from './vm-helpers.js';

let emu: RunningEmulator;
let bec: BecClient;

beforeAll(async () => {
  emu = await startEmulator({ lifecycle: { mode: 'immediate' } });
  bec = clientFor(emu);
});

afterAll(async () => {
  bec.close();
  await emu.close();
});

function createVm(body: Record<string, unknown> | Buffer): Promise<RawResponse> {
  if (!Buffer.isBuffer(body)) {
    const req = signed(emu.endpoint, emu.credentials, {
      method: 'POST',
      path: '/v1/vm/service',
      body: JSON.stringify(body),
    });
    return send(emu.endpoint, req);
  }
  // Raw bytes: signed without the body headers, which are then set for the bytes as they are.
  const req = signed(emu.endpoint, emu.credentials, { method: 'POST', path: '/v1/vm/service' });
  req.headers['content-length'] = String(body.length);
  req.body = body;
  return send(emu.endpoint, req);
}

const VM = {
  serviceName: 'limits',
  imageId: CENTOS,
  cpu: 1,
  memory: 2,
  adminPass: 'Passw0rd!',
  deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1 }],
};

function instanceCount(): number {
  return (emu.state()[DEFAULT_ACCOUNT.accessKeyId]?.vmInstance ?? []).length;
}

describe('quotas and input limits (item 9)', () => {
  it('replicas: 1e6 is refused with 413 LimitExceeded before anything is created', async () => {
    const before = instanceCount();
    const res = await createVm({ ...VM, deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1e6 }] });
    expect([res.status, res.json?.code]).toEqual([413, 'LimitExceeded']);
    expect(res.json?.message).toMatch(/at most 500 replicas/);
    expect(instanceCount()).toBe(before);
  });

  it('10,000 deployInstances, or replicas adding up past 1000, are 413', async () => {
    const many = Array.from({ length: 10_000 }, () => ({ regionId: 'cn-hangzhou-cm', replicas: 1 }));
    const res = await createVm({ ...VM, deployInstances: many });
    expect([res.status, res.json?.code]).toEqual([413, 'LimitExceeded']);
    const sum = await createVm({
      ...VM,
      deployInstances: [1, 2, 3].map(() => ({ regionId: 'cn-hangzhou-cm', replicas: 400 })),
    });
    expect([sum.status, sum.json?.code]).toEqual([413, 'LimitExceeded']);
    expect(sum.json?.message).toMatch(/at most 1000 instances/);
  });

  it('long names, huge cpu or memory, and invalid UTF-8 are 400', async () => {
    const before = instanceCount();
    for (const [field, value] of [
      ['serviceName', 'n'.repeat(DEFAULT_LIMITS.maxNameLength + 1)],
      ['vmName', 'v'.repeat(100_000)],
      ['hostname', 'h'.repeat(66)],
      ['userData', 'u'.repeat(DEFAULT_LIMITS.maxStringLength + 1)],
      ['cpu', 1e9],
      ['memory', 1e9],
      ['cpu', -1],
    ] as const) {
      const res = await createVm({ ...VM, [field]: value });
      expect([field, res.status, res.json?.code]).toEqual([field, 400, 'BadRequest']);
      expect(res.text.length).toBeLessThan(1000); // the value is not echoed back
    }
    const utf8 = await createVm(Buffer.from('{"serviceName":"\xff\xfe","imageId":"m-CentOS79"}', 'latin1'));
    expect([utf8.status, utf8.json?.code]).toEqual([400, 'MalformedJSON']);
    expect(instanceCount()).toBe(before);
  });

  it('a request within the limits still works; the limits are options', async () => {
    expect((await createVm({ ...VM, serviceName: 'n'.repeat(65) })).status).toBe(200);
    const small = await startEmulator({ lifecycle: { mode: 'immediate' }, limits: { maxReplicas: 2 } });
    try {
      const req = signed(small.endpoint, small.credentials, {
        method: 'POST',
        path: '/v1/vm/service',
        body: JSON.stringify({ ...VM, deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 3 }] }),
      });
      expect((await send(small.endpoint, req)).status).toBe(413);
    } finally {
      await small.close();
    }
    expect(parseEmulatorArgs(['--limit', 'maxReplicas=7', '--limit', 'keepAliveTimeoutMs=100']).limits).toEqual({
      maxReplicas: 7,
      keepAliveTimeoutMs: 100,
    });
    expect(() => parseEmulatorArgs(['--limit', 'nope=1'])).toThrow(/--limit/);
  });
});

describe('binding beyond loopback with the built-in keys (item 12)', () => {
  it('is refused unless asked for, and then warned about', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow(/built-in test keys/);
    await expect(startEmulator({ host: '0.0.0.0', auth: 'off' })).rejects.toThrow(/auth off/);
    const lines: string[] = [];
    const open = await startEmulator({
      host: '0.0.0.0',
      allowDefaultKeysOffLoopback: true,
      log: (l) => lines.push(l),
    });
    await open.close();
    expect(lines.join('\n')).toMatch(/warning: listening on 0\.0\.0\.0 with the built-in test keys/);
    expect(lines.join('\n')).not.toContain(DEFAULT_ACCOUNT.secretAccessKey);
  });

  it('own accounts may listen anywhere; loopback is always fine', async () => {
    const lines: string[] = [];
    const own = await startEmulator({
      host: '0.0.0.0',
      accounts: [{ accessKeyId: 'AKOWN0000000000000000000000000', secretAccessKey: 'SKown' }],
      log: (l) => lines.push(l),
    });
    await own.close();
    expect(lines).toEqual([]);
    expect(parseEmulatorArgs(['--allow-default-keys-off-loopback']).allowDefaultKeysOffLoopback).toBe(true);
  });
});

describe('GetNodeVmInstanceList keyword types (item 13)', () => {
  it('takes vmId, vmName, internalIp and publicIp, as the Go SDK tests send them', async () => {
    const { vmIds } = await newService(bec, { serviceName: 'node-list', vmName: 'node-list-vm', needPublicIp: true });
    const vm = await bec.getVirtualMachine(vmIds[0]!);
    const list = (keywordType: string, keyword: string) =>
      bec.getNodeVmInstanceList('EAST_CHINA', 'CHINA_MOBILE', 'HANGZHOU', { keywordType, keyword });
    for (const [type, value] of [
      ['vmId', vm.vmId],
      ['vmName', vm.vmName],
      ['internalIp', vm.internalIp],
      ['publicIp', vm.publicIp],
    ] as const) {
      expect(value).not.toBe('');
      const found = await list(type, value);
      expect([type, found.result.map((i) => i.vmId)]).toEqual([type, [vm.vmId]]);
    }
    expect((await list('vmName', 'no-such-name')).result).toEqual([]);
    await expect(list('constructor', 'x')).rejects.toMatchObject({ statusCode: 400 });
  });
});
