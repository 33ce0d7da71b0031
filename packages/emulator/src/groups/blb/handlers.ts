import type {
  Backends,
  BatchCreateBlbArgs,
  BatchCreateBlbMonitorArg,
  BatchCreateBlbMonitorResult,
  BatchCreateBlbResult,
  BatchDeleteBlbResult,
  BlbBackendPodBriefVo,
  BlbInstanceVo,
  BlbMonitorArgs,
  BlbMonitorListResult,
  BlbMonitorResult,
  CreateBlbArgs,
  CreateBlbBindingArgs,
  CreateBlbBindingResult,
  CreateBlbResult,
  DeleteBlbBindPodArgs,
  DeleteBlbBindPodResult,
  DeleteBlbResult,
  GetBlbBackendBindingStsListInput,
  GetBlbBackendBindingStsListResult,
  GetBlbBackendPodListInput,
  GetBlbBackendPodListResult,
  GetBlbBindingPodListWithStsInput,
  GetBlbListInput,
  GetBlbListResult,
  GetBlbMetricsInput,
  GetBlbMonitorPortDetailsInput,
  GetBlbMonitorPortListInput,
  HealthCheck,
  LbDeployPo,
  Listeners,
  Port,
  ServiceMetricsResult,
  Tag,
  UpdateBindPodWeightArgs,
  UpdateBindPodWeightResult,
  UpdateBlbArgs,
  UpdateBlbResult,
} from 'bec-sdk';
import type { HandlerContext, HandlerTable } from '../../core/handler.js';
import { metricSeries } from '../../core/metrics.js';
import { pageFieldsWithOrders, paginate } from '../../core/paging.js';
import { checkNetwork, type NetworkChoice, resolveNode } from '../../core/placement.js';
import { freshId, perId } from '../../core/records.js';
import { badRequest, denied, limitExceeded, notFound } from '../../errors.js';
import type { EdgeNode } from '../../inventory.js';
import {
  type ContainerServiceRecord,
  type DeploymentRecord,
  type PodRecord,
  podResources,
  podsOfDeployment,
} from '../container/records.js';
import {
  type BindingRecord,
  type BlbRecord,
  bindingKey,
  type HealthCheckRecord,
  type ListenerRecord,
  type ListenerSpec,
  listenerKey,
} from './records.js';

const BLB = 'blb';
const LISTENER = 'blbListener';
const BINDING = 'blbBinding';

/** GET /v1/blb, /monitor, /binding and /binded: pageSize 1-1000, default 1000 (0kbt1ccvz, pkbt1dfv2, Ukbt1fnrt, Ckbt1enxy). */
const LIST_LIMITS = { maxPageSize: 1000, defaultPageSize: 1000 };
const BLB_SORTABLE = ['createTime', 'blbName', 'blbId', 'status', 'bandwidthInMbpsLimit'];
/** Emulator quota: load balancers created by one BatchCreateBlb call. */
export const MAX_BATCH_BLBS = 100;
/** Weight of a backend bound without one. */
const DEFAULT_WEIGHT = 100;
const MAX_WEIGHT = 100;

// ---------------------------------------------------------------------------------------------
// Load balancers

function mustGetBlb(ctx: HandlerContext, blbId: string): BlbRecord {
  const blb = ctx.state.get<BlbRecord>(BLB, blbId);
  if (!blb) throw notFound('load balancer', blbId);
  return blb;
}

/** A load balancer that can be configured: not while it is still being created. */
function configurableBlb(ctx: HandlerContext, blbId: string): BlbRecord {
  const blb = mustGetBlb(ctx, blbId);
  if (blb.status === 'PENDING') throw denied(`The load balancer ${blbId} is still being created (PENDING).`);
  return blb;
}

function listenersOf(ctx: HandlerContext, blbId: string): ListenerRecord[] {
  return ctx.state
    .list<ListenerRecord>(LISTENER)
    .filter((l) => l.blbId === blbId)
    .sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

function bindingsOf(ctx: HandlerContext, blbId: string): BindingRecord[] {
  return ctx.state.list<BindingRecord>(BINDING).filter((b) => b.blbId === blbId);
}

function publicIps(ctx: HandlerContext, node: EdgeNode, needPublicIp: boolean) {
  const none = { publicIp: '', cmPublicIP: '', ctPublicIP: '', unPublicIP: '' };
  if (!needPublicIp) return none;
  if (node.serviceProvider === 'TRIPLE_LINE') {
    const cm = ctx.ids.ip(111);
    const ct = ctx.ids.ip(180);
    const un = ctx.ids.ip(123);
    return { publicIp: ct, cmPublicIP: cm, ctPublicIP: ct, unPublicIP: un };
  }
  const ip = ctx.ids.ip(
    node.serviceProvider === 'CHINA_MOBILE' ? 111 : node.serviceProvider === 'CHINA_UNICOM' ? 123 : 180,
  );
  return {
    ...none,
    publicIp: ip,
    ...(node.serviceProvider === 'CHINA_MOBILE' ? { cmPublicIP: ip } : {}),
    ...(node.serviceProvider === 'CHINA_TELECOM' ? { ctPublicIP: ip } : {}),
    ...(node.serviceProvider === 'CHINA_UNICOM' ? { unPublicIP: ip } : {}),
  };
}

interface BlbSettings {
  lbType: 'container' | 'vm';
  blbName: string | undefined;
  paymentMethod: string;
  needPublicIp: boolean;
  bandwidthInMbpsLimit: number;
  tags: Tag[];
  subServiceProviders: string[];
  listeners: ListenerSpec[];
}

function blbSettings(input: CreateBlbArgs | BatchCreateBlbArgs): BlbSettings {
  return {
    lbType: input.lbType === 'vm' ? 'vm' : 'container',
    blbName: input.blbName,
    paymentMethod: input.paymentMethod || 'postpay',
    needPublicIp: input.needPublicIp ?? false,
    bandwidthInMbpsLimit: input.bandwidthInMbpsLimit ?? 100,
    tags: input.tags ?? [],
    subServiceProviders: 'subServiceProviders' in input ? (input.subServiceProviders ?? []) : [],
    listeners: listenerSpecsOf(input.listeners ?? []),
  };
}

/** Creates one load balancer (PENDING until the lifecycle step ends) with its initial listeners. */
function createBlb(ctx: HandlerContext, settings: BlbSettings, node: EdgeNode, network: NetworkChoice): BlbRecord {
  const blbId = freshId(ctx, 'lb-', [BLB]);
  const blb: BlbRecord = {
    blbId,
    blbName: settings.blbName || blbId,
    status: 'RUNNING',
    lbType: settings.lbType,
    region: node.region,
    city: node.city,
    serviceProvider: node.serviceProvider,
    regionId: node.regionId,
    needPublicIp: settings.needPublicIp,
    ...publicIps(ctx, node, settings.needPublicIp),
    internalIp: `172.16.${Math.floor(ctx.ids.random() * 256)}.${2 + Math.floor(ctx.ids.random() * 252)}`,
    bandwidthInMbpsLimit: settings.bandwidthInMbpsLimit,
    paymentMethod: settings.paymentMethod,
    ...network,
    subServiceProviders: settings.subServiceProviders,
    tags: settings.tags,
    createTime: ctx.clock.isoNow(),
  };
  ctx.lifecycle.start(BLB, blb, { via: 'PENDING', to: 'RUNNING' });
  ctx.state.put(BLB, blbId, blb);
  for (const spec of settings.listeners) putListener(ctx, blbId, spec);
  return blb;
}

function blbView(ctx: HandlerContext, blb: BlbRecord): BlbInstanceVo {
  return {
    blbId: blb.blbId,
    blbName: blb.blbName,
    status: blb.status,
    lbType: blb.lbType,
    region: blb.region,
    serviceProvider: blb.serviceProvider,
    city: blb.city,
    regionId: blb.regionId,
    publicIp: blb.publicIp,
    cmPublicIP: blb.cmPublicIP,
    ctPublicIP: blb.ctPublicIP,
    unPublicIP: blb.unPublicIP,
    internalIp: blb.internalIp,
    ports: listenersOf(ctx, blb.blbId).map(listenerView),
    podCount: bindingsOf(ctx, blb.blbId).filter((b) => liveBackend(ctx, b)).length,
    bandwidthInMbpsLimit: blb.bandwidthInMbpsLimit,
    createTime: blb.createTime,
  };
}

/** Deletes a load balancer with its listeners and bindings; not while it is being created or bound. */
function deleteBlb(ctx: HandlerContext, blbId: string): void {
  const blb = mustGetBlb(ctx, blbId);
  if (blb.status === 'PENDING' || blb.status === 'BINDING') {
    throw denied(`The load balancer ${blbId} is ${blb.status}; wait until it is RUNNING.`);
  }
  for (const l of listenersOf(ctx, blbId)) ctx.state.delete(LISTENER, l.listenerId);
  for (const b of bindingsOf(ctx, blbId)) ctx.state.delete(BINDING, b.bindingId);
  ctx.state.delete(BLB, blbId);
}

// ---------------------------------------------------------------------------------------------
// Listeners ("monitor ports")

function nonNegative(value: number | undefined, label: string): void {
  if (value !== undefined && value < 0) throw badRequest(`Invalid ${label}: must not be negative.`);
}

/** Defaults as BEC shows them (ikbrnxqnj, Wkbt1ds35): 3 s timeout and interval, 3 retries, keep-alive 900 s. */
function healthCheckOf(protocol: string, given: HealthCheck | undefined, base?: HealthCheckRecord): HealthCheckRecord {
  const h = given ?? {};
  nonNegative(h.timeoutInSeconds, 'healthCheck.timeoutInSeconds');
  nonNegative(h.intervalInSeconds, 'healthCheck.intervalInSeconds');
  nonNegative(h.unhealthyThreshold, 'healthCheck.unhealthyThreshold');
  nonNegative(h.healthyThreshold, 'healthCheck.healthyThreshold');
  return {
    timeoutInSeconds: h.timeoutInSeconds ?? base?.timeoutInSeconds ?? 3,
    intervalInSeconds: h.intervalInSeconds ?? base?.intervalInSeconds ?? 3,
    unhealthyThreshold: h.unhealthyThreshold ?? base?.unhealthyThreshold ?? 3,
    healthyThreshold: h.healthyThreshold ?? base?.healthyThreshold ?? 0,
    healthCheckString: h.healthCheckString ?? base?.healthCheckString ?? '',
    healthCheckType:
      h.healthCheckType ?? base?.healthCheckType ?? (protocol === 'UDP' ? 'udp' : protocol === 'HTTP' ? 'http' : 'tcp'),
  };
}

function checkTtm(spec: { protocol: string; enableCipTTM: boolean }, label: string): void {
  // "获取真实IP(仅TCP时使用)": client-IP pass-through is a TCP option.
  if (spec.enableCipTTM && spec.protocol !== 'TCP')
    throw badRequest(`Invalid ${label}.enableCipTTM: only for TCP listeners.`);
}

function specOfMonitorArgs(args: BlbMonitorArgs): ListenerSpec {
  const protocol = args.frontendPort.protocol!;
  const port = args.frontendPort.port!;
  nonNegative(args.keepaliveTimeout, 'keepaliveTimeout');
  const spec: ListenerSpec = {
    protocol,
    port,
    backendPort: args.backendPort ?? port,
    scheduler: args.lbMode ?? 'wrr',
    keepaliveTimeout: args.keepaliveTimeout ?? 900,
    enableCipTTM: args.enableCipTTM ?? false,
    enableVipTTM: args.enableVipTTM ?? false,
    healthCheck: healthCheckOf(protocol, args.healthCheck),
  };
  checkTtm(spec, 'request');
  return spec;
}

/** The `listeners` of CreateBlb/BatchCreateBlb; two entries for one port are a 400. */
function listenerSpecsOf(listeners: readonly Listeners[]): ListenerSpec[] {
  const seen = new Set<string>();
  return listeners.map((l, i) => {
    const at = `listeners[${i}]`;
    if (!l.protocol) throw badRequest(`Invalid ${at}.protocol: required.`);
    if (!l.port) throw badRequest(`Invalid ${at}.port: required.`);
    for (const f of ['keepaliveTimeout', 'healthCheckInterval', 'healthCheckRetry', 'healthCheckTimeout'] as const) {
      nonNegative(l[f], `${at}.${f}`);
    }
    const family = `${portFamily(l.protocol)}/${l.port}`;
    if (seen.has(family)) throw badRequest(`Invalid ${at}: port ${l.port} is listed twice.`);
    seen.add(family);
    const spec: ListenerSpec = {
      protocol: l.protocol,
      port: l.port,
      backendPort: l.backendPort ?? l.port,
      scheduler: l.scheduler ?? 'wrr',
      keepaliveTimeout: l.keepaliveTimeout ?? 900,
      enableCipTTM: l.enableCipTTM ?? false,
      enableVipTTM: l.enableVipTTM ?? false,
      healthCheck: healthCheckOf(l.protocol, {
        ...(l.healthCheckTimeout !== undefined ? { timeoutInSeconds: l.healthCheckTimeout } : {}),
        ...(l.healthCheckInterval !== undefined ? { intervalInSeconds: l.healthCheckInterval } : {}),
        ...(l.healthCheckRetry !== undefined ? { unhealthyThreshold: l.healthCheckRetry } : {}),
        ...(l.udpHealthCheckString !== undefined ? { healthCheckString: l.udpHealthCheckString } : {}),
        ...(l.healthCheckType !== undefined ? { healthCheckType: l.healthCheckType } : {}),
      }),
    };
    checkTtm(spec, at);
    return spec;
  });
}

/** TCP, HTTP, HTTPS and SSL listeners share the TCP port space; UDP has its own. */
function portFamily(protocol: string): string {
  return protocol === 'UDP' ? 'UDP' : 'TCP';
}

function conflictOf(ctx: HandlerContext, blbId: string, protocol: string, port: number): ListenerRecord | undefined {
  return listenersOf(ctx, blbId).find((l) => l.port === port && portFamily(l.protocol) === portFamily(protocol));
}

function putListener(ctx: HandlerContext, blbId: string, spec: ListenerSpec): ListenerRecord {
  const clash = conflictOf(ctx, blbId, spec.protocol, spec.port);
  if (clash) {
    throw denied(`The load balancer ${blbId} already listens on ${clash.protocol} port ${clash.port}.`);
  }
  const listenerId = listenerKey(blbId, spec.protocol, spec.port);
  const record: ListenerRecord = { listenerId, blbId, ...spec, createTime: ctx.clock.isoNow() };
  return ctx.state.put(LISTENER, listenerId, record);
}

function mustGetListener(ctx: HandlerContext, blbId: string, protocol: string, port: number): ListenerRecord {
  const l = ctx.state.get<ListenerRecord>(LISTENER, listenerKey(blbId, protocol, port));
  if (!l) throw notFound('listener', `${blbId} ${protocol}:${port}`);
  return l;
}

function listenerView(l: ListenerRecord): Listeners {
  return {
    protocol: l.protocol,
    port: l.port,
    backendPort: l.backendPort,
    keepaliveTimeout: l.keepaliveTimeout,
    scheduler: l.scheduler,
    enableCipTTM: l.enableCipTTM,
    enableVipTTM: l.enableVipTTM,
    healthCheckInterval: l.healthCheck.intervalInSeconds,
    healthCheckRetry: l.healthCheck.unhealthyThreshold,
    healthCheckTimeout: l.healthCheck.timeoutInSeconds,
    udpHealthCheckString: l.protocol === 'UDP' ? l.healthCheck.healthCheckString : '',
    healthCheckType: l.healthCheck.healthCheckType,
  };
}

function monitorArgsView(l: ListenerRecord): BlbMonitorArgs {
  return {
    frontendPort: { protocol: l.protocol, port: l.port },
    backendPort: l.backendPort,
    lbMode: l.scheduler,
    keepaliveTimeout: l.keepaliveTimeout,
    healthCheck: { ...l.healthCheck },
    enableCipTTM: l.enableCipTTM,
    enableVipTTM: l.enableVipTTM,
  };
}

// ---------------------------------------------------------------------------------------------
// Backends: pods of StatefulSets (container load balancers) or VM instances (vm load balancers)

interface Backend {
  name: string;
  ip: string;
  status: string;
}

/** What GET /binding lists and POST /binding takes: one StatefulSet, or the VMs of one VM group. */
interface BackendGroup {
  deploymentId: string;
  type: 'pod' | 'vm';
  serviceId: string;
  serviceName: string;
  regionId: string;
  region: string;
  city: string;
  serviceProvider: string;
  cpu: number;
  mem: number;
  gpu: number;
  disk: number;
  members: Backend[];
}

/**
 * The group of a VM instance: its ID without the random suffix, `vm-` becoming `vmrs-`
 * (`vm-xxxxx-2-u-huhehaote-rdtq4` belongs to `vmrs-xxxxx-2-u-huhehaote`, Ukbt1fnrt/Ckbrnyb8q).
 */
function vmGroupName(vm: Record<string, unknown>): string {
  const vmId = String(vm.vmId ?? '');
  const last = vmId.lastIndexOf('-');
  if (vmId.startsWith('vm-') && last > 3) return `vmrs-${vmId.slice(3, last)}`;
  return `vmrs-${String(vm.serviceId ?? '').replace(/^s-/, '')}-${String(vm.regionId ?? '')}`;
}

function containerGroup(ctx: HandlerContext, d: DeploymentRecord): BackendGroup | undefined {
  const service = ctx.state.get<ContainerServiceRecord>('containerService', d.serviceId);
  if (!service) return undefined;
  const res = podResources(service);
  return {
    deploymentId: d.deploymentId,
    type: 'pod',
    serviceId: service.serviceId,
    serviceName: service.serviceName,
    regionId: d.regionId,
    region: d.region,
    city: d.city,
    serviceProvider: d.serviceProvider,
    ...res,
    members: podsOfDeployment(ctx.state, d.deploymentId).map((p) => ({ name: p.podId, ip: p.podIp, status: p.status })),
  };
}

function vmGroups(ctx: HandlerContext, regionId: string): BackendGroup[] {
  const groups = new Map<string, BackendGroup>();
  for (const vm of ctx.state.list('vmInstance')) {
    if (vm.regionId !== regionId) continue;
    const name = vmGroupName(vm);
    let group = groups.get(name);
    if (!group) {
      const serviceId = String(vm.serviceId ?? '');
      const service = ctx.state.get('vmService', serviceId);
      group = {
        deploymentId: name,
        type: 'vm',
        serviceId,
        serviceName: String(service?.serviceName ?? ''),
        regionId,
        region: String(vm.region ?? ''),
        city: String(vm.city ?? ''),
        serviceProvider: String(vm.serviceProvider ?? ''),
        cpu: typeof vm.cpu === 'number' ? vm.cpu : 0,
        mem: typeof vm.memory === 'number' ? vm.memory : typeof vm.mem === 'number' ? vm.mem : 0,
        gpu: 0,
        disk: 0,
        members: [],
      };
      groups.set(name, group);
    }
    group.members.push({
      name: String(vm.vmId ?? ''),
      ip: String(vm.internalIp ?? ''),
      status: String(vm.status ?? ''),
    });
  }
  return [...groups.values()];
}

/** Every group that can be bound to `blb`: same edge node, same kind of backend. */
function groupsFor(ctx: HandlerContext, blb: BlbRecord): BackendGroup[] {
  if (blb.lbType === 'vm') return vmGroups(ctx, blb.regionId);
  return ctx.state
    .list<DeploymentRecord>('deployment')
    .filter((d) => d.regionId === blb.regionId)
    .map((d) => containerGroup(ctx, d))
    .filter((g): g is BackendGroup => g !== undefined);
}

/** The group `deploymentId` of `blb`: 404 when it does not exist, 400 when it is elsewhere or of the other kind. */
function mustFindGroup(ctx: HandlerContext, blb: BlbRecord, deploymentId: string, label: string): BackendGroup {
  const group = groupsFor(ctx, blb).find((g) => g.deploymentId === deploymentId);
  if (group) return group;
  if (blb.lbType === 'container') {
    const d = ctx.state.get<DeploymentRecord>('deployment', deploymentId);
    if (d)
      throw badRequest(
        `Invalid ${label}: the deployment ${deploymentId} is in ${d.regionId}, the load balancer in ${blb.regionId}.`,
      );
  } else if (ctx.state.list('vmInstance').some((vm) => vmGroupName(vm) === deploymentId)) {
    throw badRequest(
      `Invalid ${label}: the VM group ${deploymentId} is not in ${blb.regionId}, where the load balancer is.`,
    );
  }
  if (blb.lbType === 'vm' && ctx.state.get('deployment', deploymentId)) {
    throw badRequest(
      `Invalid ${label}: ${deploymentId} is a container deployment; the load balancer ${blb.blbId} takes VMs.`,
    );
  }
  if (blb.lbType === 'container' && deploymentId.startsWith('vmrs-')) {
    throw badRequest(
      `Invalid ${label}: ${deploymentId} is a VM group; the load balancer ${blb.blbId} takes container pods.`,
    );
  }
  throw notFound(blb.lbType === 'vm' ? 'VM group' : 'deployment', deploymentId);
}

/** The pod or VM behind a binding, when it still exists. */
function liveBackend(ctx: HandlerContext, b: BindingRecord): Backend | undefined {
  if (b.backendType === 'pod') {
    const pod = ctx.state.get<PodRecord>('pod', b.name);
    return pod ? { name: pod.podId, ip: pod.podIp, status: pod.status } : undefined;
  }
  const vm = ctx.state.get('vmInstance', b.name);
  return vm ? { name: b.name, ip: String(vm.internalIp ?? ''), status: String(vm.status ?? '') } : undefined;
}

function checkWeight(weight: number, label: string): number {
  if (!Number.isInteger(weight) || weight < 1 || weight > MAX_WEIGHT) {
    throw badRequest(`Invalid ${label}: a weight from 1 to ${MAX_WEIGHT}.`);
  }
  return weight;
}

/** The bound backends named in `podWeightList` (404 for one that is not bound to `blbId`). */
function boundBackends(
  ctx: HandlerContext,
  blbId: string,
  list: readonly Backends[],
  deploymentIds: readonly string[] | undefined,
): Array<{ binding: BindingRecord; entry: Backends; index: number }> {
  return list.map((entry, index) => {
    const at = `podWeightList[${index}]`;
    if (!entry.name) throw badRequest(`Invalid ${at}.name: required.`);
    const binding = ctx.state.get<BindingRecord>(BINDING, bindingKey(blbId, entry.name));
    if (!binding || !liveBackend(ctx, binding)) throw notFound('backend bound to this load balancer', entry.name);
    if (deploymentIds?.length && !deploymentIds.includes(binding.deploymentId)) {
      throw badRequest(
        `Invalid ${at}: ${entry.name} belongs to ${binding.deploymentId}, which is not in deploymentIds.`,
      );
    }
    return { binding, entry, index };
  });
}

function blbIdDetails(blbId: string): Record<string, string> {
  return { blbId };
}

// ---------------------------------------------------------------------------------------------

/** Classic load balancers (`/v1/blb`): instances, listeners ("monitor ports"), backend bindings, metrics. */
export const blbHandlers: HandlerTable = {
  CreateBlb(ctx): CreateBlbResult {
    const input = ctx.input as CreateBlbArgs;
    const node = resolveNode(ctx, input, 'lb', 'location');
    const network = checkNetwork(ctx, input, node, 'network');
    const blb = createBlb(ctx, blbSettings(input), node, network);
    return { result: true, action: 'CreateBlb', details: blbView(ctx, blb) };
  },

  BatchCreateBlb(ctx): BatchCreateBlbResult {
    const input = ctx.input as BatchCreateBlbArgs;
    const instances = input.deployInstances ?? [];
    if (instances.length === 0) throw badRequest('Invalid deployInstances: at least one edge node is required.');
    const settings = blbSettings(input);
    const targets = instances.map((instance, i) => {
      const node = resolveNode(ctx, instance, 'lb', `deployInstances[${i}]`);
      return { node, network: checkNetwork(ctx, instance, node, `deployInstances[${i}]`), count: instance.replicas };
    });
    const total = targets.reduce((sum, t) => sum + t.count, 0);
    if (total > MAX_BATCH_BLBS) throw limitExceeded(`At most ${MAX_BATCH_BLBS} load balancers per batch.`);
    const created: BlbRecord[] = [];
    for (const t of targets)
      for (let n = 0; n < t.count; n++) created.push(createBlb(ctx, settings, t.node, t.network));
    return { result: true, action: 'BatchCreateBlb', details: created.map((b) => blbView(ctx, b)) };
  },

  GetBlbList(ctx): GetBlbListResult {
    const input = ctx.input as GetBlbListInput;
    // The list defaults to container load balancers (Wme124kzd: lbType "缺省为container").
    const lbType = input.lbType || 'container';
    const keywordFields = ['blbId', 'blbName', 'publicIp', 'internalIp'];
    if (input.keywordType && !keywordFields.includes(input.keywordType)) {
      throw badRequest(`Invalid keywordType: must be one of ${keywordFields.join(', ')}.`);
    }
    const fields = input.keywordType ? [input.keywordType] : ['blbId', 'blbName'];
    const keyword = (input.keyword ?? '').toLowerCase();
    const region = (input.region ?? '').toUpperCase();
    const views = ctx.state
      .list<BlbRecord>(BLB)
      .filter((b) => b.lbType === lbType)
      .filter(
        (b) =>
          !keyword ||
          fields.some((f) =>
            String(b[f] ?? '')
              .toLowerCase()
              .includes(keyword),
          ),
      )
      .filter((b) => !input.status || b.status.toUpperCase() === input.status.toUpperCase())
      .filter((b) => !region || [b.region, b.regionId, b.city].some((v) => v.toUpperCase() === region))
      .map((b) => blbView(ctx, b));
    const p = paginate(views, input, { ...LIST_LIMITS, sortable: BLB_SORTABLE });
    // GetBlbListResult has no `order` field (unlike every other list result).
    const { order: _order, ...paging } = pageFieldsWithOrders(p);
    return { ...paging, result: p.result };
  },

  GetBlbDetail(ctx): BlbInstanceVo {
    return blbView(ctx, mustGetBlb(ctx, ctx.path.blbId!));
  },

  UpdateBlb(ctx): UpdateBlbResult {
    const input = ctx.input as UpdateBlbArgs;
    const blb = configurableBlb(ctx, ctx.path.blbId!);
    if (input.blbName === undefined && input.bandwidthInMbpsLimit === undefined) {
      throw badRequest('Invalid request: give a blbName or a bandwidthInMbpsLimit to change.');
    }
    const updated = ctx.state.update<BlbRecord>(BLB, blb.blbId, (b) => {
      if (input.blbName !== undefined) b.blbName = input.blbName;
      if (input.bandwidthInMbpsLimit !== undefined) b.bandwidthInMbpsLimit = input.bandwidthInMbpsLimit;
    });
    return { result: true, action: 'UpdateBlb', details: blbView(ctx, updated) };
  },

  DeleteBlb(ctx): DeleteBlbResult {
    const blbId = ctx.path.blbId!;
    deleteBlb(ctx, blbId);
    return { result: true, action: 'DeleteBlb', details: blbIdDetails(blbId) };
  },

  BatchDeleteBlb(ctx): BatchDeleteBlbResult {
    const details = perId(ctx.input as string[], (id) => deleteBlb(ctx, id));
    return { result: details.every((d) => d.success), action: 'BatchDeleteBlb', details };
  },

  CreateBlbMonitorPort(ctx): BlbMonitorResult {
    const blb = configurableBlb(ctx, ctx.path.blbId!);
    putListener(ctx, blb.blbId, specOfMonitorArgs(ctx.input as BlbMonitorArgs));
    return { result: true, action: 'CreateBlbMonitor', details: blbIdDetails(blb.blbId) };
  },

  BatchCreateBlbMonitor(ctx): BatchCreateBlbMonitorResult {
    const input = ctx.input as BatchCreateBlbMonitorArg;
    const blb = configurableBlb(ctx, ctx.path.blbId!);
    if (!input.protocol) throw badRequest('Invalid protocol: required.');
    const groups = input.portGroups ?? [];
    if (groups.length === 0) throw badRequest('Invalid portGroups: at least one port is required.');
    const seen = new Set<number>();
    const specs = groups.map((g, i) => {
      if (!g.port) throw badRequest(`Invalid portGroups[${i}].port: required.`);
      if (seen.has(g.port)) throw badRequest(`Invalid portGroups[${i}].port: ${g.port} is listed twice.`);
      seen.add(g.port);
      return specOfMonitorArgs({
        ...input,
        frontendPort: { protocol: input.protocol!, port: g.port },
        ...(g.backendPort !== undefined ? { backendPort: g.backendPort } : {}),
      });
    });
    for (const spec of specs) putListener(ctx, blb.blbId, spec);
    return { result: true, action: 'BatchCreateBlbMonitor', details: blbIdDetails(blb.blbId) };
  },

  GetBlbMonitorPortList(ctx): BlbMonitorListResult {
    const input = ctx.input as GetBlbMonitorPortListInput;
    const blb = mustGetBlb(ctx, ctx.path.blbId!);
    const p = paginate(listenersOf(ctx, blb.blbId), { ...input, orderBy: 'port', order: 'asc' }, LIST_LIMITS);
    return { ...pageFieldsWithOrders(p), result: p.result.map(listenerView) };
  },

  GetBlbMonitorPortDetails(ctx): BlbMonitorArgs {
    const input = ctx.input as GetBlbMonitorPortDetailsInput;
    const blb = mustGetBlb(ctx, ctx.path.blbId!);
    return monitorArgsView(mustGetListener(ctx, blb.blbId, input.protocol, input.port));
  },

  UpdateBlbMonitorPort(ctx): BlbMonitorResult {
    const input = ctx.input as BlbMonitorArgs;
    const blb = configurableBlb(ctx, ctx.path.blbId!);
    // The listener is named only by frontendPort in the body (same model as create).
    const current = mustGetListener(ctx, blb.blbId, input.frontendPort.protocol!, input.frontendPort.port!);
    nonNegative(input.keepaliveTimeout, 'keepaliveTimeout');
    const healthCheck = healthCheckOf(current.protocol, input.healthCheck, current.healthCheck);
    const enableCipTTM = input.enableCipTTM ?? current.enableCipTTM;
    checkTtm({ protocol: current.protocol, enableCipTTM }, 'request');
    ctx.state.update<ListenerRecord>(LISTENER, current.listenerId, (l) => {
      if (input.backendPort !== undefined) l.backendPort = input.backendPort;
      if (input.lbMode !== undefined) l.scheduler = input.lbMode;
      if (input.keepaliveTimeout !== undefined) l.keepaliveTimeout = input.keepaliveTimeout;
      if (input.enableVipTTM !== undefined) l.enableVipTTM = input.enableVipTTM;
      l.enableCipTTM = enableCipTTM;
      l.healthCheck = healthCheck;
    });
    return { result: true, action: 'UpdateBlbMonitor', details: blbIdDetails(blb.blbId) };
  },

  DeleteBlbMonitorPort(ctx): BlbMonitorResult {
    const blb = configurableBlb(ctx, ctx.path.blbId!);
    const listeners = (ctx.input as Port[]).map((p, i) => {
      if (!p.protocol || !p.port) throw badRequest(`Invalid [${i}]: protocol and port are required.`);
      return mustGetListener(ctx, blb.blbId, p.protocol, p.port);
    });
    for (const l of listeners) ctx.state.delete(LISTENER, l.listenerId);
    return { result: true, action: 'DeleteBlbMonitor', details: blbIdDetails(blb.blbId) };
  },

  GetBlbBackendBindingStsList(ctx): GetBlbBackendBindingStsListResult {
    const input = ctx.input as GetBlbBackendBindingStsListInput;
    const blb = mustGetBlb(ctx, ctx.path.blbId!);
    const keywordFields = ['serviceName', 'serviceId', 'deploymentName'] as const;
    const keywordType = input.keywordType as (typeof keywordFields)[number] | undefined;
    if (keywordType && !keywordFields.includes(keywordType)) {
      throw badRequest(`Invalid keywordType: must be one of ${keywordFields.join(', ')}.`);
    }
    const keyword = (input.keyword ?? '').toLowerCase();
    const weights = new Map(bindingsOf(ctx, blb.blbId).map((b) => [b.name, b.weight]));
    const views: LbDeployPo[] = groupsFor(ctx, blb).map((g) => ({
      serviceName: g.serviceName,
      deploymentName: g.deploymentId,
      customOrigName: '',
      serviceId: g.serviceId,
      deploymentType: g.type === 'pod' ? 'StatefulSet' : 'VirtualMachine',
      region: g.region,
      serviceProvider: g.serviceProvider,
      city: g.city,
      replicas: g.members.length,
      podCpu: g.cpu,
      podMemory: g.mem,
      podGpu: g.gpu,
      podDataStorage: String(g.disk),
      sata: 0,
      nvme: 0,
      dataDiskNum: 0,
      podIpRequired: false,
      backends: g.members.map((m) => ({ name: m.name, ip: m.ip, weight: weights.get(m.name) ?? 0 })),
    }));
    const matching = views.filter(
      (v) =>
        !keyword || (keywordType ? [keywordType] : keywordFields).some((f) => v[f].toLowerCase().includes(keyword)),
    );
    const p = paginate(matching, { ...input, orderBy: 'deploymentName', order: 'asc' }, LIST_LIMITS);
    return { ...pageFieldsWithOrders(p), result: p.result };
  },

  GetBlbBindingPodListWithSts(ctx): Backends[] {
    const input = ctx.input as GetBlbBindingPodListWithStsInput;
    const blb = mustGetBlb(ctx, ctx.path.blbId!);
    if (!input.stsName) throw badRequest('Invalid stsName: the deployment name is required.');
    const group = mustFindGroup(ctx, blb, input.stsName, 'stsName');
    const weights = new Map(bindingsOf(ctx, blb.blbId).map((b) => [b.name, b.weight]));
    // Pods that are not bound show weight -1 (Pkbt1ikq8).
    return group.members.map((m) => ({ name: m.name, ip: m.ip, weight: weights.get(m.name) ?? -1 }));
  },

  CreateBlbBinding(ctx): CreateBlbBindingResult {
    const input = ctx.input as CreateBlbBindingArgs;
    const blb = mustGetBlb(ctx, ctx.path.blbId!);
    if (blb.status !== 'RUNNING') {
      throw denied(`The load balancer ${blb.blbId} is ${blb.status}; backends can be bound when it is RUNNING.`);
    }
    const seen = new Set<string>();
    const toBind: Array<{ group: BackendGroup; member: Backend; weight: number }> = [];
    for (const [i, form] of input.bindingForms.entries()) {
      const at = `bindingForms[${i}]`;
      const group = mustFindGroup(ctx, blb, form.deploymentId!, `${at}.deploymentId`);
      const defaultWeight =
        form.defaultWeight !== undefined ? checkWeight(form.defaultWeight, `${at}.defaultWeight`) : DEFAULT_WEIGHT;
      const chosen = form.podWeight?.length
        ? form.podWeight.map((w, j) => {
            const member = group.members.find((m) => m.name === w.name);
            if (!member)
              throw notFound(group.type === 'pod' ? 'pod' : 'VM instance', `${group.deploymentId}/${w.name ?? ''}`);
            if (w.ip && w.ip !== member.ip) {
              throw badRequest(
                `Invalid ${at}.podWeight[${j}].ip: ${member.name} has the IP ${member.ip}, not ${w.ip}.`,
              );
            }
            const weight =
              w.weight !== undefined ? checkWeight(w.weight, `${at}.podWeight[${j}].weight`) : defaultWeight;
            return { member, weight };
          })
        : group.members.map((member) => ({ member, weight: defaultWeight }));
      if (chosen.length === 0) throw badRequest(`Invalid ${at}: ${group.deploymentId} has nothing to bind.`);
      for (const { member, weight } of chosen) {
        if (seen.has(member.name)) throw badRequest(`Invalid ${at}: ${member.name} is listed twice.`);
        seen.add(member.name);
        if (ctx.state.get(BINDING, bindingKey(blb.blbId, member.name))) {
          throw denied(`${member.name} is already bound to the load balancer ${blb.blbId}.`);
        }
        toBind.push({ group, member, weight });
      }
    }
    const t = ctx.clock.isoNow();
    for (const { group, member, weight } of toBind) {
      const bindingId = bindingKey(blb.blbId, member.name);
      const record: BindingRecord = {
        bindingId,
        blbId: blb.blbId,
        backendType: group.type,
        deploymentId: group.deploymentId,
        serviceId: group.serviceId,
        name: member.name,
        weight,
        createTime: t,
      };
      ctx.state.put(BINDING, bindingId, record);
    }
    ctx.state.update<BlbRecord>(BLB, blb.blbId, (b) => {
      ctx.lifecycle.start(BLB, b, { via: 'BINDING', to: 'RUNNING' });
    });
    return { result: true, action: 'CreateBlbBinding', details: blbIdDetails(blb.blbId) };
  },

  GetBlbBackendPodList(ctx): GetBlbBackendPodListResult {
    const input = ctx.input as GetBlbBackendPodListInput;
    const blb = mustGetBlb(ctx, ctx.path.blbId!);
    const listeners = listenersOf(ctx, blb.blbId);
    const rows: Array<BlbBackendPodBriefVo & { createTime: string }> = [];
    for (const b of bindingsOf(ctx, blb.blbId)) {
      const backend = liveBackend(ctx, b);
      if (!backend) continue;
      rows.push({
        podName: backend.name,
        podStatus: backend.status,
        podIp: backend.ip,
        backendPort: listeners.map((l) => ({
          health: backend.status === 'RUNNING',
          port: l.backendPort,
          protocol: l.protocol,
        })),
        weight: b.weight,
        createTime: b.createTime,
      });
    }
    const p = paginate(rows, { ...input, orderBy: 'createTime', order: 'asc' }, LIST_LIMITS);
    return { ...pageFieldsWithOrders(p), result: p.result.map(({ createTime: _, ...row }) => row) };
  },

  UpdateBlbBindPodWeight(ctx): UpdateBindPodWeightResult {
    const input = ctx.input as UpdateBindPodWeightArgs;
    const blb = configurableBlb(ctx, ctx.path.blbId!);
    if (!input.podWeightList?.length) throw badRequest('Invalid podWeightList: at least one backend is required.');
    const targets = boundBackends(ctx, blb.blbId, input.podWeightList, input.deploymentIds).map(
      ({ binding, entry, index }) => {
        if (entry.weight === undefined) throw badRequest(`Invalid podWeightList[${index}].weight: required.`);
        return { binding, weight: checkWeight(entry.weight, `podWeightList[${index}].weight`) };
      },
    );
    for (const { binding, weight } of targets) {
      ctx.state.update<BindingRecord>(BINDING, binding.bindingId, (b) => {
        b.weight = weight;
      });
    }
    return { result: true, action: 'UpdateBlbBinding', details: blbIdDetails(blb.blbId) };
  },

  DeleteBlbBindPod(ctx): DeleteBlbBindPodResult {
    const input = ctx.input as DeleteBlbBindPodArgs;
    const blb = configurableBlb(ctx, ctx.path.blbId!);
    let targets: BindingRecord[];
    if (input.podWeightList?.length) {
      targets = boundBackends(ctx, blb.blbId, input.podWeightList, input.deploymentIds).map((t) => t.binding);
    } else if (input.deploymentIds?.length) {
      const bound = bindingsOf(ctx, blb.blbId);
      targets = [];
      for (const id of input.deploymentIds) {
        const of = bound.filter((b) => b.deploymentId === id);
        if (of.length === 0) throw notFound('deployment bound to this load balancer', id);
        targets.push(...of);
      }
    } else {
      throw badRequest('Invalid request: give the backends to unbind in podWeightList or deploymentIds.');
    }
    for (const b of targets) ctx.state.delete(BINDING, b.bindingId);
    return { result: true, action: 'DeleteBlbBinding', details: blbIdDetails(blb.blbId) };
  },

  GetBlbMetrics(ctx): ServiceMetricsResult {
    const input = ctx.input as GetBlbMetricsInput;
    const blb = mustGetBlb(ctx, ctx.path.blbId!);
    if (input.port !== undefined) {
      const port = Number(input.port);
      if (!listenersOf(ctx, blb.blbId).some((l) => l.port === port)) {
        throw notFound('listener', `${blb.blbId} port ${input.port}`);
      }
    }
    const key = [blb.blbId, input.port ?? '', input.ipType ?? '', input.serviceProviderStr ?? ''].join('/');
    return metricSeries(ctx, key, input);
  },
};
