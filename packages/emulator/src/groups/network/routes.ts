/**
 * Route tables (one per VPC) and their rules.
 */
import type {
  CreateRouteRuleRequest,
  CreateRouteRuleResult,
  GetRouteRuleListInput,
  GetRouteTableDetailResult,
  GetRouteTableListInput,
  LogicPageRouteRuleResult,
  LogicPageRouteTableResult,
  RouteCommonResult,
  RouteRuleView,
  RouteTableDetailView,
  UpdateRouteTableRequest,
  UpdateRouteTableResult,
} from 'bec-sdk';
import type { HandlerTable } from '../../core/handler.js';
import { type Cidr, cidrContains, parseCidr, requireCidr } from '../../core/ipv4.js';
import { matchesKeyword, mustGet, now } from '../../core/records.js';
import { badRequest, denied } from '../../errors.js';
import type { Transaction } from '../../store.js';
import {
  ACTIVE,
  checkKeywordType,
  pageNewestFirst,
  type RouteRuleRecord,
  type RouteTableRecord,
  SYSTEM_ROUTE_TYPE,
  type VpcRecord,
} from './records.js';

export function tableView(state: Transaction, table: RouteTableRecord): RouteTableDetailView {
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

export function ruleView(rule: RouteRuleRecord): RouteRuleView {
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

export const IPV6_CIDR = /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*\/(?:12[0-8]|1[01]\d|[1-9]?\d)$/;

export function checkRuleAddress(field: string, text: string | undefined, ipVersion: number): Cidr | undefined {
  if (ipVersion === 6) {
    if (!text || !IPV6_CIDR.test(text)) throw badRequest(`Invalid ${field}: an IPv6 CIDR block is required.`);
    return undefined;
  }
  return requireCidr(field, text);
}

/** Route tables and route rules. */
export const routeHandlers: HandlerTable = {
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
