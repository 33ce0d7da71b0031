/**
 * Listeners of application BLBs (TCP and UDP share the logic) and their listener policies.
 */
import type {
  BlbListenerPolicy,
  CreateAppBlbPoliciesRequest,
  CreateBecAppBlbTcpListenerRequest,
  CreateBecAppBlbUdpListenerRequest,
  DeleteAppBlbPoliciesRequest,
  DeleteBlbListenerRequest,
  GetBecAppBlbTcpListenerResponse,
  GetBecAppBlbUdpListenerResponse,
  GetBlbListenerPolicyResponse,
  GetListenerPolicyInput,
  GetTcpListenerInput,
  UpdateTcpListenerInput,
  UpdateUdpListenerInput,
} from 'bec-sdk';
import type { HandlerTable } from '../../core/handler.js';
import { now } from '../../core/records.js';
import { badRequest, denied, notFound } from '../../errors.js';
import type { Transaction } from '../../store.js';
import {
  type AppBlbListenerRecord,
  type AppBlbRecord,
  blbOf,
  DEFAULT_TCP_SESSION_TIMEOUT,
  DEFAULT_UDP_SESSION_TIMEOUT,
  type IpGroupRecord,
  ipGroupOf,
  type ListenerPolicyRecord,
  listenerId,
  listenersOf,
  markerPage,
  type Protocol,
  policiesOf,
  protocolOf,
  runningBlb,
} from './records.js';

export type ListenerCreate = Partial<CreateBecAppBlbTcpListenerRequest & CreateBecAppBlbUdpListenerRequest>;

export function timeoutOf(protocol: Protocol, input: ListenerCreate): number | undefined {
  const value = protocol === 'TCP' ? input.tcpSessionTimeout : input.udpSessionTimeout;
  if (value === undefined) return undefined;
  if (protocol === 'TCP' && (value < 10 || value > 4000)) {
    throw badRequest('Invalid tcpSessionTimeout: must be from 10 to 4000.');
  }
  if (protocol === 'UDP' && value < 1) throw badRequest('Invalid udpSessionTimeout: must be at least 1.');
  return value;
}

export function listenerHandlers(protocol: Protocol): HandlerTable {
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

/**
 * The listener a policy call names: by port and protocol, or by port alone when there is only one
 * listener on it (TCP first otherwise). 404 when there is none.
 */
export function findListener(
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

/** TCP and UDP listeners and listener policies. */
export const appBlbListenerHandlers: HandlerTable = {
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
