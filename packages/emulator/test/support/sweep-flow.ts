/**
 * Every BEC operation, in an order that makes each call succeed against one emulator (immediate
 * lifecycle): network → VM service and instances → images → deploy sets → node inventory →
 * container service, deployments and pods → classic BLBs (container and VM backends) → app BLB →
 * metrics of every resource → deletes. Next to each success, one call that must fail: an unknown
 * ID (404), a wrong state (409), or input the server refuses (400). Input the SDK itself would
 * refuse goes out as a raw signed request (raw.ts) so that the server's answer is what is checked.
 */
import type { RunningEmulator } from 'bec-emulator';
import type { BecClient } from 'bec-sdk';
import { expect } from 'vitest';
import { type RawCall, rawCall } from './raw.js';
import type { SweepRecorder } from './recorder.js';

export interface SweepContext {
  client: BecClient;
  emu: RunningEmulator;
  rec: SweepRecorder;
}

const HZ = 'cn-hangzhou-cm';
const CENTOS = 'm-CentOS79';
const UBUNTU = 'm-Ubun2204';
const NOT_FOUND = [404, 'NoSuchObject'] as const;
const DENIED = [409, 'OperationDenied'] as const;
const BAD = [400, 'BadRequest'] as const;

export async function runSweep({ client, emu, rec }: SweepContext): Promise<void> {
  const ok = rec.ok.bind(rec);
  const fails = (op: string, [status, code]: readonly [number, string], call: () => Promise<unknown>) =>
    rec.fails(op, status, code, call);
  const raw = (op: string, call: RawCall) => () => rawCall(emu.endpoint, emu.credentials, op, call);

  // ------------------------------------------------------------------ VPC, subnet, route table
  const vpc = await ok('CreateVpc', () =>
    client.createVpc({ name: 'sweep-vpc', cidr: '192.168.0.0/16', regionId: HZ, description: 'sweep network' }),
  );
  const vpcId = vpc.details.vpcId as string;
  await fails('CreateVpc', BAD, () => client.createVpc({ name: 'x', cidr: '10.0.0.0/16', regionId: 'cn-atlantis-cm' }));
  await ok('UpdateVpc', () => client.updateVpc(vpcId, { name: 'sweep-vpc-2', description: 'renamed' }));
  await fails('UpdateVpc', NOT_FOUND, () => client.updateVpc('vpc-nothere1', { name: 'x' }));
  const vpcs = await ok('GetVpcList', () => client.getVpcList({ regionId: HZ }));
  expect(vpcs.result.map((v) => v.vpcId)).toEqual([vpcId]);
  await fails('GetVpcList', BAD, () => client.getVpcList({ keywordType: 'cidr', keyword: '192' }));
  expect((await ok('GetVpcDetail', () => client.getVpcDetail(vpcId))).vpc).toMatchObject({
    name: 'sweep-vpc-2',
    city: 'HANGZHOU',
  });
  await fails('GetVpcDetail', NOT_FOUND, () => client.getVpcDetail('vpc-nothere1'));

  const subnet = await ok('CreateSubnet', () =>
    client.createSubnet({ name: 'sweep-subnet', vpcId, cidr: '192.168.1.0/24', description: 'vm tier' }),
  );
  const subnetId = subnet.details.subnetId as string;
  await fails('CreateSubnet', NOT_FOUND, () =>
    client.createSubnet({ name: 'x', vpcId: 'vpc-nothere1', cidr: '10.0.0.0/24' }),
  );
  await ok('UpdateSubnet', () => client.updateSubnet(subnetId, { name: 'sweep-subnet-2', description: 'renamed' }));
  await fails('UpdateSubnet', NOT_FOUND, () => client.updateSubnet('sbn-nothere00000', { name: 'x' }));
  expect((await ok('GetSubnetList', () => client.getSubnetList({ vpcId }))).totalCount).toBe(1);
  await fails('GetSubnetList', NOT_FOUND, () => client.getSubnetList({ vpcId: 'vpc-nothere1' }));
  expect((await ok('GetSubnetDetail', () => client.getSubnetDetail(subnetId))).subnet.availableIp).toBe(253);
  await fails('GetSubnetDetail', NOT_FOUND, () => client.getSubnetDetail('sbn-nothere00000'));

  const tables = await ok('GetRouteTableList', () => client.getRouteTableList({ vpcId }));
  const tableId = tables.result[0]!.tableId;
  await fails('GetRouteTableList', BAD, () => client.getRouteTableList({ keywordType: 'cidr', keyword: 'x' }));
  expect(
    (await ok('GetRouteTableDetail', () => client.getRouteTableDetail(tableId))).details.routeTableVo.ruleCount,
  ).toBe(1);
  await fails('GetRouteTableDetail', NOT_FOUND, () => client.getRouteTableDetail('rtb-nothere00000'));
  await ok('UpdateRouteTable', () => client.updateRouteTable(tableId, { tableId, tableName: 'sweep-routes' }));
  await fails('UpdateRouteTable', NOT_FOUND, () =>
    client.updateRouteTable('rtb-nothere00000', { tableId: 'rtb-nothere00000', tableName: 'x' }),
  );

  // ------------------------------------------------------------------ deploy set, VM service
  const setId = (await ok('CreateDeploySet', () => client.createDeploySet({ name: 'sweep-set', desc: 'spread' })))
    .deploysetIdList![0]!;
  // The SDK requires a name; the server must refuse a body without one as well.
  await fails('CreateDeploySet', BAD, raw('CreateDeploySet', { body: { desc: 'no name' } }));

  const created = await ok('CreateVmService', () =>
    client.createVmService({
      serviceName: 'sweep-vm',
      imageId: CENTOS,
      cpu: 2,
      memory: 4,
      needPublicIp: true,
      bandwidth: 50,
      adminPass: 'Passw0rd!',
      deploysetIdList: [setId],
      deployInstances: [
        {
          region: 'EAST_CHINA',
          city: 'HANGZHOU',
          serviceProvider: 'CHINA_MOBILE',
          replicas: 2,
          networkType: 'vpc',
          vpcId,
          subnetId,
        },
      ],
    }),
  );
  const serviceId = created.details.serviceId;
  const [vm1, vm2] = created.details.instances.map((i) => i.vmId) as [string, string];
  await fails('CreateVmService', NOT_FOUND, () =>
    client.createVmService({
      imageId: 'm-nosuch00',
      cpu: 1,
      memory: 1,
      deployInstances: [{ regionId: HZ, replicas: 1 }],
    }),
  );
  // An empty service (no instances), deleted later through the batch call.
  const emptyServiceId = (await ok('CreateVmService', () => client.createVmService({ serviceName: 'sweep-empty' })))
    .details.serviceId;

  const services = await ok('GetVmServiceList', () =>
    client.getVmServiceList({ keywordType: 'serviceName', keyword: 'sweep-vm' }),
  );
  expect(services.result.map((s) => s.serviceId)).toEqual([serviceId]);
  await fails('GetVmServiceList', BAD, () => client.getVmServiceList({ keywordType: 'vmName', keyword: 'x' }));
  expect(await ok('GetVmServiceDetail', () => client.getVmServiceDetail(serviceId))).toMatchObject({
    totalInstances: 2,
    runningInstances: 2,
  });
  await fails('GetVmServiceDetail', NOT_FOUND, () => client.getVmServiceDetail('s-nosuch00'));
  await ok('UpdateVmService', () =>
    client.updateVmService(serviceId, { type: 'serviceName', serviceName: 'sweep-vm-2' }),
  );
  await fails('UpdateVmService', NOT_FOUND, () =>
    client.updateVmService('s-nosuch00', { type: 'serviceName', serviceName: 'x' }),
  );
  const more = await ok('CreateVmServiceInstance', () =>
    client.createVmServiceInstance(serviceId, {
      imageId: CENTOS,
      cpu: 1,
      memory: 2,
      deployInstances: [{ regionId: 'cn-shanghai-ct', replicas: 1 }],
    }),
  );
  const extraVm = more.details.instances[0]!.vmId;
  await fails('CreateVmServiceInstance', NOT_FOUND, () =>
    client.createVmServiceInstance('s-nosuch00', {
      imageId: CENTOS,
      cpu: 1,
      memory: 2,
      deployInstances: [{ regionId: HZ, replicas: 1 }],
    }),
  );

  await ok('VmServiceAction', () => client.vmServiceAction(serviceId, 'stop'));
  await fails('VmServiceAction', DENIED, () => client.vmServiceAction(serviceId, 'stop'));
  await ok('VmServiceAction', () => client.vmServiceAction(serviceId, 'start'));
  const batchStop = await ok('BatchOperateVmService', () =>
    client.batchOperateVmService({ idList: [serviceId], action: 'stop' }),
  );
  expect(batchStop.result).toBe(true);
  await ok('BatchOperateVmService', () => client.batchOperateVmService({ idList: [serviceId], action: 'start' }));
  // The SDK allows only start and stop.
  await fails(
    'BatchOperateVmService',
    BAD,
    raw('BatchOperateVmService', { body: { idList: [serviceId], action: 'pause' } }),
  );

  // ------------------------------------------------------------------ VM instances
  expect((await ok('GetVmInstanceList', () => client.getVmInstanceList({ serviceId }))).totalCount).toBe(3);
  await fails('GetVmInstanceList', BAD, () => client.getVmInstanceList({ keywordType: 'colour', keyword: 'x' }));
  const onNode = await ok('GetNodeVmInstanceList', () =>
    client.getNodeVmInstanceList('EAST_CHINA', 'CHINA_MOBILE', 'HANGZHOU', {}),
  );
  expect(onNode.result.map((i) => i.vmId).sort()).toEqual([vm1, vm2].sort());
  await fails('GetNodeVmInstanceList', BAD, () =>
    client.getNodeVmInstanceList('EAST_CHINA', 'CHINA_MOBILE', 'ATLANTIS', {}),
  );
  const vm = await ok('GetVirtualMachine', () => client.getVirtualMachine(vm1));
  expect(vm).toMatchObject({ vmId: vm1, status: 'RUNNING', vpc: { vpcId, subnet: { subnetId } } });
  expect(vm.internalIp).toMatch(/^192\.168\.1\.\d+$/);
  await fails('GetVirtualMachine', NOT_FOUND, () => client.getVirtualMachine('vm-nosuch'));
  await ok('UpdateVmInstance', () => client.updateVmInstance(vm1, { type: 'vmName', vmName: 'sweep-vm-1' }));
  await fails('UpdateVmInstance', NOT_FOUND, () =>
    client.updateVmInstance('vm-nosuch', { type: 'vmName', vmName: 'x' }),
  );
  const bound = await ok('BindSecurityGroup', () =>
    client.bindSecurityGroup('bind', { instances: [{ instanceId: vm1, securityGroupIds: ['sg-sweep001'] }] }),
  );
  expect(bound.result).toBe(true);
  await fails('BindSecurityGroup', BAD, () =>
    client.bindSecurityGroup('attach', { instances: [{ instanceId: vm1, securityGroupIds: ['sg-sweep001'] }] }),
  );
  await fails('OperateVmDeployment', DENIED, () => client.operateVmDeployment(vm1, 'start'));
  await ok('OperateVmDeployment', () => client.operateVmDeployment(vm1, 'stop'));
  await ok('OperateVmDeployment', () => client.operateVmDeployment(vm1, 'start'));
  await ok('ReinstallVmInstance', () => client.reinstallVmInstance(vm1, { imageId: UBUNTU, adminPass: 'Re1nstall!' }));
  await fails('ReinstallVmInstance', NOT_FOUND, () =>
    client.reinstallVmInstance(vm1, { imageId: 'm-nosuch00', adminPass: 'Re1nstall!' }),
  );
  expect((await ok('GetVmConfig', () => client.getVmConfig(vm1))).osImage.imageId).toBe(UBUNTU);
  await fails('GetVmConfig', NOT_FOUND, () => client.getVmConfig('vm-nosuch'));
  // A secondary IP: the lowest free address of the subnet, so that it is the one an app BLB
  // created later would take if secondary IPs were not counted as used.
  const vm2Ip = (await client.getVirtualMachine(vm2)).internalIp;
  const lowestFree = [...Array(252).keys()]
    .map((n) => `192.168.1.${n + 2}`)
    .find((ip) => ip !== vm.internalIp && ip !== vm2Ip)!;
  const added = await ok('CreateVmPrivateIp', () => client.createVmPrivateIp(vm1, { privateIps: [lowestFree] }));
  expect(added.result.ips).toEqual([lowestFree]);
  await fails('CreateVmPrivateIp', NOT_FOUND, () =>
    client.createVmPrivateIp('vm-nosuch', { secondaryPrivateIpAddressCount: 1 }),
  );
  // Two primary IPs and one secondary IP are used in the subnet.
  expect((await client.getSubnetDetail(subnetId)).subnet).toMatchObject({ usedIp: 3, availableIp: 250 });
  await fails('DeleteVmPrivateIp', BAD, () => client.deleteVmPrivateIp(vm1, { privateIps: [vm.internalIp] }));

  // A route through the VM.
  const rule = await ok('CreateRouteRule', () =>
    client.createRouteRule({
      tableId,
      ipVersion: 4,
      sourceAddress: '192.168.1.0/24',
      destinationAddress: '10.200.0.0/16',
      nexthop: vm1,
      routeType: 'CUSTOM',
      description: 'to the office',
    }),
  );
  const ruleId = rule.details.ruleId;
  await fails('CreateRouteRule', NOT_FOUND, () =>
    client.createRouteRule({
      tableId: 'rtb-nothere00000',
      ipVersion: 4,
      sourceAddress: '192.168.1.0/24',
      destinationAddress: '10.201.0.0/16',
      nexthop: vm1,
      routeType: 'CUSTOM',
    }),
  );
  const rules = await ok('GetRouteRuleList', () => client.getRouteRuleList(tableId));
  expect(rules.totalCount).toBe(2);
  await fails('GetRouteRuleList', NOT_FOUND, () => client.getRouteRuleList('rtb-nothere00000'));
  const systemRule = rules.result.find((r) => r.routeType === 'SYSTEM')!;

  // ------------------------------------------------------------------ deploy sets
  await ok('UpdateVmInstanceDeploySet', () =>
    client.updateVmInstanceDeploySet({ instanceId: extraVm, deploysetIdList: [setId] }),
  );
  await fails('UpdateVmInstanceDeploySet', NOT_FOUND, () =>
    client.updateVmInstanceDeploySet({ instanceId: 'vm-nosuch', deploysetIdList: [setId] }),
  );
  expect((await ok('GetDeploySetDetail', () => client.getDeploySetDetail(setId))).instanceCount).toBe(3);
  await fails('GetDeploySetDetail', NOT_FOUND, () => client.getDeploySetDetail('dset-nosuch00'));
  await ok('DeleteVmInstanceFromDeploySet', () =>
    client.deleteVmInstanceFromDeploySet({ deploysetId: setId, instanceIdList: [extraVm] }),
  );
  await fails('DeleteVmInstanceFromDeploySet', NOT_FOUND, () =>
    client.deleteVmInstanceFromDeploySet({ deploysetId: 'dset-nosuch00', instanceIdList: [extraVm] }),
  );
  await ok('UpdateDeploySet', () => client.updateDeploySet(setId, { name: 'sweep-set-2' }));
  await fails('UpdateDeploySet', NOT_FOUND, () => client.updateDeploySet('dset-nosuch00', { name: 'x' }));
  const sets = await ok('GetDeploySetList', () =>
    client.getDeploySetList({ keywordType: 'name', keyword: 'sweep-set' }),
  );
  expect(sets.result.map((s) => [s.deploysetId, s.instanceCount])).toEqual([[setId, 2]]);
  await fails('GetDeploySetList', BAD, () => client.getDeploySetList({ keywordType: 'desc', keyword: 'x' }));
  await fails('DeleteDeploySet', DENIED, () => client.deleteDeploySet(setId));

  // ------------------------------------------------------------------ images
  const imageId = (await ok('CreateVmImage', () => client.createVmImage({ vmId: vm1, name: 'sweep-image' }))).result;
  await fails('CreateVmImage', NOT_FOUND, () => client.createVmImage({ vmId: 'vm-nosuch', name: 'x' }));
  const images = await ok('ListVmImage', () => client.listVmImage({ keywordType: 'imageId', keyword: imageId }));
  expect(images.result[0]).toMatchObject({ imageId, status: 'SUCCEEDED', osName: 'Ubuntu' });
  await fails('ListVmImage', BAD, () => client.listVmImage({ type: 'becShared' }));
  await ok('UpdateVmImage', () => client.updateVmImage(imageId, { name: 'sweep-image-2' }));
  await fails('UpdateVmImage', NOT_FOUND, () => client.updateVmImage('im-nosuch', { name: 'x' }));
  const importedId = (
    await ok('ImportImage', () =>
      client.importImage({
        name: 'sweep-import',
        bosUrl: 'bos://sweep-bucket/images/debian.qcow2',
        osType: 'linux',
        osName: 'Debian',
        osVersion: '12',
        osArch: 64,
      }),
    )
  ).result;
  await fails('ImportImage', BAD, () => client.importImage({ name: 'x', bosUrl: 'ftp://nowhere/x.img' }));

  // ------------------------------------------------------------------ node inventory
  const nodes = await ok('GetBecAvailableNodeInfoVo', () => client.getBecAvailableNodeInfoVo('vm'));
  const regionIds = (nodes.regionList ?? []).flatMap((r) =>
    r.cityList.flatMap((c) => c.serviceProviderList.map((p) => p.regionId)),
  );
  expect(regionIds).toContain(HZ);
  expect(nodes.nodeSum).toBe(regionIds.length);
  // The SDK checks the node type against the documented list; the server must as well.
  await fails('GetBecAvailableNodeInfoVo', BAD, raw('GetBecAvailableNodeInfoVo', { path: { type: 'spaceship' } }));

  // ------------------------------------------------------------------ container service, deployments, pods
  const containers = [
    {
      name: 'nginx',
      imageAddress: 'hub.baidubce.com/public/nginx',
      imageVersion: '1.25',
      cpu: 1,
      memory: 2,
      ports: [{ containerPort: 80, protocol: 'TCP' }],
    },
  ];
  const app = await ok('CreateService', () =>
    client.createService({
      serviceName: 'sweep-app',
      containerGroupName: 'cg1',
      paymentMethod: 'postpay',
      containers,
      deployInstances: [
        { regionId: HZ, replicas: 2 },
        { regionId: 'cn-guangzhou-un', replicas: 1 },
      ],
    }),
  );
  const appId = app.details.serviceId;
  await fails('CreateService', BAD, () =>
    client.createService({
      serviceName: 'x',
      containerGroupName: 'cg1',
      containers,
      deployInstances: [{ regionId: 'cn-atlantis-cm', replicas: 1 }],
    }),
  );
  const spareId = (
    await ok('CreateService', () =>
      client.createService({
        serviceName: 'sweep-spare',
        containerGroupName: 'cg1',
        containers,
        deployInstances: [{ regionId: 'cn-xian-ct', replicas: 1 }],
      }),
    )
  ).details.serviceId;
  const listed = await ok('ListService', () => client.listService({ keyword: 'sweep-' }));
  expect(listed.result.map((s) => s.serviceId).sort()).toEqual([appId, spareId].sort());
  await fails('ListService', BAD, () => client.listService({ keywordType: 'image', keyword: 'x' }));
  const appDetail = await ok('GetService', () => client.getService(appId));
  const deployments = appDetail.resourceBriefVos.map((r) => r.resourceId);
  const stsHz = deployments.find((d) => d.endsWith('-m-hangzhou'))!;
  const stsGz = deployments.find((d) => d.endsWith('-u-guangzhou'))!;
  expect(deployments).toEqual([stsHz, stsGz]);
  await fails('GetService', NOT_FOUND, () => client.getService('s-nothere0'));
  await ok('ServiceAction', () => client.serviceAction(appId, 'stop'));
  await fails('ServiceAction', DENIED, () => client.serviceAction(appId, 'stop'));
  await ok('ServiceAction', () => client.serviceAction(appId, 'start'));
  await ok('UpdateService', () => client.updateService(appId, { type: 'NAME', serviceName: 'sweep-app-2' }));
  await fails('UpdateService', NOT_FOUND, () => client.updateService('s-nothere0', { type: 'NAME', serviceName: 'x' }));
  const batch = await ok('ServiceBatchOperate', () =>
    client.serviceBatchOperate({ idList: [appId, spareId], action: 'stop' }),
  );
  expect(batch.details.map((d) => d.success)).toEqual([true, true]);
  await ok('ServiceBatchOperate', () => client.serviceBatchOperate({ idList: [appId, spareId], action: 'start' }));
  // The SDK allows only start and stop.
  await fails('ServiceBatchOperate', BAD, raw('ServiceBatchOperate', { body: { idList: [appId], action: 'pause' } }));

  expect((await ok('GetPodDeployment', () => client.getPodDeployment(stsHz))).totalPods).toBe(2);
  await fails('GetPodDeployment', NOT_FOUND, () => client.getPodDeployment('sts-nothere0-1-m-hangzhou'));
  await ok('UpdatePodDeploymentReplicas', () => client.updatePodDeploymentReplicas(stsHz, { replicas: 3 }));
  await fails('UpdatePodDeploymentReplicas', NOT_FOUND, () =>
    client.updatePodDeploymentReplicas('sts-nothere0-1-m-hangzhou', { replicas: 1 }),
  );
  const pods = await ok('GetPodList', () => client.getPodList({ serviceId: appId, orderBy: 'podName', order: 'asc' }));
  expect(pods.totalCount).toBe(4);
  await fails('GetPodList', BAD, () => client.getPodList({ orderBy: 'cpu' }));
  const podId = `${stsHz}-0`;
  expect((await ok('GetPodDetail', () => client.getPodDetail(podId))).status).toBe('RUNNING');
  await fails('GetPodDetail', NOT_FOUND, () => client.getPodDetail('sts-nothere0-1-m-hangzhou-0'));
  await ok('RestartPod', () => client.restartPod(podId));
  await fails('RestartPod', NOT_FOUND, () => client.restartPod('sts-nothere0-1-m-hangzhou-0'));
  await ok('DeletePodDeployment', () => client.deletePodDeployment([stsGz]));
  await fails('DeletePodDeployment', NOT_FOUND, () => client.deletePodDeployment([stsGz]));
  expect((await client.getService(appId)).totalPods).toBe(3);

  // ------------------------------------------------------------------ classic BLB: container backends
  const location = { region: 'EAST_CHINA', city: 'HANGZHOU', serviceProvider: 'CHINA_MOBILE' } as const;
  const blbId = (
    await ok('CreateBlb', () =>
      client.createBlb({
        ...location,
        paymentMethod: 'postpay',
        blbName: 'sweep-blb',
        lbType: 'container',
        needPublicIp: true,
        bandwidthInMbpsLimit: 100,
      }),
    )
  ).details.blbId;
  await fails('CreateBlb', BAD, () => client.createBlb({ blbName: 'nowhere' }));
  expect((await ok('GetBlbList', () => client.getBlbList({ keyword: 'sweep-blb' }))).totalCount).toBe(1);
  await fails('GetBlbList', BAD, () => client.getBlbList({ keywordType: 'color', keyword: 'x' }));
  expect((await ok('GetBlbDetail', () => client.getBlbDetail(blbId))).status).toBe('RUNNING');
  await fails('GetBlbDetail', NOT_FOUND, () => client.getBlbDetail('lb-nothere0'));
  await ok('UpdateBlb', () => client.updateBlb(blbId, { blbName: 'sweep-blb-2', bandwidthInMbpsLimit: 200 }));
  await fails('UpdateBlb', NOT_FOUND, () => client.updateBlb('lb-nothere0', { blbName: 'x' }));

  const tcp80 = { frontendPort: { protocol: 'TCP', port: 80 }, backendPort: 80, lbMode: 'wrr' } as const;
  await ok('CreateBlbMonitorPort', () => client.createBlbMonitorPort(blbId, tcp80));
  await fails('CreateBlbMonitorPort', DENIED, () => client.createBlbMonitorPort(blbId, tcp80));
  expect((await ok('GetBlbMonitorPortList', () => client.getBlbMonitorPortList(blbId))).totalCount).toBe(1);
  await fails('GetBlbMonitorPortList', NOT_FOUND, () => client.getBlbMonitorPortList('lb-nothere0'));
  await ok('UpdateBlbMonitorPort', () =>
    client.updateBlbMonitorPort(blbId, { ...tcp80, backendPort: 8080, lbMode: 'minconn' }),
  );
  await fails('UpdateBlbMonitorPort', NOT_FOUND, () =>
    client.updateBlbMonitorPort(blbId, { frontendPort: { protocol: 'TCP', port: 81 } }),
  );
  expect(
    await ok('GetBlbMonitorPortDetails', () => client.getBlbMonitorPortDetails(blbId, { protocol: 'TCP', port: 80 })),
  ).toMatchObject({ backendPort: 8080, lbMode: 'minconn' });
  await fails('GetBlbMonitorPortDetails', NOT_FOUND, () =>
    client.getBlbMonitorPortDetails(blbId, { protocol: 'UDP', port: 80 }),
  );
  await ok('BatchCreateBlbMonitor', () =>
    client.batchCreateBlbMonitor(blbId, { protocol: 'UDP', portGroups: [{ port: 53 }, { port: 54 }] }),
  );
  await fails('BatchCreateBlbMonitor', BAD, () =>
    client.batchCreateBlbMonitor(blbId, { protocol: 'UDP', portGroups: [{ port: 7 }, { port: 7 }] }),
  );
  await ok('DeleteBlbMonitorPort', () =>
    client.deleteBlbMonitorPort(blbId, [
      { protocol: 'UDP', port: 53 },
      { protocol: 'UDP', port: 54 },
    ]),
  );
  await fails('DeleteBlbMonitorPort', NOT_FOUND, () =>
    client.deleteBlbMonitorPort(blbId, [{ protocol: 'TCP', port: 9 }]),
  );

  const bindable = await ok('GetBlbBackendBindingStsList', () => client.getBlbBackendBindingStsList(blbId));
  expect(bindable.result.map((d) => d.deploymentName)).toEqual([stsHz]);
  await fails('GetBlbBackendBindingStsList', NOT_FOUND, () => client.getBlbBackendBindingStsList('lb-nothere0'));
  const bindablePods = await ok('GetBlbBindingPodListWithSts', () =>
    client.getBlbBindingPodListWithSts(blbId, { stsName: stsHz }),
  );
  expect(bindablePods).toHaveLength(3);
  await fails('GetBlbBindingPodListWithSts', BAD, () => client.getBlbBindingPodListWithSts(blbId));
  await ok('CreateBlbBinding', () =>
    client.createBlbBinding(blbId, {
      bindingForms: [
        {
          deploymentId: stsHz,
          podWeight: bindablePods.slice(0, 2).map((p) => ({ name: p.name!, ip: p.ip!, weight: 50 })),
        },
      ],
    }),
  );
  await fails('CreateBlbBinding', NOT_FOUND, () =>
    client.createBlbBinding(blbId, { bindingForms: [{ deploymentId: 'sts-nothere0-1-m-hangzhou' }] }),
  );
  const backends = await ok('GetBlbBackendPodList', () => client.getBlbBackendPodList(blbId));
  expect(backends.result.map((p) => p.podName)).toEqual([`${stsHz}-0`, `${stsHz}-1`]);
  await fails('GetBlbBackendPodList', NOT_FOUND, () => client.getBlbBackendPodList('lb-nothere0'));
  await ok('UpdateBlbBindPodWeight', () =>
    client.updateBlbBindPodWeight(blbId, { podWeightList: [{ name: `${stsHz}-0`, weight: 90 }] }),
  );
  await fails('UpdateBlbBindPodWeight', NOT_FOUND, () =>
    client.updateBlbBindPodWeight(blbId, { podWeightList: [{ name: `${stsHz}-2`, weight: 5 }] }),
  );
  // A service with bound pods cannot go.
  await fails('DeleteService', DENIED, () => client.deleteService(appId));

  // ------------------------------------------------------------------ classic BLB: VM backends
  const vmBlbId = (
    await ok('CreateBlb', () =>
      client.createBlb({ ...location, blbName: 'sweep-vm-blb', lbType: 'vm', needPublicIp: true }),
    )
  ).details.blbId;
  const groups = await ok('GetBlbBackendBindingStsList', () =>
    client.getBlbBackendBindingStsList(vmBlbId, { keywordType: 'serviceId', keyword: serviceId }),
  );
  const group = groups.result[0]!;
  expect(group.deploymentType).toBe('VirtualMachine');
  const vm1Backend = group.backends.find((b) => b.name === vm1)!;
  await ok('CreateBlbBinding', () =>
    client.createBlbBinding(vmBlbId, {
      bindingForms: [{ deploymentId: group.deploymentName, podWeight: [{ name: vm1, ip: vm1Backend.ip!, weight: 1 }] }],
    }),
  );
  const vmBackends = await ok('GetBlbBackendPodList', () => client.getBlbBackendPodList(vmBlbId));
  expect(vmBackends.result.map((p) => p.podName)).toEqual([vm1]);

  const batchBlbs = await ok('BatchCreateBlb', () =>
    client.batchCreateBlb({
      blbName: 'sweep-batch',
      lbType: 'container',
      deployInstances: [{ regionId: 'cn-jinan-cm', replicas: 2 }],
    }),
  );
  const batchIds = batchBlbs.details.map((b) => b.blbId);
  expect(batchIds).toHaveLength(2);
  await fails('BatchCreateBlb', BAD, () => client.batchCreateBlb({ blbName: 'none' }));
  const batchDeleted = await ok('BatchDeleteBlb', () => client.batchDeleteBlb(batchIds));
  expect(batchDeleted.result).toBe(true);
  // The SDK refuses an empty list; so must the server.
  await fails('BatchDeleteBlb', BAD, raw('BatchDeleteBlb', { body: [] }));

  // ------------------------------------------------------------------ app BLB
  const appBlbId = (
    await ok('CreateAppBlb', () =>
      client.createAppBlb({ name: 'sweep-applb', regionId: HZ, vpcId, subnetId, needPublicIp: true }),
    )
  ).blbId;
  await fails('CreateAppBlb', NOT_FOUND, () =>
    client.createAppBlb({ name: 'x', regionId: HZ, vpcId: 'vpc-nothere1', subnetId }),
  );
  await ok('UpdateAppBlb', () => client.updateAppBlb(appBlbId, { name: 'sweep-applb-2', desc: 'front door' }));
  await fails('UpdateAppBlb', NOT_FOUND, () => client.updateAppBlb('applb-cn-hangzhou-cm-nothere0', { name: 'x' }));
  expect((await ok('GetAppBlbList', () => client.getAppBlbList({}))).blbList.map((b) => b.blbId)).toEqual([appBlbId]);
  await fails('GetAppBlbList', BAD, () => client.getAppBlbList({ marker: 'applb-cn-hangzhou-cm-nothere0' }));
  const appBlb = await ok('GetAppBlbDetails', () => client.getAppBlbDetails(appBlbId));
  expect(appBlb).toMatchObject({ status: 'RUNNING', vpcId, subnetId });
  // Its address is a free one: not a VM's primary IP, nor the secondary IP held by vm1.
  expect([vm.internalIp, vm2Ip, lowestFree]).not.toContain(appBlb.address);
  expect((await client.getSubnetDetail(subnetId)).subnet.usedIp).toBe(4);
  await ok('DeleteVmPrivateIp', () => client.deleteVmPrivateIp(vm1, { privateIps: [lowestFree] }));
  expect((await client.getSubnetDetail(subnetId)).subnet.usedIp).toBe(3);
  await fails('GetAppBlbDetails', NOT_FOUND, () => client.getAppBlbDetails('applb-cn-hangzhou-cm-nothere0'));

  await ok('CreateTcpListener', () =>
    client.createTcpListener(appBlbId, { listenerPort: 80, scheduler: 'RoundRobin' }),
  );
  await fails('CreateTcpListener', DENIED, () =>
    client.createTcpListener(appBlbId, { listenerPort: 80, scheduler: 'Hash' }),
  );
  await ok('UpdateTcpListener', () => client.updateTcpListener(appBlbId, { listenerPort: '80', scheduler: 'Hash' }));
  await fails('UpdateTcpListener', NOT_FOUND, () =>
    client.updateTcpListener(appBlbId, { listenerPort: '8080', scheduler: 'Hash' }),
  );
  expect((await ok('GetTcpListener', () => client.getTcpListener(appBlbId))).listenerList).toHaveLength(1);
  await fails('GetTcpListener', NOT_FOUND, () => client.getTcpListener('applb-cn-hangzhou-cm-nothere0'));
  await ok('CreateUdpListener', () => client.createUdpListener(appBlbId, { listenerPort: 53, scheduler: 'Hash' }));
  await fails('CreateUdpListener', DENIED, () =>
    client.createUdpListener(appBlbId, { listenerPort: 53, scheduler: 'Hash' }),
  );
  await ok('UpdateUdpListener', () =>
    client.updateUdpListener(appBlbId, { listenerPort: '53', udpSessionTimeout: 120 }),
  );
  await fails('UpdateUdpListener', NOT_FOUND, () =>
    client.updateUdpListener(appBlbId, { listenerPort: '54', scheduler: 'Hash' }),
  );
  expect((await ok('GetUdpListener', () => client.getUdpListener(appBlbId))).listenerList).toHaveLength(1);
  await fails('GetUdpListener', NOT_FOUND, () => client.getUdpListener('applb-cn-hangzhou-cm-nothere0'));

  const ipGroupId = (await ok('CreateIpGroup', () => client.createIpGroup(appBlbId, { name: 'sweep-group' }))).id;
  await fails('CreateIpGroup', NOT_FOUND, () => client.createIpGroup('applb-cn-hangzhou-cm-nothere0', { name: 'x' }));
  await ok('UpdateIpGroup', () => client.updateIpGroup(appBlbId, { ipGroupId, name: 'sweep-group-2', desc: 'vms' }));
  await fails('UpdateIpGroup', NOT_FOUND, () =>
    client.updateIpGroup(appBlbId, { ipGroupId: 'bec_ip_group-nothere0', name: 'x' }),
  );
  expect((await ok('GetIpGroup', () => client.getIpGroup(appBlbId, {}))).appIpGroupList.map((g) => g.id)).toEqual([
    ipGroupId,
  ]);
  await fails('GetIpGroup', NOT_FOUND, () => client.getIpGroup('applb-cn-hangzhou-cm-nothere0', {}));

  const policyId = (
    await ok('CreateIpGroupPolicy', () => client.createIpGroupPolicy(appBlbId, { ipGroupId, type: 'TCP' }))
  ).id;
  await fails('CreateIpGroupPolicy', DENIED, () => client.createIpGroupPolicy(appBlbId, { ipGroupId, type: 'TCP' }));
  await ok('UpdateIpGroupPolicy', () =>
    client.updateIpGroupPolicy(appBlbId, { ipGroupId, id: policyId, healthCheckIntervalInSecond: 5 }),
  );
  await fails('UpdateIpGroupPolicy', NOT_FOUND, () =>
    client.updateIpGroupPolicy(appBlbId, { ipGroupId, id: 'bec_ip_group_policy-nothere0' }),
  );
  const policies = await ok('GetIpGroupPolicyList', () => client.getIpGroupPolicyList(appBlbId, { ipGroupId }));
  expect(policies.backendPolicyList).toMatchObject([{ id: policyId, healthCheckIntervalInSecond: 5 }]);
  await fails('GetIpGroupPolicyList', NOT_FOUND, () =>
    client.getIpGroupPolicyList(appBlbId, { ipGroupId: 'bec_ip_group-nothere0' }),
  );

  // The VM instance is the group's backend.
  const members = await ok('CreateIpGroupMember', () =>
    client.createIpGroupMember(appBlbId, { ipGroupId, memberList: [{ ip: vm.internalIp, port: 80, weight: 100 }] }),
  );
  const memberId = members.memberList[0]!.memberId;
  await fails('CreateIpGroupMember', BAD, () =>
    client.createIpGroupMember(appBlbId, { ipGroupId, memberList: [{ ip: '192.168.1.300', port: 80 }] }),
  );
  await ok('UpdateIpGroupMember', () =>
    client.updateIpGroupMember(appBlbId, { ipGroupId, memberList: [{ memberId, weight: 40 }] }),
  );
  await fails('UpdateIpGroupMember', NOT_FOUND, () =>
    client.updateIpGroupMember(appBlbId, {
      ipGroupId,
      memberList: [{ memberId: 'bec_ip_group_member-nothere0', weight: 1 }],
    }),
  );
  const memberList = await ok('GetIpGroupMemberList', () => client.getIpGroupMemberList(appBlbId, { ipGroupId }));
  expect(memberList.memberList).toMatchObject([{ memberId, ip: vm.internalIp, weight: 40 }]);
  await fails('GetIpGroupMemberList', NOT_FOUND, () =>
    client.getIpGroupMemberList(appBlbId, { ipGroupId: 'bec_ip_group-nothere0' }),
  );

  await ok('CreateListenerPolicy', () =>
    client.createListenerPolicy(appBlbId, {
      listenerPort: 80,
      type: 'TCP',
      appPolicyVos: [{ appIpGroupId: ipGroupId, priority: 1, desc: 'all traffic' }],
    }),
  );
  await fails('CreateListenerPolicy', DENIED, () =>
    client.createListenerPolicy(appBlbId, {
      listenerPort: 80,
      type: 'TCP',
      appPolicyVos: [{ appIpGroupId: ipGroupId, priority: 9 }],
    }),
  );
  const listenerPolicies = await ok('GetListenerPolicy', () =>
    client.getListenerPolicy(appBlbId, { type: 'TCP', port: 80 }),
  );
  const listenerPolicyId = listenerPolicies.policyList[0]!.id;
  await fails('GetListenerPolicy', NOT_FOUND, () => client.getListenerPolicy(appBlbId, { type: 'UDP', port: 80 }));
  // A group used by a listener cannot go.
  await fails('DeleteIpGroup', DENIED, () => client.deleteIpGroup(appBlbId, { ipGroupId }));

  // ------------------------------------------------------------------ metrics of every resource
  const end = Math.floor(emu.clock.now() / 1000);
  const window = { start: end - 600, end, stepInMin: 1 };
  const series = [
    await ok('GetServiceMetrics', () => client.getServiceMetrics(appId, { ...window, metricsType: 'CPU' })),
    await ok('GetPodDeploymentMetrics', () =>
      client.getPodDeploymentMetrics(stsHz, { ...window, metricsType: 'MEMORY' }),
    ),
    await ok('GetPodMetrics', () => client.getPodMetrics(podId, { ...window, metricsType: 'CPU' })),
    await ok('GetVmServiceMetrics', () => client.getVmServiceMetrics(serviceId, { ...window, metricsType: 'CPU' })),
    await ok('GetVmInstanceMetrics', () => client.getVmInstanceMetrics(vm1, { ...window, metricsType: 'CPU' })),
    await ok('GetBlbMetrics', () => client.getBlbMetrics(blbId, { ...window, metricsType: 'REQUEST_NUMBER' })),
  ];
  for (const s of series) expect(s.metrics.length).toBeGreaterThanOrEqual(10);
  await fails('GetServiceMetrics', NOT_FOUND, () =>
    client.getServiceMetrics('s-nothere0', { ...window, metricsType: 'CPU' }),
  );
  await fails('GetPodDeploymentMetrics', NOT_FOUND, () =>
    client.getPodDeploymentMetrics('sts-nothere0-1-m-hangzhou', { ...window, metricsType: 'CPU' }),
  );
  await fails('GetPodMetrics', NOT_FOUND, () =>
    client.getPodMetrics('sts-nothere0-1-m-hangzhou-0', { ...window, metricsType: 'CPU' }),
  );
  await fails('GetVmServiceMetrics', NOT_FOUND, () =>
    client.getVmServiceMetrics('s-nosuch00', { ...window, metricsType: 'CPU' }),
  );
  await fails('GetVmInstanceMetrics', NOT_FOUND, () =>
    client.getVmInstanceMetrics('vm-nosuch', { ...window, metricsType: 'CPU' }),
  );
  await fails('GetBlbMetrics', NOT_FOUND, () =>
    client.getBlbMetrics('lb-nothere0', { ...window, metricsType: 'REQUEST_NUMBER' }),
  );

  // ------------------------------------------------------------------ deletes, children first
  await ok('DeleteListenerPolicy', () =>
    client.deleteListenerPolicy(appBlbId, { type: 'TCP', port: 80, policyIdList: [listenerPolicyId] }),
  );
  await fails('DeleteListenerPolicy', NOT_FOUND, () =>
    client.deleteListenerPolicy(appBlbId, { type: 'TCP', port: 80, policyIdList: [listenerPolicyId] }),
  );
  await ok('DeleteIpGroupPolicy', () =>
    client.deleteIpGroupPolicy(appBlbId, { ipGroupId, backendPolicyIdList: [policyId] }),
  );
  await fails('DeleteIpGroupPolicy', NOT_FOUND, () =>
    client.deleteIpGroupPolicy(appBlbId, { ipGroupId, backendPolicyIdList: [policyId] }),
  );
  await ok('DeleteIpGroupMember', () => client.deleteIpGroupMember(appBlbId, { ipGroupId, memberIdList: [memberId] }));
  await fails('DeleteIpGroupMember', NOT_FOUND, () =>
    client.deleteIpGroupMember(appBlbId, { ipGroupId, memberIdList: [memberId] }),
  );
  await ok('DeleteIpGroup', () => client.deleteIpGroup(appBlbId, { ipGroupId }));
  const listeners = [
    { port: 80, type: 'TCP' },
    { port: 53, type: 'UDP' },
  ];
  await ok('DeleteAppBlbListener', () => client.deleteAppBlbListener(appBlbId, { portTypeList: listeners }));
  await fails('DeleteAppBlbListener', NOT_FOUND, () =>
    client.deleteAppBlbListener(appBlbId, { portTypeList: listeners }),
  );
  // The app BLB's address is in the subnet, as are the VMs.
  await fails('DeleteSubnet', DENIED, () => client.deleteSubnet(subnetId));
  await ok('DeleteAppBlbInstance', () => client.deleteAppBlbInstance(appBlbId));
  await fails('DeleteAppBlbInstance', NOT_FOUND, () => client.deleteAppBlbInstance(appBlbId));

  await ok('DeleteBlbBindPod', () => client.deleteBlbBindPod(blbId, { deploymentIds: [stsHz] }));
  await fails('DeleteBlbBindPod', BAD, () => client.deleteBlbBindPod(blbId, {}));
  expect((await client.getBlbBackendPodList(blbId)).totalCount).toBe(0);
  await ok('DeleteBlb', () => client.deleteBlb(blbId));
  await ok('DeleteBlb', () => client.deleteBlb(vmBlbId));
  await fails('DeleteBlb', NOT_FOUND, () => client.deleteBlb(blbId));
  await ok('DeleteService', () => client.deleteService(appId));
  const spareDeleted = await ok('ServiceBatchDelete', () => client.serviceBatchDelete([spareId]));
  expect(spareDeleted.result).toBe(true);
  // The SDK refuses an empty list; so must the server.
  await fails('ServiceBatchDelete', BAD, raw('ServiceBatchDelete', { body: [] }));

  await ok('DeleteRouteRule', () => client.deleteRouteRule(ruleId));
  await fails('DeleteRouteRule', DENIED, () => client.deleteRouteRule(systemRule.ruleId));
  await ok('DeleteVmImage', () => client.deleteVmImage([imageId, importedId]));
  await fails('DeleteVmImage', NOT_FOUND, () => client.deleteVmImage([imageId]));
  await ok('DeleteVmInstance', () => client.deleteVmInstance(extraVm));
  await fails('DeleteVmInstance', NOT_FOUND, () => client.deleteVmInstance(extraVm));
  await ok('DeleteVmService', () => client.deleteVmService(serviceId));
  await fails('DeleteVmService', NOT_FOUND, () => client.deleteVmService(serviceId));
  const emptyDeleted = await ok('BatchDeleteVmService', () => client.batchDeleteVmService([emptyServiceId]));
  expect(emptyDeleted.result).toBe(true);
  // The SDK refuses an empty list; so must the server.
  await fails('BatchDeleteVmService', BAD, raw('BatchDeleteVmService', { body: [] }));
  await ok('DeleteDeploySet', () => client.deleteDeploySet(setId));
  await fails('DeleteVpc', DENIED, () => client.deleteVpc(vpcId));
  await ok('DeleteSubnet', () => client.deleteSubnet(subnetId));
  await ok('DeleteVpc', () => client.deleteVpc(vpcId));
}
