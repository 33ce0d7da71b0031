import { type RunningEmulator, startEmulator } from 'bec-emulator';
import type { BecClient, CreateServiceArgs } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, serviceError } from './vm-helpers.js';

/** A container service request with one nginx container in Hangzhou. */
function serviceArgs(overrides: Partial<CreateServiceArgs> = {}): CreateServiceArgs {
  return {
    serviceName: 'web',
    containerGroupName: 'cg1',
    paymentMethod: 'postpay',
    containers: [
      {
        name: 'nginx',
        imageAddress: 'hub.baidubce.com/public/nginx',
        imageVersion: '1.25',
        cpu: 1,
        memory: 2,
        ports: [{ containerPort: 80, protocol: 'TCP' }],
      },
    ],
    deployInstances: [{ region: 'EAST_CHINA', city: 'HANGZHOU', serviceProvider: 'CHINA_MOBILE', replicas: 2 }],
    ...overrides,
  };
}

describe('container services (immediate lifecycle)', () => {
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

  it('CreateService: one StatefulSet per edge node, pods named after it, totals derived from pods', async () => {
    const res = await client.createService(
      serviceArgs({
        serviceName: 'shop',
        needPublicIp: true,
        bandwidth: 50,
        tags: [{ tagKey: 'env', tagValue: 'test' }],
        volumes: { emptyDir: [{ name: 'cache' }], volumeClaimTemplates: [{ name: 'data', storageSize: 20 }] },
        containers: [
          {
            name: 'app',
            imageAddress: 'hub.baidubce.com/public/app',
            cpu: 2,
            memory: 4,
            volumeMounts: [
              { name: 'cache', mountPath: '/cache' },
              { name: 'data', mountPath: '/data' },
            ],
          },
          { name: 'sidecar', imageAddress: 'busybox', cpu: 1, memory: 1 },
        ],
        deployInstances: [
          { region: 'EAST_CHINA', city: 'HANGZHOU', serviceProvider: 'CHINA_MOBILE', replicas: 2 },
          { regionId: 'cn-guangzhou-un', replicas: 1 },
        ],
      }),
    );
    expect(res).toMatchObject({ result: true, action: 'create' });
    const d = res.details;
    expect(d.serviceId).toMatch(/^s-[a-z0-9]{8}$/);
    expect(d).toMatchObject({
      serviceName: 'shop',
      status: 'RUNNING',
      totalPods: 3,
      runningPods: 3,
      totalCpu: 9,
      totalMem: 15,
      totalDisk: 60,
      regions: 2,
      tagMap: [{ tagKey: 'env', tagValue: 'test' }],
    });
    const detail = await client.getService(d.serviceId);
    const suffix = d.serviceId.slice(2);
    expect(detail.resourceBriefVos.map((r) => r.resourceId)).toEqual([
      `sts-${suffix}-1-m-hangzhou`,
      `sts-${suffix}-2-u-guangzhou`,
    ]);
    expect(detail.resourceBriefVos[0]).toMatchObject({ totalPods: 2, runningPods: 2, ingressBandwidth: '50' });
    expect(detail.resourceBriefVos[0]!.imageList).toEqual(['hub.baidubce.com/public/app:latest', 'busybox:latest']);
    expect(detail.regionSize).toBe(2);
    const pods = await client.getPodList({ serviceId: d.serviceId });
    expect(pods.totalCount).toBe(3);
    for (const pod of pods.result) {
      expect(pod.podName).toMatch(new RegExp(`^sts-${suffix}-\\d-[mu]-(hangzhou|guangzhou)-\\d$`));
      expect(pod.internalIp).toMatch(/^10\.244\.\d+\.\d+$/);
      expect(pod.publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }
  });

  it('CreateService: the seed guide sample (bandwidth without a public IP, an emptyDir mount) is accepted', async () => {
    const res = await client.createService({
      serviceName: 'xxxx-1-test',
      paymentMethod: 'postpay',
      containerGroupName: 'cg1',
      bandwidth: 100,
      needPublicIp: false,
      containers: [
        {
          name: 'container01',
          cpu: 1,
          memory: 2,
          imageAddress: 'hub.baidubce.com/public/mysql',
          imageVersion: '5.7',
          commands: ['sh', '-c', 'echo OK!&& sleep 3660'],
          volumeMounts: [{ mountPath: '/temp', name: 'emptydir01' }],
        },
      ],
      deployInstances: [{ region: 'EAST_CHINA', replicas: 1, city: 'SHANGHAI', serviceProvider: 'CHINA_TELECOM' }],
      volumes: { emptyDir: [{ name: 'emptydir01' }] },
      tags: [{ tagKey: 'a', tagValue: '1' }],
    });
    expect(res.details).toMatchObject({ serviceName: 'xxxx-1-test', totalPods: 1, regions: 1 });
    const pod = (await client.getPodList({ serviceId: res.details.serviceId })).result[0]!;
    expect(pod).toMatchObject({ regionId: 'cn-shanghai-ct', publicIp: '', ingressBandwidth: '' });
    expect(pod.podName).toBe(`sts-${res.details.serviceId.slice(2)}-1-t-shanghai-0`);
  });

  it('CreateService: 400 for an unknown edge node, a mount of an undeclared volume, twin containers or a node listed twice', async () => {
    await serviceError(
      client.createService(serviceArgs({ deployInstances: [{ regionId: 'cn-atlantis-cm', replicas: 1 }] })),
      400,
      'BadRequest',
    );
    await serviceError(
      client.createService(
        serviceArgs({
          containers: [{ name: 'a', imageAddress: 'nginx', volumeMounts: [{ name: 'missing', mountPath: '/x' }] }],
        }),
      ),
      400,
      'BadRequest',
    );
    await serviceError(
      client.createService(
        serviceArgs({
          containers: [
            { name: 'a', imageAddress: 'nginx' },
            { name: 'a', imageAddress: 'redis' },
          ],
        }),
      ),
      400,
      'BadRequest',
    );
    await serviceError(
      client.createService(serviceArgs({ containers: [{ name: 'Bad_Name', imageAddress: 'nginx' }] })),
      400,
      'BadRequest',
    );
    await serviceError(client.createService(serviceArgs({ containers: [{ name: 'noimage' }] })), 400, 'BadRequest');
    await serviceError(
      client.createService(
        serviceArgs({
          deployInstances: [
            { regionId: 'cn-hangzhou-cm', replicas: 1 },
            { region: 'EAST_CHINA', city: 'HANGZHOU', serviceProvider: 'CHINA_MOBILE', replicas: 1 },
          ],
        }),
      ),
      400,
      'BadRequest',
    );
    await serviceError(
      client.createService(serviceArgs({ deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 501 }] })),
      413,
      'LimitExceeded',
    );
    await serviceError(
      client.createService(
        serviceArgs({ deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1, vpcId: 'vpc-nothere' }] }),
      ),
      404,
      'NoSuchObject',
    );
  });

  it('ListService: keyword search by name or ID, status filter, ordering and paging', async () => {
    const a = (await client.createService(serviceArgs({ serviceName: 'alpha-list' }))).details.serviceId;
    const b = (await client.createService(serviceArgs({ serviceName: 'beta-list' }))).details.serviceId;
    await client.serviceAction(b, 'stop');
    const byName = await client.listService({ keyword: 'alpha-list' });
    expect(byName.result.map((s) => s.serviceId)).toEqual([a]);
    const byId = await client.listService({ keywordType: 'serviceId', keyword: b });
    expect(byId.result.map((s) => s.serviceName)).toEqual(['beta-list']);
    const stopped = await client.listService({ status: 'stop', keyword: '-list' });
    expect(stopped.result.map((s) => s.serviceId)).toEqual([b]);
    const asc = await client.listService({ keyword: '-list', orderBy: 'serviceName', order: 'asc' });
    expect(asc.result.map((s) => s.serviceName)).toEqual(['alpha-list', 'beta-list']);
    const paged = await client.listService({
      keyword: '-list',
      pageNo: 2,
      pageSize: 1,
      orderBy: 'serviceName',
      order: 'asc',
    });
    expect(paged).toMatchObject({ pageNo: 2, pageSize: 1, totalCount: 2 });
    expect(paged.result.map((s) => s.serviceName)).toEqual(['beta-list']);
    const all = await client.listService();
    expect(all.pageSize).toBe(100);
  });

  it('ListService: 400 for an unknown keywordType or orderBy', async () => {
    await serviceError(client.listService({ keywordType: 'image', keyword: 'x' }), 400, 'BadRequest');
    await serviceError(client.listService({ orderBy: 'color' }), 400, 'BadRequest');
  });

  it('GetService: details with deployments; 404 for an unknown service', async () => {
    const id = (
      await client.createService(serviceArgs({ logCollectDetail: { logCollect: true, logPath: '/var/log' } }))
    ).details.serviceId;
    const d = await client.getService(id);
    expect(d).toMatchObject({
      serviceId: id,
      status: 'RUNNING',
      totalPods: 2,
      logCollectDetail: { serviceId: id, logPath: '/var/log' },
    });
    await serviceError(client.getService('s-nothere0'), 404, 'NoSuchObject');
  });

  it('ServiceAction: stop then start; 409 in the wrong state; 404 for an unknown service', async () => {
    const id = (await client.createService(serviceArgs())).details.serviceId;
    await serviceError(client.serviceAction(id, 'start'), 409, 'OperationDenied');
    const stop = await client.serviceAction(id, 'stop');
    expect(stop).toMatchObject({ result: true, action: 'stop', details: { serviceId: id, status: 'stop' } });
    expect((await client.getService(id)).status).toBe('STOP');
    expect((await client.getPodList({ serviceId: id })).result.every((p) => p.status === 'STOP')).toBe(true);
    await serviceError(client.serviceAction(id, 'stop'), 409, 'OperationDenied');
    await client.serviceAction(id, 'start');
    const d = await client.getService(id);
    expect(d).toMatchObject({ status: 'RUNNING', runningPods: 2 });
    await serviceError(client.serviceAction('s-nothere0', 'stop'), 404, 'NoSuchObject');
  });

  it('UpdateService: NAME, REPLICAS (scale and add a node) and RESOURCE; 400 without a type; 404 unknown', async () => {
    const id = (await client.createService(serviceArgs({ needPublicIp: true, bandwidth: 10 }))).details.serviceId;
    const renamed = await client.updateService(id, { type: 'NAME', serviceName: 'renamed' });
    expect(renamed).toMatchObject({
      result: true,
      action: 'update',
      details: [{ serviceId: id, serviceName: 'renamed' }],
    });

    const scaled = await client.updateService(id, {
      type: 'REPLICAS',
      deployInstances: [
        { regionId: 'cn-hangzhou-cm', replicas: 3 },
        { regionId: 'cn-shanghai-ct', replicas: 1 },
      ],
    });
    expect(scaled.details[0]).toMatchObject({ totalPods: 4, regions: 2 });
    const down = await client.updateService(id, {
      type: 'REPLICAS',
      deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1 }],
    });
    expect(down.details[0]).toMatchObject({ totalPods: 2 });
    const hz = (await client.getPodList({ serviceId: id, keyword: 'hangzhou' })).result.map((p) => p.podName);
    expect(hz).toEqual([`sts-${id.slice(2)}-1-m-hangzhou-0`]);

    const res = await client.updateService(id, {
      type: 'RESOURCE',
      containers: [{ name: 'nginx', imageAddress: 'nginx', imageVersion: '1.27', cpu: 2, memory: 4 }],
      bandwidth: 20,
      needIpv6PublicIp: 'true',
    });
    expect(res.details[0]).toMatchObject({ totalCpu: 4, totalMem: 8 });
    const pod = await client.getPodDetail(`sts-${id.slice(2)}-1-m-hangzhou-0`);
    expect(pod).toMatchObject({ imageList: ['nginx:1.27'], ingressBandwidth: '20' });
    expect(pod.ipv6PublicIp).toMatch(/^240e:/);

    await serviceError(client.updateService(id, {}), 400, 'BadRequest');
    await serviceError(client.updateService(id, { type: 'NAME' }), 400, 'BadRequest');
    await serviceError(client.updateService(id, { type: 'RESOURCE', needIpv6PublicIp: 'maybe' }), 400, 'BadRequest');
    await serviceError(client.updateService('s-nothere0', { type: 'NAME', serviceName: 'x' }), 404, 'NoSuchObject');
  });

  it('DeleteService: removes the service, its deployments and pods; 404 afterwards', async () => {
    const id = (await client.createService(serviceArgs())).details.serviceId;
    const deploymentId = `sts-${id.slice(2)}-1-m-hangzhou`;
    const res = await client.deleteService(id);
    expect(res).toMatchObject({ result: true, action: 'delete', details: { serviceId: id } });
    await serviceError(client.getService(id), 404, 'NoSuchObject');
    await serviceError(client.getPodDeployment(deploymentId), 404, 'NoSuchObject');
    expect((await client.getPodList({ serviceId: id })).totalCount).toBe(0);
    await serviceError(client.deleteService(id), 404, 'NoSuchObject');
  });

  it('ServiceBatchOperate: per-ID outcomes', async () => {
    const a = (await client.createService(serviceArgs())).details.serviceId;
    const b = (await client.createService(serviceArgs())).details.serviceId;
    const res = await client.serviceBatchOperate({ idList: [a, b, 's-nothere0'], action: 'stop' });
    expect(res.result).toBe(false);
    expect(res.action).toBe('stop');
    expect(res.details.map((d) => [d.resourceId, d.success])).toEqual([
      [a, true],
      [b, true],
      ['s-nothere0', false],
    ]);
    expect(res.details[2]!.error).toMatch(/NoSuchObject/);
    const again = await client.serviceBatchOperate({ idList: [a], action: 'stop' });
    expect(again.details[0]).toMatchObject({ success: false });
    expect(again.details[0]!.error).toMatch(/OperationDenied/);
    const start = await client.serviceBatchOperate({ idList: [a, b], action: 'start' });
    expect(start.result).toBe(true);
    expect((await client.getService(a)).status).toBe('RUNNING');
  });

  it('ServiceBatchDelete: per-ID outcomes', async () => {
    const a = (await client.createService(serviceArgs())).details.serviceId;
    const res = await client.serviceBatchDelete([a, 's-nothere0']);
    expect(res).toMatchObject({ result: false, action: 'delete' });
    expect(res.details).toEqual([
      { resourceId: a, success: true, error: '' },
      expect.objectContaining({ resourceId: 's-nothere0', success: false }),
    ]);
    await serviceError(client.getService(a), 404, 'NoSuchObject');
  });

  it('GetPodDeployment: the StatefulSet and its pods; 404 for an unknown one', async () => {
    const id = (await client.createService(serviceArgs())).details.serviceId;
    const deploymentId = `sts-${id.slice(2)}-1-m-hangzhou`;
    const d = await client.getPodDeployment(deploymentId);
    expect(d).toMatchObject({
      serviceId: id,
      resourceId: deploymentId,
      totalPods: 2,
      runningPods: 2,
      deployInstance: { regionId: 'cn-hangzhou-cm', replicas: 2 },
    });
    expect(d.podBriefVos.map((p) => p.podName)).toEqual([`${deploymentId}-0`, `${deploymentId}-1`]);
    await serviceError(client.getPodDeployment('sts-nothere0-1-m-hangzhou'), 404, 'NoSuchObject');
  });

  it('UpdatePodDeploymentReplicas: adds and removes pods by ordinal; 404 unknown; 413 over the quota', async () => {
    const id = (await client.createService(serviceArgs())).details.serviceId;
    const deploymentId = `sts-${id.slice(2)}-1-m-hangzhou`;
    const up = await client.updatePodDeploymentReplicas(deploymentId, { replicas: 4 });
    expect(up).toMatchObject({ result: true, details: { deploymentId, replicas: '4' } });
    expect((await client.getPodDeployment(deploymentId)).podBriefVos.map((p) => p.podName.slice(-1))).toEqual([
      '0',
      '1',
      '2',
      '3',
    ]);
    await client.updatePodDeploymentReplicas(deploymentId, { replicas: 1 });
    const d = await client.getPodDeployment(deploymentId);
    expect(d.podBriefVos.map((p) => p.podName)).toEqual([`${deploymentId}-0`]);
    expect(d.deployInstance.replicas).toBe(1);
    expect((await client.getService(id)).totalPods).toBe(1);
    await serviceError(
      client.updatePodDeploymentReplicas('sts-nothere0-1-m-hangzhou', { replicas: 1 }),
      404,
      'NoSuchObject',
    );
    await serviceError(client.updatePodDeploymentReplicas(deploymentId, { replicas: 501 }), 413, 'LimitExceeded');
  });

  it('DeletePodDeployment: deletes listed StatefulSets with their pods; 404 (nothing deleted) when one is unknown', async () => {
    const id = (
      await client.createService(
        serviceArgs({
          deployInstances: [
            { regionId: 'cn-hangzhou-cm', replicas: 1 },
            { regionId: 'cn-jinan-cm', replicas: 1 },
          ],
        }),
      )
    ).details.serviceId;
    const hz = `sts-${id.slice(2)}-1-m-hangzhou`;
    const jn = `sts-${id.slice(2)}-2-m-jinan`;
    await serviceError(client.deletePodDeployment([hz, 'sts-nothere0-1-m-x']), 404, 'NoSuchObject');
    expect((await client.getService(id)).totalPods).toBe(2);
    const res = await client.deletePodDeployment([hz]);
    expect(res).toMatchObject({ result: true, action: 'delete', details: { [id]: [hz] } });
    const d = await client.getService(id);
    expect(d).toMatchObject({ totalPods: 1, regionSize: 1 });
    expect(d.resourceBriefVos.map((r) => r.resourceId)).toEqual([jn]);
    await serviceError(client.getPodDetail(`${hz}-0`), 404, 'NoSuchObject');
  });

  it('GetPodList: filters by service, deployment and keyword; pages of at most 100; 400 for an unknown orderBy', async () => {
    const id = (await client.createService(serviceArgs({ deployInstances: [{ regionId: 'cn-xian-ct', replicas: 3 }] })))
      .details.serviceId;
    const deploymentId = `sts-${id.slice(2)}-1-t-xian`;
    const byDeployment = await client.getPodList({ deploymentId, orderBy: 'podName', order: 'asc' });
    expect(byDeployment.result.map((p) => p.podName)).toEqual([0, 1, 2].map((n) => `${deploymentId}-${n}`));
    expect(byDeployment.result[0]).toMatchObject({
      serviceId: id,
      deploymentId,
      regionId: 'cn-xian-ct',
      city: 'XIAN',
      cityName: '西安',
      status: 'RUNNING',
      cpu: 1,
      mem: 2,
    });
    const page = await client.getPodList({ serviceId: id, pageSize: 2, pageNo: 2, orderBy: 'podName', order: 'asc' });
    expect(page).toMatchObject({ totalCount: 3, pageNo: 2, pageSize: 2 });
    expect(page.result.map((p) => p.podName)).toEqual([`${deploymentId}-2`]);
    const kw = await client.getPodList({ keyword: `${deploymentId}-1` });
    expect(kw.result.map((p) => p.podName)).toEqual([`${deploymentId}-1`]);
    await serviceError(client.getPodList({ orderBy: 'cpu' }), 400, 'BadRequest');
  });

  it('GetPodDetail: containers, statuses and events; 404 for an unknown pod', async () => {
    const id = (await client.createService(serviceArgs())).details.serviceId;
    const podId = `sts-${id.slice(2)}-1-m-hangzhou-0`;
    const pod = await client.getPodDetail(podId);
    expect(pod).toMatchObject({
      podId,
      status: 'RUNNING',
      regionName: '华东',
      imageList: ['hub.baidubce.com/public/nginx:1.25'],
    });
    expect(pod.podIp).toBe(pod.internalIp);
    expect(pod.containerStatuses).toHaveLength(1);
    expect(pod.containerStatuses[0]).toMatchObject({ name: 'nginx', ready: true, restartCount: 0 });
    expect(pod.containerStatuses[0]!.state.running.startedAt).toBeGreaterThan(0);
    expect(pod.podEventDetails.map((e) => e.eventName)).toEqual(['Scheduled', 'Pulled', 'Created', 'Started']);
    await serviceError(client.getPodDetail('sts-nothere0-1-m-hangzhou-0'), 404, 'NoSuchObject');
  });

  it('RestartPod: counts restarts; 409 for a stopped pod; 404 for an unknown pod', async () => {
    const id = (await client.createService(serviceArgs())).details.serviceId;
    const podId = `sts-${id.slice(2)}-1-m-hangzhou-0`;
    await client.restartPod(podId);
    const pod = await client.getPodDetail(podId);
    expect(pod.status).toBe('RUNNING');
    expect(pod.containerStatuses[0]!.restartCount).toBe(1);
    expect(pod.containerStatuses[0]!.lastState.terminated.exitCode).toBe(137);
    await client.serviceAction(id, 'stop');
    await serviceError(client.restartPod(podId), 409, 'OperationDenied');
    await serviceError(client.restartPod('sts-nothere0-1-m-hangzhou-0'), 404, 'NoSuchObject');
  });

  it('metrics of services, deployments and pods; 404 for unknown IDs', async () => {
    const id = (await client.createService(serviceArgs())).details.serviceId;
    const deploymentId = `sts-${id.slice(2)}-1-m-hangzhou`;
    const end = Math.floor(Date.now() / 1000);
    const window = { metricsType: 'CPU', start: end - 600, end, stepInMin: 1 } as const;
    const s = await client.getServiceMetrics(id, window);
    expect(s.metrics.length).toBeGreaterThanOrEqual(10);
    expect(s.maxValue).toBeGreaterThanOrEqual(s.avgValue);
    expect((await client.getServiceMetrics(id, window)).metrics).toEqual(s.metrics);
    const d = await client.getPodDeploymentMetrics(deploymentId, { ...window, metricsType: 'MEMORY' });
    expect(d.metrics.length).toBe(s.metrics.length);
    const p = await client.getPodMetrics(`${deploymentId}-0`, { ...window, serviceProviderStr: 'CHINA_MOBILE' });
    expect(p.metrics.length).toBe(s.metrics.length);
    await serviceError(client.getServiceMetrics('s-nothere0', window), 404, 'NoSuchObject');
    await serviceError(client.getPodDeploymentMetrics('sts-nothere0-1-m-x', window), 404, 'NoSuchObject');
    await serviceError(client.getPodMetrics('sts-nothere0-1-m-x-0', window), 404, 'NoSuchObject');
  });
});

describe('container services on the virtual clock', () => {
  let emu: RunningEmulator;
  let client: BecClient;

  beforeAll(async () => {
    emu = await startEmulator({
      lifecycle: { mode: 'timed', kinds: { containerService: { durationMs: 1000 }, pod: { durationMs: 3000 } } },
      clock: { mode: 'frozen' },
    });
    client = clientFor(emu);
  });
  afterAll(async () => {
    client.close();
    await emu.close();
  });

  it('STARTING until every pod runs; STOPPING until every pod has stopped; restarts take time', async () => {
    const { details } = await client.createService(serviceArgs());
    const id = details.serviceId;
    expect(details).toMatchObject({ status: 'STARTING', runningPods: 0 });
    expect((await client.getPodList({ serviceId: id })).result.map((p) => p.status)).toEqual(['PENDING', 'PENDING']);
    const pending = await client.getPodDetail(`sts-${id.slice(2)}-1-m-hangzhou-0`);
    expect(pending.containerStatuses[0]).toMatchObject({
      ready: false,
      state: { waiting: { reason: 'ContainerCreating' } },
    });
    await serviceError(client.serviceAction(id, 'stop'), 409, 'OperationDenied');

    emu.clock.advance(1000);
    expect((await client.getService(id)).status).toBe('STARTING'); // the service is done, its pods are not
    emu.clock.advance(2000);
    expect(await client.getService(id)).toMatchObject({ status: 'RUNNING', runningPods: 2 });

    await client.serviceAction(id, 'stop');
    expect((await client.getService(id)).status).toBe('STOPPING');
    emu.clock.advance(1000);
    expect((await client.getService(id)).status).toBe('STOPPING');
    emu.clock.advance(2000);
    expect((await client.getService(id)).status).toBe('STOP');
    await client.serviceAction(id, 'start');
    expect((await client.getService(id)).status).toBe('STARTING');
    emu.clock.advance(3000);
    expect((await client.getService(id)).status).toBe('RUNNING');

    const podId = `sts-${id.slice(2)}-1-m-hangzhou-1`;
    await client.restartPod(podId);
    expect((await client.getPodDetail(podId)).status).toBe('RESTARTING');
    await serviceError(client.restartPod(podId), 409, 'OperationDenied');
    expect(await client.getService(id)).toMatchObject({ status: 'RUNNING', runningPods: 1 });
    emu.clock.advance(3000);
    expect((await client.getPodDetail(podId)).status).toBe('RUNNING');

    // Pods added to a running service start PENDING.
    await client.updatePodDeploymentReplicas(`sts-${id.slice(2)}-1-m-hangzhou`, { replicas: 3 });
    expect((await client.getPodDetail(`sts-${id.slice(2)}-1-m-hangzhou-2`)).status).toBe('PENDING');
    expect((await client.getService(id)).status).toBe('STARTING');
  });
});
