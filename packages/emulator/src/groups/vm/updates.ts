/**
 * Instance settings from requests: disks, login, and updates applied to instances and the service template.
 */
import type { SystemVolumeConfig, VolumeConfig } from 'bec-sdk';
import type { HandlerContext } from '../../core/handler.js';
import { badRequest, denied, limitExceeded } from '../../errors.js';
import { parseSpec, requireSettled, VM_INSTANCE, type VmInstanceRecord, type VmTemplate } from './records.js';

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
