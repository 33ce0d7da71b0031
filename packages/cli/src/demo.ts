import {
  BecClient,
  DiskType,
  ImageType,
  LbMode,
  Protocol,
  Region,
  ServiceProvider,
  UpdateVmType,
  type WaiterOptions,
} from 'bec-sdk';

export interface DemoOptions {
  /** Where the narrative goes. */
  out(text: string): void;
  /** Length of every emulated transition (CREATING -> RUNNING, ...). @default 400 */
  transitionMs?: number;
}

/** The edge node of the walkthrough: Hangzhou, China Mobile. */
const HANGZHOU = {
  region: Region.EAST_CHINA,
  city: 'HANGZHOU',
  serviceProvider: ServiceProvider.CHINA_MOBILE,
  regionId: 'cn-hangzhou-cm',
} as const;

/** A password that meets BEC's rule (8-32 characters with letters, digits and one of !@#$%^+*()). */
const ADMIN_PASS = 'Demo2025!edge';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The seed guide's walkthrough, through bec-sdk, against an emulator started on a free port:
 * VM service -> instances -> image, container service, load balancer with listener and binding,
 * then everything is deleted again. Throws the first error (a BceError) after cleaning up.
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  const out = options.out;
  const transitionMs = options.transitionMs ?? 400;
  const started = performance.now();
  const { startEmulator } = await import('bec-emulator');
  const emulator = await startEmulator({
    lifecycle: { mode: 'timed', durationMs: transitionMs },
    log: () => {},
  });
  const bec = new BecClient({ endpoint: emulator.endpoint, credentials: emulator.credentials });
  let n = 0;

  /** Runs one call, printing `NN. title  detail  (time)`. */
  async function step<T>(title: string, call: () => Promise<T>, detail: (result: T) => string): Promise<T> {
    n += 1;
    const t0 = performance.now();
    const label = `${String(n).padStart(2)}. ${title}`;
    try {
      const result = await call();
      out(`${label.padEnd(44)} ${detail(result)}  (${Math.round(performance.now() - t0)} ms)\n`);
      return result;
    } catch (err) {
      out(`${label.padEnd(44)} FAILED\n`);
      throw err;
    }
  }

  /**
   * Runs a waiter, printing each change of what it sees on one line:
   * `waiting for ...: CREATING -> RUNNING (0.4 s)`. `describe` turns a poll into that text.
   */
  async function waitFor<T>(
    what: string,
    run: (options: WaiterOptions<unknown>) => Promise<T>,
    describe: (status: string | undefined, resource: unknown) => string = (status) => status ?? 'gone',
  ): Promise<T> {
    let last: string | undefined;
    let elapsed = 0;
    out(`    waiting for ${what}:`);
    try {
      const result = await run({
        minDelayMs: Math.max(50, Math.floor(transitionMs / 4)),
        maxDelayMs: Math.max(100, Math.floor(transitionMs / 2)),
        maxWaitMs: Math.max(30_000, transitionMs * 20),
        onProgress: (status, resource, elapsedMs) => {
          elapsed = elapsedMs;
          const shown = describe(status, resource);
          if (shown !== last) out(`${last === undefined ? '' : ' ->'} ${shown}`);
          last = shown;
        },
      });
      out(` (${seconds(elapsed)})\n`);
      return result;
    } catch (err) {
      out(' FAILED\n');
      throw err;
    }
  }

  /** VM services stay NORMAL while their instances start: show the instance count too. */
  const instancesRunning = (status: string | undefined, resource: unknown): string => {
    const r = resource as { runningInstances?: number; totalInstances?: number } | undefined;
    return r ? `${status} ${r.runningInstances}/${r.totalInstances} running` : (status ?? 'gone');
  };

  out('BEC walkthrough: bec-sdk against a local emulator\n');
  out(`    emulator at ${emulator.endpoint}, transitions take ${transitionMs} ms\n\n`);

  try {
    // A public OS image to boot from.
    const images = await step(
      'listVmImage (public images)',
      () => bec.listVmImage({ type: 'becCommon', pageNo: 1, pageSize: 100 }),
      (r) => `${r.totalCount} image(s)`,
    );
    const os = images.result.find((i) => i.osName === 'Ubuntu') ?? images.result[0];
    if (!os) throw new Error('the emulator offers no public image');
    out(`    using ${os.imageId} (${os.name})\n`);

    // VM service: create, wait, list, read, update.
    const created = await step(
      'createVmService',
      () =>
        bec.createVmService({
          serviceName: 'demo-web',
          vmName: 'demo-vm',
          imageId: os.imageId,
          imageType: ImageType.BCC,
          cpu: 1,
          memory: 2,
          systemVolume: { volumeType: DiskType.NVME, sizeInGB: 40 },
          deployInstances: [{ ...HANGZHOU, replicas: 1 }],
          keyConfig: { type: 'password', adminPass: ADMIN_PASS },
        }),
      (r) => `${r.details.serviceId} in Hangzhou (cn-hangzhou-cm, CHINA_MOBILE), NVME system disk`,
    );
    const serviceId = created.details.serviceId;
    await waitFor('the VM service to run', (o) => bec.waitUntilVmServiceRunning(serviceId, o), instancesRunning);

    await step(
      'getVmServiceList',
      () => bec.getVmServiceList({ pageNo: 1, pageSize: 100 }),
      (r) => `${r.totalCount} service(s): ${r.result.map((s) => `${s.serviceId} ${s.status}`).join(', ')}`,
    );
    await step(
      'getVmServiceDetail',
      () => bec.getVmServiceDetail(serviceId),
      (r) => `${r.serviceName} ${r.status}, ${r.runningInstances}/${r.totalInstances} instance(s) running`,
    );
    await step(
      'updateVmService (rename)',
      () => bec.updateVmService(serviceId, { type: UpdateVmType.SERVICE_NAME, serviceName: 'demo-web-2' }),
      () => 'serviceName -> demo-web-2',
    );

    // One instance: list, stop, start, reinstall, read.
    const instances = await step(
      'getVmInstanceList',
      () => bec.getVmInstanceList({ keywordType: 'serviceId', keyword: serviceId }),
      (r) => r.result.map((vm) => `${vm.vmId} ${vm.status} ${vm.internalIp}`).join(', '),
    );
    const vmId = instances.result[0]!.vmId;
    await step(
      'operateVmDeployment stop',
      () => bec.operateVmDeployment(vmId, 'stop'),
      () => vmId,
    );
    await waitFor('the instance to stop', (o) => bec.waitUntilVmInstanceStopped(vmId, o));
    await step(
      'operateVmDeployment start',
      () => bec.operateVmDeployment(vmId, 'start'),
      () => vmId,
    );
    await waitFor('the instance to run', (o) => bec.waitUntilVmInstanceRunning(vmId, o));
    await step(
      'reinstallVmInstance',
      () =>
        bec.reinstallVmInstance(vmId, {
          imageId: os.imageId,
          imageType: ImageType.BCC,
          keyConfig: { type: 'password', adminPass: ADMIN_PASS },
        }),
      () => `${vmId} (same image, new password)`,
    );
    await waitFor('the reinstall', (o) => bec.waitUntilVmInstanceRunning(vmId, o));
    await step(
      'getVirtualMachine',
      () => bec.getVirtualMachine(vmId),
      (vm) => `${vm.vmName} ${vm.status}, ${vm.cpu} CPU / ${vm.mem} GB, ${vm.regionId}`,
    );

    // A custom image of the instance.
    const image = await step(
      'createVmImage',
      () => bec.createVmImage({ vmId, name: 'demo-image' }),
      (r) => `${r.result} from ${vmId}`,
    );
    const imageId = image.result;
    await waitFor('the image', (o) => bec.waitUntilVmImageAvailable(imageId, o));

    // A container service: create, read, delete.
    const container = await step(
      'createService (container)',
      () =>
        bec.createService({
          serviceName: 'demo-nginx',
          paymentMethod: 'postpay',
          containerGroupName: 'cg1',
          containers: [
            { name: 'nginx', cpu: 1, memory: 2, imageAddress: 'hub.baidubce.com/public/nginx', imageVersion: '1.25' },
          ],
          deployInstances: [
            {
              region: Region.EAST_CHINA,
              city: 'SHANGHAI',
              serviceProvider: ServiceProvider.CHINA_TELECOM,
              replicas: 1,
            },
          ],
        }),
      (r) => `${r.details.serviceId} in Shanghai (CHINA_TELECOM)`,
    );
    const containerId = container.details.serviceId;
    await waitFor('the container service to run', (o) => bec.waitUntilServiceRunning(containerId, o));
    await step(
      'getService',
      () => bec.getService(containerId),
      (r) => `${r.serviceName} ${r.status}, ${r.runningPods}/${r.totalPods} pod(s) running`,
    );
    await step(
      'deleteService',
      () => bec.deleteService(containerId),
      () => containerId,
    );

    // A load balancer in front of the VM: listener, backend binding.
    const blb = await step(
      'createBlb',
      () =>
        bec.createBlb({
          blbName: 'demo-lb',
          lbType: 'vm',
          region: HANGZHOU.region,
          city: HANGZHOU.city,
          serviceProvider: HANGZHOU.serviceProvider,
          paymentMethod: 'postpay',
          needPublicIp: true,
          bandwidthInMbpsLimit: 100,
        }),
      (r) => `${r.details.blbId} (vm, Hangzhou)`,
    );
    const blbId = blb.details.blbId;
    await waitFor('the load balancer', (o) => bec.waitUntilBlbRunning(blbId, o));
    await step(
      'createBlbMonitorPort',
      () =>
        bec.createBlbMonitorPort(blbId, {
          lbMode: LbMode.WRR,
          frontendPort: { protocol: Protocol.TCP, port: 80 },
          backendPort: 8080,
          healthCheck: {
            healthCheckType: 'tcp',
            timeoutInSeconds: 3,
            intervalInSeconds: 5,
            healthyThreshold: 2,
            unhealthyThreshold: 3,
          },
        }),
      () => 'TCP 80 -> 8080, wrr',
    );
    const bindable = await step(
      'getBlbBackendBindingStsList',
      () => bec.getBlbBackendBindingStsList(blbId, { pageNo: 1, pageSize: 100 }),
      (r) => `${r.result.length} bindable deployment(s)`,
    );
    const deployment = bindable.result.find((d) => d.serviceId === serviceId) ?? bindable.result[0];
    if (!deployment) throw new Error(`no deployment of ${serviceId} can be bound to ${blbId}`);
    const backends = deployment.backends.map((b) => ({ ...b, weight: 100 }));
    await step(
      'createBlbBinding',
      () =>
        bec.createBlbBinding(blbId, {
          bindingForms: [{ deploymentId: deployment.deploymentName, podWeight: backends }],
        }),
      () => `${deployment.deploymentName}: ${backends.map((b) => `${b.name} ${b.ip}`).join(', ')}`,
    );
    await waitFor('the binding', (o) => bec.waitUntilBlbRunning(blbId, o));
    await step(
      'getBlbDetail',
      () => bec.getBlbDetail(blbId),
      (r) =>
        `${r.blbName} ${r.status}, ${r.podCount} backend(s), ports ${r.ports.map((p) => `${p.protocol}:${p.port}`).join(',')}`,
    );
    await step(
      'deleteBlbBindPod',
      () => bec.deleteBlbBindPod(blbId, { deploymentIds: [deployment.deploymentName], podWeightList: backends }),
      () => `unbound ${backends.length} backend(s)`,
    );
    await step(
      'deleteBlbMonitorPort',
      () => bec.deleteBlbMonitorPort(blbId, [{ protocol: Protocol.TCP, port: 80 }]),
      () => 'TCP 80',
    );
    await step(
      'deleteBlb',
      () => bec.deleteBlb(blbId),
      () => blbId,
    );
    await waitFor('the load balancer to go', (o) => bec.waitUntilBlbDeleted(blbId, o));

    // Clean up: image, then the VM service.
    await step(
      'deleteVmImage',
      () => bec.deleteVmImage([imageId]),
      () => imageId,
    );
    await step(
      'deleteVmService',
      () => bec.deleteVmService(serviceId),
      () => serviceId,
    );
    await waitFor('the VM service to go', (o) => bec.waitUntilVmServiceDeleted(serviceId, o));

    out(`\nDone: ${n} steps in ${seconds(performance.now() - started)}.\n`);
  } finally {
    bec.close();
    await emulator.close();
  }
}
