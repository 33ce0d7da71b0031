/**
 * The seed guide's flow as a TypeScript twin, on the timed lifecycle and a frozen virtual clock:
 * every asynchronous step is seen in its transitional state first, then the SDK waiter polls it
 * while the test moves the clock, and sees it finish. At the end the account is empty.
 */
import { type RunningEmulator, startEmulator } from 'bec-emulator';
import {
  BceServiceError,
  BceValidationError,
  BecClient,
  type BlbMonitorArgs,
  type CreateBlbArgs,
  type CreateServiceArgs,
  type CreateVmServiceArgs,
  DiskType,
  ImageType,
  LbMode,
  Protocol,
  Region,
  type ReinstallVmInstanceArg,
  ServiceProvider,
  type UpdateVmInstanceArgs,
  type UpdateVmServiceArgs,
  UpdateVmType,
  VmInstanceBatchOperateAction,
  type WaiterOptions,
} from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Virtual time every transition takes (the timed lifecycle's default). */
const STEP_MS = 2000;
const PUBLIC_IMAGE = 'm-Ubun2204';
const OTHER_IMAGE = 'm-CentOS79';

describe('seed guide scenario on the virtual clock', () => {
  let emu: RunningEmulator;
  let becClient: BecClient;
  const startMs = Date.UTC(2024, 0, 1);

  // What the scenario creates, step by step.
  let serviceId = '';
  let vmId = '';
  let imageId = '';
  let blbId = '';
  let containerServiceId = '';

  /**
   * Waiter options that poll fast (real time) and move the virtual clock by one transition after
   * the first poll, so a waiter sees the transitional state once and the final state next.
   */
  function driven<T>(seen: Array<string | undefined>): WaiterOptions<T> {
    return {
      minDelayMs: 1,
      maxDelayMs: 5,
      maxWaitMs: 5000,
      onProgress: (status, _resource, _elapsed, attempt) => {
        seen.push(status);
        if (attempt === 1) emu.clock.advance(STEP_MS);
      },
    };
  }

  beforeAll(async () => {
    emu = await startEmulator({
      clock: { mode: 'frozen', startMs },
      lifecycle: { mode: 'timed', durationMs: STEP_MS },
      seed: 11,
    });
    // bec.NewClient(AK, SK, ENDPOINT)
    const { accessKeyId, secretAccessKey } = emu.credentials;
    becClient = new BecClient({ endpoint: emu.endpoint, credentials: { accessKeyId, secretAccessKey } });
  });
  afterAll(async () => {
    becClient?.close();
    await emu?.close();
  });

  it('1. CreateVmService: instances are CREATING until the clock moves; the waiter then sees them all run', async () => {
    const args: CreateVmServiceArgs = {
      serviceName: 'seed-vm',
      imageId: PUBLIC_IMAGE,
      adminPass: 'x123Seed@',
      systemVolume: { volumeType: DiskType.NVME },
      cpu: 1,
      memory: 2,
      deployInstances: [
        { city: 'HANGZHOU', region: Region.EAST_CHINA, serviceProvider: ServiceProvider.CHINA_MOBILE, replicas: 1 },
      ],
      imageType: ImageType.BCC,
      keyConfig: { type: 'password', adminPass: 'x123Seed@' },
    };
    const result = await becClient.createVmService(args);
    serviceId = result.details.serviceId;
    expect(serviceId).toMatch(/^s-[a-z0-9]{8}$/);
    vmId = result.details.instances[0]!.vmId;
    expect(result.details).toMatchObject({ totalInstances: 1, runningInstances: 0 });
    expect((await becClient.getVirtualMachine(vmId)).status).toBe('CREATING');
    expect(emu.clock.now()).toBe(startMs);

    // The service itself stays NORMAL; the waiter also waits for every instance to run.
    const seen: Array<string | undefined> = [];
    const counts: string[] = [];
    const options = driven<{ runningInstances: number; totalInstances: number }>(seen);
    const service = await becClient.waitUntilVmServiceRunning(serviceId, {
      ...options,
      onProgress: (status, svc, elapsed, attempt) => {
        counts.push(`${svc?.runningInstances}/${svc?.totalInstances}`);
        options.onProgress?.(status, svc, elapsed, attempt);
      },
    });
    expect(seen).toEqual(['NORMAL', 'NORMAL']);
    expect(counts).toEqual(['0/1', '1/1']);
    expect(service).toMatchObject({ serviceId, totalInstances: 1, runningInstances: 1 });
    expect((await becClient.getVirtualMachine(vmId)).status).toBe('RUNNING');
    expect(emu.clock.now()).toBe(startMs + STEP_MS);
  });

  it('2. UpdateVmService renames; GetVmServiceDetail and GetVmServiceList show it', async () => {
    const args: UpdateVmServiceArgs = {
      type: UpdateVmType.SERVICE_NAME,
      vmName: 'seed-vm-1',
      serviceName: 'seed-vm-2',
      deployInstances: [
        { region: Region.SOUTH_CHINA, city: 'GUANGZHOU', replicas: 1, serviceProvider: ServiceProvider.CHINA_UNICOM },
      ],
    };
    const updated = await becClient.updateVmService(serviceId, args);
    expect(updated.details).toMatchObject({ serviceName: 'seed-vm-2', totalInstances: 1 });
    expect(await becClient.getVmServiceDetail(serviceId)).toMatchObject({
      serviceName: 'seed-vm-2',
      totalInstances: 1,
    });
    const list = await becClient.getVmServiceList({ pageNo: 1, pageSize: 100 });
    expect(list.result.map((s) => [s.serviceId, s.serviceName])).toEqual([[serviceId, 'seed-vm-2']]);
  });

  it('3. GetVmInstanceList and GetVirtualMachine find the instance', async () => {
    const list = await becClient.getVmInstanceList({ keywordType: 'instanceId', keyword: vmId });
    expect(list.result.map((i) => [i.vmId, i.status])).toEqual([[vmId, 'RUNNING']]);
    expect(await becClient.getVirtualMachine(vmId)).toMatchObject({
      vmId,
      serviceId,
      regionId: 'cn-hangzhou-cm',
      osImage: { imageId: PUBLIC_IMAGE },
    });
  });

  it('4. OperateVmDeployment stop, then start: STOPPING → STOPPED, STARTING → RUNNING', async () => {
    await becClient.operateVmDeployment(vmId, VmInstanceBatchOperateAction.STOP);
    expect((await becClient.getVirtualMachine(vmId)).status).toBe('STOPPING');
    const stopping: Array<string | undefined> = [];
    const stopped = await becClient.waitUntilVmInstanceStopped(vmId, driven(stopping));
    expect(stopping).toEqual(['STOPPING', 'STOPPED']);
    expect(stopped.status).toBe('STOPPED');
    expect((await becClient.getVmServiceDetail(serviceId)).runningInstances).toBe(0);

    await becClient.operateVmDeployment(vmId, VmInstanceBatchOperateAction.START);
    const starting: Array<string | undefined> = [];
    await becClient.waitUntilVmInstanceRunning(vmId, driven(starting));
    expect(starting).toEqual(['STARTING', 'RUNNING']);
  });

  it('5. ReinstallVmInstance: REINSTALLING, then RUNNING on the other image', async () => {
    const args: ReinstallVmInstanceArg = {
      imageId: OTHER_IMAGE,
      adminPass: '1xxAxxx@',
      imageType: ImageType.BCC,
      keyConfig: { type: 'password', adminPass: '1xxAxxx@' },
    };
    await becClient.reinstallVmInstance(vmId, args);
    const seen: Array<string | undefined> = [];
    const vm = await becClient.waitUntilVmInstanceRunning(vmId, driven(seen));
    expect(seen).toEqual(['REINSTALLING', 'RUNNING']);
    expect(vm.osImage.imageId).toBe(OTHER_IMAGE);
  });

  it("6. UpdateVmInstance (the seed's UpdateVmDeployment) resizes the instance", async () => {
    const args: UpdateVmInstanceArgs = {
      type: UpdateVmType.RESOURCE,
      cpu: 2,
      memory: 4,
      vmName: 'seed-vm-resized',
      systemVolume: { volumeType: DiskType.NVME, name: 'sys' },
    };
    const result = await becClient.updateVmInstance(vmId, args);
    expect(result.details.vmId).toBe(vmId);
    const vm = await becClient.waitUntilVmInstanceRunning(vmId, { maxWaitMs: 1000, minDelayMs: 1 });
    expect(vm).toMatchObject({ cpu: 2, mem: 4 });
  });

  it('7. CreateVmImage: the VM is IMAGING and the image too until the clock moves', async () => {
    imageId = (await becClient.createVmImage({ vmId, name: 'seed-image' })).result;
    expect((await becClient.getVirtualMachine(vmId)).status).toBe('IMAGING');
    const seen: Array<string | undefined> = [];
    const image = await becClient.waitUntilVmImageAvailable(imageId, driven(seen));
    expect(seen).toEqual(['IMAGING', 'SUCCEEDED']);
    expect(image).toMatchObject({ imageId, name: 'seed-image' });
    expect((await becClient.getVirtualMachine(vmId)).status).toBe('RUNNING');
  });

  it('8. CreateBlb (vm): PENDING, then RUNNING; GetBlbDetail', async () => {
    const args: CreateBlbArgs = {
      blbName: 'seed-blb',
      region: Region.EAST_CHINA,
      city: 'HANGZHOU',
      lbType: 'vm',
      serviceProvider: ServiceProvider.CHINA_MOBILE,
    };
    const created = await becClient.createBlb(args);
    blbId = created.details.blbId;
    expect(created.details.status).toBe('PENDING');
    const seen: Array<string | undefined> = [];
    await becClient.waitUntilBlbRunning(blbId, driven(seen));
    expect(seen).toEqual(['PENDING', 'RUNNING']);
    expect(await becClient.getBlbDetail(blbId)).toMatchObject({ blbId, blbName: 'seed-blb', lbType: 'vm' });
  });

  it('9. CreateBlbMonitorPort and CreateBlbBinding: BINDING until the clock moves, then the VM is a healthy backend', async () => {
    const listener: BlbMonitorArgs = {
      lbMode: LbMode.WRR,
      frontendPort: { protocol: Protocol.UDP, port: 80 },
      backendPort: 80,
      healthCheck: {
        healthCheckString: '',
        healthCheckType: 'udp',
        healthyThreshold: 3,
        unhealthyThreshold: 3,
        timeoutInSeconds: 3,
        intervalInSeconds: 3,
      },
    };
    await becClient.createBlbMonitorPort(blbId, listener);
    const bindable = await becClient.getBlbBackendBindingStsList(blbId, {
      keywordType: 'serviceId',
      keyword: serviceId,
    });
    const group = bindable.result[0]!;
    const backend = group.backends.find((b) => b.name === vmId)!;
    await becClient.createBlbBinding(blbId, {
      bindingForms: [{ deploymentId: group.deploymentName, podWeight: [{ name: vmId, ip: backend.ip!, weight: 100 }] }],
    });
    expect((await becClient.getBlbDetail(blbId)).status).toBe('BINDING');
    const seen: Array<string | undefined> = [];
    await becClient.waitUntilBlbRunning(blbId, driven(seen));
    expect(seen).toEqual(['BINDING', 'RUNNING']);
    const bound = await becClient.getBlbBackendPodList(blbId);
    expect(bound.result).toMatchObject([
      { podName: vmId, weight: 100, backendPort: [{ protocol: 'UDP', port: 80, health: true }] },
    ]);

    // DeleteBlbBindPod and DeleteBlbMonitorPort, as the guide shows them.
    await becClient.deleteBlbBindPod(blbId, {
      podWeightList: [{ name: vmId, ip: backend.ip!, weight: 100 }],
      deploymentIds: [group.deploymentName],
    });
    expect((await becClient.getBlbBackendPodList(blbId)).totalCount).toBe(0);
    await becClient.deleteBlbMonitorPort(blbId, [{ protocol: Protocol.UDP, port: 80 }]);
    expect((await becClient.getBlbMonitorPortList(blbId)).totalCount).toBe(0);
  });

  it('10. CreateService (containers): STARTING with PENDING pods until the clock moves; GetService', async () => {
    const args: CreateServiceArgs = {
      serviceName: 'seed-containers',
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
      deployInstances: [
        { region: Region.EAST_CHINA, replicas: 1, city: 'SHANGHAI', serviceProvider: ServiceProvider.CHINA_TELECOM },
      ],
      volumes: { emptyDir: [{ name: 'emptydir01' }] },
      tags: [{ tagKey: 'a', tagValue: '1' }],
    };
    const created = await becClient.createService(args);
    containerServiceId = created.details.serviceId;
    expect(created.details.status).toBe('STARTING');
    expect((await becClient.getPodList({ serviceId: containerServiceId })).result.map((p) => p.status)).toEqual([
      'PENDING',
    ]);
    const seen: Array<string | undefined> = [];
    await becClient.waitUntilServiceRunning(containerServiceId, driven(seen));
    expect(seen).toEqual(['STARTING', 'RUNNING']);
    expect(await becClient.getService(containerServiceId)).toMatchObject({
      serviceName: 'seed-containers',
      status: 'RUNNING',
      totalPods: 1,
      runningPods: 1,
    });
  });

  it('11. client errors and service errors are told apart', async () => {
    // The SDK refuses a call it can see is wrong: nothing is sent.
    const before = emu.journal.length;
    await expect(becClient.getBlbMonitorPortDetails(blbId, { protocol: 'TCP', port: 0 })).rejects.toBeInstanceOf(
      BceValidationError,
    );
    expect(emu.journal.length).toBe(before);
    // The service answers for what only it knows.
    const err = await becClient.getVmServiceDetail('s-nosuch00').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BceServiceError);
    expect(err).toMatchObject({ statusCode: 404, code: 'NoSuchObject' });
  });

  it('12. cleanup: DeleteService, DeleteBlb, DeleteVmImage, DeleteVmService; the account ends empty', async () => {
    await becClient.deleteService(containerServiceId);
    await becClient.waitUntilServiceDeleted(containerServiceId, { maxWaitMs: 1000, minDelayMs: 1 });
    await becClient.deleteBlb(blbId);
    await becClient.waitUntilBlbDeleted(blbId, { maxWaitMs: 1000, minDelayMs: 1 });
    await becClient.deleteVmImage([imageId]);
    await becClient.waitUntilVmImageDeleted(imageId, { maxWaitMs: 1000, minDelayMs: 1 });
    await becClient.deleteVmService(serviceId);
    await becClient.waitUntilVmServiceDeleted(serviceId, { maxWaitMs: 1000, minDelayMs: 1 });
    await expect(becClient.getVirtualMachine(vmId)).rejects.toMatchObject({ statusCode: 404 });

    // Nothing is left, even after every pending transition would have ended.
    emu.clock.advance(10 * STEP_MS);
    const state = emu.state()[emu.credentials.accessKeyId] ?? {};
    const left = Object.fromEntries(
      Object.entries(state).filter(([kind, records]) => !kind.startsWith('_') && records.length > 0),
    );
    expect(left).toEqual({});
  });
});
