/**
 * Application BLBs (kind `appBlb`) and what hangs off them: listeners, IP groups with their
 * policies and members, listener policies. Records, limits and lookups.
 */
import type { HandlerContext } from '../../core/handler.js';
import { paginateByMarker } from '../../core/paging.js';
import { mustGet } from '../../core/records.js';
import { badRequest, denied, notFound } from '../../errors.js';
import type { StoredRecord, Transaction } from '../../store.js';

/** Stored application BLB (kind `appBlb`). Status: PENDING -> RUNNING; DELETING -> gone. */
export interface AppBlbRecord extends StoredRecord {
  blbId: string;
  name: string;
  desc: string;
  regionId: string;
  /** '' when the BLB was created without a VPC. */
  vpcId: string;
  subnetId: string;
  /** Internal address, from the subnet when there is one. */
  address: string;
  /** '' without a public IP. */
  publicIp: string;
  needPublicIp: boolean;
  subServiceProviders: string[];
  status: string;
  createTime: string;
}

export type Protocol = 'TCP' | 'UDP';

/** Stored listener (kind `appBlbListener`), id `<blbId>/<TCP|UDP>/<port>`. */
export interface AppBlbListenerRecord extends StoredRecord {
  id: string;
  blbId: string;
  protocol: Protocol;
  listenerPort: number;
  scheduler: string;
  /** tcpSessionTimeout or udpSessionTimeout, in seconds. */
  sessionTimeout: number;
  createTime: string;
}

/** Stored IP group (kind `ipGroup`). */
export interface IpGroupRecord extends StoredRecord {
  id: string;
  blbId: string;
  name: string;
  desc: string;
  createTime: string;
}

/** Stored IP-group backend (health-check) policy (kind `ipGroupPolicy`). */
export interface IpGroupPolicyRecord extends StoredRecord {
  id: string;
  blbId: string;
  ipGroupId: string;
  type: string;
  healthCheck: string;
  healthCheckHost: string;
  healthCheckNormalStatus: string;
  healthCheckUrlPath: string;
  healthCheckDownRetry: number;
  healthCheckIntervalInSecond: number;
  healthCheckPort: number;
  healthCheckTimeoutInSecond: number;
  healthCheckUpRetry: number;
  udpHealthCheckString: string;
}

/** Stored IP-group member (kind `ipGroupMember`). */
export interface IpGroupMemberRecord extends StoredRecord {
  memberId: string;
  blbId: string;
  ipGroupId: string;
  ip: string;
  port: number;
  weight: number;
}

/** Stored listener policy (kind `listenerPolicy`): binds an IP group to a listener. */
export interface ListenerPolicyRecord extends StoredRecord {
  id: string;
  blbId: string;
  type: Protocol;
  frontendPort: number;
  appIpGroupId: string;
  desc: string;
  priority: number;
}

export const KIND = 'appBlb';
export const RUNNING = 'RUNNING';

/** Defaults of Baidu's application BLB (seconds). */
export const DEFAULT_TCP_SESSION_TIMEOUT = 900;
export const DEFAULT_UDP_SESSION_TIMEOUT = 90;
export const DEFAULT_MEMBER_WEIGHT = 100;

/** Backend policy `type` -> the health checks it allows (the first is the default). */
export const HEALTH_CHECKS: Readonly<Record<string, readonly string[]>> = {
  TCP: ['TCP', 'HTTP'],
  UDP: ['UDP', 'ICMP'],
  HTTP: ['HTTP', 'TCP'],
};

/** First octet of generated public IPs per carrier (cosmetic). */
export const PUBLIC_OCTET: Readonly<Record<string, number>> = { cm: 120, ct: 180, un: 123, ix: 106 };

export function blbOf(ctx: HandlerContext): AppBlbRecord {
  return mustGet<AppBlbRecord>(ctx.state, KIND, ctx.path.blbId!, 'app BLB');
}

/** The BLB, which must be RUNNING for configuration changes (409 while PENDING or DELETING). */
export function runningBlb(ctx: HandlerContext): AppBlbRecord {
  const blb = blbOf(ctx);
  if (blb.status !== RUNNING) {
    throw denied(`The app BLB ${blb.blbId} is ${blb.status}; it can be changed only when ${RUNNING}.`);
  }
  return blb;
}

export function ipGroupOf(state: Transaction, blb: AppBlbRecord, ipGroupId: string | undefined): IpGroupRecord {
  if (!ipGroupId) throw badRequest('Invalid ipGroupId: is required.');
  const group = state.get<IpGroupRecord>('ipGroup', ipGroupId);
  if (!group || group.blbId !== blb.blbId) throw notFound('IP group', ipGroupId);
  return group;
}

export function listenerId(blbId: string, protocol: Protocol, port: number): string {
  return `${blbId}/${protocol}/${port}`;
}

export function listenersOf(state: Transaction, blbId: string): AppBlbListenerRecord[] {
  return state
    .list<AppBlbListenerRecord>('appBlbListener')
    .filter((l) => l.blbId === blbId)
    .sort((a, b) => a.listenerPort - b.listenerPort || a.protocol.localeCompare(b.protocol));
}

export function protocolOf(field: string, value: string | undefined): Protocol {
  const p = (value ?? '').toUpperCase();
  if (p !== 'TCP' && p !== 'UDP') throw badRequest(`Invalid ${field}: must be "TCP" or "UDP".`);
  return p;
}

/** v2 marker paging over items whose marker is `key(item)`. */
export function markerPage<T>(
  items: readonly T[],
  key: (item: T) => string,
  query: { marker?: string | undefined; maxKeys?: number | undefined },
) {
  const page = paginateByMarker(
    items.map((item) => ({ key: key(item), item })),
    'key',
    query,
  );
  return {
    items: page.items.map((w) => w.item),
    marker: page.marker,
    maxKeys: page.maxKeys,
    isTruncated: page.isTruncated,
    nextMarker: page.nextMarker,
  };
}

export function policiesOf(state: Transaction, ipGroupId: string): IpGroupPolicyRecord[] {
  return state.list<IpGroupPolicyRecord>('ipGroupPolicy').filter((p) => p.ipGroupId === ipGroupId);
}

export function membersOf(state: Transaction, ipGroupId: string): IpGroupMemberRecord[] {
  return state.list<IpGroupMemberRecord>('ipGroupMember').filter((m) => m.ipGroupId === ipGroupId);
}
