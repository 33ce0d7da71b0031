/**
 * Networks (kinds `vpc`, `subnet`, `routeTable`, `routeRule`): records, limits, list paging and
 * what keeps a VPC or subnet in use.
 */
import type { Tag } from 'bec-sdk';
import { type Page, paginate } from '../../core/paging.js';
import { badRequest } from '../../errors.js';
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
export const ACTIVE = 'ACTIVE';
/** v1 list limits: these lists are not in the documented table; they get the common 1-1000 (default 1000). */
export const LIST_LIMITS = { maxPageSize: 1000 };

/**
 * v1 paging of views, newest first (`createdTime` has one-second resolution, so the list is
 * reversed from creation order before the stable sort: records of the same second stay newest first).
 */
export function pageNewestFirst<T extends { createdTime: string }>(
  items: readonly T[],
  input: { pageNo?: number | undefined; pageSize?: number | undefined },
): Page<T> {
  return paginate(
    [...items].reverse(),
    { pageNo: input.pageNo, pageSize: input.pageSize, orderBy: 'createdTime' },
    LIST_LIMITS,
  );
}

export function checkKeywordType(keywordType: string | undefined, allowed: readonly string[]): void {
  if (keywordType && !allowed.includes(keywordType)) {
    throw badRequest(`Invalid keywordType: must be one of ${allowed.join(', ')}.`);
  }
}

export function vpcUsers(state: Transaction, vpcId: string): string[] {
  const reasons: string[] = [];
  const subnets = state.list<SubnetRecord>('subnet').filter((s) => s.vpcId === vpcId).length;
  if (subnets) reasons.push(`${subnets} subnet(s)`);
  const blbs = state.list('appBlb').filter((b) => b.vpcId === vpcId).length;
  if (blbs) reasons.push(`${blbs} app BLB(s)`);
  const vms = state.list('vmInstance').filter((v) => v.vpcId === vpcId).length;
  if (vms) reasons.push(`${vms} VM instance(s)`);
  return reasons;
}

export function subnetUsers(state: Transaction, subnetId: string): string[] {
  const reasons: string[] = [];
  const vms = state.list('vmInstance').filter((v) => v.subnetId === subnetId).length;
  if (vms) reasons.push(`${vms} VM instance(s)`);
  const blbs = state.list('appBlb').filter((b) => b.subnetId === subnetId).length;
  if (blbs) reasons.push(`${blbs} app BLB(s)`);
  return reasons;
}
