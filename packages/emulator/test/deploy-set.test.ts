import { type RunningEmulator, startEmulator } from 'bec-emulator';
import type { BecClient } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, HANGZHOU, newService, serviceError } from './vm-helpers.js';

describe('deploy sets', () => {
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

  async function newSet(name: string, desc = ''): Promise<string> {
    const res = await client.createDeploySet({ name, desc });
    expect(res.deploysetIdList).toHaveLength(1);
    return res.deploysetIdList![0]!;
  }

  it('CreateDeploySet + GetDeploySetDetail: an empty set with the per-node quota', async () => {
    const id = await newSet('ha-web', 'spread web servers');
    expect(id).toMatch(/^dset-[a-z0-9]{8}$/);
    const d = await client.getDeploySetDetail(id);
    expect(d).toMatchObject({
      deploysetId: id,
      name: 'ha-web',
      desc: 'spread web servers',
      instanceCount: 0,
      instanceTotal: 10,
      nodeInstanceStatisList: [],
    });
    expect(d.createTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await serviceError(client.getDeploySetDetail('dset-nosuch00'), 404, 'NoSuchObject');
  });

  it('instances join at creation and through updateRelation; the detail counts them per node', async () => {
    const setId = await newSet('ha-api');
    const a = await newService(client, { deploysetIdList: [setId], deployInstances: [{ ...HANGZHOU, replicas: 2 }] });
    const b = await newService(client, { deployInstances: [{ regionId: 'cn-shanghai-ct', replicas: 1 }] });
    await client.updateVmInstanceDeploySet({ instanceId: b.vmIds[0]!, deploysetIdList: [setId] });
    const d = await client.getDeploySetDetail(setId);
    expect(d.instanceCount).toBe(3);
    expect(d.nodeInstanceStatisList).toEqual(
      expect.arrayContaining([
        { regionId: 'cn-hangzhou-cm', instanceCount: 2, instanceTotal: 10, instanceIds: a.vmIds },
        { regionId: 'cn-shanghai-ct', instanceCount: 1, instanceTotal: 10, instanceIds: b.vmIds },
      ]),
    );
    const vm = await client.getVirtualMachine(b.vmIds[0]!);
    expect(vm.deploysetList).toEqual([{ deploysetId: setId, name: 'ha-api' }]);
    const bySet = await client.getVmInstanceList({ keywordType: 'deploysetId', keyword: setId });
    expect(bySet.totalCount).toBe(3);
    // An empty list takes the instance out of every set.
    await client.updateVmInstanceDeploySet({ instanceId: b.vmIds[0]!, deploysetIdList: [] });
    expect((await client.getDeploySetDetail(setId)).instanceCount).toBe(2);
  });

  it('UpdateVmInstanceDeploySet: 404 for unknown instances or sets; 413 past 10 instances of one node', async () => {
    const setId = await newSet('quota');
    const { vmIds } = await newService(client, { deployInstances: [{ ...HANGZHOU, replicas: 11 }] });
    await serviceError(
      client.updateVmInstanceDeploySet({ instanceId: 'vm-nosuch', deploysetIdList: [setId] }),
      404,
      'NoSuchObject',
    );
    await serviceError(
      client.updateVmInstanceDeploySet({ instanceId: vmIds[0]!, deploysetIdList: ['dset-nosuch00'] }),
      404,
      'NoSuchObject',
    );
    for (const id of vmIds.slice(0, 10))
      await client.updateVmInstanceDeploySet({ instanceId: id, deploysetIdList: [setId] });
    await serviceError(
      client.updateVmInstanceDeploySet({ instanceId: vmIds[10]!, deploysetIdList: [setId] }),
      413,
      'LimitExceeded',
    );
    // Setting the same list again is not adding.
    await client.updateVmInstanceDeploySet({ instanceId: vmIds[0]!, deploysetIdList: [setId] });
    await serviceError(
      client.createVmService({
        imageId: 'm-CentOS79',
        cpu: 1,
        memory: 1,
        deploysetIdList: [setId],
        deployInstances: [HANGZHOU],
      }),
      413,
      'LimitExceeded',
    );
  });

  it('DeleteVmInstanceFromDeploySet: removes instances; 400 for instances outside the set, 404 unknown', async () => {
    const setId = await newSet('remove');
    const { vmIds } = await newService(client, {
      deploysetIdList: [setId],
      deployInstances: [{ ...HANGZHOU, replicas: 2 }],
    });
    const other = await newService(client);
    await serviceError(
      client.deleteVmInstanceFromDeploySet({ deploysetId: setId, instanceIdList: [other.vmIds[0]!] }),
      400,
      'BadRequest',
    );
    await serviceError(
      client.deleteVmInstanceFromDeploySet({ deploysetId: 'dset-nosuch00', instanceIdList: vmIds }),
      404,
      'NoSuchObject',
    );
    await serviceError(
      client.deleteVmInstanceFromDeploySet({ deploysetId: setId, instanceIdList: ['vm-nosuch'] }),
      404,
      'NoSuchObject',
    );
    await client.deleteVmInstanceFromDeploySet({ deploysetId: setId, instanceIdList: [vmIds[0]!] });
    const d = await client.getDeploySetDetail(setId);
    expect(d.nodeInstanceStatisList).toEqual([
      { regionId: 'cn-hangzhou-cm', instanceCount: 1, instanceTotal: 10, instanceIds: [vmIds[1]] },
    ]);
    expect((await client.getVirtualMachine(vmIds[0]!)).deploysetList).toEqual([]);
  });

  it('UpdateDeploySet: changes name and description; 404 unknown', async () => {
    const setId = await newSet('old-name', 'old desc');
    await client.updateDeploySet(setId, { name: 'new-name' });
    expect(await client.getDeploySetDetail(setId)).toMatchObject({ name: 'new-name', desc: 'old desc' });
    await client.updateDeploySet(setId, { desc: 'new desc' });
    expect(await client.getDeploySetDetail(setId)).toMatchObject({ name: 'new-name', desc: 'new desc' });
    await serviceError(client.updateDeploySet('dset-nosuch00', { name: 'x' }), 404, 'NoSuchObject');
  });

  it('GetDeploySetList: keywordType deploysetId or name, paging', async () => {
    const a = await newSet('list-one');
    await newSet('list-two');
    const byName = await client.getDeploySetList({ keywordType: 'name', keyword: 'LIST-' });
    expect(byName.result.map((s) => s.name).sort()).toEqual(['list-one', 'list-two']);
    expect(byName).toMatchObject({ totalCount: 2, pageNo: 1, pageSize: 1000 });
    const byId = await client.getDeploySetList({ keywordType: 'deploysetId', keyword: a });
    expect(byId.result.map((s) => s.deploysetId)).toEqual([a]);
    const page = await client.getDeploySetList({ keywordType: 'name', keyword: 'list-', pageNo: 2, pageSize: 1 });
    expect(page.result).toHaveLength(1);
    expect(page.totalCount).toBe(2);
    await serviceError(client.getDeploySetList({ keywordType: 'desc', keyword: 'x' }), 400, 'BadRequest');
  });

  it('DeleteDeploySet: refused (409) while instances are in it; deleted when empty; 404 afterwards', async () => {
    const setId = await newSet('busy');
    const { serviceId } = await newService(client, { deploysetIdList: [setId] });
    await serviceError(client.deleteDeploySet(setId), 409, 'OperationDenied');
    await client.deleteVmService(serviceId);
    await client.deleteDeploySet(setId);
    await serviceError(client.getDeploySetDetail(setId), 404, 'NoSuchObject');
    await serviceError(client.deleteDeploySet(setId), 404, 'NoSuchObject');
  });
});
