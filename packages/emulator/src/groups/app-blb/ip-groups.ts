/**
 * IP groups of application BLBs with their backend policies and members.
 */
import type {
  AppIpGroupDetail,
  BackendPolicy,
  BlbIpGroupMember,
  BlbIpGroupMemberDetail,
  CreateBlbIpGroupBackendPolicyRequest,
  CreateBlbIpGroupBackendPolicyResponse,
  CreateBlbIpGroupMemberRequest,
  CreateBlbIpGroupMemberResponse,
  CreateBlbIpGroupRequest,
  CreateBlbIpGroupResponse,
  DeleteBlbIpGroupBackendMemberRequest,
  DeleteBlbIpGroupBackendPolicyRequest,
  DeleteBlbIpGroupRequest,
  GetBlbIpGroupListResponse,
  GetBlbIpGroupMemberListResponse,
  GetBlbIpGroupPolicyListResponse,
  GetIpGroupInput,
  GetIpGroupMemberListInput,
  GetIpGroupPolicyListInput,
  UpdateBlbIpGroupBackendPolicyRequest,
  UpdateBlbIpGroupMemberRequest,
  UpdateBlbIpGroupRequest,
} from 'bec-sdk';
import type { HandlerContext, HandlerTable } from '../../core/handler.js';
import { isIpv4 } from '../../core/ipv4.js';
import { now } from '../../core/records.js';
import { badRequest, denied, notFound } from '../../errors.js';
import type { Transaction } from '../../store.js';
import {
  type AppBlbRecord,
  blbOf,
  DEFAULT_MEMBER_WEIGHT,
  HEALTH_CHECKS,
  type IpGroupMemberRecord,
  type IpGroupPolicyRecord,
  type IpGroupRecord,
  ipGroupOf,
  type ListenerPolicyRecord,
  markerPage,
  membersOf,
  policiesOf,
  runningBlb,
} from './records.js';

export function policyView(p: IpGroupPolicyRecord): BackendPolicy {
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

export function memberView(m: IpGroupMemberRecord): BlbIpGroupMemberDetail {
  return { memberId: m.memberId, ip: m.ip, port: m.port, weight: m.weight };
}

/** Validates and stores new members of an IP group (409 on a duplicate ip:port). */
export function addMembers(
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
export function removeIpGroup(state: Transaction, ipGroupId: string): void {
  for (const m of membersOf(state, ipGroupId)) state.delete('ipGroupMember', m.memberId);
  for (const p of policiesOf(state, ipGroupId)) state.delete('ipGroupPolicy', p.id);
  state.delete('ipGroup', ipGroupId);
}

/** IP groups, their backend policies and members. */
export const ipGroupHandlers: HandlerTable = {
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
};
