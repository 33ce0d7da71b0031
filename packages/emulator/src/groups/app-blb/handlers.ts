import type {
  AppBlbDetails,
  AppBlbListResponse,
  AppIpGroupDetail,
  BackendPolicy,
  BlbIpGroupMember,
  BlbIpGroupMemberDetail,
  BlbListenerPolicy,
  CreateAppBlbPoliciesRequest,
  CreateAppBlbRequest,
  CreateAppBlbResponse,
  CreateBecAppBlbTcpListenerRequest,
  CreateBecAppBlbUdpListenerRequest,
  CreateBlbIpGroupBackendPolicyRequest,
  CreateBlbIpGroupBackendPolicyResponse,
  CreateBlbIpGroupMemberRequest,
  CreateBlbIpGroupMemberResponse,
  CreateBlbIpGroupRequest,
  CreateBlbIpGroupResponse,
  DeleteAppBlbPoliciesRequest,
  DeleteBlbIpGroupBackendMemberRequest,
  DeleteBlbIpGroupBackendPolicyRequest,
  DeleteBlbIpGroupRequest,
  DeleteBlbListenerRequest,
  GetBecAppBlbTcpListenerResponse,
  GetBecAppBlbUdpListenerResponse,
  GetBlbIpGroupListResponse,
  GetBlbIpGroupMemberListResponse,
  GetBlbIpGroupPolicyListResponse,
  GetBlbListenerPolicyResponse,
  GetIpGroupInput,
  GetIpGroupMemberListInput,
  GetIpGroupPolicyListInput,
  GetListenerPolicyInput,
  GetTcpListenerInput,
  ModifyBecBlbRequest,
  UpdateBlbIpGroupBackendPolicyRequest,
  UpdateBlbIpGroupMemberRequest,
  UpdateBlbIpGroupRequest,
  UpdateTcpListenerInput,
  UpdateUdpListenerInput,
} from 'bec-sdk';
import { lowestFreeAddress } from '../../core/addresses.js';
import type { HandlerContext, HandlerTable } from '../../core/handler.js';
import { isIpv4 } from '../../core/ipv4.js';
import { paginateByMarker } from '../../core/paging.js';
import { mustGet, now } from '../../core/records.js';
import { badRequest, denied, notFound } from '../../errors.js';
import { Inventory } from '../../inventory.js';
import type { StoredRecord, Transaction } from '../../store.js';
import type { SubnetRecord, VpcRecord } from '../network/handlers.js';

// ---------------------------------------------------------------- records

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

type Protocol = 'TCP' | 'UDP';

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

const KIND = 'appBlb';
const RUNNING = 'RUNNING';

/** Defaults of Baidu's application BLB (seconds). */
const DEFAULT_TCP_SESSION_TIMEOUT = 900;
const DEFAULT_UDP_SESSION_TIMEOUT = 90;
const DEFAULT_MEMBER_WEIGHT = 100;

/** Backend policy `type` -> the health checks it allows (the first is the default). */
const HEALTH_CHECKS: Readonly<Record<string, readonly string[]>> = {
  TCP: ['TCP', 'HTTP'],
  UDP: ['UDP', 'ICMP'],
  HTTP: ['HTTP', 'TCP'],
};

/** First octet of generated public IPs per carrier (cosmetic). */
const PUBLIC_OCTET: Readonly<Record<string, number>> = { cm: 120, ct: 180, un: 123, ix: 106 };

// ---------------------------------------------------------------- helpers

function blbOf(ctx: HandlerContext): AppBlbRecord {
  return mustGet<AppBlbRecord>(ctx.state, KIND, ctx.path.blbId!, 'app BLB');
}

/** The BLB, which must be RUNNING for configuration changes (409 while PENDING or DELETING). */
function runningBlb(ctx: HandlerContext): AppBlbRecord {
  const blb = blbOf(ctx);
  if (blb.status !== RUNNING) {
    throw denied(`The app BLB ${blb.blbId} is ${blb.status}; it can be changed only when ${RUNNING}.`);
  }
  return blb;
}

function ipGroupOf(state: Transaction, blb: AppBlbRecord, ipGroupId: string | undefined): IpGroupRecord {
  if (!ipGroupId) throw badRequest('Invalid ipGroupId: is required.');
  const group = state.get<IpGroupRecord>('ipGroup', ipGroupId);
  if (!group || group.blbId !== blb.blbId) throw notFound('IP group', ipGroupId);
  return group;
}

function listenerId(blbId: string, protocol: Protocol, port: number): string {
  return `${blbId}/${protocol}/${port}`;
}

function listenersOf(state: Transaction, blbId: string): AppBlbListenerRecord[] {
  return state
    .list<AppBlbListenerRecord>('appBlbListener')
    .filter((l) => l.blbId === blbId)
    .sort((a, b) => a.listenerPort - b.listenerPort || a.protocol.localeCompare(b.protocol));
}

function protocolOf(field: string, value: string | undefined): Protocol {
  const p = (value ?? '').toUpperCase();
  if (p !== 'TCP' && p !== 'UDP') throw badRequest(`Invalid ${field}: must be "TCP" or "UDP".`);
  return p;
}

/** v2 marker paging over items whose marker is `key(item)`. */
function markerPage<T>(
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

function blbView(state: Transaction, blb: AppBlbRecord): AppBlbDetails {
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

function policyView(p: IpGroupPolicyRecord): BackendPolicy {
  return {
    healthCheck: p.healthCheck,
    healthCheckHost: p.healthCheckHost,
    healthCheckNormalStatus: p.healthCheckNormalStatus,
    healthCheckUrlPath: p.healthCheckUrlPath,
    healthCheckDownRetry: p.healthCheckDownRetry,
    healthCheckIntervalInSecond: p.healthCheckIntervalInSecond,
    healthCheckPort: p.healthCheckPort,
    healthCheckTimeoutInSecond: p.healthCheckTimeoutInSecond,
    healthCheckUpRetry: p.healthCheckUpRetry,
    id: p.id,
    type: p.type,
    udpHealthCheckString: p.udpHealthCheckString,
  };
}

function policiesOf(state: Transaction, ipGroupId: string): IpGroupPolicyRecord[] {
  return state.list<IpGroupPolicyRecord>('ipGroupPolicy').filter((p) => p.ipGroupId === ipGroupId);
}

function membersOf(state: Transaction, ipGroupId: string): IpGroupMemberRecord[] {
  return state.list<IpGroupMemberRecord>('ipGroupMember').filter((m) => m.ipGroupId === ipGroupId);
}

function memberView(m: IpGroupMemberRecord): BlbIpGroupMemberDetail {
  return { memberId: m.memberId, ip: m.ip, port: m.port, weight: m.weight };
}

/** Validates and stores new members of an IP group (409 on a duplicate ip:port). */
function addMembers(
  ctx: HandlerContext,
  blb: AppBlbRecord,
  group: IpGroupRecord,
  list: readonly BlbIpGroupMember[],
): IpGroupMemberRecord[] {
  const taken = new Set(membersOf(ctx.state, group.id).map((m) => `${m.ip}:${m.port}`));
  return list.map((m, i) => {
    if (!m.ip || !isIpv4(m.ip)) throw badRequest(`Invalid memberList[${i}].ip: must be an IPv4 address.`);
    if (!m.port) throw badRequest(`Invalid memberList[${i}].port: is required.`);
    const key = `${m.ip}:${m.port}`;
    if (taken.has(key)) throw denied(`The IP group ${group.id} already has a member ${key}.`);
    taken.add(key);
    const memberId = ctx.ids.next('bec_ip_group_member-');
    return ctx.state.put<IpGroupMemberRecord>('ipGroupMember', memberId, {
      memberId,
      blbId: blb.blbId,
      ipGroupId: group.id,
      ip: m.ip,
      port: m.port,
      weight: m.weight ?? DEFAULT_MEMBER_WEIGHT,
    });
  });
}

/** Removes an IP group and everything under it. */
function removeIpGroup(state: Transaction, ipGroupId: string): void {
  for (const m of membersOf(state, ipGroupId)) state.delete('ipGroupMember', m.memberId);
  for (const p of policiesOf(state, ipGroupId)) state.delete('ipGroupPolicy', p.id);
  state.delete('ipGroup', ipGroupId);
}

// ---------------------------------------------------------------- listeners (TCP and UDP share the logic)

type ListenerCreate = Partial<CreateBecAppBlbTcpListenerRequest & CreateBecAppBlbUdpListenerRequest>;

function timeoutOf(protocol: Protocol, input: ListenerCreate): number | undefined {
  const value = protocol === 'TCP' ? input.tcpSessionTimeout : input.udpSessionTimeout;
  if (value === undefined) return undefined;
  if (protocol === 'TCP' && (value < 10 || value > 4000)) {
    throw badRequest('Invalid tcpSessionTimeout: must be from 10 to 4000.');
  }
  if (protocol === 'UDP' && value < 1) throw badRequest('Invalid udpSessionTimeout: must be at least 1.');
  return value;
}

function listenerHandlers(protocol: Protocol): HandlerTable {
  const name = protocol === 'TCP' ? 'Tcp' : 'Udp';
  const listenerLabel = `${protocol} listener`;
  return {
    [`Create${name}Listener`](ctx): undefined {
      const input = ctx.input as ListenerCreate;
      const blb = runningBlb(ctx);
      const port = input.listenerPort;
      if (!port) throw badRequest('Invalid listenerPort: is required.');
      if (!input.scheduler) throw badRequest('Invalid scheduler: is required.');
      const id = listenerId(blb.blbId, protocol, port);
      if (ctx.state.get('appBlbListener', id)) {
        throw denied(`The app BLB ${blb.blbId} already has a ${protocol} listener on port ${port}.`);
      }
      ctx.state.put<AppBlbListenerRecord>('appBlbListener', id, {
        id,
        blbId: blb.blbId,
        protocol,
        listenerPort: port,
        scheduler: input.scheduler,
        sessionTimeout:
          timeoutOf(protocol, input) ??
          (protocol === 'TCP' ? DEFAULT_TCP_SESSION_TIMEOUT : DEFAULT_UDP_SESSION_TIMEOUT),
        createTime: now(ctx),
      });
      return undefined;
    },

    [`Update${name}Listener`](ctx): undefined {
      const input = ctx.input as (UpdateTcpListenerInput | UpdateUdpListenerInput) & ListenerCreate;
      const blb = runningBlb(ctx);
      const port = Number(input.listenerPort);
      const id = listenerId(blb.blbId, protocol, port);
      if (!ctx.state.get('appBlbListener', id)) throw notFound(listenerLabel, `${blb.blbId}:${input.listenerPort}`);
      const timeout = timeoutOf(protocol, input);
      ctx.state.update<AppBlbListenerRecord>('appBlbListener', id, (l) => {
        if (input.scheduler) l.scheduler = input.scheduler;
        if (timeout !== undefined) l.sessionTimeout = timeout;
      });
      return undefined;
    },

    [`Get${name}Listener`](ctx): GetBecAppBlbTcpListenerResponse | GetBecAppBlbUdpListenerResponse {
      const input = (ctx.input ?? {}) as GetTcpListenerInput;
      const blb = blbOf(ctx);
      const listeners = listenersOf(ctx.state, blb.blbId).filter(
        (l) => l.protocol === protocol && (!input.listenerPort || l.listenerPort === input.listenerPort),
      );
      const page = markerPage(listeners, (l) => String(l.listenerPort), input);
      const { items, ...paging } = page;
      return protocol === 'TCP'
        ? {
            ...paging,
            listenerList: items.map((l) => ({
              scheduler: l.scheduler,
              listenerPort: l.listenerPort,
              tcpSessionTimeout: l.sessionTimeout,
            })),
          }
        : {
            ...paging,
            listenerList: items.map((l) => ({
              scheduler: l.scheduler,
              listenerPort: l.listenerPort,
              udpSessionTimeout: l.sessionTimeout,
            })),
          };
    },
  };
}

// ---------------------------------------------------------------- handlers

export const appBlbHandlers: HandlerTable = {
  // -------------------------------------------------------------- instances
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

  // -------------------------------------------------------------- listeners
  ...listenerHandlers('TCP'),
  ...listenerHandlers('UDP'),

  DeleteAppBlbListener(ctx): undefined {
    const input = ctx.input as DeleteBlbListenerRequest;
    const blb = runningBlb(ctx);
    const list = input.portTypeList ?? [];
    if (list.length === 0) throw badRequest('Invalid portTypeList: is required.');
    for (const [i, entry] of list.entries()) {
      const protocol = protocolOf(`portTypeList[${i}].type`, entry.type);
      if (!entry.port) throw badRequest(`Invalid portTypeList[${i}].port: is required.`);
      const id = listenerId(blb.blbId, protocol, entry.port);
      if (!ctx.state.get('appBlbListener', id)) {
        // An entry repeated in the same request was deleted by its first occurrence.
        const seenBefore = list
          .slice(0, i)
          .some((e) => e.port === entry.port && (e.type ?? '').toUpperCase() === protocol);
        if (seenBefore) continue;
        throw notFound(`${protocol} listener`, `${blb.blbId}:${entry.port}`);
      }
      for (const p of ctx.state.list<ListenerPolicyRecord>('listenerPolicy')) {
        if (p.blbId === blb.blbId && p.type === protocol && p.frontendPort === entry.port) {
          ctx.state.delete('listenerPolicy', p.id);
        }
      }
      ctx.state.delete('appBlbListener', id);
    }
    return undefined;
  },

  // -------------------------------------------------------------- IP groups
  CreateIpGroup(ctx): CreateBlbIpGroupResponse {
    const input = ctx.input as Partial<CreateBlbIpGroupRequest>;
    const blb = runningBlb(ctx);
    if (!input.name) throw badRequest('Invalid name: is required.');
    const id = ctx.ids.next('bec_ip_group-');
    const group = ctx.state.put<IpGroupRecord>('ipGroup', id, {
      id,
      blbId: blb.blbId,
      name: input.name,
      desc: input.desc ?? '',
      createTime: now(ctx),
    });
    addMembers(ctx, blb, group, input.memberList ?? []);
    return { desc: group.desc, name: group.name, id };
  },

  UpdateIpGroup(ctx): undefined {
    const input = ctx.input as Partial<UpdateBlbIpGroupRequest>;
    const blb = runningBlb(ctx);
    const group = ipGroupOf(ctx.state, blb, input.ipGroupId);
    if (!input.name && !input.desc) throw badRequest('Invalid name: name or desc is required.');
    ctx.state.update<IpGroupRecord>('ipGroup', group.id, (g) => {
      if (input.name) g.name = input.name;
      if (input.desc) g.desc = input.desc;
    });
    return undefined;
  },

  GetIpGroup(ctx): GetBlbIpGroupListResponse {
    const input = (ctx.input ?? {}) as GetIpGroupInput;
    const blb = blbOf(ctx);
    const wanted = input.name;
    const groups = ctx.state
      .list<IpGroupRecord>('ipGroup')
      .filter((g) => g.blbId === blb.blbId)
      .filter((g) => !wanted || (input.exactlyMatch ? g.name === wanted : g.name.includes(wanted)));
    const { items, ...paging } = markerPage(groups, (g) => g.id, input);
    return {
      ...paging,
      appIpGroupList: items.map(
        (g): AppIpGroupDetail => ({
          backendPolicyList: policiesOf(ctx.state, g.id).map(policyView),
          id: g.id,
          desc: g.desc,
          name: g.name,
        }),
      ),
    };
  },

  DeleteIpGroup(ctx): undefined {
    const input = ctx.input as Partial<DeleteBlbIpGroupRequest>;
    const blb = runningBlb(ctx);
    const group = ipGroupOf(ctx.state, blb, input.ipGroupId);
    const users = ctx.state.list<ListenerPolicyRecord>('listenerPolicy').filter((p) => p.appIpGroupId === group.id);
    if (users.length) {
      throw denied(
        `The IP group ${group.id} is used by listener policies on ${users.map((p) => `${p.type}:${p.frontendPort}`).join(', ')}; delete them first.`,
      );
    }
    removeIpGroup(ctx.state, group.id);
    return undefined;
  },

  // -------------------------------------------------------------- IP group backend policies
  CreateIpGroupPolicy(ctx): CreateBlbIpGroupBackendPolicyResponse {
    const input = ctx.input as Partial<CreateBlbIpGroupBackendPolicyRequest>;
    const blb = runningBlb(ctx);
    const group = ipGroupOf(ctx.state, blb, input.ipGroupId);
    const type = (input.type ?? '').toUpperCase();
    const checks = HEALTH_CHECKS[type];
    if (!checks) throw badRequest('Invalid type: must be "TCP", "UDP" or "HTTP".');
    if (policiesOf(ctx.state, group.id).some((p) => p.type === type)) {
      throw denied(`The IP group ${group.id} already has a ${type} backend policy.`);
    }
    const healthCheck = (input.healthCheck || checks[0]!).toUpperCase();
    if (!checks.includes(healthCheck)) {
      throw badRequest(`Invalid healthCheck: a ${type} backend policy checks health with ${checks.join(' or ')}.`);
    }
    if (healthCheck === 'UDP' && !input.udpHealthCheckString) {
      throw badRequest('Invalid udpHealthCheckString: is required for UDP health checks.');
    }
    const http = healthCheck === 'HTTP';
    const id = ctx.ids.next('bec_ip_group_policy-');
    ctx.state.put<IpGroupPolicyRecord>('ipGroupPolicy', id, {
      id,
      blbId: blb.blbId,
      ipGroupId: group.id,
      type,
      healthCheck,
      healthCheckHost: input.healthCheckHost ?? '',
      healthCheckNormalStatus: input.healthCheckNormalStatus ?? (http ? 'http_2xx|http_3xx' : ''),
      healthCheckUrlPath: input.healthCheckUrlPath ?? (http ? '/' : ''),
      healthCheckDownRetry: input.healthCheckDownRetry ?? 3,
      healthCheckIntervalInSecond: input.healthCheckIntervalInSecond ?? 3,
      healthCheckPort: input.healthCheckPort ?? 0,
      healthCheckTimeoutInSecond: input.healthCheckTimeoutInSecond ?? 3,
      healthCheckUpRetry: input.healthCheckUpRetry ?? 3,
      udpHealthCheckString: input.udpHealthCheckString ?? '',
    });
    return { id };
  },

  UpdateIpGroupPolicy(ctx): undefined {
    const input = ctx.input as Partial<UpdateBlbIpGroupBackendPolicyRequest>;
    const blb = runningBlb(ctx);
    const group = ipGroupOf(ctx.state, blb, input.ipGroupId);
    const policy = input.id ? ctx.state.get<IpGroupPolicyRecord>('ipGroupPolicy', input.id) : undefined;
    if (!policy || policy.ipGroupId !== group.id) throw notFound('IP group backend policy', input.id ?? '');
    ctx.state.update<IpGroupPolicyRecord>('ipGroupPolicy', policy.id, (p) => {
      if (input.healthCheckHost !== undefined) p.healthCheckHost = input.healthCheckHost;
      if (input.healthCheckNormalStatus !== undefined) p.healthCheckNormalStatus = input.healthCheckNormalStatus;
      if (input.healthCheckUrlPath !== undefined) p.healthCheckUrlPath = input.healthCheckUrlPath;
      if (input.healthCheckDownRetry !== undefined) p.healthCheckDownRetry = input.healthCheckDownRetry;
      if (input.healthCheckIntervalInSecond !== undefined) {
        p.healthCheckIntervalInSecond = input.healthCheckIntervalInSecond;
      }
      if (input.healthCheckPort !== undefined) p.healthCheckPort = input.healthCheckPort;
      if (input.healthCheckTimeoutInSecond !== undefined) {
        p.healthCheckTimeoutInSecond = input.healthCheckTimeoutInSecond;
      }
      if (input.healthCheckUpRetry !== undefined) p.healthCheckUpRetry = input.healthCheckUpRetry;
      if (input.udpHealthCheckString !== undefined) p.udpHealthCheckString = input.udpHealthCheckString;
    });
    return undefined;
  },

  GetIpGroupPolicyList(ctx): GetBlbIpGroupPolicyListResponse {
    const input = (ctx.input ?? {}) as GetIpGroupPolicyListInput;
    const blb = blbOf(ctx);
    const group = ipGroupOf(ctx.state, blb, input.ipGroupId);
    const { items, ...paging } = markerPage(policiesOf(ctx.state, group.id), (p) => p.id, input);
    return { ...paging, backendPolicyList: items.map(policyView) };
  },

  DeleteIpGroupPolicy(ctx): undefined {
    const input = ctx.input as Partial<DeleteBlbIpGroupBackendPolicyRequest>;
    const blb = runningBlb(ctx);
    const group = ipGroupOf(ctx.state, blb, input.ipGroupId);
    const ids = [...new Set(input.backendPolicyIdList ?? [])];
    if (ids.length === 0) throw badRequest('Invalid backendPolicyIdList: is required.');
    const bindings = ctx.state.list<ListenerPolicyRecord>('listenerPolicy').filter((p) => p.appIpGroupId === group.id);
    for (const id of ids) {
      const policy = ctx.state.get<IpGroupPolicyRecord>('ipGroupPolicy', id);
      if (!policy || policy.ipGroupId !== group.id) throw notFound('IP group backend policy', id);
      const user = bindings.find((b) => b.type === policy.type);
      if (user) {
        throw denied(
          `The ${policy.type} backend policy ${id} is needed by the listener policy ${user.id} on ${user.type}:${user.frontendPort}.`,
        );
      }
      ctx.state.delete('ipGroupPolicy', id);
    }
    return undefined;
  },

  // -------------------------------------------------------------- IP group members
  CreateIpGroupMember(ctx): CreateBlbIpGroupMemberResponse {
    const input = ctx.input as Partial<CreateBlbIpGroupMemberRequest>;
    const blb = runningBlb(ctx);
    const group = ipGroupOf(ctx.state, blb, input.ipGroupId);
    if (!input.memberList?.length) throw badRequest('Invalid memberList: is required.');
    const created = addMembers(ctx, blb, group, input.memberList);
    return { memberList: created.map((m) => ({ ip: m.ip, memberId: m.memberId, port: m.port, weight: m.weight })) };
  },

  UpdateIpGroupMember(ctx): undefined {
    const input = ctx.input as Partial<UpdateBlbIpGroupMemberRequest>;
    const blb = runningBlb(ctx);
    const group = ipGroupOf(ctx.state, blb, input.ipGroupId);
    const list = input.memberList ?? [];
    if (list.length === 0) throw badRequest('Invalid memberList: is required.');
    for (const [i, change] of list.entries()) {
      const member = change.memberId ? ctx.state.get<IpGroupMemberRecord>('ipGroupMember', change.memberId) : undefined;
      if (!member || member.ipGroupId !== group.id) throw notFound('IP group member', change.memberId ?? `#${i}`);
      if (change.port !== undefined && change.port !== member.port) {
        const clash = membersOf(ctx.state, group.id).find(
          (m) => m.memberId !== member.memberId && m.ip === member.ip && m.port === change.port,
        );
        if (clash) throw denied(`The IP group ${group.id} already has a member ${member.ip}:${change.port}.`);
      }
      ctx.state.update<IpGroupMemberRecord>('ipGroupMember', member.memberId, (m) => {
        if (change.port !== undefined) m.port = change.port;
        if (change.weight !== undefined) m.weight = change.weight;
      });
    }
    return undefined;
  },

  GetIpGroupMemberList(ctx): GetBlbIpGroupMemberListResponse {
    const input = (ctx.input ?? {}) as GetIpGroupMemberListInput;
    const blb = blbOf(ctx);
    const group = ipGroupOf(ctx.state, blb, input.ipGroupId);
    const { items, ...paging } = markerPage(membersOf(ctx.state, group.id), (m) => m.memberId, input);
    return { ...paging, memberList: items.map(memberView) };
  },

  DeleteIpGroupMember(ctx): undefined {
    const input = ctx.input as Partial<DeleteBlbIpGroupBackendMemberRequest>;
    const blb = runningBlb(ctx);
    const group = ipGroupOf(ctx.state, blb, input.ipGroupId);
    const ids = [...new Set(input.memberIdList ?? [])];
    if (ids.length === 0) throw badRequest('Invalid memberIdList: is required.');
    for (const id of ids) {
      const member = ctx.state.get<IpGroupMemberRecord>('ipGroupMember', id);
      if (!member || member.ipGroupId !== group.id) throw notFound('IP group member', id);
      ctx.state.delete('ipGroupMember', id);
    }
    return undefined;
  },

  // -------------------------------------------------------------- listener policies
  CreateListenerPolicy(ctx): undefined {
    const input = ctx.input as Partial<CreateAppBlbPoliciesRequest>;
    const blb = runningBlb(ctx);
    const port = input.listenerPort;
    if (!port) throw badRequest('Invalid listenerPort: is required.');
    const listener = findListener(ctx.state, blb, port, input.type);
    const vos = input.appPolicyVos ?? [];
    if (vos.length === 0) throw badRequest('Invalid appPolicyVos: is required.');
    const existing = ctx.state
      .list<ListenerPolicyRecord>('listenerPolicy')
      .filter((p) => p.blbId === blb.blbId && p.type === listener.protocol && p.frontendPort === port);
    const groups = new Set(existing.map((p) => p.appIpGroupId));
    const priorities = new Set(existing.map((p) => p.priority));
    for (const [i, vo] of vos.entries()) {
      if (!vo.appIpGroupId) throw badRequest(`Invalid appPolicyVos[${i}].appIpGroupId: is required.`);
      if (!vo.priority) throw badRequest(`Invalid appPolicyVos[${i}].priority: is required.`);
      const group = ipGroupOf(ctx.state, blb, vo.appIpGroupId);
      if (!policiesOf(ctx.state, group.id).some((p) => p.type === listener.protocol)) {
        throw denied(
          `The IP group ${group.id} has no ${listener.protocol} backend policy; create one before binding it to a ${listener.protocol} listener.`,
        );
      }
      if (groups.has(group.id)) {
        throw denied(`The IP group ${group.id} is already bound to ${listener.protocol}:${port}.`);
      }
      if (priorities.has(vo.priority)) {
        throw denied(`The listener ${listener.protocol}:${port} already has a policy with priority ${vo.priority}.`);
      }
      groups.add(group.id);
      priorities.add(vo.priority);
      const id = ctx.ids.next('bec_policy-');
      ctx.state.put<ListenerPolicyRecord>('listenerPolicy', id, {
        id,
        blbId: blb.blbId,
        type: listener.protocol,
        frontendPort: port,
        appIpGroupId: group.id,
        desc: vo.desc ?? '',
        priority: vo.priority,
      });
    }
    return undefined;
  },

  GetListenerPolicy(ctx): GetBlbListenerPolicyResponse {
    const input = (ctx.input ?? {}) as GetListenerPolicyInput;
    const blb = blbOf(ctx);
    if (!input.port) throw badRequest('Invalid port: is required.');
    const type = input.type ? protocolOf('type', input.type) : undefined;
    if (
      !listenersOf(ctx.state, blb.blbId).some((l) => l.listenerPort === input.port && (!type || l.protocol === type))
    ) {
      throw notFound(`${type ?? 'TCP/UDP'} listener`, `${blb.blbId}:${input.port}`);
    }
    const policies = ctx.state
      .list<ListenerPolicyRecord>('listenerPolicy')
      .filter((p) => p.blbId === blb.blbId && p.frontendPort === input.port && (!type || p.type === type))
      .sort((a, b) => a.priority - b.priority);
    const { items, ...paging } = markerPage(policies, (p) => p.id, input);
    return {
      ...paging,
      policyList: items.map(
        (p): BlbListenerPolicy => ({
          appIpGroupId: p.appIpGroupId,
          appIpGroupName: ctx.state.get<IpGroupRecord>('ipGroup', p.appIpGroupId)?.name ?? '',
          desc: p.desc,
          type: p.type,
          id: p.id,
          frontendPort: p.frontendPort,
          priority: p.priority,
          // Layer-4 listeners match all traffic.
          ruleList: [{ key: '*', value: '*' }],
        }),
      ),
    };
  },

  DeleteListenerPolicy(ctx): undefined {
    const input = ctx.input as Partial<DeleteAppBlbPoliciesRequest>;
    const blb = runningBlb(ctx);
    if (!input.port) throw badRequest('Invalid port: is required.');
    const listener = findListener(ctx.state, blb, input.port, input.type);
    const ids = [...new Set(input.policyIdList ?? [])];
    if (ids.length === 0) throw badRequest('Invalid policyIdList: is required.');
    for (const id of ids) {
      const policy = ctx.state.get<ListenerPolicyRecord>('listenerPolicy', id);
      if (
        !policy ||
        policy.blbId !== blb.blbId ||
        policy.frontendPort !== listener.listenerPort ||
        policy.type !== listener.protocol
      ) {
        throw notFound('listener policy', id);
      }
      ctx.state.delete('listenerPolicy', id);
    }
    return undefined;
  },
};

/**
 * The listener a policy call names: by port and protocol, or by port alone when there is only one
 * listener on it (TCP first otherwise). 404 when there is none.
 */
function findListener(
  state: Transaction,
  blb: AppBlbRecord,
  port: number,
  type: string | undefined,
): AppBlbListenerRecord {
  const protocols: Protocol[] = type ? [protocolOf('type', type)] : ['TCP', 'UDP'];
  for (const protocol of protocols) {
    const listener = state.get<AppBlbListenerRecord>('appBlbListener', listenerId(blb.blbId, protocol, port));
    if (listener) return listener;
  }
  throw notFound(`${type ? protocols[0] : 'TCP/UDP'} listener`, `${blb.blbId}:${port}`);
}
