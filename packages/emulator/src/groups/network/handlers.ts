import type {
  CreateRouteRuleRequest,
  CreateRouteRuleResult,
  CreateSubnetRequest,
  CreateVpcRequest,
  GetRouteRuleListInput,
  GetRouteTableDetailResult,
  GetRouteTableListInput,
  GetSubnetDetailResponse,
  GetSubnetListInput,
  GetVpcDetailResponse,
  GetVpcListInput,
  LogicPageRouteRuleResult,
  LogicPageRouteTableResult,
  LogicPageSubnetResult,
  LogicPageVpcResult,
  RouteCommonResult,
  RouteRuleView,
  RouteTableDetailView,
  SubnetCommonResult,
  SubnetDetail,
  Tag,
  UpdateRouteTableRequest,
  UpdateRouteTableResult,
  UpdateSubnetRequest,
  UpdateVpcRequest,
  VpcCommonResult,
  VpcDetail,
} from 'bec-sdk';
import { subnetUsedIps } from '../../core/addresses.js';
import type { HandlerTable } from '../../core/handler.js';
import { type Cidr, cidrContains, cidrOverlaps, parseCidr, requireCidr, usableAddressCount } from '../../core/ipv4.js';
import { type Page, paginate } from '../../core/paging.js';
import { matchesKeyword, mustGet, now } from '../../core/records.js';
import { badRequest, denied } from '../../errors.js';
import type { StoredRecord, Transaction } from '../../store.js';

/** Stored VPC (kind `vpc`). */
export interface VpcRecord extends StoredRecord {
  vpcId: string;
  name: string;
  description: string;
  cidr: string;
  regionId: string;
  region: string;
  city: string;
  serviceProvider: string;
  isDefault: boolean;
  createdTime: string;
  tags: Tag[];
}

/** Stored subnet (kind `subnet`). */
export interface SubnetRecord extends StoredRecord {
  subnetId: string;
  name: string;
  description: string;
  cidr: string;
  vpcId: string;
  regionId: string;
  isDefault: boolean;
  createdTime: string;
  tags: Tag[];
}

/** Stored route table (kind `routeTable`); every VPC has one, created and deleted with it. */
export interface RouteTableRecord extends StoredRecord {
  tableId: string;
  name: string;
  status: string;
  vpcId: string;
  regionId: string;
  isDefault: boolean;
  createdTime: string;
}

/** Stored route rule (kind `routeRule`). */
export interface RouteRuleRecord extends StoredRecord {
  ruleId: string;
  tableId: string;
  ipVersion: number;
  sourceAddress: string;
  destinationAddress: string;
  nexthop: string;
  routeType: string;
  description: string;
  status: string;
  createdTime: string;
}

/** The route type of the rule every table starts with (traffic inside the VPC); it cannot be deleted. */
export const SYSTEM_ROUTE_TYPE = 'SYSTEM';
const ACTIVE = 'ACTIVE';
/** v1 list limits: these lists are not in the documented table; they get the common 1-1000 (default 1000). */
const LIST_LIMITS = { maxPageSize: 1000 };

function vpcView(vpc: VpcRecord): VpcDetail {
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

function subnetView(state: Transaction, subnet: SubnetRecord): SubnetDetail {
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

function tableView(state: Transaction, table: RouteTableRecord): RouteTableDetailView {
  const vpc = state.get<VpcRecord>('vpc', table.vpcId);
  return {
    tableId: table.tableId,
    name: table.name,
    status: table.status,
    vpcId: table.vpcId,
    vpcName: vpc?.name ?? '',
    vpcCidr: vpc?.cidr ?? '',
    city: vpc?.city ?? '',
    serviceProvider: vpc?.serviceProvider ?? '',
    region: vpc?.region ?? '',
    regionId: table.regionId,
    ruleCount: state.list<RouteRuleRecord>('routeRule').filter((r) => r.tableId === table.tableId).length,
  };
}

function ruleView(rule: RouteRuleRecord): RouteRuleView {
  return {
    ruleId: rule.ruleId,
    status: rule.status,
    tableId: rule.tableId,
    ipVersion: rule.ipVersion,
    sourceAddress: rule.sourceAddress,
    destinationAddress: rule.destinationAddress,
    routeType: rule.routeType,
    nexthop: rule.nexthop,
    description: rule.description,
  };
}

/**
 * v1 paging of views, newest first (`createdTime` has one-second resolution, so the list is
 * reversed from creation order before the stable sort: records of the same second stay newest first).
 */
function pageNewestFirst<T extends { createdTime: string }>(
  items: readonly T[],
  input: { pageNo?: number | undefined; pageSize?: number | undefined },
): Page<T> {
  return paginate(
    [...items].reverse(),
    { pageNo: input.pageNo, pageSize: input.pageSize, orderBy: 'createdTime' },
    LIST_LIMITS,
  );
}

function checkKeywordType(keywordType: string | undefined, allowed: readonly string[]): void {
  if (keywordType && !allowed.includes(keywordType)) {
    throw badRequest(`Invalid keywordType: must be one of ${allowed.join(', ')}.`);
  }
}

function vpcUsers(state: Transaction, vpcId: string): string[] {
  const reasons: string[] = [];
  const subnets = state.list<SubnetRecord>('subnet').filter((s) => s.vpcId === vpcId).length;
  if (subnets) reasons.push(`${subnets} subnet(s)`);
  const blbs = state.list('appBlb').filter((b) => b.vpcId === vpcId).length;
  if (blbs) reasons.push(`${blbs} app BLB(s)`);
  const vms = state.list('vmInstance').filter((v) => v.vpcId === vpcId).length;
  if (vms) reasons.push(`${vms} VM instance(s)`);
  return reasons;
}

function subnetUsers(state: Transaction, subnetId: string): string[] {
  const reasons: string[] = [];
  const vms = state.list('vmInstance').filter((v) => v.subnetId === subnetId).length;
  if (vms) reasons.push(`${vms} VM instance(s)`);
  const blbs = state.list('appBlb').filter((b) => b.subnetId === subnetId).length;
  if (blbs) reasons.push(`${blbs} app BLB(s)`);
  return reasons;
}

const IPV6_CIDR = /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*\/(?:12[0-8]|1[01]\d|[1-9]?\d)$/;

function checkRuleAddress(field: string, text: string | undefined, ipVersion: number): Cidr | undefined {
  if (ipVersion === 6) {
    if (!text || !IPV6_CIDR.test(text)) throw badRequest(`Invalid ${field}: an IPv6 CIDR block is required.`);
    return undefined;
  }
  return requireCidr(field, text);
}

export const networkHandlers: HandlerTable = {
  // ---------------------------------------------------------------- VPC
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

  // ---------------------------------------------------------------- route tables and rules
  UpdateRouteTable(ctx): UpdateRouteTableResult {
    const tableId = ctx.path.tableId!;
    const input = ctx.input as Partial<UpdateRouteTableRequest>;
    mustGet<RouteTableRecord>(ctx.state, 'routeTable', tableId, 'route table');
    if (input.tableId && input.tableId !== tableId) {
      throw badRequest(`Invalid tableId: the body names ${input.tableId} but the path names ${tableId}.`);
    }
    if (!input.tableName) throw badRequest('Invalid tableName: is required.');
    if ([...input.tableName].length > 65) throw badRequest('Invalid tableName: must be 1-65 characters.');
    const table = ctx.state.update<RouteTableRecord>('routeTable', tableId, (t) => {
      t.name = input.tableName!;
    });
    return { result: true, action: 'update', details: { tableName: table.name, routeTableId: tableId } };
  },

  GetRouteTableList(ctx): LogicPageRouteTableResult {
    const input = (ctx.input ?? {}) as GetRouteTableListInput;
    checkKeywordType(input.keywordType, ['tableId', 'name']);
    const items = ctx.state
      .list<RouteTableRecord>('routeTable')
      .filter((t) => !input.regionId || t.regionId === input.regionId)
      .filter((t) => !input.vpcId || t.vpcId === input.vpcId)
      .filter((t) => matchesKeyword(t, input.keywordType, input.keyword, ['tableId', 'name']))
      .map((t) => ({ ...tableView(ctx.state, t), createdTime: t.createdTime }));
    const page = pageNewestFirst(items, input);
    return { ...page, result: page.result.map(({ createdTime: _, ...view }) => view) };
  },

  GetRouteTableDetail(ctx): GetRouteTableDetailResult {
    const table = mustGet<RouteTableRecord>(ctx.state, 'routeTable', ctx.path.tableId!, 'route table');
    return { result: true, action: 'detail', details: { routeTableVo: tableView(ctx.state, table) } };
  },

  CreateRouteRule(ctx): CreateRouteRuleResult {
    const input = ctx.input as Partial<CreateRouteRuleRequest>;
    if (!input.tableId) throw badRequest('Invalid tableId: is required.');
    const table = mustGet<RouteTableRecord>(ctx.state, 'routeTable', input.tableId, 'route table');
    const ipVersion = input.ipVersion ?? 4;
    if (ipVersion !== 4 && ipVersion !== 6) throw badRequest('Invalid ipVersion: must be 4 or 6.');
    const source = checkRuleAddress('sourceAddress', input.sourceAddress, ipVersion);
    checkRuleAddress('destinationAddress', input.destinationAddress, ipVersion);
    const vpc = ctx.state.get<VpcRecord>('vpc', table.vpcId);
    const vpcCidr = vpc ? parseCidr(vpc.cidr) : undefined;
    if (source && source.prefix !== 0 && vpcCidr && !cidrContains(vpcCidr, source)) {
      throw badRequest(`Invalid sourceAddress: must be 0.0.0.0/0 or a block inside the VPC's CIDR ${vpc?.cidr ?? ''}.`);
    }
    const routeType = (input.routeType || 'CUSTOM').toUpperCase();
    if (routeType === SYSTEM_ROUTE_TYPE) throw badRequest('Invalid routeType: SYSTEM routes are managed by BEC.');
    if (!input.nexthop) throw badRequest('Invalid nexthop: is required.');
    if (routeType === 'CUSTOM') {
      const vm = mustGet(ctx.state, 'vmInstance', input.nexthop, 'VM instance');
      if (vm.vpcId !== table.vpcId) {
        throw badRequest(`Invalid nexthop: the VM instance ${input.nexthop} is not in the VPC ${table.vpcId}.`);
      }
    }
    const duplicate = ctx.state
      .list<RouteRuleRecord>('routeRule')
      .find(
        (r) =>
          r.tableId === table.tableId &&
          r.sourceAddress === input.sourceAddress &&
          r.destinationAddress === input.destinationAddress,
      );
    if (duplicate) {
      throw denied(
        `The route table ${table.tableId} already has a rule from ${input.sourceAddress} to ${input.destinationAddress} (${duplicate.ruleId}).`,
      );
    }
    const ruleId = ctx.ids.next('rtr-', 12);
    const rule = ctx.state.put<RouteRuleRecord>('routeRule', ruleId, {
      ruleId,
      tableId: table.tableId,
      ipVersion,
      sourceAddress: `${input.sourceAddress}`,
      destinationAddress: `${input.destinationAddress}`,
      nexthop: input.nexthop,
      routeType,
      description: input.description ?? '',
      status: ACTIVE,
      createdTime: now(ctx),
    });
    return { result: true, action: 'create', details: ruleView(rule) };
  },

  GetRouteRuleList(ctx): LogicPageRouteRuleResult {
    const input = (ctx.input ?? {}) as GetRouteRuleListInput;
    const table = mustGet<RouteTableRecord>(ctx.state, 'routeTable', ctx.path.tableId!, 'route table');
    const items = ctx.state
      .list<RouteRuleRecord>('routeRule')
      .filter((r) => r.tableId === table.tableId)
      .map((r) => ({ ...ruleView(r), createdTime: r.createdTime }));
    const page = pageNewestFirst(items, input);
    return { ...page, result: page.result.map(({ createdTime: _, ...view }) => view) };
  },

  DeleteRouteRule(ctx): RouteCommonResult {
    const ruleId = ctx.path.ruleId!;
    const rule = mustGet<RouteRuleRecord>(ctx.state, 'routeRule', ruleId, 'route rule');
    if (rule.routeType === SYSTEM_ROUTE_TYPE) {
      throw denied(`The route rule ${ruleId} is the VPC's system route and cannot be deleted.`);
    }
    ctx.state.delete('routeRule', ruleId);
    return { result: true, action: 'delete', details: { ruleId } };
  },
};
