import type {
  ActionInfoVo,
  BindSecurityGroupInstances,
  BindSecurityGroupInstancesResponse,
  CreateVmPrivateIpForm,
  CreateVmServiceArgs,
  CreateVmServiceResult,
  DeleteVmPrivateIpForm,
  GetNodeVmInstanceListInput,
  GetNodeVmInstanceListResult,
  GetVmInstanceListInput,
  GetVmInstanceMetricsInput,
  LogicPageVmInstanceResult,
  OperateVmDeploymentResult,
  ReinstallVmInstanceArg,
  ReinstallVmInstanceResult,
  UpdateVmDeploymentResult,
  UpdateVmInstanceArgs,
  VmConfigResult,
  VmInstanceDetailsVo,
  VmPrivateIpResult,
} from 'bec-sdk';
import { allocateIp, privateCidr, usedIps } from '../../core/addresses.js';
import type { HandlerContext, HandlerTable } from '../../core/handler.js';
import { resolveImage } from '../../core/images.js';
import { parseCidr, parseIpv4 } from '../../core/ipv4.js';
import { metricSeries } from '../../core/metrics.js';
import { pageFieldsWithOrders, paginate } from '../../core/paging.js';
import { actionResult, outcomeOf } from '../../core/records.js';
import { badRequest, denied, limitExceeded } from '../../errors.js';
import { createInstances, deleteInstance } from './create.js';
import { buildTemplate, checkVmMetricsType, planDeployments } from './plan.js';
import {
  getInstance,
  getService,
  VM_INSTANCE,
  VM_SERVICE,
  type VmInstanceRecord,
  type VmServiceRecord,
} from './records.js';
import { applyInstanceUpdate, loginOf } from './updates.js';
import { instanceBrief, instanceDetails, serviceBrief } from './views.js';

/** Secondary private IPs one instance may hold (not documented; a BCC-like limit). */
export const MAX_PRIVATE_IPS = 20;

/** keywordType → the instance fields searched (GetVmInstanceList, Qkbrebfbz). */
const INSTANCE_KEYWORDS: Readonly<Record<string, (i: VmInstanceRecord) => string[]>> = {
  instanceId: (i) => [i.vmId],
  serviceId: (i) => [i.serviceId],
  instanceName: (i) => [i.vmName],
  instanceIp: (i) => [
    i.internalIp,
    i.publicIp,
    i.ipv6PublicIp,
    ...i.privateIps,
    ...i.multiplePublicIp.map((x) => x.ip),
  ],
  securityGroupId: (i) => i.securityGroupIds,
  deploysetId: (i) => i.deploysetIds,
};

/**
 * GetNodeVmInstanceList also takes the instance's own field names, as the official Go SDK's
 * tests send them (`vmId`, `vmName`, `internalIp`, `publicIp`).
 */
const NODE_INSTANCE_KEYWORDS: Readonly<Record<string, (i: VmInstanceRecord) => string[]>> = {
  ...INSTANCE_KEYWORDS,
  vmId: (i) => [i.vmId],
  vmName: (i) => [i.vmName],
  internalIp: (i) => [i.internalIp],
  publicIp: (i) => [i.publicIp, ...i.multiplePublicIp.map((x) => x.ip)],
};

function keywordFilter(
  keywordType: string | undefined,
  keyword: string | undefined,
  table = INSTANCE_KEYWORDS,
): (i: VmInstanceRecord) => boolean {
  const type = keywordType || 'serviceId';
  const fields = Object.hasOwn(table, type) ? table[type] : undefined;
  if (!fields) throw badRequest(`Invalid keywordType: must be one of ${Object.keys(table).join(', ')}.`);
  if (!keyword) return () => true;
  const k = keyword.toLowerCase();
  return (i) => fields(i).some((v) => v !== '' && v.toLowerCase().includes(k));
}

const SAME = (a: string | undefined, b: string) => a !== undefined && a.toUpperCase() === b.toUpperCase();

/** start / stop / restart of one instance, refused (409) from the wrong state. */
function operate(ctx: HandlerContext, instance: VmInstanceRecord, action: string): void {
  const steps: Record<string, { from: string; via: string; to: string }> = {
    start: { from: 'STOPPED', via: 'STARTING', to: 'RUNNING' },
    stop: { from: 'RUNNING', via: 'STOPPING', to: 'STOPPED' },
    restart: { from: 'RUNNING', via: 'RESTARTING', to: 'RUNNING' },
  };
  const step = steps[action];
  if (!step) throw badRequest('Invalid action: must be "start", "stop" or "restart".');
  if (instance.status !== step.from) {
    throw denied(`Cannot ${action} VM instance ${instance.vmId}: it is ${instance.status}, not ${step.from}.`);
  }
  ctx.state.update<VmInstanceRecord>(VM_INSTANCE, instance.vmId, (r) => {
    ctx.lifecycle.start(VM_INSTANCE, r, { via: step.via, to: step.to });
  });
}

function ipamResult(ips: string[], errIPs: string[], errCode: string, errMsg: string): VmPrivateIpResult {
  const ok = errIPs.length === 0;
  return {
    result: { success: ok, errCode: ok ? '' : errCode, errMsg: ok ? '' : errMsg, ips, errIPs },
    success: true,
  };
}

/** VM instances: `/v1/vm/instance`, instances under a service, and their monitoring series. */
export const vmInstanceHandlers: HandlerTable = {
  CreateVmServiceInstance(ctx): CreateVmServiceResult {
    const service = getService(ctx, ctx.path.serviceId ?? '');
    const input = ctx.input as CreateVmServiceArgs;
    const entries = input.deployInstances ?? [];
    if (!entries.length) throw badRequest('Invalid deployInstances: at least one node is required.');
    const template = buildTemplate(input, service.template);
    const planned = planDeployments(ctx, input, template, entries);
    const created: VmInstanceRecord[] = [];
    const updated = ctx.state.update<VmServiceRecord>(VM_SERVICE, service.serviceId, (svc) => {
      // An empty service takes its template from its first instances.
      if (!svc.template.imageId) svc.template = template;
      for (const p of planned) created.push(...createInstances(ctx, svc, template, p.placement, p.replicas));
    });
    return actionResult('create', serviceBrief(ctx, updated, created));
  },

  GetVmInstanceList(ctx): LogicPageVmInstanceResult {
    const input = (ctx.input ?? {}) as GetVmInstanceListInput;
    const matches = keywordFilter(input.keywordType, input.keyword);
    const items = ctx.state
      .list<VmInstanceRecord>(VM_INSTANCE)
      .filter(matches)
      .filter((i) => !input.serviceId || i.serviceId === input.serviceId)
      .filter((i) => !input.status || SAME(input.status, i.status))
      .filter((i) => !input.region || SAME(input.region, i.region) || SAME(input.region, i.regionId))
      .filter((i) => !input.osName || SAME(input.osName, i.osImage.osName));
    const page = paginate(items, input, {
      maxPageSize: 100,
      sortable: ['createTime', 'vmId', 'vmName', 'status', 'cpu', 'mem', 'regionId', 'serviceId'],
    });
    return { ...pageFieldsWithOrders(page), result: page.result.map((i) => instanceDetails(ctx.state, i)) };
  },

  GetNodeVmInstanceList(ctx): GetNodeVmInstanceListResult {
    const input = (ctx.input ?? {}) as GetNodeVmInstanceListInput;
    const { region = '', serviceProvider = '', city = '' } = ctx.path;
    const node = ctx.inventory.find({ region, city, serviceProvider });
    if (!region || !city || !serviceProvider || !node) {
      throw badRequest(`Invalid node: no edge node ${region}/${serviceProvider}/${city}.`);
    }
    const matches = keywordFilter(input.keywordType, input.keyword, NODE_INSTANCE_KEYWORDS);
    const result = ctx.state
      .list<VmInstanceRecord>(VM_INSTANCE)
      .filter((i) => SAME(region, i.region) && SAME(city, i.city) && SAME(serviceProvider, i.serviceProvider))
      .filter(matches)
      .map((i) => instanceBrief(ctx.state, i));
    return { result, success: true };
  },

  GetVirtualMachine(ctx): VmInstanceDetailsVo {
    return instanceDetails(ctx.state, getInstance(ctx, ctx.path.vmID ?? ''));
  },

  DeleteVmInstance(ctx): ActionInfoVo {
    const instance = getInstance(ctx, ctx.path.vmID ?? '');
    deleteInstance(ctx, instance);
    return actionResult('delete', { vmId: instance.vmId });
  },

  UpdateVmInstance(ctx): UpdateVmDeploymentResult {
    const input = ctx.input as UpdateVmInstanceArgs;
    const instance = getInstance(ctx, ctx.path.vmID ?? '');
    applyInstanceUpdate(ctx, input.type, input, [instance]);
    return actionResult('update', instanceBrief(ctx.state, getInstance(ctx, instance.vmId)));
  },

  BindSecurityGroup(ctx): BindSecurityGroupInstancesResponse {
    const action = ctx.path.action ?? '';
    if (action !== 'bind' && action !== 'unbind') throw badRequest('Invalid action: must be "bind" or "unbind".');
    const input = ctx.input as BindSecurityGroupInstances;
    const details = (input.instances ?? []).map((binding) =>
      outcomeOf(binding.instanceId, () => {
        const instance = getInstance(ctx, binding.instanceId);
        const ids = [...new Set(binding.securityGroupIds ?? [])];
        if (!ids.length) throw badRequest('Invalid securityGroupIds: at least one security group is required.');
        if (action === 'unbind') {
          const missing = ids.find((id) => !instance.securityGroupIds.includes(id));
          if (missing) throw badRequest(`The security group ${missing} is not bound to ${instance.vmId}.`);
        }
        ctx.state.update<VmInstanceRecord>(VM_INSTANCE, instance.vmId, (r) => {
          r.securityGroupIds =
            action === 'bind'
              ? [...r.securityGroupIds, ...ids.filter((id) => !r.securityGroupIds.includes(id))]
              : r.securityGroupIds.filter((id) => !ids.includes(id));
        });
      }),
    );
    return { action, result: details.every((d) => d.success), details };
  },

  ReinstallVmInstance(ctx): ReinstallVmInstanceResult {
    const input = ctx.input as ReinstallVmInstanceArg;
    const instance = getInstance(ctx, ctx.path.vmID ?? '');
    if (instance.status !== 'RUNNING' && instance.status !== 'STOPPED') {
      throw denied(`Cannot reinstall VM instance ${instance.vmId} while it is ${instance.status}.`);
    }
    const imageType = input.imageType ?? instance.imageType;
    const osImage = resolveImage(ctx, input.imageId ?? '', imageType);
    const login = loginOf(input);
    const updated = ctx.state.update<VmInstanceRecord>(VM_INSTANCE, instance.vmId, (r) => {
      r.imageId = osImage.imageId;
      r.imageType = imageType;
      r.osImage = osImage;
      if (login) r.keyPairIds = login.keyPairIds;
      if (input.userData !== undefined) r.userData = input.userData;
      ctx.lifecycle.start(VM_INSTANCE, r, { via: 'REINSTALLING', to: 'RUNNING' });
    });
    return actionResult('reinstall', instanceBrief(ctx.state, updated));
  },

  OperateVmDeployment(ctx): OperateVmDeploymentResult {
    const instance = getInstance(ctx, ctx.path.vmID ?? '');
    const action = ctx.path.action ?? '';
    operate(ctx, instance, action);
    return actionResult(action, { vmId: instance.vmId });
  },

  GetVmInstanceMetrics(ctx) {
    const input = ctx.input as GetVmInstanceMetricsInput;
    const instance = getInstance(ctx, ctx.path.vmId ?? '');
    checkVmMetricsType(input.metricsType);
    return metricSeries(ctx, instance.vmId, input);
  },

  GetVmConfig(ctx): VmConfigResult {
    const i = getInstance(ctx, ctx.path.vmID ?? '');
    return {
      cpu: i.cpu,
      mem: i.mem,
      region: i.region,
      serviceProvider: i.serviceProvider,
      city: i.city,
      regionId: i.regionId,
      needPublicIp: i.needPublicIp,
      bandwidth: i.needPublicIp ? String(i.bandwidth) : '',
      osImage: { ...i.osImage },
      dataVolumeList: i.dataVolumeList.map((v) => ({ ...v })),
      systemVolume: { ...i.systemVolume },
    };
  },

  CreateVmPrivateIp(ctx): VmPrivateIpResult {
    const input = ctx.input as CreateVmPrivateIpForm;
    const instance = getInstance(ctx, ctx.path.vmID ?? '');
    if (instance.status !== 'RUNNING' && instance.status !== 'STOPPED') {
      throw denied(`Cannot add private IPs to VM instance ${instance.vmId} while it is ${instance.status}.`);
    }
    const cidr = privateCidr(ctx.state, instance);
    const range = parseCidr(cidr)!;
    const wanted = [...new Set(input.privateIps ?? [])];
    for (const ip of wanted) {
      const n = parseIpv4(ip);
      if (n === undefined) throw badRequest(`Invalid privateIps: "${ip}" is not an IPv4 address.`);
      if (n < range.base + 2 || n >= range.base + range.size - 1) {
        throw badRequest(`Invalid privateIps: ${ip} is not a usable address of ${cidr}.`);
      }
    }
    const count = input.secondaryPrivateIpAddressCount ?? 0;
    if (count < 0) throw badRequest('Invalid secondaryPrivateIpAddressCount: must not be negative.');
    if (instance.privateIps.length + wanted.length + count > MAX_PRIVATE_IPS) {
      throw limitExceeded(`A VM instance may hold at most ${MAX_PRIVATE_IPS} secondary private IPs.`);
    }
    const taken = usedIps(ctx.state);
    const ips: string[] = [];
    const errIPs: string[] = [];
    for (const ip of wanted) {
      if (taken.has(ip)) errIPs.push(ip);
      else {
        taken.add(ip);
        ips.push(ip);
      }
    }
    for (let k = 0; k < count; k++) ips.push(allocateIp(ctx, cidr, taken));
    ctx.state.update<VmInstanceRecord>(VM_INSTANCE, instance.vmId, (r) => {
      r.privateIps = [...r.privateIps, ...ips];
    });
    return ipamResult(ips, errIPs, 'IpInUse', `Already in use: ${errIPs.join(', ')}.`);
  },

  DeleteVmPrivateIp(ctx): VmPrivateIpResult {
    const input = ctx.input as DeleteVmPrivateIpForm;
    const instance = getInstance(ctx, ctx.path.vmID ?? '');
    const wanted = [...new Set(input.privateIps ?? [])];
    if (wanted.includes(instance.internalIp)) {
      throw badRequest(`Invalid privateIps: ${instance.internalIp} is the primary IP of ${instance.vmId}.`);
    }
    const ips = wanted.filter((ip) => instance.privateIps.includes(ip));
    const errIPs = wanted.filter((ip) => !instance.privateIps.includes(ip));
    ctx.state.update<VmInstanceRecord>(VM_INSTANCE, instance.vmId, (r) => {
      r.privateIps = r.privateIps.filter((ip) => !ips.includes(ip));
    });
    return ipamResult(ips, errIPs, 'IpNotFound', `Not assigned to ${instance.vmId}: ${errIPs.join(', ')}.`);
  },
};
