import type { BecClient, CreateVmServiceArgs, DeploymentInstance } from 'bec-sdk';

export { clientFor, serviceError } from './support/calls.js';

/** A public image of the emulator's catalogue. */
export const CENTOS = 'm-CentOS79';
export const UBUNTU = 'm-Ubun2204';

export const HANGZHOU: DeploymentInstance = {
  region: 'EAST_CHINA',
  city: 'HANGZHOU',
  serviceProvider: 'CHINA_MOBILE',
  replicas: 1,
};

/** Fields to change in {@link vmArgs}; `undefined` removes a default. */
export type VmArgsOverrides = { [K in keyof CreateVmServiceArgs]?: CreateVmServiceArgs[K] | undefined };

/** A VM service request with sensible defaults. */
export function vmArgs(overrides: VmArgsOverrides = {}): CreateVmServiceArgs {
  const args: Record<string, unknown> = {
    serviceName: 'web',
    imageId: CENTOS,
    cpu: 2,
    memory: 4,
    needPublicIp: true,
    bandwidth: 50,
    adminPass: 'Passw0rd!',
    deployInstances: [HANGZHOU],
    ...overrides,
  };
  for (const [k, v] of Object.entries(args)) if (v === undefined) delete args[k];
  return args as CreateVmServiceArgs;
}

/** Creates a service and returns its ID and its instances' IDs. */
export async function newService(
  client: BecClient,
  overrides: VmArgsOverrides = {},
): Promise<{ serviceId: string; vmIds: string[] }> {
  const res = await client.createVmService(vmArgs(overrides));
  return { serviceId: res.details.serviceId, vmIds: res.details.instances.map((i) => i.vmId) };
}
