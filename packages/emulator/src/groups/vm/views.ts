/**
 * VM responses, always built from the records explicitly, never by spreading a record.
 */
import type {
  DeploymentInstance,
  DeploySetVo,
  NetworkConfig,
  Region,
  SecurityGroup,
  ServiceProvider,
  VmInstanceBriefVo,
  VmInstanceDetailsVo,
  VmInstanceIdVo,
  VmServiceBriefVo,
  Vpc,
} from 'bec-sdk';
import { privateCidr } from '../../core/addresses.js';
import { deploySetName } from '../../core/deploy-sets.js';
import type { HandlerContext } from '../../core/handler.js';
import { resolveImage } from '../../core/images.js';
import { netmask, numberToIp, parseCidr } from '../../core/ipv4.js';
import { EmulatorError } from '../../errors.js';
import type { StoredRecord, Transaction } from '../../store.js';
import { instancesOf, type VmInstanceRecord, type VmServiceRecord } from './records.js';

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

export function instanceIdVo(i: VmInstanceRecord): VmInstanceIdVo {
  return {
    vmId: i.vmId,
    vmName: i.vmName,
    region: i.region,
    regionId: i.regionId,
    city: i.city,
    serviceProvider: i.serviceProvider,
  };
}

function vpcVo(state: Transaction, i: VmInstanceRecord): Vpc {
  const vpc = i.vpcId ? state.get('vpc', i.vpcId) : undefined;
  const subnet = i.subnetId ? state.get('subnet', i.subnetId) : undefined;
  const str = (r: StoredRecord | undefined, key: string) => (r && typeof r[key] === 'string' ? (r[key] as string) : '');
  return {
    vpcId: i.vpcId,
    name: str(vpc, 'name'),
    cidr: str(vpc, 'cidr'),
    description: str(vpc, 'description'),
    subnet: {
      subnetId: i.subnetId,
      name: str(subnet, 'name'),
      cidr: str(subnet, 'cidr'),
      description: str(subnet, 'description'),
    },
  };
}

function deploySetVos(state: Transaction, ids: readonly string[]): DeploySetVo[] {
  return ids.map((id) => ({ deploysetId: id, name: deploySetName(state, id) }));
}

function securityGroupVos(ids: readonly string[]): SecurityGroup[] {
  return ids.map((id) => ({ id, name: '', desc: '' }));
}

export function instanceBrief(state: Transaction, i: VmInstanceRecord): VmInstanceBriefVo {
  const brief: VmInstanceBriefVo = {
    publicIp: i.publicIp,
    ipv6PublicIp: i.ipv6PublicIp,
    internalIp: i.internalIp,
    multiplePublicIp: i.multiplePublicIp.map((x) => ({ ...x })),
    serviceProvider: i.serviceProvider as ServiceProvider,
    vmId: i.vmId,
    uuid: i.uuid,
    vmName: i.vmName,
    status: i.status,
    spec: i.spec,
    cpu: i.cpu,
    mem: i.mem,
    gpu: i.gpu,
    region: i.region as Region,
    city: i.city,
    regionId: i.regionId,
    needPublicIp: i.needPublicIp,
    needIpv6PublicIp: i.needIpv6PublicIp,
    bandwidth: i.needPublicIp ? String(i.bandwidth) : '',
    osImage: { ...i.osImage },
    serviceId: i.serviceId,
    createTime: i.createTime,
    securityGroups: securityGroupVos(i.securityGroupIds),
    vpc: vpcVo(state, i),
    deploysetList: deploySetVos(state, i.deploysetIds),
    hostname: i.hostname,
    dns: i.dns,
    userData: i.userData,
  };
  if (i.tags.length) brief.tags = i.tags.map((t) => ({ ...t }));
  return brief;
}

function networkConfig(state: Transaction, i: VmInstanceRecord): NetworkConfig {
  const cidr = privateCidr(state, i);
  const range = parseCidr(cidr);
  const mask = range ? netmask(range.prefix) : '';
  const networksList: NetworkConfig['networksList'] = [
    {
      netType: 'PRIVATE',
      netName: 'eth0',
      nicIndex: 0,
      ipv4: { ip: i.internalIp, gw: range ? numberToIp(range.base + 1) : '', cidr, mask },
      reserveIps: [...i.privateIps],
    },
  ];
  if (i.publicIp) {
    networksList.push({ netType: 'PUBLIC', netName: 'eth1', nicIndex: 1, ipv4: { ip: i.publicIp } });
  }
  return { nodeType: i.serviceProvider === 'TRIPLE_LINE' ? 'TRIPLE_LINE' : 'SINGLE', networksList };
}

export function instanceDetails(state: Transaction, i: VmInstanceRecord): VmInstanceDetailsVo {
  return {
    ...instanceBrief(state, i),
    rootDiskSize: i.systemVolume.sizeInGB ?? 0,
    dataStorage: i.dataVolumeList.reduce((sum, v) => sum + (v.sizeInGB ?? 0), 0),
    dataVolumeList: i.dataVolumeList.map((v) => ({ ...v })),
    systemVolume: { ...i.systemVolume },
    networkConfig: networkConfig(state, i),
    bccKeyPairList: i.keyPairIds.map((keyPairId) => ({ keyPairId, name: '' })),
    rackId: i.rackId,
    hostId: i.hostId,
    switchId: i.switchId,
    privateIps: [...i.privateIps],
  };
}

/** Service status from its instances: FAILED when one failed, NORMAL otherwise (empty included). */
export function serviceStatus(instances: readonly VmInstanceRecord[]): string {
  return instances.some((i) => i.status === 'FAILED') ? 'FAILED' : 'NORMAL';
}

function deployInstancesOf(instances: readonly VmInstanceRecord[]): DeploymentInstance[] {
  const byNode = new Map<string, DeploymentInstance>();
  for (const i of instances) {
    const key = `${i.regionId}\n${i.vpcId}\n${i.subnetId}`;
    const entry = byNode.get(key);
    if (entry) entry.replicas = (entry.replicas ?? 0) + 1;
    else
      byNode.set(key, {
        region: i.region as Region,
        serviceProvider: i.serviceProvider as ServiceProvider,
        city: i.city,
        regionId: i.regionId,
        replicas: 1,
        networkType: i.networkType,
        ...(i.vpcId ? { vpcId: i.vpcId, subnetId: i.subnetId } : {}),
      });
  }
  return [...byNode.values()];
}

function serviceOsImage(ctx: HandlerContext, service: VmServiceRecord, instances: readonly VmInstanceRecord[]) {
  if (instances[0]) return { ...instances[0].osImage };
  if (!service.template.imageId) return undefined;
  try {
    return resolveImage(ctx, service.template.imageId, service.template.imageType);
  } catch (err) {
    if (err instanceof EmulatorError) return undefined;
    throw err;
  }
}

/** The service summary with everything derived from its instances at read time. */
export function serviceBrief(
  ctx: HandlerContext,
  service: VmServiceRecord,
  only?: readonly VmInstanceRecord[],
): VmServiceBriefVo {
  const instances = instancesOf(ctx.state, service.serviceId);
  const osImage = serviceOsImage(ctx, service, instances);
  const brief: VmServiceBriefVo = {
    serviceId: service.serviceId,
    serviceName: service.serviceName,
    status: serviceStatus(instances),
    totalCpu: instances.reduce((s, i) => s + i.cpu, 0),
    totalMem: instances.reduce((s, i) => s + i.mem, 0),
    totalDisk: instances.reduce((s, i) => s + i.dataVolumeList.reduce((d, v) => d + (v.sizeInGB ?? 0), 0), 0),
    totalRootDisk: instances.reduce((s, i) => s + (i.systemVolume.sizeInGB ?? 0), 0),
    regions: new Set(instances.map((i) => i.regionId)).size,
    deployInstances: deployInstancesOf(instances),
    totalInstances: instances.length,
    runningInstances: instances.filter((i) => i.status === 'RUNNING').length,
    ...(osImage ? { osImage } : {}),
    createTime: service.createTime,
    totalGpu: instances.reduce((s, i) => s + i.gpu, 0),
    instances: (only ?? instances).map(instanceIdVo),
  } as VmServiceBriefVo;
  if (service.template.tags.length) brief.tags = service.template.tags.map((t) => ({ ...t }));
  return brief;
}
