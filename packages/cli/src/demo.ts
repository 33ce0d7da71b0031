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

/** The walkthrough's narrative: numbered steps and the waits between them. */
class Walkthrough {
  steps = 0;

  constructor(
    readonly bec: BecClient,
    private readonly out: (text: string) => void,
    private readonly transitionMs: number,
  ) {}

  /** Runs one call, printing `NN. title  detail  (time)`. */
  async step<T>(title: string, call: () => Promise<T>, detail: (result: T) => string): Promise<T> {
    this.steps += 1;
    const t0 = performance.now();
    const label = `${String(this.steps).padStart(2)}. ${title}`;
    try {
      const result = await call();
      this.out(`${label.padEnd(44)} ${detail(result)}  (${Math.round(performance.now() - t0)} ms)\n`);
      return result;
    } catch (err) {
      this.out(`${label.padEnd(44)} FAILED\n`);
      throw err;
    }
  }

  /**
   * Runs a waiter, printing each change of what it sees on one line:
   * `waiting for ...: CREATING -> RUNNING (0.4 s)`. `describe` turns a poll into that text.
   */
  async waitFor<T>(
    what: string,
    run: (options: WaiterOptions<unknown>) => Promise<T>,
    describe: (status: string | undefined, resource: unknown) => string = (status) => status ?? 'gone',
  ): Promise<T> {
    const { out, transitionMs } = this;
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

  say(text: string): void {
    this.out(text);
  }
}

/** VM services stay NORMAL while their instances start: show the instance count too. */
function instancesRunning(status: string | undefined, resource: unknown): string {
  const r = resource as { runningInstances?: number; totalInstances?: number } | undefined;
  return r ? `${status} ${r.runningInstances}/${r.totalInstances} running` : (status ?? 'gone');
}

/** A public OS image, then a VM service: create, wait, list, read, update. */
async function vmService(w: Walkthrough): Promise<{ serviceId: string; imageId: string }> {
  const out = (text: string): void => w.say(text);
  // A public OS image to boot from.
  const images = await w.step(
    'listVmImage (public images)',
    () => w.bec.listVmImage({ type: 'becCommon', pageNo: 1, pageSize: 100 }),
    (r) => `${r.totalCount} image(s)`,
  );
  const os = images.result.find((i) => i.osName === 'Ubuntu') ?? images.result[0];
  if (!os) throw new Error('the emulator offers no public image');
  out(`    using ${os.imageId} (${os.name})\n`);

  // VM service: create, wait, list, read, update.
  const created = await w.step(
    'createVmService',
    () =>
      w.bec.createVmService({
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
  await w.waitFor('the VM service to run', (o) => w.bec.waitUntilVmServiceRunning(serviceId, o), instancesRunning);

  await w.step(
    'getVmServiceList',
    () => w.bec.getVmServiceList({ pageNo: 1, pageSize: 100 }),
    (r) => `${r.totalCount} service(s): ${r.result.map((s) => `${s.serviceId} ${s.status}`).join(', ')}`,
  );
  await w.step(
    'getVmServiceDetail',
    () => w.bec.getVmServiceDetail(serviceId),
    (r) => `${r.serviceName} ${r.status}, ${r.runningInstances}/${r.totalInstances} instance(s) running`,
  );
  await w.step(
    'updateVmService (rename)',
    () => w.bec.updateVmService(serviceId, { type: UpdateVmType.SERVICE_NAME, serviceName: 'demo-web-2' }),
    () => 'serviceName -> demo-web-2',
  );

  return { serviceId, imageId: os.imageId };
}

/** One instance of the service: list, stop, start, reinstall, read; then a custom image of it. */
async function vmInstance(
  w: Walkthrough,
  serviceId: string,
  osImageId: string,
): Promise<{ vmId: string; imageId: string }> {
  // One instance: list, stop, start, reinstall, read.
  const instances = await w.step(
    'getVmInstanceList',
    () => w.bec.getVmInstanceList({ keywordType: 'serviceId', keyword: serviceId }),
    (r) => r.result.map((vm) => `${vm.vmId} ${vm.status} ${vm.internalIp}`).join(', '),
  );
  const vmId = instances.result[0]!.vmId;
  await w.step(
    'operateVmDeployment stop',
    () => w.bec.operateVmDeployment(vmId, 'stop'),
    () => vmId,
  );
  await w.waitFor('the instance to stop', (o) => w.bec.waitUntilVmInstanceStopped(vmId, o));
  await w.step(
    'operateVmDeployment start',
    () => w.bec.operateVmDeployment(vmId, 'start'),
    () => vmId,
  );
  await w.waitFor('the instance to run', (o) => w.bec.waitUntilVmInstanceRunning(vmId, o));
  await w.step(
    'reinstallVmInstance',
    () =>
      w.bec.reinstallVmInstance(vmId, {
        imageId: osImageId,
        imageType: ImageType.BCC,
        keyConfig: { type: 'password', adminPass: ADMIN_PASS },
      }),
    () => `${vmId} (same image, new password)`,
  );
  await w.waitFor('the reinstall', (o) => w.bec.waitUntilVmInstanceRunning(vmId, o));
  await w.step(
    'getVirtualMachine',
    () => w.bec.getVirtualMachine(vmId),
    (vm) => `${vm.vmName} ${vm.status}, ${vm.cpu} CPU / ${vm.mem} GB, ${vm.regionId}`,
  );

  // A custom image of the instance.
  const image = await w.step(
    'createVmImage',
    () => w.bec.createVmImage({ vmId, name: 'demo-image' }),
    (r) => `${r.result} from ${vmId}`,
  );
  const imageId = image.result;
  await w.waitFor('the image', (o) => w.bec.waitUntilVmImageAvailable(imageId, o));

  return { vmId, imageId };
}

/** A container service: create, wait, read, delete. */
async function containerService(w: Walkthrough): Promise<void> {
  // A container service: create, read, delete.
  const container = await w.step(
    'createService (container)',
    () =>
      w.bec.createService({
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
  await w.waitFor('the container service to run', (o) => w.bec.waitUntilServiceRunning(containerId, o));
  await w.step(
    'getService',
    () => w.bec.getService(containerId),
    (r) => `${r.serviceName} ${r.status}, ${r.runningPods}/${r.totalPods} pod(s) running`,
  );
  await w.step(
    'deleteService',
    () => w.bec.deleteService(containerId),
    () => containerId,
  );
}

/** A load balancer in front of the VM: listener, backend binding, then all of it removed again. */
async function loadBalancer(w: Walkthrough, serviceId: string): Promise<void> {
  // A load balancer in front of the VM: listener, backend binding.
  const blb = await w.step(
    'createBlb',
    () =>
      w.bec.createBlb({
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
  await w.waitFor('the load balancer', (o) => w.bec.waitUntilBlbRunning(blbId, o));
  await w.step(
    'createBlbMonitorPort',
    () =>
      w.bec.createBlbMonitorPort(blbId, {
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
  const bindable = await w.step(
    'getBlbBackendBindingStsList',
    () => w.bec.getBlbBackendBindingStsList(blbId, { pageNo: 1, pageSize: 100 }),
    (r) => `${r.result.length} bindable deployment(s)`,
  );
  const deployment = bindable.result.find((d) => d.serviceId === serviceId) ?? bindable.result[0];
  if (!deployment) throw new Error(`no deployment of ${serviceId} can be bound to ${blbId}`);
  const backends = deployment.backends.map((b) => ({ ...b, weight: 100 }));
  await w.step(
    'createBlbBinding',
    () =>
      w.bec.createBlbBinding(blbId, {
        bindingForms: [{ deploymentId: deployment.deploymentName, podWeight: backends }],
      }),
    () => `${deployment.deploymentName}: ${backends.map((b) => `${b.name} ${b.ip}`).join(', ')}`,
  );
  await w.waitFor('the binding', (o) => w.bec.waitUntilBlbRunning(blbId, o));
  await w.step(
    'getBlbDetail',
    () => w.bec.getBlbDetail(blbId),
    (r) =>
      `${r.blbName} ${r.status}, ${r.podCount} backend(s), ports ${r.ports.map((p) => `${p.protocol}:${p.port}`).join(',')}`,
  );
  await w.step(
    'deleteBlbBindPod',
    () => w.bec.deleteBlbBindPod(blbId, { deploymentIds: [deployment.deploymentName], podWeightList: backends }),
    () => `unbound ${backends.length} backend(s)`,
  );
  await w.step(
    'deleteBlbMonitorPort',
    () => w.bec.deleteBlbMonitorPort(blbId, [{ protocol: Protocol.TCP, port: 80 }]),
    () => 'TCP 80',
  );
  await w.step(
    'deleteBlb',
    () => w.bec.deleteBlb(blbId),
    () => blbId,
  );
  await w.waitFor('the load balancer to go', (o) => w.bec.waitUntilBlbDeleted(blbId, o));
}

/** Clean up: the image, then the VM service. */
async function cleanUp(w: Walkthrough, serviceId: string, imageId: string): Promise<void> {
  // Clean up: image, then the VM service.
  await w.step(
    'deleteVmImage',
    () => w.bec.deleteVmImage([imageId]),
    () => imageId,
  );
  await w.step(
    'deleteVmService',
    () => w.bec.deleteVmService(serviceId),
    () => serviceId,
  );
  await w.waitFor('the VM service to go', (o) => w.bec.waitUntilVmServiceDeleted(serviceId, o));
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
  const w = new Walkthrough(bec, out, transitionMs);
  out('BEC walkthrough: bec-sdk against a local emulator\n');
  out(`    emulator at ${emulator.endpoint}, transitions take ${transitionMs} ms\n\n`);
  try {
    const { serviceId, imageId: osImageId } = await vmService(w);
    const { imageId } = await vmInstance(w, serviceId, osImageId);
    await containerService(w);
    await loadBalancer(w, serviceId);
    await cleanUp(w, serviceId, imageId);
    out(`\nDone: ${w.steps} steps in ${seconds(performance.now() - started)}.\n`);
  } finally {
    bec.close();
    await emulator.close();
  }
}
