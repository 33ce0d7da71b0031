/**
 * VM services (kind `vmService`) and instances (kind `vmInstance`): records, lookups and the
 * states from which nothing else may start.
 */
import type { ImageDetail, IpInfo, SystemVolumeConfig, Tag, VolumeConfig } from 'bec-sdk';
import type { HandlerContext } from '../../core/handler.js';
import type { NodePlacement } from '../../core/placement.js';
import { denied, notFound } from '../../errors.js';
import { defineIndex, type StoredRecord, type Transaction } from '../../store.js';

// ---------------------------------------------------------------------------------------------
// Record kinds
// ---------------------------------------------------------------------------------------------

export const VM_SERVICE = 'vmService';
export const VM_INSTANCE = 'vmInstance';

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

/** VM instances by the service they belong to. */
export const INSTANCES_BY_SERVICE = defineIndex<VmInstanceRecord>(VM_INSTANCE, 'serviceId', (i) => i.serviceId);

/** The instances of a service, in creation order (through the index: no scan of every instance). */
export function instancesOf(state: Transaction, serviceId: string): VmInstanceRecord[] {
  return state.lookup(INSTANCES_BY_SERVICE, serviceId);
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
