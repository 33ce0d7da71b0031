/**
 * What the examples need before their own call: a running VM service, an instance, a load
 * balancer, ... Each helper creates a small resource and waits for it, so every example runs on
 * its own against a fresh emulator (`npx bec emulator`, or `npm start` for the whole walkthrough).
 * Against real BEC these resources are billed: point the examples at a test account.
 */
import {
  type BecClient,
  DiskType,
  ImageType,
  LbMode,
  Protocol,
  Region,
  ServiceProvider,
  type WaiterOptions,
} from 'bec-sdk';

/** A public image of the emulator; set BEC_IMAGE_ID to an image of your account for real BEC. */
export const IMAGE_ID = process.env.BEC_IMAGE_ID ?? 'm-Ubun2204';
/** 8-32 characters with letters, digits and one of !@#$%^+*(). */
export const ADMIN_PASS = 'x123Example@';

/** Polls quickly against the emulator (BEC_POLL_MS), at the SDK's defaults otherwise. */
export function waitOptions(): WaiterOptions<unknown> {
  const poll = Number(process.env.BEC_POLL_MS);
  return Number.isFinite(poll) && poll > 0 ? { minDelayMs: poll, maxDelayMs: poll * 4 } : {};
}

/** A running VM service with one instance in Hangzhou (China Mobile). */
export async function createRunningVmService(bec: BecClient, serviceName = 'example-vm'): Promise<string> {
  const { details } = await bec.createVmService({
    serviceName,
    imageId: IMAGE_ID,
    imageType: ImageType.BCC,
    cpu: 1,
    memory: 2,
    systemVolume: { volumeType: DiskType.NVME },
    deployInstances: [
      { region: Region.EAST_CHINA, city: 'HANGZHOU', serviceProvider: ServiceProvider.CHINA_MOBILE, replicas: 1 },
    ],
    keyConfig: { type: 'password', adminPass: ADMIN_PASS },
  });
  await bec.waitUntilVmServiceRunning(details.serviceId, waitOptions());
  return details.serviceId;
}

/** The first instance of a new running VM service. */
export async function createRunningVm(bec: BecClient): Promise<{ serviceId: string; vmId: string }> {
  const serviceId = await createRunningVmService(bec);
  const { result } = await bec.getVmInstanceList({ keywordType: 'serviceId', keyword: serviceId });
  const vmId = result[0]?.vmId;
  if (!vmId) throw new Error(`VM service ${serviceId} has no instance`);
  return { serviceId, vmId };
}

/** A running container service in Shanghai (China Telecom). */
export async function createRunningContainerService(bec: BecClient): Promise<string> {
  const { details } = await bec.createService({
    serviceName: 'example-containers',
    paymentMethod: 'postpay',
    containerGroupName: 'cg1',
    containers: [
      { name: 'web', cpu: 1, memory: 2, imageAddress: 'hub.baidubce.com/public/nginx', imageVersion: '1.25' },
    ],
    deployInstances: [
      { region: Region.EAST_CHINA, city: 'SHANGHAI', serviceProvider: ServiceProvider.CHINA_TELECOM, replicas: 1 },
    ],
  });
  await bec.waitUntilServiceRunning(details.serviceId, waitOptions());
  return details.serviceId;
}

/** A running VM load balancer in Hangzhou (China Mobile). */
export async function createRunningBlb(bec: BecClient): Promise<string> {
  const { details } = await bec.createBlb({
    blbName: 'example-lb',
    lbType: 'vm',
    region: Region.EAST_CHINA,
    city: 'HANGZHOU',
    serviceProvider: ServiceProvider.CHINA_MOBILE,
  });
  await bec.waitUntilBlbRunning(details.blbId, waitOptions());
  return details.blbId;
}

/** A UDP 80 listener on the load balancer. */
export async function createUdpListener(bec: BecClient, blbId: string): Promise<void> {
  await bec.createBlbMonitorPort(blbId, {
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
  });
}

/** A deployment of the VM service that can be bound to the load balancer, with its backends. */
export async function bindableDeployment(
  bec: BecClient,
  blbId: string,
  serviceId: string,
): Promise<{ deploymentId: string; backends: Array<{ name: string; ip: string }> }> {
  const { result } = await bec.getBlbBackendBindingStsList(blbId, {});
  const deployment = result.find((d) => d.serviceId === serviceId);
  if (!deployment) throw new Error(`no deployment of ${serviceId} can be bound to ${blbId}`);
  return {
    deploymentId: deployment.deploymentName,
    backends: deployment.backends.map((b) => ({ name: b.name ?? '', ip: b.ip ?? '' })),
  };
}

/** A finished custom image of a new VM. */
export async function createVmImage(bec: BecClient, name: string): Promise<string> {
  const { vmId } = await createRunningVm(bec);
  const { result: imageId } = await bec.createVmImage({ vmId, name });
  await bec.waitUntilVmImageAvailable(imageId, waitOptions());
  return imageId;
}
