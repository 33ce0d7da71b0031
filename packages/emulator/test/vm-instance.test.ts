import { type RunningEmulator, startEmulator } from 'bec-emulator';
import type { BecClient } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTOS, clientFor, HANGZHOU, newService, serviceError, UBUNTU, vmArgs } from './vm-helpers.js';

describe('VM instances (immediate lifecycle)', () => {
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

  it('CreateVmServiceInstance: adds instances to a service; an empty service takes their template', async () => {
    const empty = await client.createVmService({ serviceName: 'grows' });
    const serviceId = empty.details.serviceId;
    const res = await client.createVmServiceInstance(serviceId, {
      imageId: UBUNTU,
      cpu: 1,
      memory: 2,
      deployInstances: [{ regionId: 'cn-jinan-cm', replicas: 2 }],
    });
    expect(res).toMatchObject({ result: true, action: 'create' });
    expect(res.details).toMatchObject({ serviceId, totalInstances: 2, serviceName: 'grows' });
    expect(res.details.instances.map((i) => i.regionId)).toEqual(['cn-jinan-cm', 'cn-jinan-cm']);
    expect(res.details.instances[0]!.vmId).toMatch(new RegExp(`^vm-${serviceId.slice(2)}-1-m-jinan-[a-z0-9]{5}$`));
    const more = await client.createVmServiceInstance(serviceId, {
      imageId: UBUNTU,
      cpu: 1,
      memory: 2,
      deployInstances: [{ regionId: 'cn-nanning-cm', replicas: 1 }],
    });
    // Only the new instance is listed; the service counts all of them.
    expect(more.details.instances).toHaveLength(1);
    expect(more.details.instances[0]!.vmId).toMatch(/-2-m-nanning-/);
    expect(more.details.totalInstances).toBe(3);
    expect((await client.getVmServiceDetail(serviceId)).osImage.osName).toBe('Ubuntu');
    await serviceError(
      client.createVmServiceInstance('s-nosuch00', { imageId: UBUNTU, cpu: 1, memory: 2, deployInstances: [HANGZHOU] }),
      404,
      'NoSuchObject',
    );
    await serviceError(
      client.createVmServiceInstance(serviceId, { imageId: UBUNTU, cpu: 1, memory: 2 }),
      400,
      'BadRequest',
    );
  });

  it('GetVirtualMachine: full details with network, disks and image; 404 for unknown IDs', async () => {
    const { vmIds } = await newService(client, {
      hostname: 'api-1',
      vmName: 'api',
      systemVolume: { volumeType: 'NVME', sizeInGB: 50 },
      dataVolumeList: [{ volumeType: 'SATA', sizeInGB: 20 }],
      securityGroupIds: ['sg-12345678'],
      needIpv6PublicIp: true,
    });
    const vm = await client.getVirtualMachine(vmIds[0]!);
    expect(vm).toMatchObject({
      vmId: vmIds[0],
      vmName: 'api',
      hostname: 'api-1',
      status: 'RUNNING',
      cpu: 2,
      mem: 4,
      region: 'EAST_CHINA',
      city: 'HANGZHOU',
      regionId: 'cn-hangzhou-cm',
      serviceProvider: 'CHINA_MOBILE',
      needPublicIp: true,
      bandwidth: '50',
      rootDiskSize: 50,
      dataStorage: 20,
      systemVolume: { volumeType: 'NVME', sizeInGB: 50, name: 'sys' },
      dataVolumeList: [{ name: 'data1', volumeType: 'SATA', sizeInGB: 20 }],
      securityGroups: [{ id: 'sg-12345678' }],
      osImage: { imageId: CENTOS, osName: 'CentOS', osVersion: '7.9' },
      privateIps: [],
    });
    expect(vm.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(vm.internalIp).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(vm.publicIp).toMatch(/^112\.\d+\.\d+\.\d+$/);
    expect(vm.ipv6PublicIp).toMatch(/^240e:/);
    expect(vm.networkConfig.networksList?.[0]).toMatchObject({ netType: 'PRIVATE', ipv4: { ip: vm.internalIp } });
    await serviceError(client.getVirtualMachine('vm-nosuch'), 404, 'NoSuchObject');
  });

  it('GetVmInstanceList: keywordType searches, filters, ordering and paging (1-100)', async () => {
    const a = await newService(client, { vmName: 'findme-a', deployInstances: [{ ...HANGZHOU, replicas: 3 }] });
    const b = await newService(client, {
      vmName: 'findme-b',
      imageId: UBUNTU,
      deployInstances: [{ regionId: 'cn-guangzhou-un', replicas: 1 }],
    });
    const byService = await client.getVmInstanceList({ keyword: a.serviceId });
    expect(byService.result.map((i) => i.vmId).sort()).toEqual([...a.vmIds].sort());
    expect(byService).toMatchObject({ totalCount: 3, pageNo: 1, pageSize: 100, order: 'DESC', orderBy: 'createTime' });
    const byId = await client.getVmInstanceList({ keywordType: 'instanceId', keyword: b.vmIds[0]! });
    expect(byId.result.map((i) => i.vmId)).toEqual(b.vmIds);
    const byName = await client.getVmInstanceList({ keywordType: 'instanceName', keyword: 'FINDME' });
    expect(byName.totalCount).toBe(4);
    const vm = await client.getVirtualMachine(a.vmIds[1]!);
    const byIp = await client.getVmInstanceList({ keywordType: 'instanceIp', keyword: vm.internalIp });
    expect(byIp.result.map((i) => i.vmId)).toEqual([a.vmIds[1]]);
    const byRegion = await client.getVmInstanceList({
      keywordType: 'instanceName',
      keyword: 'findme',
      region: 'SOUTH_CHINA',
    });
    expect(byRegion.result.map((i) => i.vmId)).toEqual(b.vmIds);
    const byOs = await client.getVmInstanceList({ keywordType: 'instanceName', keyword: 'findme', osName: 'Ubuntu' });
    expect(byOs.result.map((i) => i.vmId)).toEqual(b.vmIds);
    await client.operateVmDeployment(a.vmIds[0]!, 'stop');
    const stopped = await client.getVmInstanceList({ serviceId: a.serviceId, status: 'STOPPED' });
    expect(stopped.result.map((i) => i.vmId)).toEqual([a.vmIds[0]]);
    const page = await client.getVmInstanceList({
      serviceId: a.serviceId,
      pageSize: 2,
      pageNo: 2,
      orderBy: 'vmId',
      order: 'asc',
    });
    expect(page.result.map((i) => i.vmId)).toEqual([[...a.vmIds].sort()[2]]);
    await serviceError(client.getVmInstanceList({ keywordType: 'colour', keyword: 'x' }), 400, 'BadRequest');
    await serviceError(client.getVmInstanceList({ orderBy: 'colour' }), 400, 'BadRequest');
  });

  it('GetNodeVmInstanceList: the instances of one node; 400 for an unknown node', async () => {
    const { vmIds } = await newService(client, { deployInstances: [{ regionId: 'cn-langfang-ct', replicas: 2 }] });
    const res = await client.getNodeVmInstanceList('NORTH_CHINA', 'CHINA_TELECOM', 'LANGFANG', {});
    expect(res.success).toBe(true);
    expect(res.result.map((i) => i.vmId).sort()).toEqual([...vmIds].sort());
    const one = await client.getNodeVmInstanceList('NORTH_CHINA', 'CHINA_TELECOM', 'LANGFANG', {
      keywordType: 'instanceId',
      keyword: vmIds[1]!,
    });
    expect(one.result.map((i) => i.vmId)).toEqual([vmIds[1]]);
    await serviceError(client.getNodeVmInstanceList('NORTH_CHINA', 'CHINA_MOBILE', 'ATLANTIS', {}), 400, 'BadRequest');
  });

  it('OperateVmDeployment: stop, start, restart; 409 from the wrong state; 404 unknown', async () => {
    const { vmIds } = await newService(client);
    const vmId = vmIds[0]!;
    await serviceError(client.operateVmDeployment(vmId, 'start'), 409, 'OperationDenied');
    const res = await client.operateVmDeployment(vmId, 'stop');
    expect(res).toMatchObject({ result: true, action: 'stop', details: { vmId } });
    expect((await client.getVirtualMachine(vmId)).status).toBe('STOPPED');
    await serviceError(client.operateVmDeployment(vmId, 'restart'), 409, 'OperationDenied');
    await client.operateVmDeployment(vmId, 'start');
    await client.operateVmDeployment(vmId, 'restart');
    expect((await client.getVirtualMachine(vmId)).status).toBe('RUNNING');
    await serviceError(client.operateVmDeployment('vm-nosuch', 'stop'), 404, 'NoSuchObject');
  });

  it('UpdateVmInstance: vmName, hostname, resource, securityGroup, password; bad types 400', async () => {
    const { serviceId, vmIds } = await newService(client, { deployInstances: [{ ...HANGZHOU, replicas: 2 }] });
    const vmId = vmIds[0]!;
    const res = await client.updateVmInstance(vmId, { type: 'vmName', vmName: 'renamed' });
    expect(res).toMatchObject({ result: true, action: 'update', details: { vmId, vmName: 'renamed' } });
    await client.updateVmInstance(vmId, { type: 'hostname', hostname: 'host-a' });
    await client.updateVmInstance(vmId, {
      type: 'resource',
      cpu: 4,
      memory: 8,
      bandwidth: -1,
      systemVolume: { sizeInGB: 80 },
    });
    await client.updateVmInstance(vmId, { type: 'securityGroup', securityGroupIds: ['sg-bbbb2222'] });
    await client.updateVmInstance(vmId, { type: 'password', adminPass: 'NewPassw0rd!' });
    const vm = await client.getVirtualMachine(vmId);
    expect(vm).toMatchObject({
      vmName: 'renamed',
      hostname: 'host-a',
      cpu: 4,
      mem: 8,
      bandwidth: '2048',
      rootDiskSize: 80,
      securityGroups: [{ id: 'sg-bbbb2222' }],
    });
    expect(JSON.stringify(vm)).not.toContain('NewPassw0rd!');
    expect((await client.getVmServiceDetail(serviceId)).totalCpu).toBe(6);
    await serviceError(
      client.updateVmInstance(vmId, { type: 'resource', systemVolume: { sizeInGB: 10 } }),
      400,
      'BadRequest',
    );
    await serviceError(client.updateVmInstance(vmId, { type: 'replicas' }), 400, 'BadRequest');
    await serviceError(client.updateVmInstance(vmId, { type: 'vmName' }), 400, 'BadRequest');
    await serviceError(client.updateVmInstance('vm-nosuch', { type: 'vmName', vmName: 'x' }), 404, 'NoSuchObject');
  });

  it('BindSecurityGroup: bind and unbind with one result per instance', async () => {
    const { vmIds } = await newService(client, { deployInstances: [{ ...HANGZHOU, replicas: 2 }] });
    const bound = await client.bindSecurityGroup('bind', {
      instances: [
        { instanceId: vmIds[0]!, securityGroupIds: ['sg-one11111', 'sg-two22222'] },
        { instanceId: vmIds[1]!, securityGroupIds: ['sg-one11111'] },
        { instanceId: 'vm-nosuch', securityGroupIds: ['sg-one11111'] },
      ],
    });
    expect(bound.action).toBe('bind');
    expect(bound.details.map((d) => d.success)).toEqual([true, true, false]);
    expect((await client.getVirtualMachine(vmIds[0]!)).securityGroups.map((g) => g.id)).toEqual([
      'sg-one11111',
      'sg-two22222',
    ]);
    const unbound = await client.bindSecurityGroup('unbind', {
      instances: [
        { instanceId: vmIds[0]!, securityGroupIds: ['sg-one11111'] },
        { instanceId: vmIds[1]!, securityGroupIds: ['sg-two22222'] },
      ],
    });
    expect(unbound.details.map((d) => d.success)).toEqual([true, false]);
    expect(unbound.result).toBe(false);
    expect((await client.getVirtualMachine(vmIds[0]!)).securityGroups.map((g) => g.id)).toEqual(['sg-two22222']);
    const byGroup = await client.getVmInstanceList({ keywordType: 'securityGroupId', keyword: 'sg-one11111' });
    expect(byGroup.result.map((i) => i.vmId)).toEqual([vmIds[1]]);
    await serviceError(
      client.bindSecurityGroup('attach', { instances: [{ instanceId: vmIds[0]!, securityGroupIds: ['sg-x'] }] }),
      400,
      'BadRequest',
    );
  });

  it('ReinstallVmInstance: installs another image; unknown images 404', async () => {
    const { vmIds } = await newService(client);
    const vmId = vmIds[0]!;
    const res = await client.reinstallVmInstance(vmId, { imageId: UBUNTU, adminPass: 'Passw0rd!x' });
    expect(res).toMatchObject({ result: true, action: 'reinstall', details: { vmId, status: 'RUNNING' } });
    expect(res.details.osImage).toMatchObject({ imageId: UBUNTU, osName: 'Ubuntu', osVersion: '22.04' });
    expect((await client.getVmConfig(vmId)).osImage.imageId).toBe(UBUNTU);
    await serviceError(
      client.reinstallVmInstance(vmId, { imageId: 'm-nosuch00', adminPass: 'Passw0rd!x' }),
      404,
      'NoSuchObject',
    );
    await serviceError(
      client.reinstallVmInstance('vm-nosuch', { imageId: UBUNTU, adminPass: 'Passw0rd!x' }),
      404,
      'NoSuchObject',
    );
  });

  it('GetVmConfig: the instance configuration; 404 unknown', async () => {
    const { vmIds } = await newService(client, {
      dataVolumeList: [{ volumeType: 'CDS_SSD', sizeInGB: 30, name: 'db' }],
    });
    const config = await client.getVmConfig(vmIds[0]!);
    expect(config).toMatchObject({
      cpu: 2,
      mem: 4,
      region: 'EAST_CHINA',
      serviceProvider: 'CHINA_MOBILE',
      city: 'HANGZHOU',
      regionId: 'cn-hangzhou-cm',
      needPublicIp: true,
      bandwidth: '50',
      osImage: { imageId: CENTOS },
      dataVolumeList: [{ name: 'db', volumeType: 'CDS_SSD', sizeInGB: 30 }],
      systemVolume: { volumeType: 'SATA', sizeInGB: 40 },
    });
    await serviceError(client.getVmConfig('vm-nosuch'), 404, 'NoSuchObject');
  });

  it('CreateVmPrivateIp / DeleteVmPrivateIp: secondary IPs in the subnet, conflicts reported, release', async () => {
    const vpc = await client.createVpc({ name: 'ipnet', cidr: '172.16.0.0/16', regionId: 'cn-hangzhou-cm' });
    const vpcId = vpc.details.vpcId as string;
    const subnet = await client.createSubnet({ name: 'ipsub', vpcId, cidr: '172.16.3.0/24' });
    const subnetId = (subnet.details as Record<string, string>).subnetId!;
    const { vmIds } = await newService(client, {
      deployInstances: [{ ...HANGZHOU, replicas: 2, networkType: 'vpc', vpcId, subnetId }],
    });
    const [first, second] = vmIds as [string, string];
    // Addresses the two VMs do not hold as their primary (they get random ones in the subnet).
    const held = new Set([
      (await client.getVirtualMachine(first)).internalIp,
      (await client.getVirtualMachine(second)).internalIp,
    ]);
    const wanted = ['172.16.3.100', '172.16.3.101', '172.16.3.102'].find((ip) => !held.has(ip))!;
    const added = await client.createVmPrivateIp(first, {
      privateIps: [wanted],
      secondaryPrivateIpAddressCount: 2,
    });
    // An address neither VM holds, as its primary or as one of the two random secondary ones.
    const neverAdded = ['172.16.3.250', '172.16.3.251', '172.16.3.252', '172.16.3.253'].find(
      (ip) => !held.has(ip) && !added.result.ips.includes(ip),
    )!;
    expect(added.success).toBe(true);
    expect(added.result).toMatchObject({ success: true, errIPs: [] });
    expect(added.result.ips).toHaveLength(3);
    expect(added.result.ips[0]).toBe(wanted);
    for (const ip of added.result.ips) expect(ip).toMatch(/^172\.16\.3\.\d+$/);
    expect((await client.getVirtualMachine(first)).privateIps).toEqual(added.result.ips);
    const clash = await client.createVmPrivateIp(second, { privateIps: [wanted] });
    expect(clash.result).toMatchObject({ success: false, errCode: 'IpInUse', ips: [], errIPs: [wanted] });
    await serviceError(client.createVmPrivateIp(second, { privateIps: ['10.9.9.9'] }), 400, 'BadRequest');
    await serviceError(client.createVmPrivateIp(second, { secondaryPrivateIpAddressCount: 21 }), 413, 'LimitExceeded');
    await serviceError(
      client.createVmPrivateIp('vm-nosuch', { secondaryPrivateIpAddressCount: 1 }),
      404,
      'NoSuchObject',
    );

    const released = await client.deleteVmPrivateIp(first, { privateIps: [wanted, neverAdded] });
    expect(released.result).toMatchObject({
      success: false,
      errCode: 'IpNotFound',
      ips: [wanted],
      errIPs: [neverAdded],
    });
    expect((await client.getVirtualMachine(first)).privateIps).toHaveLength(2);
    const primary = (await client.getVirtualMachine(first)).internalIp;
    await serviceError(client.deleteVmPrivateIp(first, { privateIps: [primary] }), 400, 'BadRequest');
    await serviceError(client.deleteVmPrivateIp('vm-nosuch', { privateIps: [primary] }), 404, 'NoSuchObject');
  });

  it('DeleteVmInstance: removes the instance; the service counts follow; 404 afterwards', async () => {
    const { serviceId, vmIds } = await newService(client, { deployInstances: [{ ...HANGZHOU, replicas: 2 }] });
    const res = await client.deleteVmInstance(vmIds[0]!);
    expect(res).toMatchObject({ result: true, action: 'delete', details: { vmId: vmIds[0] } });
    const d = await client.getVmServiceDetail(serviceId);
    expect(d.totalInstances).toBe(1);
    expect(d.instances.map((i) => i.vmId)).toEqual([vmIds[1]]);
    await serviceError(client.deleteVmInstance(vmIds[0]!), 404, 'NoSuchObject');
  });

  it('GetVmInstanceMetrics: a series for an existing instance; 404 unknown', async () => {
    const { vmIds } = await newService(client);
    const end = Math.floor(emu.clock.now() / 1000);
    const res = await client.getVmInstanceMetrics(vmIds[0]!, {
      metricsType: 'BANDWIDTH_RECEIVE',
      start: end - 3600,
      end,
      stepInMin: 5,
    });
    expect(res.metrics.length).toBeGreaterThanOrEqual(12);
    expect(res.totalValue).toBeGreaterThan(0);
    await serviceError(
      client.getVmInstanceMetrics('vm-nosuch', { metricsType: 'CPU', start: end - 60, end }),
      404,
      'NoSuchObject',
    );
  });
});

describe('VM instances (timed lifecycle on a frozen clock)', () => {
  let emu: RunningEmulator;
  let client: BecClient;

  beforeAll(async () => {
    emu = await startEmulator({ clock: { mode: 'frozen' }, lifecycle: { mode: 'timed', durationMs: 2000 } });
    client = clientFor(emu);
  });
  afterAll(async () => {
    client.close();
    await emu.close();
  });

  it('instances pass through CREATING, STOPPING, STARTING and RESTARTING; busy instances refuse actions', async () => {
    const res = await client.createVmService(vmArgs({ deployInstances: [{ ...HANGZHOU, replicas: 2 }] }));
    const { serviceId } = res.details;
    const [vmId] = res.details.instances.map((i) => i.vmId) as [string];
    expect(res.details).toMatchObject({ status: 'NORMAL', totalInstances: 2, runningInstances: 0 });
    expect((await client.getVirtualMachine(vmId)).status).toBe('CREATING');
    await serviceError(client.operateVmDeployment(vmId, 'stop'), 409, 'OperationDenied');
    await serviceError(client.updateVmService(serviceId, { type: 'resource', cpu: 4 }), 409, 'OperationDenied');
    await serviceError(client.vmServiceAction(serviceId, 'stop'), 409, 'OperationDenied');
    emu.clock.advance(2000);
    expect((await client.getVmServiceDetail(serviceId)).runningInstances).toBe(2);

    await client.operateVmDeployment(vmId, 'stop');
    expect((await client.getVirtualMachine(vmId)).status).toBe('STOPPING');
    await serviceError(client.operateVmDeployment(vmId, 'start'), 409, 'OperationDenied');
    emu.clock.advance(2000);
    expect((await client.getVirtualMachine(vmId)).status).toBe('STOPPED');
    await client.operateVmDeployment(vmId, 'start');
    expect((await client.getVirtualMachine(vmId)).status).toBe('STARTING');
    emu.clock.advance(2000);
    await client.operateVmDeployment(vmId, 'restart');
    expect((await client.getVirtualMachine(vmId)).status).toBe('RESTARTING');
    await serviceError(
      client.reinstallVmInstance(vmId, { imageId: UBUNTU, adminPass: 'Passw0rd!x' }),
      409,
      'OperationDenied',
    );
    emu.clock.advance(2000);
    await client.reinstallVmInstance(vmId, { imageId: UBUNTU, adminPass: 'Passw0rd!x' });
    expect((await client.getVirtualMachine(vmId)).status).toBe('REINSTALLING');
    emu.clock.advance(2000);
    expect((await client.getVirtualMachine(vmId)).status).toBe('RUNNING');
    await client.updateVmInstance(vmId, { type: 'resource', cpu: 4, needRestart: true });
    expect((await client.getVirtualMachine(vmId)).status).toBe('RESTARTING');
    emu.clock.advance(2000);
    expect((await client.getVirtualMachine(vmId)).cpu).toBe(4);
  });
});
