import type { RunningEmulator } from 'bec-emulator';
import { BceServiceError, BecClient, type CreateVmServiceArgs, type DeploymentInstance } from 'bec-sdk';
import { expect } from 'vitest';

/** Awaits a call that must fail with a BCE service error of this status and code. */
export async function serviceError(
  promise: Promise<unknown>,
  statusCode: number,
  code: string,
): Promise<BceServiceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BceServiceError);
  const e = err as BceServiceError;
  expect({ statusCode: e.statusCode, code: e.code }).toEqual({ statusCode, code });
  return e;
}

export function clientFor(emu: RunningEmulator): BecClient {
  return new BecClient({ endpoint: emu.endpoint, credentials: emu.credentials, maxRetries: 0 });
}

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
