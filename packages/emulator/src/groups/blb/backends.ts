/**
 * Backends of classic load balancers (kind `blbBinding`): pods of StatefulSets (container load
 * balancers) or VM instances (VM load balancers), and their operations.
 */
import type {
  Backends,
  BlbBackendPodBriefVo,
  CreateBlbBindingArgs,
  CreateBlbBindingResult,
  DeleteBlbBindPodArgs,
  DeleteBlbBindPodResult,
  GetBlbBackendBindingStsListInput,
  GetBlbBackendBindingStsListResult,
  GetBlbBackendPodListInput,
  GetBlbBackendPodListResult,
  GetBlbBindingPodListWithStsInput,
  LbDeployPo,
  UpdateBindPodWeightArgs,
  UpdateBindPodWeightResult,
} from 'bec-sdk';
import { BINDING, type BindingRecord, bindingKey } from '../../core/backends.js';
import type { HandlerContext, HandlerTable } from '../../core/handler.js';
import { pageFieldsWithOrders, paginate } from '../../core/paging.js';
import { badRequest, denied, notFound } from '../../errors.js';
import {
  type ContainerServiceRecord,
  type DeploymentRecord,
  type PodRecord,
  podResources,
  podsOfDeployment,
} from '../container/records.js';
import {
  BLB,
  type BlbRecord,
  bindingsOf,
  blbIdDetails,
  configurableBlb,
  DEFAULT_WEIGHT,
  LIST_LIMITS,
  listenersOf,
  MAX_WEIGHT,
  mustGetBlb,
} from './records.js';

export interface Backend {
  name: string;
  ip: string;
  status: string;
}

/** What GET /binding lists and POST /binding takes: one StatefulSet, or the VMs of one VM group. */
export interface BackendGroup {
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
export function vmGroupName(vm: Record<string, unknown>): string {
  const vmId = String(vm.vmId ?? '');
  const last = vmId.lastIndexOf('-');
  if (vmId.startsWith('vm-') && last > 3) return `vmrs-${vmId.slice(3, last)}`;
  return `vmrs-${String(vm.serviceId ?? '').replace(/^s-/, '')}-${String(vm.regionId ?? '')}`;
}

export function containerGroup(ctx: HandlerContext, d: DeploymentRecord): BackendGroup | undefined {
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

export function vmGroups(ctx: HandlerContext, regionId: string): BackendGroup[] {
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
export function groupsFor(ctx: HandlerContext, blb: BlbRecord): BackendGroup[] {
  if (blb.lbType === 'vm') return vmGroups(ctx, blb.regionId);
  return ctx.state
    .list<DeploymentRecord>('deployment')
    .filter((d) => d.regionId === blb.regionId)
    .map((d) => containerGroup(ctx, d))
    .filter((g): g is BackendGroup => g !== undefined);
}

/** The group `deploymentId` of `blb`: 404 when it does not exist, 400 when it is elsewhere or of the other kind. */
export function mustFindGroup(ctx: HandlerContext, blb: BlbRecord, deploymentId: string, label: string): BackendGroup {
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
export function liveBackend(ctx: HandlerContext, b: BindingRecord): Backend | undefined {
  if (b.backendType === 'pod') {
    const pod = ctx.state.get<PodRecord>('pod', b.name);
    return pod ? { name: pod.podId, ip: pod.podIp, status: pod.status } : undefined;
  }
  const vm = ctx.state.get('vmInstance', b.name);
  return vm ? { name: b.name, ip: String(vm.internalIp ?? ''), status: String(vm.status ?? '') } : undefined;
}

export function checkWeight(weight: number, label: string): number {
  if (!Number.isInteger(weight) || weight < 1 || weight > MAX_WEIGHT) {
    throw badRequest(`Invalid ${label}: a weight from 1 to ${MAX_WEIGHT}.`);
  }
  return weight;
}

/** The bound backends named in `podWeightList` (404 for one that is not bound to `blbId`). */
export function boundBackends(
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

/** Backend bindings and their weights. */
export const blbBackendHandlers: HandlerTable = {
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
};
