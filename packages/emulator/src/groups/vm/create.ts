/**
 * Creating and deleting VM instances: IDs, addresses and the CREATING → RUNNING step.
 */
import type { IpInfo } from 'bec-sdk';
import { allocateIp, PUBLIC_FIRST_OCTET, privateCidr, randomIpv6, usedIps } from '../../core/addresses.js';
import type { HandlerContext } from '../../core/handler.js';
import { resolveImage } from '../../core/images.js';
import type { Placement } from '../../core/placement.js';
import { denied } from '../../errors.js';
import { Inventory } from '../../inventory.js';
import { VM_INSTANCE, type VmInstanceRecord, type VmServiceRecord, type VmTemplate } from './records.js';

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
