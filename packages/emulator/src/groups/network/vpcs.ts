/**
 * VPCs and their subnets.
 */
import type {
  CreateSubnetRequest,
  CreateVpcRequest,
  GetSubnetDetailResponse,
  GetSubnetListInput,
  GetVpcDetailResponse,
  GetVpcListInput,
  LogicPageSubnetResult,
  LogicPageVpcResult,
  SubnetCommonResult,
  SubnetDetail,
  UpdateSubnetRequest,
  UpdateVpcRequest,
  VpcCommonResult,
  VpcDetail,
} from 'bec-sdk';
import { subnetUsedIps } from '../../core/addresses.js';
import type { HandlerTable } from '../../core/handler.js';
import { cidrContains, cidrOverlaps, parseCidr, requireCidr, usableAddressCount } from '../../core/ipv4.js';
import { matchesKeyword, mustGet, now } from '../../core/records.js';
import { badRequest, denied } from '../../errors.js';
import type { Transaction } from '../../store.js';
import {
  ACTIVE,
  checkKeywordType,
  pageNewestFirst,
  type RouteRuleRecord,
  type RouteTableRecord,
  type SubnetRecord,
  SYSTEM_ROUTE_TYPE,
  subnetUsers,
  type VpcRecord,
  vpcUsers,
} from './records.js';

export function vpcView(vpc: VpcRecord): VpcDetail {
  return {
    vpcId: vpc.vpcId,
    name: vpc.name,
    description: vpc.description,
    cidr: vpc.cidr,
    region: vpc.region,
    serviceProvider: vpc.serviceProvider,
    city: vpc.city,
    regionId: vpc.regionId,
    isDefault: vpc.isDefault,
    createdTime: vpc.createdTime,
  };
}

export function subnetView(state: Transaction, subnet: SubnetRecord): SubnetDetail {
  const cidr = parseCidr(subnet.cidr);
  const usedIp = subnetUsedIps(state, subnet).size;
  return {
    subnetId: subnet.subnetId,
    name: subnet.name,
    cidr: subnet.cidr,
    description: subnet.description,
    availableIp: cidr ? Math.max(0, usableAddressCount(cidr) - usedIp) : 0,
    usedIp,
    vpcId: subnet.vpcId,
    regionId: subnet.regionId,
    isDefault: subnet.isDefault,
    createdTime: subnet.createdTime,
  };
}

/** VPCs and subnets. */
export const vpcHandlers: HandlerTable = {
  CreateVpc(ctx): VpcCommonResult {
    const input = ctx.input as Partial<CreateVpcRequest>;
    if (!input.name) throw badRequest('Invalid name: is required.');
    const node = input.regionId ? ctx.inventory.resolve({ regionId: input.regionId }) : undefined;
    if (!node) throw badRequest(`Invalid regionId: ${JSON.stringify(input.regionId ?? '')} is not a known edge node.`);
    requireCidr('cidr', input.cidr);
    const vpcId = ctx.ids.next('vpc-');
    const createdTime = now(ctx);
    ctx.state.put<VpcRecord>('vpc', vpcId, {
      vpcId,
      name: input.name,
      description: input.description ?? '',
      cidr: `${input.cidr}`,
      regionId: node.regionId,
      region: node.region,
      city: node.city,
      serviceProvider: node.serviceProvider,
      isDefault: false,
      createdTime,
      tags: input.tags ?? [],
    });
    // The VPC's route table, with the system route for traffic inside the VPC.
    const tableId = ctx.ids.next('rtb-', 12);
    ctx.state.put<RouteTableRecord>('routeTable', tableId, {
      tableId,
      name: 'default-table',
      status: ACTIVE,
      vpcId,
      regionId: node.regionId,
      isDefault: true,
      createdTime,
    });
    const ruleId = ctx.ids.next('rtr-', 12);
    ctx.state.put<RouteRuleRecord>('routeRule', ruleId, {
      ruleId,
      tableId,
      ipVersion: 4,
      sourceAddress: '0.0.0.0/0',
      destinationAddress: `${input.cidr}`,
      nexthop: 'local',
      routeType: SYSTEM_ROUTE_TYPE,
      description: 'local route of the VPC',
      status: ACTIVE,
      createdTime,
    });
    return { result: true, action: 'create', details: { vpcId } };
  },

  UpdateVpc(ctx): VpcCommonResult {
    const vpcId = ctx.path.vpcId!;
    const input = ctx.input as Partial<UpdateVpcRequest>;
    mustGet<VpcRecord>(ctx.state, 'vpc', vpcId, 'VPC');
    if (!input.name) throw badRequest('Invalid name: is required.');
    // Every field of the update body is always on the wire, so an absent description clears it.
    ctx.state.update<VpcRecord>('vpc', vpcId, (v) => {
      v.name = input.name!;
      v.description = input.description ?? '';
    });
    return { result: true, action: 'update', details: { vpcId } };
  },

  GetVpcList(ctx): LogicPageVpcResult {
    const input = (ctx.input ?? {}) as GetVpcListInput;
    checkKeywordType(input.keywordType, ['vpcId', 'name']);
    const items = ctx.state
      .list<VpcRecord>('vpc')
      .filter((v) => !input.regionId || v.regionId === input.regionId)
      .filter((v) => matchesKeyword(v, input.keywordType, input.keyword, ['vpcId', 'name']))
      .map(vpcView);
    return pageNewestFirst(items, input);
  },

  GetVpcDetail(ctx): GetVpcDetailResponse {
    return { vpc: vpcView(mustGet<VpcRecord>(ctx.state, 'vpc', ctx.path.vpcId!, 'VPC')) };
  },

  DeleteVpc(ctx): VpcCommonResult {
    const vpcId = ctx.path.vpcId!;
    mustGet<VpcRecord>(ctx.state, 'vpc', vpcId, 'VPC');
    const users = vpcUsers(ctx.state, vpcId);
    if (users.length) throw denied(`The VPC ${vpcId} is in use by ${users.join(', ')}; delete them first.`);
    for (const table of ctx.state.list<RouteTableRecord>('routeTable').filter((t) => t.vpcId === vpcId)) {
      for (const rule of ctx.state.list<RouteRuleRecord>('routeRule').filter((r) => r.tableId === table.tableId)) {
        ctx.state.delete('routeRule', rule.ruleId);
      }
      ctx.state.delete('routeTable', table.tableId);
    }
    ctx.state.delete('vpc', vpcId);
    return { result: true, action: 'delete', details: { vpcId } };
  },

  // ---------------------------------------------------------------- subnets
  CreateSubnet(ctx): SubnetCommonResult {
    const input = ctx.input as Partial<CreateSubnetRequest>;
    if (!input.name) throw badRequest('Invalid name: is required.');
    if (!input.vpcId) throw badRequest('Invalid vpcId: is required.');
    const cidr = requireCidr('cidr', input.cidr);
    const vpc = mustGet<VpcRecord>(ctx.state, 'vpc', input.vpcId, 'VPC');
    const vpcCidr = parseCidr(vpc.cidr);
    if (!vpcCidr || !cidrContains(vpcCidr, cidr)) {
      throw badRequest(`Invalid cidr: ${input.cidr} is not inside the VPC's CIDR ${vpc.cidr}.`);
    }
    for (const sibling of ctx.state.list<SubnetRecord>('subnet')) {
      if (sibling.vpcId !== vpc.vpcId) continue;
      const other = parseCidr(sibling.cidr);
      if (other && cidrOverlaps(other, cidr)) {
        throw badRequest(`Invalid cidr: ${input.cidr} overlaps subnet ${sibling.subnetId} (${sibling.cidr}).`);
      }
    }
    const subnetId = ctx.ids.next('sbn-', 12);
    ctx.state.put<SubnetRecord>('subnet', subnetId, {
      subnetId,
      name: input.name,
      description: input.description ?? '',
      cidr: `${input.cidr}`,
      vpcId: vpc.vpcId,
      regionId: vpc.regionId,
      isDefault: false,
      createdTime: now(ctx),
      tags: input.tags ?? [],
    });
    return { result: true, action: 'create', details: { subnetId } };
  },

  UpdateSubnet(ctx): undefined {
    const subnetId = ctx.path.subnetId!;
    const input = ctx.input as Partial<UpdateSubnetRequest>;
    mustGet<SubnetRecord>(ctx.state, 'subnet', subnetId, 'subnet');
    if (!input.name) throw badRequest('Invalid name: is required.');
    ctx.state.update<SubnetRecord>('subnet', subnetId, (s) => {
      s.name = input.name!;
      s.description = input.description ?? '';
    });
    return undefined;
  },

  GetSubnetList(ctx): LogicPageSubnetResult {
    const input = (ctx.input ?? {}) as GetSubnetListInput;
    checkKeywordType(input.keywordType, ['subnetId', 'name']);
    if (input.vpcId) mustGet<VpcRecord>(ctx.state, 'vpc', input.vpcId, 'VPC');
    const items = ctx.state
      .list<SubnetRecord>('subnet')
      .filter((s) => !input.vpcId || s.vpcId === input.vpcId)
      .filter((s) => matchesKeyword(s, input.keywordType, input.keyword, ['subnetId', 'name']))
      .map((s) => subnetView(ctx.state, s));
    return pageNewestFirst(items, input);
  },

  GetSubnetDetail(ctx): GetSubnetDetailResponse {
    const subnet = mustGet<SubnetRecord>(ctx.state, 'subnet', ctx.path.subnetId!, 'subnet');
    return { subnet: subnetView(ctx.state, subnet) };
  },

  DeleteSubnet(ctx): undefined {
    const subnetId = ctx.path.subnetId!;
    mustGet<SubnetRecord>(ctx.state, 'subnet', subnetId, 'subnet');
    const users = subnetUsers(ctx.state, subnetId);
    if (users.length) throw denied(`The subnet ${subnetId} is in use by ${users.join(', ')}; delete them first.`);
    ctx.state.delete('subnet', subnetId);
    return undefined;
  },
};
