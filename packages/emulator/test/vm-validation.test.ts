/**
 * What the emulator itself refuses in the VM groups, for clients that skip the checks bec-sdk
 * makes before sending: requests signed with the SDK's signer and sent raw.
 */
import { type RunningEmulator, startEmulator } from 'bec-emulator';
import type { BecClient } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, signed } from './core-helpers.js';
import { CENTOS, clientFor, newService } from './vm-helpers.js';

describe('VM groups: server-side validation of raw requests', () => {
  let emu: RunningEmulator;
  let client: BecClient;

  beforeAll(async () => {
    emu = await startEmulator({ lifecycle: { mode: 'immediate' } });
    client = clientFor(emu);
  });
  afterAll(async () => {
    client.close();
    await emu.close();
  });

  async function call(method: string, path: string, body?: unknown, query: Array<[string, string]> = []) {
    const req = signed(emu.endpoint, emu.credentials, {
      method,
      path,
      query,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return send(emu.endpoint, req);
  }

  async function expectError(
    promise: ReturnType<typeof call>,
    status: number,
    code: string,
  ): Promise<Record<string, unknown>> {
    const res = await promise;
    expect({ status: res.status, code: res.json?.code }).toEqual({ status, code });
    return res.json!;
  }

  it('BatchDeleteVmService / BatchOperateVmService: empty lists and unknown actions are 400', async () => {
    await expectError(call('POST', '/v1/vm/service/batch/delete', []), 400, 'BadRequest');
    const { serviceId } = await newService(client);
    await expectError(
      call('PUT', '/v1/vm/service/batch/operate', { idList: [serviceId], action: 'restart' }),
      400,
      'BadRequest',
    );
    await expectError(call('PUT', '/v1/vm/service/batch/operate', { action: 'stop' }), 400, 'BadRequest');
    const ok = await call('PUT', '/v1/vm/service/batch/operate', { idList: [serviceId], action: 'stop' });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      result: true,
      action: 'stop',
      details: [{ resourceId: serviceId, success: true }],
    });
  });

  it('actions in the path must be known: service start|stop, instance start|stop|restart, bind|unbind', async () => {
    const { serviceId, vmIds } = await newService(client);
    await expectError(call('PUT', `/v1/vm/service/${serviceId}/pause`), 400, 'BadRequest');
    await expectError(call('PUT', `/v1/vm/instance/${vmIds[0]}/reboot`), 400, 'BadRequest');
    await expectError(
      call('PUT', '/v1/vm/instance/securityGroup/attach', {
        instances: [{ instanceId: vmIds[0], securityGroupIds: ['sg-1'] }],
      }),
      400,
      'BadRequest',
    );
  });

  it('CreateVmService: instances need an image and a size; passwords follow the documented rule', async () => {
    const base = { imageId: CENTOS, deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1 }] };
    await expectError(call('POST', '/v1/vm/service', { ...base, cpu: 1 }), 400, 'BadRequest');
    await expectError(
      call('POST', '/v1/vm/service', { ...base, imageId: undefined, cpu: 1, memory: 1 }),
      400,
      'BadRequest',
    );
    const weak = await expectError(
      call('POST', '/v1/vm/service', { ...base, cpu: 1, memory: 1, adminPass: 'weakpass' }),
      400,
      'BadRequest',
    );
    expect(JSON.stringify(weak)).not.toContain('weakpass');
    await expectError(
      call('POST', '/v1/vm/service', { ...base, cpu: 1, memory: 1, deployInstances: [{ regionId: 'cn-hangzhou-cm' }] }),
      400,
      'BadRequest',
    );
  });

  it('lists: page sizes within the documented ranges', async () => {
    await expectError(call('GET', '/v1/vm/instance', undefined, [['pageSize', '101']]), 400, 'BadRequest');
    await expectError(call('GET', '/v1/vm/service', undefined, [['pageSize', '1001']]), 400, 'BadRequest');
    await expectError(call('GET', '/v1/vm/image', undefined, [['PageSize', '1001']]), 400, 'BadRequest');
    await expectError(call('GET', '/v1/deployset/list', undefined, [['pageSize', '1001']]), 400, 'BadRequest');
    const ok = await call('GET', '/v1/vm/instance', undefined, [['pageSize', '100']]);
    expect(ok.status).toBe(200);
  });

  it('DeleteVmImage without IDs, ReinstallVmInstance without an image, DeleteVmPrivateIp without IPs: 400', async () => {
    const { vmIds } = await newService(client);
    await expectError(call('DELETE', '/v1/vm/image', undefined, [['imageIdList', '']]), 400, 'BadRequest');
    await expectError(
      call('PUT', `/v1/vm/instance/${vmIds[0]}/system/reinstall`, { adminPass: 'Passw0rd!' }),
      400,
      'BadRequest',
    );
    await expectError(call('PUT', `/v1/vm/instance/${vmIds[0]}/privateIp/release`, {}), 400, 'BadRequest');
    await expectError(call('POST', '/v1/deployset/create', { desc: 'no name' }), 400, 'BadRequest');
  });
});
