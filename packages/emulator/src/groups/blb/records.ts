import type { LbMode, Protocol, Tag } from 'bec-sdk';
import { BINDING, type BindingRecord } from '../../core/backends.js';
import type { HandlerContext } from '../../core/handler.js';
import { denied, notFound } from '../../errors.js';
import type { StoredRecord } from '../../store.js';

/**
 * Stored shapes of the classic load balancer (kinds `blb`, `blbListener`, `blbBinding`). The
 * container handlers read bindings to refuse deleting services whose pods are bound.
 */

/** Kind `blb`. `status`: PENDING (being created), RUNNING, BINDING (backends being bound). */
export interface BlbRecord extends StoredRecord {
  blbId: string;
  blbName: string;
  status: string;
  lbType: 'container' | 'vm';
  region: string;
  city: string;
  serviceProvider: string;
  regionId: string;
  needPublicIp: boolean;
  publicIp: string;
  cmPublicIP: string;
  ctPublicIP: string;
  unPublicIP: string;
  internalIp: string;
  bandwidthInMbpsLimit: number;
  paymentMethod: string;
  networkType: string;
  vpcId: string;
  subnetId: string;
  subServiceProviders: string[];
  tags: Tag[];
  createTime: string;
}

export interface HealthCheckRecord {
  timeoutInSeconds: number;
  intervalInSeconds: number;
  unhealthyThreshold: number;
  healthyThreshold: number;
  healthCheckString: string;
  healthCheckType: string;
}

/** What a listener is configured with (the request side of a `blbListener` record). */
export interface ListenerSpec {
  protocol: Protocol;
  port: number;
  backendPort: number;
  scheduler: LbMode;
  keepaliveTimeout: number;
  enableCipTTM: boolean;
  enableVipTTM: boolean;
  healthCheck: HealthCheckRecord;
}

/** Kind `blbListener` ("monitor port"), keyed `<blbId>/<protocol>/<port>`. */
export interface ListenerRecord extends StoredRecord, ListenerSpec {
  listenerId: string;
  blbId: string;
  createTime: string;
}

export function listenerKey(blbId: string, protocol: string, port: number): string {
  return `${blbId}/${protocol}/${port}`;
}

export const BLB = 'blb';
export const LISTENER = 'blbListener';

/** GET /v1/blb, /monitor, /binding and /binded: pageSize 1-1000, default 1000 (0kbt1ccvz, pkbt1dfv2, Ukbt1fnrt, Ckbt1enxy). */
export const LIST_LIMITS = { maxPageSize: 1000, defaultPageSize: 1000 };
export const BLB_SORTABLE = ['createTime', 'blbName', 'blbId', 'status', 'bandwidthInMbpsLimit'];
/** Emulator quota: load balancers created by one BatchCreateBlb call. */
export const MAX_BATCH_BLBS = 100;
/** Weight of a backend bound without one. */
export const DEFAULT_WEIGHT = 100;
export const MAX_WEIGHT = 100;

// Lookups

export function mustGetBlb(ctx: HandlerContext, blbId: string): BlbRecord {
  const blb = ctx.state.get<BlbRecord>(BLB, blbId);
  if (!blb) throw notFound('load balancer', blbId);
  return blb;
}

/** A load balancer that can be configured: not while it is still being created. */
export function configurableBlb(ctx: HandlerContext, blbId: string): BlbRecord {
  const blb = mustGetBlb(ctx, blbId);
  if (blb.status === 'PENDING') throw denied(`The load balancer ${blbId} is still being created (PENDING).`);
  return blb;
}

export function listenersOf(ctx: HandlerContext, blbId: string): ListenerRecord[] {
  return ctx.state
    .list<ListenerRecord>(LISTENER)
    .filter((l) => l.blbId === blbId)
    .sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

export function bindingsOf(ctx: HandlerContext, blbId: string): BindingRecord[] {
  return ctx.state.list<BindingRecord>(BINDING).filter((b) => b.blbId === blbId);
}

export function blbIdDetails(blbId: string): Record<string, string> {
  return { blbId };
}
