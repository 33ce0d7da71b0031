/**
 * Placement: which edge node a resource runs on and in which network (classic, or a VPC and
 * subnet of the account that must exist in the node's region). Used by the VM, container and
 * BLB groups.
 */
import type { DeploymentInstance } from 'bec-sdk';
import { badRequest, notFound } from '../errors.js';
import type { EdgeNode } from '../inventory.js';
import type { HandlerContext } from './handler.js';

/** Where a VM instance or a container deployment runs: its edge node and its network. */
export interface NodePlacement {
  regionId: string;
  region: string;
  city: string;
  serviceProvider: string;
  /** `classic` or `vpc`. */
  networkType: string;
  /** '' for classic networking. */
  vpcId: string;
  subnetId: string;
}

// VM deployments (`deployInstances` of VM services)

/** The node of a deployInstances entry, or 400. */
function deployNodeOf(ctx: HandlerContext, entry: DeploymentInstance): EdgeNode {
  const node = ctx.inventory.resolve({
    regionId: entry.regionId,
    region: entry.region,
    city: entry.city,
    serviceProvider: entry.serviceProvider,
  });
  if (!node) {
    const where = entry.regionId || [entry.region, entry.city, entry.serviceProvider].filter(Boolean).join('/');
    throw badRequest(
      `Invalid deployInstances: unknown edge node "${where}" (give a regionId, or city and serviceProvider).`,
    );
  }
  if (!node.capability.includes('vm')) {
    throw badRequest(`Invalid deployInstances: the edge node ${node.regionId} does not offer vm.`);
  }
  return node;
}

export interface Placement {
  node: EdgeNode;
  networkType: string;
  vpcId: string;
  subnetId: string;
}

/** The node and network of a deployInstances entry: vpc and subnet must exist (404) and match. */
export function resolvePlacement(ctx: HandlerContext, entry: DeploymentInstance): Placement {
  const node = deployNodeOf(ctx, entry);
  const vpcId = entry.vpcId ?? '';
  let subnetId = entry.subnetId ?? '';
  const networkType = entry.networkType || (vpcId || subnetId ? 'vpc' : 'classic');
  if (networkType === 'classic') {
    if (vpcId || subnetId) throw badRequest('Invalid networkType: vpcId and subnetId need networkType "vpc".');
    return { node, networkType, vpcId: '', subnetId: '' };
  }
  if (!vpcId) {
    if (subnetId) throw badRequest('Invalid vpcId: required when subnetId is given.');
    // "With vpc and no vpcId/subnetId, the default VPC and subnet are used" - when there is one.
    const vpc = ctx.state.find('vpc', (v) => v.isDefault === true && v.regionId === node.regionId);
    const subnet = vpc
      ? (ctx.state.find('subnet', (s) => s.vpcId === vpc.vpcId && s.isDefault === true) ??
        ctx.state.find('subnet', (s) => s.vpcId === vpc.vpcId))
      : undefined;
    if (!vpc || !subnet) return { node, networkType, vpcId: '', subnetId: '' };
    return { node, networkType, vpcId: String(vpc.vpcId), subnetId: String(subnet.subnetId) };
  }
  const vpc = ctx.state.get('vpc', vpcId);
  if (!vpc) throw notFound('VPC', vpcId);
  if (typeof vpc.regionId === 'string' && vpc.regionId && vpc.regionId !== node.regionId) {
    throw badRequest(`Invalid vpcId: the VPC ${vpcId} is in ${vpc.regionId}, not in ${node.regionId}.`);
  }
  if (!subnetId) {
    const first = ctx.state.find('subnet', (s) => s.vpcId === vpcId);
    if (!first) throw badRequest(`Invalid subnetId: required, and the VPC ${vpcId} has no subnet.`);
    subnetId = String(first.subnetId);
  }
  const subnet = ctx.state.get('subnet', subnetId);
  if (!subnet) throw notFound('subnet', subnetId);
  if (subnet.vpcId !== vpcId) throw badRequest(`Invalid subnetId: the subnet ${subnetId} is not in the VPC ${vpcId}.`);
  return { node, networkType, vpcId, subnetId };
}

// Container deployments and load balancers

export interface Location {
  regionId?: string | undefined;
  region?: string | undefined;
  city?: string | undefined;
  serviceProvider?: string | undefined;
}

/**
 * The edge node of a `regionId` or of `region`/`city`/`serviceProvider`, offering `capability`
 * (`container`, `lb`, ...); 400 when there is none.
 */
export function resolveNode(ctx: HandlerContext, where: Location, capability: string, label: string): EdgeNode {
  if (!where.regionId && (!where.city || !where.serviceProvider)) {
    throw badRequest(`Invalid ${label}: give a regionId, or a city and a serviceProvider.`);
  }
  const node = ctx.inventory.resolve(where);
  const shown = where.regionId || [where.region, where.city, where.serviceProvider].filter(Boolean).join('/');
  if (!node) throw badRequest(`Invalid ${label}: there is no edge node ${shown}.`);
  if (where.regionId) {
    const contradicts = (given: string | undefined, actual: string) =>
      given !== undefined && given !== '' && given.toUpperCase() !== actual.toUpperCase();
    if (
      contradicts(where.region, node.region) ||
      contradicts(where.city, node.city) ||
      contradicts(where.serviceProvider, node.serviceProvider)
    ) {
      throw badRequest(
        `Invalid ${label}: regionId ${where.regionId} is ${node.region}/${node.city}/${node.serviceProvider}.`,
      );
    }
  }
  if (!node.capability.includes(capability)) {
    throw badRequest(`Invalid ${label}: the edge node ${node.regionId} does not offer ${capability}.`);
  }
  return node;
}

export interface NetworkChoice {
  networkType: string;
  vpcId: string;
  subnetId: string;
}

/** `networkType` classic (default) or vpc; a given VPC and subnet must exist in the node's region. */
export function checkNetwork(
  ctx: HandlerContext,
  where: { networkType?: string | undefined; vpcId?: string | undefined; subnetId?: string | undefined },
  node: EdgeNode,
  label: string,
): NetworkChoice {
  const networkType = where.networkType || (where.vpcId ? 'vpc' : 'classic');
  const vpcId = where.vpcId ?? '';
  const subnetId = where.subnetId ?? '';
  if (networkType === 'classic' && (vpcId || subnetId)) {
    throw badRequest(`Invalid ${label}: vpcId and subnetId need networkType "vpc".`);
  }
  if (vpcId) {
    const vpc = ctx.state.get('vpc', vpcId);
    if (!vpc) throw notFound('VPC', vpcId);
    if (typeof vpc.regionId === 'string' && vpc.regionId !== node.regionId) {
      throw badRequest(`Invalid ${label}: the VPC ${vpcId} is in ${vpc.regionId}, not in ${node.regionId}.`);
    }
  }
  if (subnetId) {
    if (!vpcId) throw badRequest(`Invalid ${label}: a subnetId needs its vpcId.`);
    const subnet = ctx.state.get('subnet', subnetId);
    if (!subnet) throw notFound('subnet', subnetId);
    if (subnet.vpcId !== vpcId)
      throw badRequest(`Invalid ${label}: the subnet ${subnetId} is not in the VPC ${vpcId}.`);
  }
  return { networkType, vpcId, subnetId };
}
