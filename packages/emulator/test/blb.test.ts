import { type RunningEmulator, startEmulator } from 'bec-emulator';
import type { BecClient, BlbMonitorArgs, CreateBlbArgs, CreateServiceArgs } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, newService, serviceError } from './vm-helpers.js';

function blbArgs(overrides: Partial<CreateBlbArgs> = {}): CreateBlbArgs {
  return {
    paymentMethod: 'postpay',
    region: 'EAST_CHINA',
    city: 'HANGZHOU',
    serviceProvider: 'CHINA_MOBILE',
    blbName: 'blb-test',
    needPublicIp: true,
    bandwidthInMbpsLimit: 100,
    ...overrides,
  };
}

function serviceArgs(regionId = 'cn-hangzhou-cm', replicas = 2): CreateServiceArgs {
  return {
    serviceName: 'web',
    containerGroupName: 'cg1',
    containers: [{ name: 'nginx', imageAddress: 'nginx', cpu: 1, memory: 2, ports: [{ containerPort: 80 }] }],
    deployInstances: [{ regionId, replicas }],
  };
}

const TCP80: BlbMonitorArgs = { frontendPort: { protocol: 'TCP', port: 80 }, backendPort: 8080, lbMode: 'wrr' };

describe('classic load balancers (immediate lifecycle)', () => {
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

  async function newBlb(overrides: Partial<CreateBlbArgs> = {}): Promise<string> {
    return (await client.createBlb(blbArgs(overrides))).details.blbId;
  }

  /** A container service in `regionId` and its StatefulSet's name. */
  async function newDeployment(regionId = 'cn-hangzhou-cm', replicas = 2): Promise<{ serviceId: string; sts: string }> {
    const { details } = await client.createService(serviceArgs(regionId, replicas));
    const node = regionId.split('-');
    const letter = { cm: 'm', ct: 't', un: 'u', ix: 'i' }[node[2]!]!;
    return { serviceId: details.serviceId, sts: `sts-${details.serviceId.slice(2)}-1-${letter}-${node[1]}` };
  }

  it('CreateBlb: a container load balancer by region/city/ISP with public IP and listeners', async () => {
    const res = await client.createBlb(
      blbArgs({
        listeners: [
          { protocol: 'TCP', port: 80, backendPort: 8080 },
          { protocol: 'UDP', port: 53, scheduler: 'srch' },
        ],
      }),
    );
    expect(res).toMatchObject({ result: true, action: 'CreateBlb' });
    const d = res.details;
    expect(d.blbId).toMatch(/^lb-[a-z0-9]{8}$/);
    expect(d).toMatchObject({
      blbName: 'blb-test',
      status: 'RUNNING',
      lbType: 'container',
      region: 'EAST_CHINA',
      city: 'HANGZHOU',
      serviceProvider: 'CHINA_MOBILE',
      regionId: 'cn-hangzhou-cm',
      bandwidthInMbpsLimit: 100,
      podCount: 0,
    });
    expect(d.publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(d.cmPublicIP).toBe(d.publicIp);
    expect(d.internalIp).toMatch(/^172\.16\./);
    expect(d.ports).toEqual([
      expect.objectContaining({
        protocol: 'UDP',
        port: 53,
        backendPort: 53,
        scheduler: 'srch',
        healthCheckType: 'udp',
      }),
      expect.objectContaining({
        protocol: 'TCP',
        port: 80,
        backendPort: 8080,
        scheduler: 'wrr',
        keepaliveTimeout: 900,
      }),
    ]);
    const triple = await client.createBlb({ regionId: 'cn-baoding1-ix', lbType: 'vm', needPublicIp: true });
    expect(triple.details).toMatchObject({ lbType: 'vm', serviceProvider: 'TRIPLE_LINE' });
    expect([triple.details.cmPublicIP, triple.details.ctPublicIP, triple.details.unPublicIP].every(Boolean)).toBe(true);
  });

  it('CreateBlb: 400 without a location or for an unknown node or twin listener ports; 404 for an unknown VPC', async () => {
    await serviceError(client.createBlb({ blbName: 'x' }), 400, 'BadRequest');
    await serviceError(client.createBlb(blbArgs({ city: 'ATLANTIS' })), 400, 'BadRequest');
    await serviceError(client.createBlb(blbArgs({ regionId: 'cn-shanghai-ct' })), 400, 'BadRequest');
    await serviceError(
      client.createBlb(
        blbArgs({
          listeners: [
            { protocol: 'TCP', port: 80 },
            { protocol: 'HTTP', port: 80 },
          ],
        }),
      ),
      400,
      'BadRequest',
    );
    await serviceError(
      client.createBlb(blbArgs({ listeners: [{ protocol: 'UDP', port: 53, enableCipTTM: true }] })),
      400,
      'BadRequest',
    );
    await serviceError(client.createBlb(blbArgs({ networkType: 'vpc', vpcId: 'vpc-nothere0' })), 404, 'NoSuchObject');
  });

  it('BatchCreateBlb: replicas load balancers per edge node; 400 without nodes; 413 over the batch quota', async () => {
    const res = await client.batchCreateBlb({
      blbName: 'batch',
      lbType: 'container',
      deployInstances: [
        { regionId: 'cn-jinan-cm', replicas: 2 },
        { region: 'SOUTH_CHINA', city: 'GUANGZHOU', serviceProvider: 'CHINA_UNICOM', replicas: 1 },
      ],
      listeners: [{ protocol: 'TCP', port: 443 }],
    });
    expect(res).toMatchObject({ result: true, action: 'BatchCreateBlb' });
    expect(res.details.map((b) => b.regionId)).toEqual(['cn-jinan-cm', 'cn-jinan-cm', 'cn-guangzhou-un']);
    expect(new Set(res.details.map((b) => b.blbId)).size).toBe(3);
    expect(res.details.every((b) => b.ports.length === 1 && b.blbName === 'batch')).toBe(true);
    await serviceError(client.batchCreateBlb({ blbName: 'none' }), 400, 'BadRequest');
    await serviceError(
      client.batchCreateBlb({ deployInstances: [{ regionId: 'cn-jinan-cm', replicas: 101 }] }),
      413,
      'LimitExceeded',
    );
  });

  it('GetBlbList: container load balancers by default; lbType, keyword, status and region filters; paging', async () => {
    const a = await newBlb({ blbName: 'list-alpha' });
    const b = await newBlb({
      blbName: 'list-beta',
      region: 'NORTH_WEST',
      city: 'XIAN',
      serviceProvider: 'CHINA_TELECOM',
    });
    const v = await newBlb({ blbName: 'list-vm', lbType: 'vm' });
    const byName = await client.getBlbList({ keyword: 'list-', orderBy: 'blbName', order: 'asc' });
    expect(byName.result.map((x) => x.blbId)).toEqual([a, b]);
    expect(byName.orders).toEqual([{ orderBy: 'blbName', order: 'ASC' }]);
    expect((await client.getBlbList({ lbType: 'vm', keyword: 'list-' })).result.map((x) => x.blbId)).toEqual([v]);
    expect((await client.getBlbList({ keywordType: 'blbId', keyword: b })).result.map((x) => x.blbName)).toEqual([
      'list-beta',
    ]);
    expect((await client.getBlbList({ region: 'NORTH_WEST', keyword: 'list-' })).result.map((x) => x.blbId)).toEqual([
      b,
    ]);
    expect((await client.getBlbList({ status: 'running', keyword: 'list-' })).totalCount).toBe(2);
    const paged = await client.getBlbList({
      keyword: 'list-',
      pageNo: 2,
      pageSize: 1,
      orderBy: 'blbName',
      order: 'asc',
    });
    expect(paged).toMatchObject({ pageNo: 2, pageSize: 1, totalCount: 2 });
    expect(paged.result.map((x) => x.blbId)).toEqual([b]);
    expect((await client.getBlbList()).pageSize).toBe(1000);
    await serviceError(client.getBlbList({ keywordType: 'color', keyword: 'x' }), 400, 'BadRequest');
  });

  it('GetBlbDetail: the load balancer; 404 for an unknown one', async () => {
    const id = await newBlb();
    expect(await client.getBlbDetail(id)).toMatchObject({ blbId: id, status: 'RUNNING' });
    await serviceError(client.getBlbDetail('lb-nothere0'), 404, 'NoSuchObject');
  });

  it('UpdateBlb: renames and resizes; 400 with nothing to change; 404 for an unknown one', async () => {
    const id = await newBlb();
    const res = await client.updateBlb(id, { blbName: 'renamed', bandwidthInMbpsLimit: 500 });
    expect(res).toMatchObject({
      result: true,
      action: 'UpdateBlb',
      details: { blbId: id, blbName: 'renamed', bandwidthInMbpsLimit: 500 },
    });
    expect(await client.getBlbDetail(id)).toMatchObject({ blbName: 'renamed', bandwidthInMbpsLimit: 500 });
    await serviceError(client.updateBlb(id, {}), 400, 'BadRequest');
    await serviceError(client.updateBlb('lb-nothere0', { blbName: 'x' }), 404, 'NoSuchObject');
  });

  it('DeleteBlb: removes listeners and bindings with it; 404 afterwards', async () => {
    const id = await newBlb();
    const { sts } = await newDeployment();
    await client.createBlbMonitorPort(id, TCP80);
    await client.createBlbBinding(id, { bindingForms: [{ deploymentId: sts }] });
    const kinds = () => Object.values(emu.state())[0] ?? {};
    expect((kinds().blbListener ?? []).filter((l) => l.blbId === id)).toHaveLength(1);
    expect((kinds().blbBinding ?? []).filter((b) => b.blbId === id)).toHaveLength(2);
    const res = await client.deleteBlb(id);
    expect(res).toMatchObject({ result: true, action: 'DeleteBlb', details: { blbId: id } });
    await serviceError(client.getBlbDetail(id), 404, 'NoSuchObject');
    expect((kinds().blbListener ?? []).filter((l) => l.blbId === id)).toEqual([]);
    expect((kinds().blbBinding ?? []).filter((b) => b.blbId === id)).toEqual([]);
    await serviceError(client.deleteBlb(id), 404, 'NoSuchObject');
  });

  it('BatchDeleteBlb: per-ID outcomes', async () => {
    const a = await newBlb();
    const res = await client.batchDeleteBlb([a, 'lb-nothere0']);
    expect(res).toMatchObject({ result: false, action: 'BatchDeleteBlb' });
    expect(res.details).toEqual([
      { resourceId: a, success: true, error: '' },
      expect.objectContaining({ resourceId: 'lb-nothere0', success: false }),
    ]);
    await serviceError(client.getBlbDetail(a), 404, 'NoSuchObject');
  });

  it('CreateBlbMonitorPort: defaults as BEC shows them; 409 for a taken port; 404 for an unknown load balancer', async () => {
    const id = await newBlb();
    const res = await client.createBlbMonitorPort(id, {
      frontendPort: { protocol: 'UDP', port: 80 },
      backendPort: 80,
      lbMode: 'wrr',
      healthCheck: {
        healthCheckType: 'udp',
        healthyThreshold: 1000,
        unhealthyThreshold: 1000,
        timeoutInSeconds: 900,
        intervalInSeconds: 3,
      },
    });
    expect(res).toMatchObject({ result: true, action: 'CreateBlbMonitor', details: { blbId: id } });
    await client.createBlbMonitorPort(id, { frontendPort: { protocol: 'TCP', port: 80 } });
    const tcp = await client.getBlbMonitorPortDetails(id, { protocol: 'TCP', port: 80 });
    expect(tcp).toMatchObject({
      frontendPort: { protocol: 'TCP', port: 80 },
      backendPort: 80,
      lbMode: 'wrr',
      keepaliveTimeout: 900,
      healthCheck: { timeoutInSeconds: 3, intervalInSeconds: 3, unhealthyThreshold: 3, healthCheckType: 'tcp' },
    });
    await serviceError(
      client.createBlbMonitorPort(id, { frontendPort: { protocol: 'TCP', port: 80 } }),
      409,
      'OperationDenied',
    );
    await serviceError(
      client.createBlbMonitorPort(id, { frontendPort: { protocol: 'HTTP', port: 80 } }),
      409,
      'OperationDenied',
    );
    await serviceError(
      client.createBlbMonitorPort(id, { frontendPort: { protocol: 'UDP', port: 81 }, enableCipTTM: true }),
      400,
      'BadRequest',
    );
    await serviceError(client.createBlbMonitorPort('lb-nothere0', TCP80), 404, 'NoSuchObject');
  });

  it('GetBlbMonitorPortList: listeners by port, paged; 404 for an unknown load balancer', async () => {
    const id = await newBlb();
    for (const port of [443, 80, 8080])
      await client.createBlbMonitorPort(id, { frontendPort: { protocol: 'TCP', port } });
    const all = await client.getBlbMonitorPortList(id);
    expect(all.result.map((l) => l.port)).toEqual([80, 443, 8080]);
    expect(all).toMatchObject({ totalCount: 3, pageNo: 1, pageSize: 1000 });
    const second = await client.getBlbMonitorPortList(id, { pageNo: 2, pageSize: 2 });
    expect(second.result.map((l) => l.port)).toEqual([8080]);
    await serviceError(client.getBlbMonitorPortList('lb-nothere0'), 404, 'NoSuchObject');
  });

  it('GetBlbMonitorPortDetails: BlbMonitorArgs of one listener; 404 when there is none', async () => {
    const id = await newBlb();
    await client.createBlbMonitorPort(id, {
      ...TCP80,
      keepaliveTimeout: 300,
      healthCheck: { healthCheckString: 'ping' },
    });
    const d = await client.getBlbMonitorPortDetails(id, { protocol: 'TCP', port: 80 });
    expect(d).toMatchObject({ frontendPort: { protocol: 'TCP', port: 80 }, backendPort: 8080, keepaliveTimeout: 300 });
    expect(d.healthCheck?.healthCheckString).toBe('ping');
    await serviceError(client.getBlbMonitorPortDetails(id, { protocol: 'UDP', port: 80 }), 404, 'NoSuchObject');
  });

  it('UpdateBlbMonitorPort: the listener named by frontendPort; 404 for another port', async () => {
    const id = await newBlb();
    await client.createBlbMonitorPort(id, TCP80);
    const res = await client.updateBlbMonitorPort(id, {
      frontendPort: { protocol: 'TCP', port: 80 },
      backendPort: 801,
      lbMode: 'minconn',
      healthCheck: { intervalInSeconds: 5 },
    });
    expect(res).toMatchObject({ result: true, action: 'UpdateBlbMonitor', details: { blbId: id } });
    const d = await client.getBlbMonitorPortDetails(id, { protocol: 'TCP', port: 80 });
    expect(d).toMatchObject({
      backendPort: 801,
      lbMode: 'minconn',
      healthCheck: { intervalInSeconds: 5, timeoutInSeconds: 3 },
    });
    await serviceError(
      client.updateBlbMonitorPort(id, { frontendPort: { protocol: 'TCP', port: 81 } }),
      404,
      'NoSuchObject',
    );
  });

  it('DeleteBlbMonitorPort: by [{protocol, port}]; 404 (nothing deleted) when one is absent', async () => {
    const id = await newBlb();
    await client.createBlbMonitorPort(id, TCP80);
    await client.createBlbMonitorPort(id, { frontendPort: { protocol: 'UDP', port: 53 } });
    await serviceError(
      client.deleteBlbMonitorPort(id, [
        { protocol: 'TCP', port: 80 },
        { protocol: 'TCP', port: 9 },
      ]),
      404,
      'NoSuchObject',
    );
    expect((await client.getBlbMonitorPortList(id)).totalCount).toBe(2);
    const res = await client.deleteBlbMonitorPort(id, [{ protocol: 'TCP', port: 80 }]);
    expect(res).toMatchObject({ result: true, action: 'DeleteBlbMonitor' });
    expect((await client.getBlbMonitorPortList(id)).result.map((l) => `${l.protocol}:${l.port}`)).toEqual(['UDP:53']);
  });

  it('BatchCreateBlbMonitor: one listener per port group; 409 (nothing created) on a taken port; 400 for twins', async () => {
    const id = await newBlb();
    const res = await client.batchCreateBlbMonitor(id, {
      protocol: 'TCP',
      portGroups: [
        { port: 91, backendPort: 9091 },
        { port: 92, backendPort: 9092 },
      ],
      lbMode: 'wrr',
      keepaliveTimeout: 900,
    });
    expect(res).toMatchObject({ result: true, action: 'BatchCreateBlbMonitor', details: { blbId: id } });
    expect((await client.getBlbMonitorPortList(id)).result.map((l) => [l.port, l.backendPort])).toEqual([
      [91, 9091],
      [92, 9092],
    ]);
    await serviceError(
      client.batchCreateBlbMonitor(id, { protocol: 'TCP', portGroups: [{ port: 93 }, { port: 92 }] }),
      409,
      'OperationDenied',
    );
    expect((await client.getBlbMonitorPortList(id)).totalCount).toBe(2);
    await serviceError(
      client.batchCreateBlbMonitor(id, { protocol: 'UDP', portGroups: [{ port: 7 }, { port: 7 }] }),
      400,
      'BadRequest',
    );
    await serviceError(client.batchCreateBlbMonitor(id, { protocol: 'UDP', portGroups: [] }), 400, 'BadRequest');
  });

  it('GetBlbBackendBindingStsList: StatefulSets of the same edge node with their pods; 400 for an unknown keywordType', async () => {
    const id = await newBlb({ region: 'NORTH_EAST', city: 'CHANGCHUN', serviceProvider: 'CHINA_MOBILE' });
    const here = await newDeployment('cn-changchun-cm', 2);
    await newDeployment('cn-hangzhou-cm', 1);
    const res = await client.getBlbBackendBindingStsList(id);
    expect(res.totalCount).toBe(1);
    expect(res.result[0]).toMatchObject({
      serviceId: here.serviceId,
      serviceName: 'web',
      deploymentName: here.sts,
      deploymentType: 'StatefulSet',
      region: 'NORTH_EAST',
      city: 'CHANGCHUN',
      replicas: 2,
      podCpu: 1,
      podMemory: 2,
    });
    expect(res.result[0]!.backends.map((b) => b.name)).toEqual([`${here.sts}-0`, `${here.sts}-1`]);
    expect(
      (await client.getBlbBackendBindingStsList(id, { keywordType: 'serviceId', keyword: 's-nothere0' })).totalCount,
    ).toBe(0);
    await serviceError(
      client.getBlbBackendBindingStsList(id, { keywordType: 'color', keyword: 'x' }),
      400,
      'BadRequest',
    );
    await serviceError(client.getBlbBackendBindingStsList('lb-nothere0'), 404, 'NoSuchObject');
  });

  it('GetBlbBindingPodListWithSts: a bare array of pods, weight -1 until bound; 400 without stsName; 404 unknown', async () => {
    const id = await newBlb();
    const { sts } = await newDeployment();
    const pods = await client.getBlbBindingPodListWithSts(id, { stsName: sts });
    expect(Array.isArray(pods)).toBe(true);
    expect(pods.map((p) => [p.name, p.weight])).toEqual([
      [`${sts}-0`, -1],
      [`${sts}-1`, -1],
    ]);
    expect(pods[0]!.ip).toMatch(/^10\.244\./);
    await client.createBlbBinding(id, {
      bindingForms: [{ deploymentId: sts, podWeight: [{ name: `${sts}-1`, weight: 30 }] }],
    });
    expect((await client.getBlbBindingPodListWithSts(id, { stsName: sts })).map((p) => p.weight)).toEqual([-1, 30]);
    await serviceError(client.getBlbBindingPodListWithSts(id), 400, 'BadRequest');
    await serviceError(
      client.getBlbBindingPodListWithSts(id, { stsName: 'sts-nothere0-1-m-hangzhou' }),
      404,
      'NoSuchObject',
    );
    const far = await newDeployment('cn-xian-ct', 1);
    await serviceError(client.getBlbBindingPodListWithSts(id, { stsName: far.sts }), 400, 'BadRequest');
  });

  it('CreateBlbBinding: whole StatefulSets or chosen pods with weights; 404, 409 and 400 failures', async () => {
    const id = await newBlb();
    const a = await newDeployment('cn-hangzhou-cm', 2);
    const b = await newDeployment('cn-hangzhou-cm', 2);
    const res = await client.createBlbBinding(id, {
      bindingForms: [
        { deploymentId: a.sts, defaultWeight: 40 },
        { deploymentId: b.sts, podWeight: [{ name: `${b.sts}-0`, weight: 70 }] },
      ],
    });
    expect(res).toMatchObject({ result: true, action: 'CreateBlbBinding', details: { blbId: id } });
    const bound = await client.getBlbBackendPodList(id);
    expect(bound.result.map((p) => [p.podName, p.weight])).toEqual([
      [`${a.sts}-0`, 40],
      [`${a.sts}-1`, 40],
      [`${b.sts}-0`, 70],
    ]);
    expect((await client.getBlbDetail(id)).podCount).toBe(3);
    await serviceError(
      client.createBlbBinding(id, { bindingForms: [{ deploymentId: 'sts-nothere0-1-m-hangzhou' }] }),
      404,
      'NoSuchObject',
    );
    await serviceError(
      client.createBlbBinding(id, { bindingForms: [{ deploymentId: b.sts, podWeight: [{ name: `${b.sts}-9` }] }] }),
      404,
      'NoSuchObject',
    );
    await serviceError(
      client.createBlbBinding(id, { bindingForms: [{ deploymentId: a.sts }] }),
      409,
      'OperationDenied',
    );
    await serviceError(
      client.createBlbBinding(id, {
        bindingForms: [{ deploymentId: b.sts, podWeight: [{ name: `${b.sts}-1`, weight: 101 }] }],
      }),
      400,
      'BadRequest',
    );
    await serviceError(
      client.createBlbBinding(id, {
        bindingForms: [{ deploymentId: b.sts, podWeight: [{ name: `${b.sts}-1`, ip: '1.2.3.4' }] }],
      }),
      400,
      'BadRequest',
    );
    expect((await client.getBlbBackendPodList(id)).totalCount).toBe(3);
    // A VM load balancer takes no container pods.
    const vmBlb = await newBlb({ lbType: 'vm' });
    await serviceError(client.createBlbBinding(vmBlb, { bindingForms: [{ deploymentId: a.sts }] }), 400, 'BadRequest');
  });

  it('CreateBlbBinding on a vm load balancer: VM instances grouped as vmrs-...', async () => {
    const id = await newBlb({ lbType: 'vm' });
    const { serviceId, vmIds } = await newService(client, {
      deployInstances: [{ region: 'EAST_CHINA', city: 'HANGZHOU', serviceProvider: 'CHINA_MOBILE', replicas: 2 }],
    });
    const groups = await client.getBlbBackendBindingStsList(id, { keywordType: 'serviceId', keyword: serviceId });
    expect(groups.totalCount).toBe(1);
    const group = groups.result[0]!;
    expect(group.deploymentName).toBe(`vmrs-${vmIds[0]!.slice(3, vmIds[0]!.lastIndexOf('-'))}`);
    expect(group).toMatchObject({ serviceId, deploymentType: 'VirtualMachine', replicas: 2, podCpu: 2 });
    expect(group.backends.map((b) => b.name).sort()).toEqual([...vmIds].sort());
    await client.createBlbBinding(id, {
      bindingForms: [
        {
          deploymentId: group.deploymentName,
          podWeight: [{ name: vmIds[0]!, ip: group.backends.find((b) => b.name === vmIds[0])!.ip!, weight: 1 }],
        },
      ],
    });
    const bound = await client.getBlbBackendPodList(id);
    expect(bound.result).toEqual([expect.objectContaining({ podName: vmIds[0], podStatus: 'RUNNING', weight: 1 })]);
  });

  it('GetBlbBackendPodList: bound backends with per-listener health, paged; 404 for an unknown load balancer', async () => {
    const id = await newBlb();
    const { sts } = await newDeployment('cn-hangzhou-cm', 3);
    await client.createBlbMonitorPort(id, TCP80);
    await client.createBlbMonitorPort(id, { frontendPort: { protocol: 'UDP', port: 53 }, backendPort: 5353 });
    await client.createBlbBinding(id, { bindingForms: [{ deploymentId: sts }] });
    const list = await client.getBlbBackendPodList(id);
    expect(list).toMatchObject({ totalCount: 3, pageNo: 1, pageSize: 1000 });
    expect(list.result[0]).toMatchObject({
      podName: `${sts}-0`,
      podStatus: 'RUNNING',
      weight: 100,
      backendPort: [
        { health: true, port: 5353, protocol: 'UDP' },
        { health: true, port: 8080, protocol: 'TCP' },
      ],
    });
    const second = await client.getBlbBackendPodList(id, { pageNo: 2, pageSize: 2 });
    expect(second.result.map((p) => p.podName)).toEqual([`${sts}-2`]);
    await serviceError(client.getBlbBackendPodList('lb-nothere0'), 404, 'NoSuchObject');
  });

  it('UpdateBlbBindPodWeight: changes weights of bound pods; 404 for an unbound pod; 400 without a weight', async () => {
    const id = await newBlb();
    const { sts } = await newDeployment();
    await client.createBlbBinding(id, {
      bindingForms: [{ deploymentId: sts, podWeight: [{ name: `${sts}-0`, weight: 10 }] }],
    });
    const res = await client.updateBlbBindPodWeight(id, { podWeightList: [{ name: `${sts}-0`, weight: 90 }] });
    expect(res).toMatchObject({ result: true, action: 'UpdateBlbBinding', details: { blbId: id } });
    expect((await client.getBlbBackendPodList(id)).result.map((p) => p.weight)).toEqual([90]);
    await serviceError(
      client.updateBlbBindPodWeight(id, { podWeightList: [{ name: `${sts}-1`, weight: 5 }] }),
      404,
      'NoSuchObject',
    );
    await serviceError(client.updateBlbBindPodWeight(id, { podWeightList: [{ name: `${sts}-0` }] }), 400, 'BadRequest');
    await serviceError(
      client.updateBlbBindPodWeight(id, {
        podWeightList: [{ name: `${sts}-0`, weight: 5 }],
        deploymentIds: ['sts-other'],
      }),
      400,
      'BadRequest',
    );
  });

  it('DeleteBlbBindPod: unbinds pods or whole deployments; 404 for what is not bound; 400 when empty', async () => {
    const id = await newBlb();
    const a = await newDeployment();
    const b = await newDeployment();
    await client.createBlbBinding(id, { bindingForms: [{ deploymentId: a.sts }, { deploymentId: b.sts }] });
    const res = await client.deleteBlbBindPod(id, {
      podWeightList: [{ name: `${a.sts}-1`, weight: 100 }],
      deploymentIds: [a.sts],
    });
    expect(res).toMatchObject({ result: true, action: 'DeleteBlbBinding', details: { blbId: id } });
    expect((await client.getBlbBackendPodList(id)).result.map((p) => p.podName)).toEqual([
      `${a.sts}-0`,
      `${b.sts}-0`,
      `${b.sts}-1`,
    ]);
    await client.deleteBlbBindPod(id, { deploymentIds: [b.sts] });
    expect((await client.getBlbBackendPodList(id)).result.map((p) => p.podName)).toEqual([`${a.sts}-0`]);
    await serviceError(client.deleteBlbBindPod(id, { deploymentIds: [b.sts] }), 404, 'NoSuchObject');
    await serviceError(client.deleteBlbBindPod(id, { podWeightList: [{ name: `${a.sts}-1` }] }), 404, 'NoSuchObject');
    await serviceError(client.deleteBlbBindPod(id, {}), 400, 'BadRequest');
  });

  it('bound pods: deleting their service or StatefulSet is refused (409); scaling down unbinds the removed pods', async () => {
    const id = await newBlb();
    const { serviceId, sts } = await newDeployment('cn-hangzhou-cm', 3);
    await client.createBlbBinding(id, { bindingForms: [{ deploymentId: sts }] });
    await serviceError(client.deleteService(serviceId), 409, 'OperationDenied');
    await serviceError(client.deletePodDeployment([sts]), 409, 'OperationDenied');
    const batch = await client.serviceBatchDelete([serviceId]);
    expect(batch.details[0]).toMatchObject({ success: false });
    await client.updatePodDeploymentReplicas(sts, { replicas: 1 });
    expect((await client.getBlbBackendPodList(id)).result.map((p) => p.podName)).toEqual([`${sts}-0`]);
    expect((await client.getBlbDetail(id)).podCount).toBe(1);
    await client.deleteBlbBindPod(id, { deploymentIds: [sts] });
    await client.deleteService(serviceId);
  });

  it('GetBlbMetrics: a series per load balancer and port; 404 for an unknown load balancer or port', async () => {
    const id = await newBlb();
    await client.createBlbMonitorPort(id, TCP80);
    const end = Math.floor(Date.now() / 1000);
    const window = { metricsType: 'REQUEST_NUMBER', start: end - 3600, end, stepInMin: 5 } as const;
    const all = await client.getBlbMetrics(id, window);
    expect(all.metrics.length).toBeGreaterThanOrEqual(12);
    const port = await client.getBlbMetrics(id, { ...window, port: '80', ipType: 'ipv4' });
    expect(port.metrics.map((m) => m.timeInSecond)).toEqual(all.metrics.map((m) => m.timeInSecond));
    await serviceError(client.getBlbMetrics('lb-nothere0', window), 404, 'NoSuchObject');
    await serviceError(client.getBlbMetrics(id, { ...window, port: '81' }), 404, 'NoSuchObject');
  });
});

describe('classic load balancers on the virtual clock', () => {
  let emu: RunningEmulator;
  let client: BecClient;

  beforeAll(async () => {
    emu = await startEmulator({ lifecycle: { mode: 'timed', durationMs: 2000 }, clock: { mode: 'frozen' } });
    client = clientFor(emu);
  });
  afterAll(async () => {
    client.close();
    await emu.close();
  });

  it('PENDING refuses configuration; BINDING while backends are bound', async () => {
    const { details } = await client.createBlb(blbArgs());
    const id = details.blbId;
    expect(details.status).toBe('PENDING');
    await serviceError(client.createBlbMonitorPort(id, TCP80), 409, 'OperationDenied');
    await serviceError(client.updateBlb(id, { blbName: 'x' }), 409, 'OperationDenied');
    await serviceError(client.deleteBlb(id), 409, 'OperationDenied');
    emu.clock.advance(2000);
    expect((await client.getBlbDetail(id)).status).toBe('RUNNING');

    const { details: svc } = await client.createService(serviceArgs());
    const sts = `sts-${svc.serviceId.slice(2)}-1-m-hangzhou`;
    await client.createBlbBinding(id, { bindingForms: [{ deploymentId: sts }] });
    expect((await client.getBlbDetail(id)).status).toBe('BINDING');
    // Pods still PENDING: bound, but not healthy yet.
    await client.createBlbMonitorPort(id, TCP80);
    expect((await client.getBlbBackendPodList(id)).result[0]).toMatchObject({
      podStatus: 'PENDING',
      backendPort: [{ health: false, port: 8080, protocol: 'TCP' }],
    });
    await serviceError(client.createBlbBinding(id, { bindingForms: [{ deploymentId: sts }] }), 409, 'OperationDenied');
    await serviceError(client.deleteBlb(id), 409, 'OperationDenied');
    emu.clock.advance(2000);
    expect((await client.getBlbDetail(id)).status).toBe('RUNNING');
    expect((await client.getBlbBackendPodList(id)).result[0]!.backendPort[0]!.health).toBe(true);
  });
});

describe('scenario: container service behind a classic load balancer', () => {
  let emu: RunningEmulator;
  let client: BecClient;

  beforeAll(async () => {
    emu = await startEmulator({ lifecycle: { mode: 'timed', durationMs: 1500 }, clock: { mode: 'frozen' } });
    client = clientFor(emu);
  });
  afterAll(async () => {
    client.close();
    await emu.close();
  });

  it('create -> running -> BLB -> listener -> bind -> list -> unbind -> delete BLB -> delete service', async () => {
    const { details: svc } = await client.createService({
      ...serviceArgs('cn-guangzhou-un', 3),
      serviceName: 'shop-frontend',
    });
    expect(svc.status).toBe('STARTING');
    emu.clock.advance(1500);
    expect(await client.getService(svc.serviceId)).toMatchObject({ status: 'RUNNING', runningPods: 3 });

    const { details: blb } = await client.createBlb(
      blbArgs({ region: 'SOUTH_CHINA', city: 'GUANGZHOU', serviceProvider: 'CHINA_UNICOM', blbName: 'shop-lb' }),
    );
    emu.clock.advance(1500);
    expect((await client.getBlbDetail(blb.blbId)).status).toBe('RUNNING');
    await client.createBlbMonitorPort(blb.blbId, { frontendPort: { protocol: 'TCP', port: 80 }, backendPort: 80 });

    const bindable = await client.getBlbBackendBindingStsList(blb.blbId, { keyword: 'shop-frontend' });
    expect(bindable.totalCount).toBe(1);
    const sts = bindable.result[0]!.deploymentName;
    const pods = await client.getBlbBindingPodListWithSts(blb.blbId, { stsName: sts });
    expect(pods).toHaveLength(3);
    await client.createBlbBinding(blb.blbId, {
      bindingForms: [
        { deploymentId: sts, podWeight: pods.slice(0, 2).map((p) => ({ name: p.name!, ip: p.ip!, weight: 50 })) },
      ],
    });
    emu.clock.advance(1500);
    const bound = await client.getBlbBackendPodList(blb.blbId);
    expect(bound.result.map((p) => [p.podName, p.weight, p.backendPort[0]!.health])).toEqual([
      [pods[0]!.name, 50, true],
      [pods[1]!.name, 50, true],
    ]);
    expect((await client.getBlbDetail(blb.blbId)).podCount).toBe(2);
    await serviceError(client.deleteService(svc.serviceId), 409, 'OperationDenied');

    await client.deleteBlbBindPod(blb.blbId, {
      podWeightList: bound.result.map((p) => ({ name: p.podName, ip: p.podIp })),
    });
    expect((await client.getBlbBackendPodList(blb.blbId)).totalCount).toBe(0);
    await client.deleteBlb(blb.blbId);
    await serviceError(client.getBlbDetail(blb.blbId), 404, 'NoSuchObject');
    await client.deleteService(svc.serviceId);
    await serviceError(client.getService(svc.serviceId), 404, 'NoSuchObject');
    expect((await client.getPodList({ serviceId: svc.serviceId })).totalCount).toBe(0);
  });
});
