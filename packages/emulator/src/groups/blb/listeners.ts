/**
 * Listeners ("monitor ports", kind `blbListener`) of classic load balancers, and their operations.
 */
import type {
  BatchCreateBlbMonitorArg,
  BatchCreateBlbMonitorResult,
  BlbMonitorArgs,
  BlbMonitorListResult,
  BlbMonitorResult,
  GetBlbMonitorPortDetailsInput,
  GetBlbMonitorPortListInput,
  HealthCheck,
  Listeners,
  Port,
} from 'bec-sdk';
import type { HandlerContext, HandlerTable } from '../../core/handler.js';
import { pageFieldsWithOrders, paginate } from '../../core/paging.js';
import { badRequest, denied, notFound } from '../../errors.js';
import {
  blbIdDetails,
  configurableBlb,
  type HealthCheckRecord,
  LIST_LIMITS,
  LISTENER,
  type ListenerRecord,
  type ListenerSpec,
  listenerKey,
  listenersOf,
  mustGetBlb,
} from './records.js';

export function nonNegative(value: number | undefined, label: string): void {
  if (value !== undefined && value < 0) throw badRequest(`Invalid ${label}: must not be negative.`);
}

/** Defaults as BEC shows them (ikbrnxqnj, Wkbt1ds35): 3 s timeout and interval, 3 retries, keep-alive 900 s. */
export function healthCheckOf(
  protocol: string,
  given: HealthCheck | undefined,
  base?: HealthCheckRecord,
): HealthCheckRecord {
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

export function checkTtm(spec: { protocol: string; enableCipTTM: boolean }, label: string): void {
  // "获取真实IP(仅TCP时使用)": client-IP pass-through is a TCP option.
  if (spec.enableCipTTM && spec.protocol !== 'TCP')
    throw badRequest(`Invalid ${label}.enableCipTTM: only for TCP listeners.`);
}

export function specOfMonitorArgs(args: BlbMonitorArgs): ListenerSpec {
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
export function listenerSpecsOf(listeners: readonly Listeners[]): ListenerSpec[] {
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
export function portFamily(protocol: string): string {
  return protocol === 'UDP' ? 'UDP' : 'TCP';
}

export function conflictOf(
  ctx: HandlerContext,
  blbId: string,
  protocol: string,
  port: number,
): ListenerRecord | undefined {
  return listenersOf(ctx, blbId).find((l) => l.port === port && portFamily(l.protocol) === portFamily(protocol));
}

export function putListener(ctx: HandlerContext, blbId: string, spec: ListenerSpec): ListenerRecord {
  const clash = conflictOf(ctx, blbId, spec.protocol, spec.port);
  if (clash) {
    throw denied(`The load balancer ${blbId} already listens on ${clash.protocol} port ${clash.port}.`);
  }
  const listenerId = listenerKey(blbId, spec.protocol, spec.port);
  const record: ListenerRecord = { listenerId, blbId, ...spec, createTime: ctx.clock.isoNow() };
  return ctx.state.put(LISTENER, listenerId, record);
}

export function mustGetListener(ctx: HandlerContext, blbId: string, protocol: string, port: number): ListenerRecord {
  const l = ctx.state.get<ListenerRecord>(LISTENER, listenerKey(blbId, protocol, port));
  if (!l) throw notFound('listener', `${blbId} ${protocol}:${port}`);
  return l;
}

export function listenerView(l: ListenerRecord): Listeners {
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

export function monitorArgsView(l: ListenerRecord): BlbMonitorArgs {
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

/** Listeners ("monitor ports"). */
export const blbListenerHandlers: HandlerTable = {
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
};
