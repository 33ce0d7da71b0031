/**
 * Classic load balancers (kind `blb`): creation, settings, views, deletion, and their operations.
 */
import type {
  BatchCreateBlbArgs,
  BatchCreateBlbResult,
  BatchDeleteBlbResult,
  BlbInstanceVo,
  CreateBlbArgs,
  CreateBlbResult,
  DeleteBlbResult,
  GetBlbListInput,
  GetBlbListResult,
  GetBlbMetricsInput,
  ServiceMetricsResult,
  Tag,
  UpdateBlbArgs,
  UpdateBlbResult,
} from 'bec-sdk';
import { BINDING } from '../../core/backends.js';
import type { HandlerContext, HandlerTable } from '../../core/handler.js';
import { metricSeries } from '../../core/metrics.js';
import { pageFieldsWithOrders, paginate } from '../../core/paging.js';
import { checkNetwork, type NetworkChoice, resolveNode } from '../../core/placement.js';
import { freshId, perId } from '../../core/records.js';
import { badRequest, denied, limitExceeded, notFound } from '../../errors.js';
import type { EdgeNode } from '../../inventory.js';
import { liveBackend } from './backends.js';
import { listenerSpecsOf, listenerView, putListener } from './listeners.js';
import {
  BLB,
  BLB_SORTABLE,
  type BlbRecord,
  bindingsOf,
  blbIdDetails,
  configurableBlb,
  LIST_LIMITS,
  LISTENER,
  type ListenerSpec,
  listenersOf,
  MAX_BATCH_BLBS,
  mustGetBlb,
} from './records.js';

export function publicIps(ctx: HandlerContext, node: EdgeNode, needPublicIp: boolean) {
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

export interface BlbSettings {
  lbType: 'container' | 'vm';
  blbName: string | undefined;
  paymentMethod: string;
  needPublicIp: boolean;
  bandwidthInMbpsLimit: number;
  tags: Tag[];
  subServiceProviders: string[];
  listeners: ListenerSpec[];
}

export function blbSettings(input: CreateBlbArgs | BatchCreateBlbArgs): BlbSettings {
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
export function createBlb(
  ctx: HandlerContext,
  settings: BlbSettings,
  node: EdgeNode,
  network: NetworkChoice,
): BlbRecord {
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

export function blbView(ctx: HandlerContext, blb: BlbRecord): BlbInstanceVo {
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
export function deleteBlb(ctx: HandlerContext, blbId: string): void {
  const blb = mustGetBlb(ctx, blbId);
  if (blb.status === 'PENDING' || blb.status === 'BINDING') {
    throw denied(`The load balancer ${blbId} is ${blb.status}; wait until it is RUNNING.`);
  }
  for (const l of listenersOf(ctx, blbId)) ctx.state.delete(LISTENER, l.listenerId);
  for (const b of bindingsOf(ctx, blbId)) ctx.state.delete(BINDING, b.bindingId);
  ctx.state.delete(BLB, blbId);
}

/** Load balancer instances and their metrics. */
export const blbInstanceHandlers: HandlerTable = {
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
