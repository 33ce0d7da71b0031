/**
 * Records, catalogues and shared helpers of the VM groups (services, instances, images, deploy
 * sets). Responses are always built from these records explicitly, never by spreading a record.
 */
import type {
  DeploymentInstance,
  DeploySetVo,
  ImageDetail,
  IpInfo,
  NetworkConfig,
  Region,
  SecurityGroup,
  ServiceProvider,
  SystemVolumeConfig,
  Tag,
  VmInstanceBriefVo,
  VmInstanceDetailsVo,
  VmInstanceIdVo,
  VmServiceBriefVo,
  VolumeConfig,
  Vpc,
} from 'bec-sdk';
import { allocateIp, PUBLIC_FIRST_OCTET, privateCidr, randomIpv6, usedIps } from '../../core/addresses.js';
import type { HandlerContext } from '../../core/handler.js';
import { netmask, numberToIp, parseCidr } from '../../core/ipv4.js';
import type { NodePlacement, Placement } from '../../core/placement.js';
import { badRequest, denied, EmulatorError, limitExceeded, notFound } from '../../errors.js';
import { Inventory } from '../../inventory.js';
import type { StoredRecord, Transaction } from '../../store.js';

// ---------------------------------------------------------------------------------------------
// Record kinds
// ---------------------------------------------------------------------------------------------

export const VM_SERVICE = 'vmService';
export const VM_INSTANCE = 'vmInstance';
export const VM_IMAGE = 'vmImage';
export const DEPLOY_SET = 'deploySet';

/** What new instances of a service are made of (from the create request, changed by updates). */
export interface VmTemplate {
  imageId: string;
  imageType: string;
  spec: string;
  cpu: number;
  memory: number;
  gpu: number;
  gpuType: string;
  needPublicIp: boolean;
  needIpv6PublicIp: boolean;
  bandwidth: number;
  systemVolume: SystemVolumeConfig;
  dataVolumeList: VolumeConfig[];
  securityGroupIds: string[];
  deploysetIdList: string[];
  vmName: string;
  hostname: string;
  dns: string;
  userData: string;
  tags: Tag[];
  /** How the login is set: `password`, `bccKeyPair` or '' (never the password itself). */
  loginType: string;
  keyPairIds: string[];
}

export interface VmServiceRecord extends StoredRecord {
  serviceId: string;
  serviceName: string;
  createTime: string;
  template: VmTemplate;
  /** regionIds in the order the service first deployed to them; the `n` in instance IDs. */
  regionOrder: string[];
}

export interface VmInstanceRecord extends StoredRecord, NodePlacement {
  vmId: string;
  uuid: string;
  serviceId: string;
  vmName: string;
  hostname: string;
  /** v1 upper case: CREATING RUNNING STOPPING STOPPED STARTING RESTARTING REINSTALLING IMAGING FAILED */
  status: string;
  internalIp: string;
  publicIp: string;
  ipv6PublicIp: string;
  multiplePublicIp: IpInfo[];
  /** Secondary private IPs added with CreateVmPrivateIp. */
  privateIps: string[];
  deploysetIds: string[];
  createTime: string;
  spec: string;
  cpu: number;
  mem: number;
  gpu: number;
  needPublicIp: boolean;
  needIpv6PublicIp: boolean;
  bandwidth: number;
  imageId: string;
  imageType: string;
  osImage: ImageDetail;
  systemVolume: SystemVolumeConfig;
  dataVolumeList: VolumeConfig[];
  securityGroupIds: string[];
  keyPairIds: string[];
  dns: string;
  userData: string;
  tags: Tag[];
  rackId: string;
  hostId: string;
  switchId: string;
}

export interface VmImageRecord extends StoredRecord {
  imageId: string;
  name: string;
  /** IMAGING IMPORTING SUCCEEDED FAILED ERROR */
  status: string;
  source: 'instance' | 'import';
  vmId: string;
  serviceId: string;
  regionId: string;
  region: string;
  accountId: string;
  bccImageId: string;
  systemDisk: number;
  osType: string;
  osVersion: string;
  osName: string;
  osBuild: string;
  osLang: string;
  osArch: string;
  bosUrl: string;
  createTime: string;
  updateTime: string;
}

export interface DeploySetRecord extends StoredRecord {
  deploysetId: string;
  name: string;
  desc: string;
  createTime: string;
}

/** Instances of one edge node one deploy set may hold (the documented example quota). */
export const DEPLOY_SET_NODE_QUOTA = 10;

// ---------------------------------------------------------------------------------------------
// Public images
// ---------------------------------------------------------------------------------------------

export interface PublicImage {
  imageId: string;
  name: string;
  /** `becCommon` or `becGpu`. */
  type: string;
  osType: string;
  osName: string;
  osVersion: string;
  osArch: string;
  osBuild: string;
  osLang: string;
  systemDisk: number;
  createTime: string;
}

function publicImage(
  imageId: string,
  osName: string,
  osVersion: string,
  osBuild: string,
  type = 'becCommon',
): PublicImage {
  return {
    imageId,
    name: `${osName} ${osVersion} x86_64 (64bit)${type === 'becGpu' ? ' GPU' : ''}`,
    type,
    osType: 'linux',
    osName,
    osVersion,
    osArch: 'x86_64 (64bit)',
    osBuild,
    osLang: 'ENG',
    systemDisk: 20,
    createTime: `${osBuild.slice(0, 4)}-${osBuild.slice(4, 6)}-${osBuild.slice(6, 8)}T00:00:00Z`,
  };
}

/**
 * The public (BCC-provided) images every account can use. BEC does not publish its catalogue;
 * these IDs are emulator fixtures in BCC's `m-` + 8 characters format (see DIVERGENCES.md).
 */
export const PUBLIC_IMAGES: readonly PublicImage[] = [
  publicImage('m-CentOS79', 'CentOS', '7.9', '2022061500'),
  publicImage('m-CentOS76', 'CentOS', '7.6', '2020111300'),
  publicImage('m-Ubun2004', 'Ubuntu', '20.04', '2022081000'),
  publicImage('m-Ubun2204', 'Ubuntu', '22.04', '2023032000'),
  publicImage('m-Debian11', 'Debian', '11', '2022091500'),
  publicImage('m-OSuse154', 'opensuse', '15.4', '2022120100'),
  publicImage('m-GpuUb204', 'Ubuntu', '20.04', '2022101000', 'becGpu'),
];

export function findPublicImage(imageId: string): PublicImage | undefined {
  return PUBLIC_IMAGES.find((i) => i.imageId === imageId);
}

/** The image an instance is (re)installed from: a public image or a finished custom image. */
export function resolveImage(ctx: HandlerContext, imageId: string, imageType: string | undefined): ImageDetail {
  const custom = ctx.state.get<VmImageRecord>(VM_IMAGE, imageId);
  if (custom) {
    if (custom.status !== 'SUCCEEDED') {
      throw denied(`The VM image ${imageId} is ${custom.status}; only SUCCEEDED images can be used.`);
    }
    return customImageDetail(custom);
  }
  const pub = findPublicImage(imageId);
  if (pub && imageType !== 'bec') return publicImageDetail(pub);
  throw notFound(imageType === 'bec' ? 'custom VM image' : 'VM image', imageId);
}

/** The fields an image detail is built from, common to public and custom images. */
type ImageFacts = Pick<
  PublicImage,
  'imageId' | 'name' | 'osType' | 'osVersion' | 'osName' | 'osBuild' | 'osLang' | 'osArch' | 'systemDisk' | 'createTime'
>;

function imageDetail(image: ImageFacts, imageType: string, status: string): ImageDetail {
  return {
    id: image.imageId,
    imageId: image.imageId,
    name: image.name,
    nameFri: image.name,
    imageType,
    snapshotId: '',
    cpu: 0,
    memory: 0,
    osType: image.osType,
    osVersion: image.osVersion,
    osName: image.osName,
    osBuild: image.osBuild,
    osLang: image.osLang,
    diskSize: image.systemDisk,
    createTime: image.createTime,
    status,
    minMem: 1,
    minCpu: 1,
    minDiskGb: image.systemDisk,
    desc: '',
    osArch: image.osArch,
    ephemeralSize: 0,
    imageDescription: '',
    shareToUserNumLimit: 0,
    sharedToUserNum: 0,
    fpgaType: '',
  };
}

export function publicImageDetail(image: PublicImage): ImageDetail {
  return imageDetail(image, image.type, 'SUCCEEDED');
}

export function customImageDetail(image: VmImageRecord): ImageDetail {
  return imageDetail(image, 'becCustom', image.status);
}

// ---------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------

export function getService(ctx: HandlerContext, serviceId: string): VmServiceRecord {
  const record = ctx.state.get<VmServiceRecord>(VM_SERVICE, serviceId);
  if (!record) throw notFound('VM service', serviceId);
  return record;
}

export function getInstance(ctx: HandlerContext, vmId: string): VmInstanceRecord {
  const record = ctx.state.get<VmInstanceRecord>(VM_INSTANCE, vmId);
  if (!record) throw notFound('VM instance', vmId);
  return record;
}

export function instancesOf(state: Transaction, serviceId: string): VmInstanceRecord[] {
  return state.list<VmInstanceRecord>(VM_INSTANCE).filter((i) => i.serviceId === serviceId);
}

/**
 * An instance that is IMAGING goes back to its previous status when its image is finished. The
 * two steps share the image's timing; this catches the cases where they drift apart (an image
 * completed by hand in manual mode). Call before reading instances.
 */
export function reconcileImaging(ctx: HandlerContext): void {
  const unfinished = new Set(
    ctx.state
      .list<VmImageRecord>(VM_IMAGE)
      .filter((i) => i.status === 'IMAGING')
      .map((i) => i.vmId),
  );
  for (const instance of ctx.state.list<VmInstanceRecord>(VM_INSTANCE)) {
    if (instance.status !== 'IMAGING' || unfinished.has(instance.vmId)) continue;
    ctx.state.update<VmInstanceRecord>(VM_INSTANCE, instance.vmId, (r) => {
      r.status = r._pending?.status ?? 'RUNNING';
      if (r._pending?.patch) Object.assign(r, r._pending.patch);
      delete r._pending;
    });
  }
}

/** Statuses from which nothing else may start. */
export const TRANSITIONAL = new Set(['CREATING', 'STOPPING', 'STARTING', 'RESTARTING', 'REINSTALLING', 'IMAGING']);

export function requireSettled(instance: VmInstanceRecord, what: string): void {
  if (TRANSITIONAL.has(instance.status)) {
    throw denied(`Cannot ${what} VM instance ${instance.vmId} while it is ${instance.status}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Input helpers
// ---------------------------------------------------------------------------------------------

/** cpu and memory from a spec such as `bec.g4.c2m8`; undefined when it does not say. */
export function parseSpec(spec: string): { cpu: number; memory: number } | undefined {
  const m = /c(\d+)m(\d+)/i.exec(spec);
  if (!m) return undefined;
  return { cpu: Number(m[1]), memory: Number(m[2]) };
}

/** Deploy sets must exist (404). */
export function checkDeploySets(ctx: HandlerContext, ids: readonly string[]): void {
  for (const id of ids) if (!ctx.state.get(DEPLOY_SET, id)) throw notFound('deploy set', id);
}

/** 413 when adding `adding` instances of `regionId` to each deploy set would pass the per-node quota. */
export function checkDeploySetQuota(
  ctx: HandlerContext,
  deploysetIds: readonly string[],
  regionId: string,
  adding: number,
  except?: string,
): void {
  for (const id of deploysetIds) {
    const inNode = ctx.state
      .list<VmInstanceRecord>(VM_INSTANCE)
      .filter((i) => i.vmId !== except && i.regionId === regionId && i.deploysetIds.includes(id)).length;
    if (inNode + adding > DEPLOY_SET_NODE_QUOTA) {
      throw limitExceeded(
        `The deploy set ${id} can hold at most ${DEPLOY_SET_NODE_QUOTA} instances in the node ${regionId}.`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Creating instances
// ---------------------------------------------------------------------------------------------

/** The `n` of an instance ID: the position of the node among the service's nodes (from 1). */
export function regionIndex(service: VmServiceRecord, regionId: string): number {
  const i = service.regionOrder.indexOf(regionId);
  if (i >= 0) return i + 1;
  service.regionOrder.push(regionId);
  return service.regionOrder.length;
}

/**
 * Creates `count` instances of `service` at `placement` from `template` (CREATING → RUNNING on
 * the `vmInstance` lifecycle). The caller stores the service afterwards (its regionOrder may grow).
 */
export function createInstances(
  ctx: HandlerContext,
  service: VmServiceRecord,
  template: VmTemplate,
  placement: Placement,
  count: number,
): VmInstanceRecord[] {
  const { node } = placement;
  const n = regionIndex(service, node.regionId);
  const suffix = service.serviceId.replace(/^s-/, '');
  const osImage = resolveImage(ctx, template.imageId, template.imageType);
  const taken = usedIps(ctx.state);
  const cidr = placement.subnetId ? privateCidr(ctx.state, { subnetId: placement.subnetId, internalIp: '' }) : '';
  const created: VmInstanceRecord[] = [];
  for (let k = 0; k < count; k++) {
    let vmId: string;
    do {
      vmId = `vm-${suffix}-${n}-${Inventory.ispLetter(node.serviceProvider)}-${node.city.toLowerCase()}-${ctx.ids.token(5)}`;
    } while (ctx.state.get(VM_INSTANCE, vmId));
    const internalIp = cidr
      ? allocateIp(ctx, cidr, taken)
      : allocateIp(ctx, `10.${Math.floor(ctx.ids.random() * 254) + 1}.0.0/16`, taken);
    const first = PUBLIC_FIRST_OCTET[node.serviceProvider] ?? 110;
    const publicIp = template.needPublicIp ? ctx.ids.ip(first) : '';
    const multiplePublicIp: IpInfo[] =
      template.needPublicIp && node.serviceProvider === 'TRIPLE_LINE'
        ? (['CHINA_MOBILE', 'CHINA_UNICOM', 'CHINA_TELECOM'] as const).map((sp) => ({
            serviceProvider: sp,
            ip: ctx.ids.ip(PUBLIC_FIRST_OCTET[sp]),
            ipv6: '',
          }))
        : [];
    const record: VmInstanceRecord = {
      vmId,
      uuid: ctx.ids.uuid(),
      serviceId: service.serviceId,
      vmName: template.vmName || vmId,
      hostname: template.hostname || vmId,
      status: 'CREATING',
      internalIp,
      publicIp,
      ipv6PublicIp: template.needIpv6PublicIp ? randomIpv6(ctx) : '',
      multiplePublicIp,
      privateIps: [],
      regionId: node.regionId,
      region: node.region,
      city: node.city,
      serviceProvider: node.serviceProvider,
      networkType: placement.networkType,
      vpcId: placement.vpcId,
      subnetId: placement.subnetId,
      deploysetIds: [...template.deploysetIdList],
      createTime: ctx.clock.isoNow(),
      spec: template.spec,
      cpu: template.cpu,
      mem: template.memory,
      gpu: template.gpu,
      needPublicIp: template.needPublicIp,
      needIpv6PublicIp: template.needIpv6PublicIp,
      bandwidth: template.needPublicIp ? template.bandwidth : 0,
      imageId: template.imageId,
      imageType: template.imageType,
      osImage,
      systemVolume: { ...template.systemVolume },
      dataVolumeList: template.dataVolumeList.map((v) => ({ ...v })),
      securityGroupIds: [...template.securityGroupIds],
      keyPairIds: [...template.keyPairIds],
      dns: template.dns,
      userData: template.userData,
      tags: template.tags.map((t) => ({ ...t })),
      rackId: `rack-${node.regionId}-${ctx.ids.token(4)}`,
      hostId: `host-${ctx.ids.token(12)}`,
      switchId: `switch-${node.regionId}-${ctx.ids.token(4)}`,
    };
    ctx.lifecycle.start(VM_INSTANCE, record, { via: 'CREATING', to: 'RUNNING' });
    ctx.state.put(VM_INSTANCE, vmId, record);
    created.push(record);
  }
  return created;
}

/** Deletes an instance (refused while an image is being made from it). */
export function deleteInstance(ctx: HandlerContext, instance: VmInstanceRecord): void {
  if (instance.status === 'IMAGING') {
    throw denied(`Cannot delete VM instance ${instance.vmId} while an image is being made from it.`);
  }
  ctx.state.delete(VM_INSTANCE, instance.vmId);
}

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
  return ids.map((id) => ({ deploysetId: id, name: String(state.get(DEPLOY_SET, id)?.name ?? '') }));
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

// ---------------------------------------------------------------------------------------------
// Building templates and applying updates
// ---------------------------------------------------------------------------------------------

/** "BEC supports up to 1500G of storage" per instance (FAQ). */
export const MAX_STORAGE_GB = 1500;
/** Public bandwidth used for `-1` ("the maximum") and when none is given. */
export const MAX_BANDWIDTH = 2048;
export const DEFAULT_BANDWIDTH = 100;
export const DEFAULT_SYSTEM_DISK_GB = 40;

export function systemVolumeOf(v: SystemVolumeConfig | undefined, base?: SystemVolumeConfig): SystemVolumeConfig {
  const out: SystemVolumeConfig = {
    volumeType: v?.volumeType ?? base?.volumeType ?? 'SATA',
    sizeInGB: v?.sizeInGB ?? base?.sizeInGB ?? DEFAULT_SYSTEM_DISK_GB,
    name: v?.name ?? base?.name ?? 'sys',
  };
  const pvc = v?.pvcName ?? base?.pvcName;
  if (pvc) out.pvcName = pvc;
  return out;
}

export function dataVolumesOf(list: readonly VolumeConfig[]): VolumeConfig[] {
  return list.map((v, k) => {
    if (!v.sizeInGB || v.sizeInGB < 1) throw badRequest(`Invalid dataVolumeList[${k}].sizeInGB: must be at least 1.`);
    const out: VolumeConfig = {
      name: v.name || `data${k + 1}`,
      volumeType: v.volumeType ?? 'SATA',
      sizeInGB: v.sizeInGB,
    };
    if (v.pvcName) out.pvcName = v.pvcName;
    if (v.passthroughCode) out.passthroughCode = v.passthroughCode;
    return out;
  });
}

export function checkStorage(system: SystemVolumeConfig, data: readonly VolumeConfig[]): void {
  const total = (system.sizeInGB ?? 0) + data.reduce((s, v) => s + (v.sizeInGB ?? 0), 0);
  if (total > MAX_STORAGE_GB) {
    throw limitExceeded(`The disks of one instance may hold at most ${MAX_STORAGE_GB} GB (asked for ${total} GB).`);
  }
}

/** The login settings of a request: `password` / `bccKeyPair` and key pair IDs; never the password. */
export function loginOf(input: {
  adminPass?: string | undefined;
  keyConfig?: { type?: string | undefined; bccKeyPairIdList?: string[] | undefined } | undefined;
}): { loginType: string; keyPairIds: string[] } | undefined {
  if (input.keyConfig?.type === 'bccKeyPair') {
    return { loginType: 'bccKeyPair', keyPairIds: [...(input.keyConfig.bccKeyPairIdList ?? [])] };
  }
  if (input.keyConfig?.type === 'password' || input.adminPass) return { loginType: 'password', keyPairIds: [] };
  return undefined;
}

export type UpdateType = 'serviceName' | 'vmName' | 'password' | 'replicas' | 'resource' | 'securityGroup' | 'hostname';

export interface InstanceUpdate {
  vmName?: string | undefined;
  hostname?: string | undefined;
  adminPass?: string | undefined;
  keyConfig?: { type?: string | undefined; bccKeyPairIdList?: string[] | undefined } | undefined;
  spec?: string | undefined;
  cpu?: number | undefined;
  memory?: number | undefined;
  bandwidth?: number | undefined;
  needRestart?: boolean | undefined;
  systemVolume?: SystemVolumeConfig | undefined;
  dataVolumeList?: VolumeConfig[] | undefined;
  securityGroupIds?: string[] | undefined;
}

/**
 * Applies an update of `type` (vmName, hostname, password, resource, securityGroup) to
 * `targets`, checking everything before changing anything. Returns the template fields to
 * store on the service when the whole service was updated.
 */
export function applyInstanceUpdate(
  ctx: HandlerContext,
  type: string,
  args: InstanceUpdate,
  targets: readonly VmInstanceRecord[],
  base?: VmTemplate,
): Partial<VmTemplate> {
  switch (type) {
    case 'vmName': {
      if (!args.vmName) throw badRequest('Invalid vmName: required when type is "vmName".');
      const vmName = args.vmName;
      for (const t of targets)
        ctx.state.update<VmInstanceRecord>(VM_INSTANCE, t.vmId, (r) => {
          r.vmName = vmName;
        });
      return { vmName };
    }
    case 'hostname': {
      if (!args.hostname) throw badRequest('Invalid hostname: required when type is "hostname".');
      const hostname = args.hostname;
      for (const t of targets) {
        ctx.state.update<VmInstanceRecord>(VM_INSTANCE, t.vmId, (r) => {
          r.hostname = hostname;
        });
      }
      return { hostname };
    }
    case 'password': {
      const login = loginOf(args);
      if (!login) throw badRequest('Invalid adminPass: adminPass or keyConfig is required when type is "password".');
      for (const t of targets) requireSettled(t, 'change the password of');
      for (const t of targets) {
        ctx.state.update<VmInstanceRecord>(VM_INSTANCE, t.vmId, (r) => {
          r.keyPairIds = [...login.keyPairIds];
        });
      }
      return { loginType: login.loginType, keyPairIds: login.keyPairIds };
    }
    case 'securityGroup': {
      if (!args.securityGroupIds?.length) {
        throw badRequest('Invalid securityGroupIds: required when type is "securityGroup".');
      }
      const ids = [...new Set(args.securityGroupIds)];
      for (const t of targets) {
        ctx.state.update<VmInstanceRecord>(VM_INSTANCE, t.vmId, (r) => {
          r.securityGroupIds = [...ids];
        });
      }
      return { securityGroupIds: ids };
    }
    case 'resource':
      return applyResource(ctx, args, targets, base);
    case 'serviceName':
    case 'replicas':
      throw badRequest(`Invalid type: "${type}" applies to a VM service, not to one instance.`);
    default:
      throw badRequest(
        `Invalid type: must be one of serviceName, vmName, password, replicas, resource, securityGroup, hostname.`,
      );
  }
}

function applyResource(
  ctx: HandlerContext,
  args: InstanceUpdate,
  targets: readonly VmInstanceRecord[],
  base: VmTemplate | undefined,
): Partial<VmTemplate> {
  let cpu = args.cpu;
  let memory = args.memory;
  if (args.spec) {
    const parsed = parseSpec(args.spec);
    if (!parsed && (cpu === undefined || memory === undefined)) {
      throw badRequest(`Invalid spec: "${args.spec}" does not name a CPU and memory size (e.g. bec.g4.c2m8).`);
    }
    if (parsed) ({ cpu, memory } = parsed);
  }
  const bandwidth = args.bandwidth === -1 ? MAX_BANDWIDTH : args.bandwidth;
  if (
    cpu === undefined &&
    memory === undefined &&
    bandwidth === undefined &&
    !args.systemVolume &&
    !args.dataVolumeList
  ) {
    throw badRequest(
      'Invalid type "resource": give at least one of cpu, memory, spec, bandwidth, systemVolume, dataVolumeList.',
    );
  }
  const data = args.dataVolumeList ? dataVolumesOf(args.dataVolumeList) : undefined;
  for (const t of targets) {
    if (t.status !== 'RUNNING' && t.status !== 'STOPPED') {
      throw denied(`Cannot resize VM instance ${t.vmId} while it is ${t.status}.`);
    }
    const system = systemVolumeOf(args.systemVolume, t.systemVolume);
    if ((system.sizeInGB ?? 0) < (t.systemVolume.sizeInGB ?? 0)) {
      throw badRequest(`Invalid systemVolume.sizeInGB: the system disk of ${t.vmId} cannot shrink.`);
    }
    checkStorage(system, data ?? t.dataVolumeList);
  }
  for (const t of targets) {
    ctx.state.update<VmInstanceRecord>(VM_INSTANCE, t.vmId, (r) => {
      if (cpu !== undefined) r.cpu = cpu;
      if (memory !== undefined) r.mem = memory;
      if (args.spec) r.spec = args.spec;
      else if (cpu !== undefined || memory !== undefined) r.spec = '';
      if (bandwidth !== undefined && r.needPublicIp) r.bandwidth = bandwidth;
      if (args.systemVolume) r.systemVolume = systemVolumeOf(args.systemVolume, r.systemVolume);
      if (data) r.dataVolumeList = data.map((v) => ({ ...v }));
      if (args.needRestart && r.status === 'RUNNING') {
        ctx.lifecycle.start(VM_INSTANCE, r, { via: 'RESTARTING', to: 'RUNNING' });
      }
    });
  }
  const template: Partial<VmTemplate> = {};
  if (cpu !== undefined) template.cpu = cpu;
  if (memory !== undefined) template.memory = memory;
  if (args.spec) template.spec = args.spec;
  if (bandwidth !== undefined) template.bandwidth = bandwidth;
  if (args.systemVolume) template.systemVolume = systemVolumeOf(args.systemVolume, base?.systemVolume);
  if (data) template.dataVolumeList = data;
  return template;
}
