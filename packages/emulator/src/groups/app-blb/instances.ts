/**
 * Application BLB instances: create, update, list, show, delete.
 */
import type {
  AppBlbDetails,
  AppBlbListResponse,
  CreateAppBlbRequest,
  CreateAppBlbResponse,
  ModifyBecBlbRequest,
} from 'bec-sdk';
import { lowestFreeAddress } from '../../core/addresses.js';
import type { HandlerTable } from '../../core/handler.js';
import { mustGet, now } from '../../core/records.js';
import { badRequest, denied } from '../../errors.js';
import { Inventory } from '../../inventory.js';
import type { Transaction } from '../../store.js';
import type { SubnetRecord, VpcRecord } from '../network/records.js';
import { removeIpGroup } from './ip-groups.js';
import {
  type AppBlbRecord,
  blbOf,
  type IpGroupRecord,
  KIND,
  type ListenerPolicyRecord,
  listenersOf,
  markerPage,
  PUBLIC_OCTET,
  RUNNING,
  runningBlb,
} from './records.js';

export function blbView(state: Transaction, blb: AppBlbRecord): AppBlbDetails {
  const vpc = blb.vpcId ? state.get<VpcRecord>('vpc', blb.vpcId) : undefined;
  const subnet = blb.subnetId ? state.get<SubnetRecord>('subnet', blb.subnetId) : undefined;
  return {
    address: blb.address,
    blbId: blb.blbId,
    cidr: vpc?.cidr ?? '',
    createTime: blb.createTime,
    desc: blb.desc,
    listener: listenersOf(state, blb.blbId).map((l) => ({ port: String(l.listenerPort), type: l.protocol })),
    name: blb.name,
    publicIp: blb.publicIp,
    regionId: blb.regionId,
    status: blb.status,
    subnetCidr: subnet?.cidr ?? '',
    subnetId: blb.subnetId,
    vpcId: blb.vpcId,
    subnetName: subnet?.name ?? '',
    vpcName: vpc?.name ?? '',
  };
}

/** Application BLB instances. */
export const appBlbInstanceHandlers: HandlerTable = {
  CreateAppBlb(ctx): CreateAppBlbResponse {
    const input = ctx.input as Partial<CreateAppBlbRequest>;
    if (!input.name) throw badRequest('Invalid name: is required.');
    if (!input.regionId) throw badRequest('Invalid regionId: is required.');
    const node = ctx.inventory.byRegionId(input.regionId);
    if (!node) throw badRequest(`Invalid regionId: ${input.regionId} is not a known edge node.`);
    if (!node.capability.includes('lb')) {
      throw badRequest(`Invalid regionId: the node ${input.regionId} offers no load balancers.`);
    }
    const isp = Inventory.ispSuffix(node.serviceProvider);
    const sub = input.subServiceProviders ?? [];
    if (sub.length > 1) throw badRequest('Invalid subServiceProviders: only one operator can be given.');
    if (sub[0] && isp !== 'ix' && sub[0] !== isp) {
      throw badRequest(
        `Invalid subServiceProviders: the node ${input.regionId} is served by "${isp}" only; an operator can be chosen on triple-line (ix) nodes.`,
      );
    }

    let vpcId = '';
    let subnetId = '';
    let address: string;
    if (input.vpcId || input.subnetId) {
      if (!input.vpcId) throw badRequest('Invalid vpcId: is required when subnetId is given.');
      if (!input.subnetId) throw badRequest('Invalid subnetId: is required when vpcId is given.');
      const vpc = mustGet<VpcRecord>(ctx.state, 'vpc', input.vpcId, 'VPC');
      const subnet = mustGet<SubnetRecord>(ctx.state, 'subnet', input.subnetId, 'subnet');
      if (subnet.vpcId !== vpc.vpcId) {
        throw badRequest(`Invalid subnetId: the subnet ${subnet.subnetId} is not in the VPC ${vpc.vpcId}.`);
      }
      if (vpc.regionId !== node.regionId) {
        throw badRequest(`Invalid vpcId: the VPC ${vpc.vpcId} is in ${vpc.regionId}, not in ${node.regionId}.`);
      }
      vpcId = vpc.vpcId;
      subnetId = subnet.subnetId;
      address = lowestFreeAddress(ctx.state, subnet);
    } else {
      address = ctx.ids.ip(10);
    }

    const needPublicIp = input.needPublicIp ?? true;
    const blbId = `applb-${node.regionId}-${ctx.ids.token(8)}`;
    const record: AppBlbRecord = {
      blbId,
      name: input.name,
      desc: input.desc ?? '',
      regionId: node.regionId,
      vpcId,
      subnetId,
      address,
      publicIp: needPublicIp ? ctx.ids.ip(PUBLIC_OCTET[sub[0] ?? isp] ?? 106) : '',
      needPublicIp,
      subServiceProviders: sub,
      status: 'PENDING',
      createTime: now(ctx),
    };
    ctx.lifecycle.start(KIND, record, { via: 'PENDING', to: RUNNING });
    ctx.state.put(KIND, blbId, record);
    return { desc: record.desc, name: record.name, blbId };
  },

  UpdateAppBlb(ctx): undefined {
    const input = ctx.input as ModifyBecBlbRequest;
    const blb = runningBlb(ctx);
    if (!input.name && !input.desc) throw badRequest('Invalid name: name or desc is required.');
    ctx.state.update<AppBlbRecord>(KIND, blb.blbId, (b) => {
      if (input.name) b.name = input.name;
      if (input.desc) b.desc = input.desc;
    });
    return undefined;
  },

  GetAppBlbList(ctx): AppBlbListResponse {
    const input = (ctx.input ?? {}) as { marker?: string; maxKeys?: number };
    const blbs = ctx.state.list<AppBlbRecord>(KIND);
    const { items, ...paging } = markerPage(blbs, (b) => b.blbId, input);
    return { ...paging, blbList: items.map((b) => blbView(ctx.state, b)) };
  },

  GetAppBlbDetails(ctx): AppBlbDetails {
    return blbView(ctx.state, blbOf(ctx));
  },

  DeleteAppBlbInstance(ctx): undefined {
    const blb = blbOf(ctx);
    if (blb.status === 'DELETING') throw denied(`The app BLB ${blb.blbId} is already being deleted.`);
    // Everything configured on the BLB goes with it.
    for (const p of ctx.state.list<ListenerPolicyRecord>('listenerPolicy')) {
      if (p.blbId === blb.blbId) ctx.state.delete('listenerPolicy', p.id);
    }
    for (const l of listenersOf(ctx.state, blb.blbId)) ctx.state.delete('appBlbListener', l.id);
    for (const g of ctx.state.list<IpGroupRecord>('ipGroup')) {
      if (g.blbId === blb.blbId) removeIpGroup(ctx.state, g.id);
    }
    ctx.state.update<AppBlbRecord>(KIND, blb.blbId, (b) => {
      ctx.lifecycle.start(KIND, b, { via: 'DELETING', remove: true });
    });
    return undefined;
  },
};
