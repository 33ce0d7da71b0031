import type {
  CreateVmServiceArgs,
  CreateVmServiceResult,
  GetVmServiceListInput,
  GetVmServiceMetricsInput,
  ListVmServiceResult,
  UpdateVmServiceArgs,
  UpdateVmServiceResult,
  VmServiceActionResult,
  VmServiceBatchActionArgs,
  VmServiceBatchActionResult,
  VmServiceDetailsVo,
} from 'bec-sdk';
import { checkDeploySetQuota, checkDeploySets } from '../../core/deploy-sets.js';
import type { HandlerContext, HandlerTable } from '../../core/handler.js';
import { resolveImage } from '../../core/images.js';
import { metricSeries } from '../../core/metrics.js';
import { pageFieldsWithOrders, paginate } from '../../core/paging.js';
import { resolvePlacement } from '../../core/placement.js';
import { actionResult, matchesKeyword, perId } from '../../core/records.js';
import { badRequest, denied, notFound } from '../../errors.js';
import { createInstances, deleteInstance } from './create.js';
import { buildTemplate, checkVmMetricsType, planDeployments } from './plan.js';
import {
  getService,
  instancesOf,
  TRANSITIONAL,
  VM_INSTANCE,
  VM_SERVICE,
  type VmInstanceRecord,
  type VmServiceRecord,
} from './records.js';
import { applyInstanceUpdate } from './updates.js';
import { serviceBrief } from './views.js';

export function newServiceId(ctx: HandlerContext): string {
  let id: string;
  do id = ctx.ids.next('s-');
  while (ctx.state.get(VM_SERVICE, id));
  return id;
}

export function startOrStop(ctx: HandlerContext, service: VmServiceRecord, action: string): void {
  if (action !== 'start' && action !== 'stop') throw badRequest('Invalid action: must be "start" or "stop".');
  const instances = instancesOf(ctx.state, service.serviceId);
  const busy = instances.find((i) => TRANSITIONAL.has(i.status));
  if (busy) {
    throw denied(`Cannot ${action} VM service ${service.serviceId}: instance ${busy.vmId} is ${busy.status}.`);
  }
  const from = action === 'start' ? 'STOPPED' : 'RUNNING';
  const targets = instances.filter((i) => i.status === from);
  if (targets.length === 0) {
    throw denied(
      instances.length === 0
        ? `Cannot ${action} VM service ${service.serviceId}: it has no instances.`
        : `Cannot ${action} VM service ${service.serviceId}: no instance is ${from}.`,
    );
  }
  for (const t of targets) {
    ctx.state.update<VmInstanceRecord>(VM_INSTANCE, t.vmId, (r) => {
      ctx.lifecycle.start(
        VM_INSTANCE,
        r,
        action === 'start' ? { via: 'STARTING', to: 'RUNNING' } : { via: 'STOPPING', to: 'STOPPED' },
      );
    });
  }
}

export function deleteService(ctx: HandlerContext, serviceId: string): void {
  const service = getService(ctx, serviceId);
  const instances = instancesOf(ctx.state, service.serviceId);
  const imaging = instances.find((i) => i.status === 'IMAGING');
  if (imaging) {
    throw denied(`Cannot delete VM service ${serviceId}: an image is being made from instance ${imaging.vmId}.`);
  }
  for (const i of instances) deleteInstance(ctx, i);
  ctx.state.delete(VM_SERVICE, service.serviceId);
}

export const SERVICE_KEYWORDS = ['serviceId', 'serviceName'];

/** VM services: `/v1/vm/service`, plus their monitoring series. */
export const vmServiceHandlers: HandlerTable = {
  CreateVmService(ctx): CreateVmServiceResult {
    const input = ctx.input as CreateVmServiceArgs;
    const template = buildTemplate(input);
    const entries = input.deployInstances ?? [];
    const planned = entries.length ? planDeployments(ctx, input, template, entries) : [];
    if (!entries.length) checkDeploySets(ctx, template.deploysetIdList);
    const serviceId = newServiceId(ctx);
    const service: VmServiceRecord = {
      serviceId,
      serviceName: input.serviceName || `vm-service-${ctx.ids.token(6)}`,
      createTime: ctx.clock.isoNow(),
      template,
      regionOrder: [],
    };
    for (const p of planned) createInstances(ctx, service, template, p.placement, p.replicas);
    ctx.state.put(VM_SERVICE, serviceId, service);
    return actionResult('create', serviceBrief(ctx, service));
  },

  UpdateVmService(ctx): UpdateVmServiceResult {
    const input = ctx.input as UpdateVmServiceArgs;
    const service = getService(ctx, ctx.path.serviceId ?? '');
    const instances = instancesOf(ctx.state, service.serviceId);
    let targets = instances;
    if (input.vmId) {
      const one = instances.find((i) => i.vmId === input.vmId);
      if (!one) throw notFound(`VM instance of service ${service.serviceId}`, input.vmId);
      targets = [one];
    }
    switch (input.type) {
      case 'serviceName': {
        if (!input.serviceName) throw badRequest('Invalid serviceName: required when type is "serviceName".');
        const name = input.serviceName;
        ctx.state.update<VmServiceRecord>(VM_SERVICE, service.serviceId, (r) => {
          r.serviceName = name;
        });
        break;
      }
      case 'replicas':
        scaleService(ctx, service, input);
        break;
      default: {
        const changes = applyInstanceUpdate(ctx, input.type, input, targets, service.template);
        if (!input.vmId) {
          ctx.state.update<VmServiceRecord>(VM_SERVICE, service.serviceId, (r) => {
            r.template = { ...r.template, ...changes };
          });
        }
      }
    }
    return actionResult('update', serviceBrief(ctx, getService(ctx, service.serviceId)));
  },

  GetVmServiceList(ctx): ListVmServiceResult {
    const input = (ctx.input ?? {}) as GetVmServiceListInput;
    const keywordType = input.keywordType || 'serviceId';
    if (!SERVICE_KEYWORDS.includes(keywordType)) {
      throw badRequest(`Invalid keywordType: must be one of ${SERVICE_KEYWORDS.join(', ')}.`);
    }
    const briefs = ctx.state
      .list<VmServiceRecord>(VM_SERVICE)
      .filter((s) => !input.serviceId || s.serviceId === input.serviceId)
      .map((s) => serviceBrief(ctx, s))
      .filter((b) =>
        matchesKeyword(b as unknown as Record<string, unknown>, keywordType, input.keyword, SERVICE_KEYWORDS),
      )
      .filter((b) => !input.status || b.status.toUpperCase() === input.status.toUpperCase())
      .filter(
        (b) =>
          !input.region ||
          b.deployInstances.some(
            (d) =>
              d.region?.toUpperCase() === input.region?.toUpperCase() ||
              d.regionId?.toLowerCase() === input.region?.toLowerCase(),
          ),
      )
      .filter((b) => !input.osName || b.osImage?.osName?.toLowerCase() === input.osName.toLowerCase());
    const page = paginate(briefs as unknown as Record<string, unknown>[], input, {
      maxPageSize: 1000,
      sortable: ['createTime', 'serviceName', 'serviceId', 'totalInstances'],
    });
    return { ...pageFieldsWithOrders(page), result: page.result as unknown as ListVmServiceResult['result'] };
  },

  GetVmServiceDetail(ctx): VmServiceDetailsVo {
    const service = getService(ctx, ctx.path.serviceId ?? '');
    const instances = instancesOf(ctx.state, service.serviceId);
    const withPublic = instances.filter((i) => i.needPublicIp);
    return {
      ...serviceBrief(ctx, service),
      bandwidth: service.template.needPublicIp ? String(service.template.bandwidth) : '',
      totalBandwidth: withPublic.length ? String(withPublic.reduce((s, i) => s + i.bandwidth, 0)) : '',
      dataVolumeList: service.template.dataVolumeList.map((v) => ({ ...v })),
      systemVolumeList: instances.map((i) => ({ ...i.systemVolume })),
    };
  },

  VmServiceAction(ctx): VmServiceActionResult {
    const service = getService(ctx, ctx.path.serviceId ?? '');
    const action = ctx.path.action ?? '';
    startOrStop(ctx, service, action);
    return actionResult(action, { serviceId: service.serviceId });
  },

  DeleteVmService(ctx): VmServiceActionResult {
    const serviceId = ctx.path.serviceId ?? '';
    deleteService(ctx, serviceId);
    return actionResult('delete', { serviceId });
  },

  BatchDeleteVmService(ctx): VmServiceBatchActionResult {
    const ids = [...new Set(ctx.input as string[])];
    const details = perId(ids, (id) => deleteService(ctx, id));
    return { result: details.every((d) => d.success), action: 'delete', details };
  },

  BatchOperateVmService(ctx): VmServiceBatchActionResult {
    const input = ctx.input as VmServiceBatchActionArgs;
    const action = input.action ?? '';
    if (action !== 'start' && action !== 'stop') throw badRequest('Invalid action: must be "start" or "stop".');
    const ids = [...new Set(input.idList ?? [])];
    const details = perId(ids, (id) => startOrStop(ctx, getService(ctx, id), action));
    return { result: details.every((d) => d.success), action, details };
  },

  GetVmServiceMetrics(ctx) {
    const input = ctx.input as GetVmServiceMetricsInput;
    const service = getService(ctx, ctx.path.serviceId ?? '');
    checkVmMetricsType(input.metricsType);
    const sp = input.serviceProviderStr ? `/${input.serviceProviderStr}` : '';
    return metricSeries(ctx, `${service.serviceId}${sp}`, input);
  },
};

/**
 * `type: replicas`: every listed node gets exactly `replicas` instances (new ones from the
 * service's template, the newest removed first); nodes not listed keep theirs.
 */
export function scaleService(ctx: HandlerContext, service: VmServiceRecord, input: UpdateVmServiceArgs): void {
  const entries = input.deployInstances ?? [];
  if (!entries.length) throw badRequest('Invalid deployInstances: required when type is "replicas".');
  const template = service.template;
  const planned = entries.map((entry) => {
    const replicas = entry.replicas ?? 0;
    if (!Number.isInteger(replicas) || replicas < 1)
      throw badRequest('Invalid deployInstances.replicas: must be at least 1.');
    return { placement: resolvePlacement(ctx, entry), replicas };
  });
  const seen = new Set<string>();
  for (const p of planned) {
    if (seen.has(p.placement.node.regionId)) {
      throw badRequest(`Invalid deployInstances: the node ${p.placement.node.regionId} is listed twice.`);
    }
    seen.add(p.placement.node.regionId);
  }
  const current = instancesOf(ctx.state, service.serviceId);
  const growing = planned.filter(
    (p) => p.replicas > current.filter((i) => i.regionId === p.placement.node.regionId).length,
  );
  if (growing.length) {
    if (!template.imageId || template.cpu < 1 || template.memory < 1) {
      throw badRequest('Invalid type "replicas": the service has no instance template (image, cpu, memory) yet.');
    }
    resolveImage(ctx, template.imageId, template.imageType);
    checkDeploySets(ctx, template.deploysetIdList);
  }
  for (const p of planned) {
    const regionId = p.placement.node.regionId;
    const here = current.filter((i) => i.regionId === regionId);
    if (p.replicas > here.length)
      checkDeploySetQuota(ctx, template.deploysetIdList, regionId, p.replicas - here.length);
    if (p.replicas < here.length) {
      const doomed = here.slice(p.replicas);
      const imaging = doomed.find((i) => i.status === 'IMAGING');
      if (imaging) throw denied(`Cannot remove VM instance ${imaging.vmId} while an image is being made from it.`);
    }
  }
  ctx.state.update<VmServiceRecord>(VM_SERVICE, service.serviceId, (svc) => {
    for (const p of planned) {
      const here = current.filter((i) => i.regionId === p.placement.node.regionId);
      if (p.replicas > here.length) createInstances(ctx, svc, template, p.placement, p.replicas - here.length);
      else for (const i of here.slice(p.replicas)) deleteInstance(ctx, i);
    }
  });
}
