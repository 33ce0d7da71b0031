import { type RunningEmulator, startEmulator } from 'bec-emulator';
import type { BecClient } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTOS, clientFor, HANGZHOU, newService, serviceError, UBUNTU, vmArgs } from './vm-helpers.js';

describe('VM services', () => {
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

  it('CreateVmService: creates the instances of every node with BEC IDs and derived counters', async () => {
    const res = await client.createVmService(
      vmArgs({
        serviceName: 'edge-web',
        deployInstances: [
          { ...HANGZHOU, replicas: 2 },
          { regionId: 'cn-guangzhou-un', replicas: 1 },
        ],
        systemVolume: { volumeType: 'NVME', sizeInGB: 60 },
        dataVolumeList: [{ volumeType: 'SATA', sizeInGB: 100 }],
        tags: [{ tagKey: 'env', tagValue: 'test' }],
      }),
    );
    expect(res).toMatchObject({ result: true, action: 'create' });
    const d = res.details;
    expect(d.serviceId).toMatch(/^s-[a-z0-9]{8}$/);
    const suffix = d.serviceId.slice(2);
    expect(d).toMatchObject({
      serviceName: 'edge-web',
      status: 'NORMAL',
      totalInstances: 3,
      runningInstances: 3,
      totalCpu: 6,
      totalMem: 12,
      totalRootDisk: 180,
      totalDisk: 300,
      regions: 2,
      tags: [{ tagKey: 'env', tagValue: 'test' }],
    });
    expect(d.osImage.imageId).toBe(CENTOS);
    expect(d.osImage.osName).toBe('CentOS');
    expect(d.instances).toHaveLength(3);
    const ids = d.instances.map((i) => i.vmId);
    expect(ids[0]).toMatch(new RegExp(`^vm-${suffix}-1-m-hangzhou-[a-z0-9]{5}$`));
    expect(ids[1]).toMatch(new RegExp(`^vm-${suffix}-1-m-hangzhou-[a-z0-9]{5}$`));
    expect(ids[2]).toMatch(new RegExp(`^vm-${suffix}-2-u-guangzhou-[a-z0-9]{5}$`));
    expect(new Set(ids).size).toBe(3);
    expect(d.deployInstances).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ regionId: 'cn-hangzhou-cm', replicas: 2, city: 'HANGZHOU' }),
        expect.objectContaining({ regionId: 'cn-guangzhou-un', replicas: 1, serviceProvider: 'CHINA_UNICOM' }),
      ]),
    );
    // Nothing secret in the response.
    expect(JSON.stringify(res)).not.toContain('Passw0rd!');
  });

  it('CreateVmService: without deployInstances makes an empty NORMAL service', async () => {
    const res = await client.createVmService({ serviceName: 'empty' });
    expect(res.details).toMatchObject({ serviceName: 'empty', status: 'NORMAL', totalInstances: 0, instances: [] });
    const auto = await client.createVmService({});
    expect(auto.details.serviceName).toMatch(/^vm-service-[a-z0-9]{6}$/);
  });

  it('CreateVmService: spec sets cpu and memory; TRIPLE_LINE nodes get one public IP per carrier', async () => {
    const res = await client.createVmService(
      vmArgs({ spec: 'bec.g4.c4m16', deployInstances: [{ regionId: 'cn-baoding1-ix', replicas: 1 }] }),
    );
    const vm = await client.getVirtualMachine(res.details.instances[0]!.vmId);
    expect(vm).toMatchObject({ cpu: 4, mem: 16, spec: 'bec.g4.c4m16', serviceProvider: 'TRIPLE_LINE' });
    expect(vm.multiplePublicIp.map((i) => i.serviceProvider).sort()).toEqual([
      'CHINA_MOBILE',
      'CHINA_TELECOM',
      'CHINA_UNICOM',
    ]);
  });

  it('CreateVmService: refuses unknown images (404), nodes (400), deploy sets and templates (404), big disks (413)', async () => {
    await serviceError(client.createVmService(vmArgs({ imageId: 'm-nosuch00' })), 404, 'NoSuchObject');
    await serviceError(client.createVmService(vmArgs({ imageId: CENTOS, imageType: 'bec' })), 404, 'NoSuchObject');
    await serviceError(
      client.createVmService(vmArgs({ deployInstances: [{ regionId: 'cn-atlantis-cm', replicas: 1 }] })),
      400,
      'BadRequest',
    );
    await serviceError(
      client.createVmService(vmArgs({ deployInstances: [{ city: 'HANGZHOU', replicas: 1 }] })),
      400,
      'BadRequest',
    );
    await serviceError(client.createVmService(vmArgs({ deploysetIdList: ['dset-nosuch00'] })), 404, 'NoSuchObject');
    await serviceError(client.createVmService(vmArgs({ templateId: 'tpl-nosuch' })), 404, 'NoSuchObject');
    await serviceError(
      client.createVmService(vmArgs({ dataVolumeList: [{ volumeType: 'SATA', sizeInGB: 1490 }] })),
      413,
      'LimitExceeded',
    );
    await serviceError(
      client.createVmService(vmArgs({ spec: 'custom-large', cpu: undefined, memory: undefined })),
      400,
      'BadRequest',
    );
    await serviceError(
      client.createVmService(
        vmArgs({ gpu: { type: 'T4', num: 1 }, deployInstances: [{ regionId: 'cn-xian-ct', replicas: 1 }] }),
      ),
      400,
      'BadRequest',
    );
  });

  it('CreateVmService: vpc networking needs an existing VPC and subnet of the same node', async () => {
    const vpc = await client.createVpc({ name: 'vmnet', cidr: '192.168.0.0/16', regionId: 'cn-hangzhou-cm' });
    const vpcId = vpc.details.vpcId as string;
    const subnet = await client.createSubnet({ name: 'vmsub', vpcId, cidr: '192.168.7.0/24' });
    const subnetId = (subnet.details as Record<string, string>).subnetId!;
    const res = await client.createVmService(
      vmArgs({ deployInstances: [{ ...HANGZHOU, replicas: 2, networkType: 'vpc', vpcId, subnetId }] }),
    );
    for (const { vmId } of res.details.instances) {
      const vm = await client.getVirtualMachine(vmId);
      expect(vm.vpc).toMatchObject({
        vpcId,
        name: 'vmnet',
        cidr: '192.168.0.0/16',
        subnet: { subnetId, cidr: '192.168.7.0/24' },
      });
      expect(vm.internalIp).toMatch(/^192\.168\.7\.\d+$/);
    }
    await serviceError(
      client.createVmService(vmArgs({ deployInstances: [{ ...HANGZHOU, networkType: 'vpc', vpcId: 'vpc-nosuch00' }] })),
      404,
      'NoSuchObject',
    );
    await serviceError(
      client.createVmService(
        vmArgs({ deployInstances: [{ regionId: 'cn-shanghai-ct', replicas: 1, networkType: 'vpc', vpcId, subnetId }] }),
      ),
      400,
      'BadRequest',
    );
    const classic = await client.createVmService(vmArgs());
    const vm = await client.getVirtualMachine(classic.details.instances[0]!.vmId);
    expect(vm.vpc.vpcId).toBe('');
  });

  it('GetVmServiceDetail: derives status and counters from the instances; 404 for unknown IDs', async () => {
    const { serviceId, vmIds } = await newService(client, { deployInstances: [{ ...HANGZHOU, replicas: 2 }] });
    await client.operateVmDeployment(vmIds[0]!, 'stop');
    const d = await client.getVmServiceDetail(serviceId);
    expect(d).toMatchObject({
      serviceId,
      status: 'NORMAL',
      totalInstances: 2,
      runningInstances: 1,
      bandwidth: '50',
      totalBandwidth: '100',
    });
    expect(d.systemVolumeList).toHaveLength(2);
    await serviceError(client.getVmServiceDetail('s-nosuch00'), 404, 'NoSuchObject');
  });

  it('GetVmServiceList: keyword search, filters, ordering and paging', async () => {
    const a = await newService(client, { serviceName: 'list-alpha', imageId: UBUNTU });
    const b = await newService(client, {
      serviceName: 'list-beta',
      deployInstances: [{ regionId: 'cn-xian-ct', replicas: 1 }],
    });
    const byName = await client.getVmServiceList({ keywordType: 'serviceName', keyword: 'list-' });
    expect(byName.result.map((s) => s.serviceName).sort()).toEqual(['list-alpha', 'list-beta']);
    expect(byName).toMatchObject({ pageNo: 1, pageSize: 1000, orderBy: 'createTime', order: 'DESC', totalCount: 2 });
    const byId = await client.getVmServiceList({ keyword: a.serviceId });
    expect(byId.result.map((s) => s.serviceId)).toEqual([a.serviceId]);
    const byRegion = await client.getVmServiceList({
      keywordType: 'serviceName',
      keyword: 'list-',
      region: 'NORTH_WEST',
    });
    expect(byRegion.result.map((s) => s.serviceId)).toEqual([b.serviceId]);
    const byOs = await client.getVmServiceList({ keywordType: 'serviceName', keyword: 'list-', osName: 'ubuntu' });
    expect(byOs.result.map((s) => s.serviceId)).toEqual([a.serviceId]);
    const all = await client.getVmServiceList({});
    const page2 = await client.getVmServiceList({ pageNo: 2, pageSize: 1, orderBy: 'serviceName', order: 'asc' });
    expect(page2.totalCount).toBe(all.totalCount);
    const sorted = all.result.map((s) => s.serviceName).sort((x, y) => x.localeCompare(y));
    expect(page2.result.map((s) => s.serviceName)).toEqual([sorted[1]]);
    await serviceError(client.getVmServiceList({ keywordType: 'vmName', keyword: 'x' }), 400, 'BadRequest');
    await serviceError(client.getVmServiceList({ orderBy: 'color' }), 400, 'BadRequest');
  });

  it('UpdateVmService: serviceName, vmName, hostname, securityGroup and password', async () => {
    const { serviceId, vmIds } = await newService(client, { deployInstances: [{ ...HANGZHOU, replicas: 2 }] });
    const renamed = await client.updateVmService(serviceId, { type: 'serviceName', serviceName: 'renamed' });
    expect(renamed).toMatchObject({ result: true, action: 'update', details: { serviceName: 'renamed' } });
    await client.updateVmService(serviceId, { type: 'vmName', vmName: 'worker', vmId: vmIds[1]! });
    expect((await client.getVirtualMachine(vmIds[1]!)).vmName).toBe('worker');
    expect((await client.getVirtualMachine(vmIds[0]!)).vmName).not.toBe('worker');
    await client.updateVmService(serviceId, { type: 'hostname', hostname: 'web-node' });
    await client.updateVmService(serviceId, { type: 'securityGroup', securityGroupIds: ['sg-aaaa1111'] });
    for (const id of vmIds) {
      const vm = await client.getVirtualMachine(id);
      expect(vm.hostname).toBe('web-node');
      expect(vm.securityGroups).toEqual([{ id: 'sg-aaaa1111', name: '', desc: '' }]);
    }
    await client.updateVmService(serviceId, {
      type: 'password',
      keyConfig: { type: 'bccKeyPair', bccKeyPairIdList: ['k-abcdefgh'] },
    });
    expect((await client.getVirtualMachine(vmIds[0]!)).bccKeyPairList).toEqual([{ keyPairId: 'k-abcdefgh', name: '' }]);
    await serviceError(client.updateVmService(serviceId, { type: 'serviceName' }), 400, 'BadRequest');
    await serviceError(client.updateVmService(serviceId, { type: 'password' }), 400, 'BadRequest');
    await serviceError(client.updateVmService(serviceId, { type: 'colour' }), 400, 'BadRequest');
    await serviceError(
      client.updateVmService(serviceId, { type: 'vmName', vmName: 'x', vmId: 'vm-nosuch' }),
      404,
      'NoSuchObject',
    );
    await serviceError(
      client.updateVmService('s-nosuch00', { type: 'serviceName', serviceName: 'x' }),
      404,
      'NoSuchObject',
    );
  });

  it('UpdateVmService: replicas scales nodes out and in; resource resizes every instance', async () => {
    const { serviceId } = await newService(client);
    const out = await client.updateVmService(serviceId, {
      type: 'replicas',
      deployInstances: [
        { ...HANGZHOU, replicas: 3 },
        { regionId: 'cn-shanghai-ct', replicas: 2 },
      ],
    });
    expect(out.details).toMatchObject({ totalInstances: 5, regions: 2 });
    const shanghai = out.details.instances.filter((i) => i.regionId === 'cn-shanghai-ct');
    expect(shanghai[0]!.vmId).toMatch(/^vm-[a-z0-9]{8}-2-t-shanghai-[a-z0-9]{5}$/);
    const inward = await client.updateVmService(serviceId, {
      type: 'replicas',
      deployInstances: [{ ...HANGZHOU, replicas: 1 }],
    });
    expect(inward.details).toMatchObject({ totalInstances: 3 });
    const resized = await client.updateVmService(serviceId, { type: 'resource', cpu: 8, memory: 32 });
    expect(resized.details).toMatchObject({ totalCpu: 24, totalMem: 96 });
    await serviceError(client.updateVmService(serviceId, { type: 'replicas' }), 400, 'BadRequest');
    await serviceError(client.updateVmService(serviceId, { type: 'resource' }), 400, 'BadRequest');
  });

  it('VmServiceAction: stop then start every instance; refused from the wrong state', async () => {
    const { serviceId, vmIds } = await newService(client, { deployInstances: [{ ...HANGZHOU, replicas: 2 }] });
    await serviceError(client.vmServiceAction(serviceId, 'start'), 409, 'OperationDenied');
    const stopped = await client.vmServiceAction(serviceId, 'stop');
    expect(stopped).toMatchObject({ result: true, action: 'stop', details: { serviceId } });
    for (const id of vmIds) expect((await client.getVirtualMachine(id)).status).toBe('STOPPED');
    expect((await client.getVmServiceDetail(serviceId)).runningInstances).toBe(0);
    await serviceError(client.vmServiceAction(serviceId, 'stop'), 409, 'OperationDenied');
    await client.vmServiceAction(serviceId, 'start');
    expect((await client.getVmServiceDetail(serviceId)).runningInstances).toBe(2);
    await serviceError(client.vmServiceAction('s-nosuch00', 'stop'), 404, 'NoSuchObject');
    const empty = await client.createVmService({ serviceName: 'nothing' });
    await serviceError(client.vmServiceAction(empty.details.serviceId, 'stop'), 409, 'OperationDenied');
  });

  it('DeleteVmService: deletes the service and its instances; 404 afterwards', async () => {
    const { serviceId, vmIds } = await newService(client, { deployInstances: [{ ...HANGZHOU, replicas: 2 }] });
    const res = await client.deleteVmService(serviceId);
    expect(res).toMatchObject({ result: true, action: 'delete', details: { serviceId } });
    await serviceError(client.getVmServiceDetail(serviceId), 404, 'NoSuchObject');
    for (const id of vmIds) await serviceError(client.getVirtualMachine(id), 404, 'NoSuchObject');
    await serviceError(client.deleteVmService(serviceId), 404, 'NoSuchObject');
  });

  it('BatchDeleteVmService: one result per ID', async () => {
    const a = await newService(client);
    const b = await newService(client);
    const res = await client.batchDeleteVmService([a.serviceId, 's-nosuch00', b.serviceId]);
    expect(res.action).toBe('delete');
    expect(res.result).toBe(false);
    expect(res.details).toEqual([
      { resourceId: a.serviceId, success: true, error: '' },
      { resourceId: 's-nosuch00', success: false, error: expect.stringContaining('NoSuchObject') },
      { resourceId: b.serviceId, success: true, error: '' },
    ]);
    await serviceError(client.getVmServiceDetail(b.serviceId), 404, 'NoSuchObject');
    const again = await client.batchDeleteVmService([a.serviceId]);
    expect(again.details[0]).toMatchObject({ success: false });
  });

  it('BatchOperateVmService: one result per ID, wrong states reported per service', async () => {
    const a = await newService(client);
    const b = await newService(client);
    await client.vmServiceAction(b.serviceId, 'stop');
    const res = await client.batchOperateVmService({
      idList: [a.serviceId, b.serviceId, 's-nosuch00'],
      action: 'stop',
    });
    expect(res).toMatchObject({ action: 'stop', result: false });
    expect(res.details.map((d) => d.success)).toEqual([true, false, false]);
    expect(res.details[1]!.error).toContain('OperationDenied');
    expect(res.details[2]!.error).toContain('NoSuchObject');
    const started = await client.batchOperateVmService({ idList: [a.serviceId, b.serviceId], action: 'start' });
    expect(started).toMatchObject({ result: true });
    expect((await client.getVmServiceDetail(a.serviceId)).runningInstances).toBe(1);
  });

  it('GetVmServiceMetrics: a series for an existing service; 404 unknown; 400 for a non-VM metric', async () => {
    const { serviceId } = await newService(client);
    const end = Math.floor(emu.clock.now() / 1000);
    const res = await client.getVmServiceMetrics(serviceId, {
      metricsType: 'CPU',
      start: end - 600,
      end,
      stepInMin: 1,
    });
    expect(res.metrics.length).toBeGreaterThanOrEqual(10);
    expect(res.maxValue).toBeGreaterThanOrEqual(res.avgValue);
    const again = await client.getVmServiceMetrics(serviceId, {
      metricsType: 'CPU',
      start: end - 600,
      end,
      stepInMin: 1,
    });
    expect(again.metrics).toEqual(res.metrics);
    await serviceError(
      client.getVmServiceMetrics('s-nosuch00', { metricsType: 'CPU', start: end - 600, end }),
      404,
      'NoSuchObject',
    );
    await serviceError(
      client.getVmServiceMetrics(serviceId, { metricsType: 'REQUEST_NUMBER', start: end - 600, end }),
      400,
      'BadRequest',
    );
  });
});
