/**
 * Planning VM deployments before anything is created: the template new instances are made of,
 * and where they go (image, size, nodes, networks, deploy sets and their quota); VM metric types.
 */
import type { CreateVmServiceArgs, DeploymentInstance } from 'bec-sdk';
import { checkDeploySetQuota, checkDeploySets } from '../../core/deploy-sets.js';
import type { HandlerContext } from '../../core/handler.js';
import { resolveImage } from '../../core/images.js';
import { type Placement, resolvePlacement } from '../../core/placement.js';
import { badRequest, notFound } from '../../errors.js';
import { parseSpec, type VmTemplate } from './records.js';
import { checkStorage, DEFAULT_BANDWIDTH, dataVolumesOf, loginOf, systemVolumeOf } from './updates.js';

/** Metric types documented for VM monitoring (nkbrpr2ap), plus the SDK's traffic counters. */
export const VM_METRICS = [
  'CPU',
  'MEMORY',
  'BANDWIDTH_RECEIVE',
  'BANDWIDTH_TRANSMIT',
  'TRAFFIC_RECEIVE',
  'TRAFFIC_TRANSMIT',
];

export function checkVmMetricsType(metricsType: string | undefined): void {
  if (metricsType && !VM_METRICS.includes(metricsType.toUpperCase())) {
    throw badRequest(`Invalid metricsType: VM monitoring offers ${VM_METRICS.join(', ')}.`);
  }
}

/** New instances' settings: the request over `base` (the service's current template). */
export function buildTemplate(input: CreateVmServiceArgs, base?: VmTemplate): VmTemplate {
  let cpu = input.cpu ?? base?.cpu ?? 0;
  let memory = input.memory ?? base?.memory ?? 0;
  const spec = input.spec ?? base?.spec ?? '';
  if (input.spec) {
    const parsed = parseSpec(input.spec);
    if (parsed) ({ cpu, memory } = parsed);
    else if (input.cpu === undefined || input.memory === undefined) {
      throw badRequest(`Invalid spec: "${input.spec}" does not name a CPU and memory size (e.g. bec.g4.c2m8).`);
    }
  }
  const needPublicIp = input.needPublicIp ?? base?.needPublicIp ?? false;
  const login = loginOf(input);
  const systemVolume = systemVolumeOf(input.systemVolume, base?.systemVolume);
  const dataVolumeList = input.dataVolumeList ? dataVolumesOf(input.dataVolumeList) : (base?.dataVolumeList ?? []);
  checkStorage(systemVolume, dataVolumeList);
  const bandwidth = input.bandwidth ?? base?.bandwidth ?? DEFAULT_BANDWIDTH;
  return {
    imageId: input.imageId ?? base?.imageId ?? '',
    imageType: input.imageType ?? base?.imageType ?? 'bcc',
    spec,
    cpu,
    memory,
    gpu: input.gpu?.num ?? base?.gpu ?? 0,
    gpuType: input.gpu?.type ?? base?.gpuType ?? '',
    needPublicIp,
    needIpv6PublicIp: input.needIpv6PublicIp ?? base?.needIpv6PublicIp ?? false,
    bandwidth,
    systemVolume,
    dataVolumeList,
    securityGroupIds: input.securityGroupIds ? [...new Set(input.securityGroupIds)] : (base?.securityGroupIds ?? []),
    deploysetIdList: input.deploysetIdList ? [...new Set(input.deploysetIdList)] : (base?.deploysetIdList ?? []),
    vmName: input.vmName ?? base?.vmName ?? '',
    hostname: input.hostname ?? base?.hostname ?? '',
    dns: input.dnsConfig?.dnsAddress ?? base?.dns ?? '',
    userData: input.userData ?? base?.userData ?? '',
    tags: input.tags ? input.tags.map((t) => ({ ...t })) : (base?.tags ?? []),
    loginType: login?.loginType ?? base?.loginType ?? '',
    keyPairIds: login?.keyPairIds ?? base?.keyPairIds ?? [],
  };
}

export interface PlannedDeployment {
  placement: Placement;
  replicas: number;
}

/**
 * Checks that instances can be made from `template` at every entry (image, size, nodes,
 * networks, deploy sets and their quota), before anything is created.
 */
export function planDeployments(
  ctx: HandlerContext,
  input: CreateVmServiceArgs,
  template: VmTemplate,
  entries: readonly DeploymentInstance[],
): PlannedDeployment[] {
  if (input.templateId) throw notFound('launch template', input.templateId);
  if (!template.imageId) throw badRequest('Invalid imageId: required when instances are created.');
  if (template.cpu < 1 || template.memory < 1) {
    throw badRequest('Invalid cpu: cpu and memory (or a spec) are required when instances are created.');
  }
  resolveImage(ctx, template.imageId, template.imageType);
  checkDeploySets(ctx, template.deploysetIdList);
  const planned = entries.map((entry) => {
    const replicas = entry.replicas ?? 0;
    if (!Number.isInteger(replicas) || replicas < 1) {
      throw badRequest('Invalid deployInstances.replicas: must be at least 1.');
    }
    const placement = resolvePlacement(ctx, entry);
    if (template.gpu > 0 && !placement.node.capability.includes('gpu')) {
      throw badRequest(`Invalid gpu: the edge node ${placement.node.regionId} has no GPUs.`);
    }
    return { placement, replicas };
  });
  const perNode = new Map<string, number>();
  for (const p of planned)
    perNode.set(p.placement.node.regionId, (perNode.get(p.placement.node.regionId) ?? 0) + p.replicas);
  for (const [regionId, count] of perNode) checkDeploySetQuota(ctx, template.deploysetIdList, regionId, count);
  return planned;
}
