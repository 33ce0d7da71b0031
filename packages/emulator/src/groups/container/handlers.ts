import type {
  ActionInfoVo,
  CreateServiceArgs,
  CreateServiceResult,
  DeleteDeploymentActionInfoVo,
  DeploymentResourceBriefVo,
  GetPodListInput,
  ListPodResult,
  ListServiceInput,
  ListServiceResult,
  PodDetailVo,
  ServiceActionResult,
  ServiceBatchOperateArgs,
  ServiceBatchOperateResult,
  ServiceDetailsVo,
  ServiceMetricsResult,
  UpdateDeploymentReplicasRequest,
  UpdateServiceArgs,
  UpdateServiceResult,
} from 'bec-sdk';
import { podBindingsOfDeployment, refuseWhileBound } from '../../core/backends.js';
import type { HandlerTable } from '../../core/handler.js';
import { pageFields, paginate } from '../../core/paging.js';
import { checkNetwork } from '../../core/placement.js';
import { freshId, perId } from '../../core/records.js';
import { badRequest, denied } from '../../errors.js';
import { checkContainers, checkReplicas, checkSecrets, checkVolumes } from './checks.js';
import { deleteService, metricsOf, operateService, updateService } from './operations.js';
import {
  createDeployment,
  deleteDeploymentCascade,
  resolveInstances,
  serviceStatus,
  setReplicas,
  stepEndSeconds,
} from './pods.js';
import {
  type ContainerServiceRecord,
  LIST_LIMITS,
  mustGetDeployment,
  mustGetPod,
  mustGetService,
  POD,
  POD_SORTABLE,
  type PodRecord,
  podsOfService,
  SERVICE,
  SERVICE_SORTABLE,
} from './records.js';
import { deploymentView, podBrief, podDetail, serviceBrief, serviceDetails } from './views.js';

/** Container services, their deployments (StatefulSets) and pods, and their metrics. */
export const containerHandlers: HandlerTable = {
  CreateService(ctx): CreateServiceResult {
    const input = ctx.input as CreateServiceArgs;
    const volumes = input.volumes ?? {};
    const containers = checkContainers(input.containers, checkVolumes(volumes));
    const secrets = checkSecrets(input.imageRegistrySecrets);
    if (!input.deployInstances?.length)
      throw badRequest('Invalid deployInstances: at least one edge node is required.');
    const targets = resolveInstances(ctx, input.deployInstances);
    const networks = targets.map(({ instance, node }, i) => checkNetwork(ctx, instance, node, `deployInstances[${i}]`));
    const t = ctx.clock.isoNow();
    const serviceId = freshId(ctx, 's-', [SERVICE, 'vmService']);
    const service: ContainerServiceRecord = {
      serviceId,
      serviceName: input.serviceName,
      status: 'RUNNING',
      containerGroupName: input.containerGroupName,
      paymentMethod: input.paymentMethod || 'postpay',
      containers,
      imageRegistrySecrets: secrets,
      volumes,
      needPublicIp: input.needPublicIp ?? false,
      needIpv6PublicIp: input.needIpv6PublicIp ?? false,
      // The seed guide sends a bandwidth without a public IP; it only matters with one.
      bandwidth: input.bandwidth ?? (input.needPublicIp ? 100 : 0),
      tags: input.tags ?? [],
      logCollectDetail: input.logCollectDetail,
      createTime: t,
      lastUpdateTime: t,
      _deploymentSeq: 0,
    };
    ctx.lifecycle.start(SERVICE, service, { via: 'STARTING', to: 'RUNNING' });
    ctx.state.put(SERVICE, serviceId, service);
    targets.forEach(({ instance, node }, i) => {
      createDeployment(ctx, service, node, networks[i]!, instance);
    });
    ctx.state.put(SERVICE, serviceId, service);
    return { result: true, action: 'create', details: serviceBrief(ctx, service) };
  },

  ListService(ctx): ListServiceResult {
    const input = ctx.input as ListServiceInput;
    const keywordType = input.keywordType || 'serviceName';
    if (keywordType !== 'serviceName' && keywordType !== 'serviceId') {
      throw badRequest('Invalid keywordType: must be serviceName or serviceId.');
    }
    const keyword = (input.keyword ?? '').toLowerCase();
    const briefs = ctx.state
      .list<ContainerServiceRecord>(SERVICE)
      .map((s) => serviceBrief(ctx, s))
      .filter((b) => !keyword || b[keywordType].toLowerCase().includes(keyword))
      .filter((b) => !input.status || b.status.toUpperCase() === input.status.toUpperCase());
    const p = paginate(briefs, input, { ...LIST_LIMITS, sortable: SERVICE_SORTABLE });
    return { ...pageFields(p), result: p.result };
  },

  GetService(ctx): ServiceDetailsVo {
    return serviceDetails(ctx, mustGetService(ctx, ctx.path.serviceId!));
  },

  ServiceAction(ctx): ServiceActionResult {
    const action = ctx.path.action!;
    const service = operateService(ctx, ctx.path.serviceId!, action);
    return {
      result: true,
      action,
      details: {
        serviceId: service.serviceId,
        serviceName: service.serviceName,
        // The BEC example answers a start with "starting" in lower case (sk3zb12kh).
        status: serviceStatus(service, podsOfService(ctx.state, service.serviceId)).toLowerCase(),
      },
    };
  },

  UpdateService(ctx): UpdateServiceResult {
    const service = mustGetService(ctx, ctx.path.serviceId!);
    updateService(ctx, service, ctx.input as UpdateServiceArgs);
    return { result: true, action: 'update', details: [serviceBrief(ctx, mustGetService(ctx, service.serviceId))] };
  },

  DeleteService(ctx): ServiceActionResult {
    const serviceId = ctx.path.serviceId!;
    deleteService(ctx, serviceId);
    return { result: true, action: 'delete', details: { serviceId } };
  },

  ServiceBatchOperate(ctx): ServiceBatchOperateResult {
    const input = ctx.input as ServiceBatchOperateArgs;
    const action = input.action!;
    const details = perId(input.idList ?? [], (id) => {
      operateService(ctx, id, action);
    });
    return { result: details.every((d) => d.success), action, details };
  },

  ServiceBatchDelete(ctx): ServiceBatchOperateResult {
    const details = perId(ctx.input as string[], (id) => deleteService(ctx, id));
    return { result: details.every((d) => d.success), action: 'delete', details };
  },

  GetPodDeployment(ctx): DeploymentResourceBriefVo {
    return deploymentView(ctx, mustGetDeployment(ctx, ctx.path.deploymentId!));
  },

  UpdatePodDeploymentReplicas(ctx): ActionInfoVo {
    const input = ctx.input as UpdateDeploymentReplicasRequest;
    const deployment = mustGetDeployment(ctx, ctx.path.deploymentId!);
    checkReplicas(input.replicas, 'Invalid replicas');
    const service = mustGetService(ctx, deployment.serviceId);
    setReplicas(ctx, service, deployment, input.replicas);
    ctx.state.update<ContainerServiceRecord>(SERVICE, service.serviceId, (s) => {
      s.lastUpdateTime = ctx.clock.isoNow();
    });
    return {
      result: true,
      action: 'update',
      details: { deploymentId: deployment.deploymentId, replicas: String(input.replicas) },
    };
  },

  DeletePodDeployment(ctx): DeleteDeploymentActionInfoVo {
    const ids = [...new Set(ctx.input as string[])];
    const deployments = ids.map((id) => mustGetDeployment(ctx, id));
    for (const d of deployments) {
      refuseWhileBound(podBindingsOfDeployment(ctx.state, d.deploymentId), `The deployment ${d.deploymentId}`);
    }
    const details: Record<string, string[]> = {};
    for (const d of deployments) {
      deleteDeploymentCascade(ctx, d);
      details[d.serviceId] = [...(details[d.serviceId] ?? []), d.deploymentId];
      ctx.state.update<ContainerServiceRecord>(SERVICE, d.serviceId, (s) => {
        s.lastUpdateTime = ctx.clock.isoNow();
      });
    }
    return { result: true, action: 'delete', details };
  },

  GetPodList(ctx): ListPodResult {
    const input = ctx.input as GetPodListInput;
    const keyword = (input.keyword ?? '').toLowerCase();
    const pods = ctx.state
      .list<PodRecord>(POD)
      .filter((p) => !input.serviceId || p.serviceId === input.serviceId)
      .filter((p) => !input.deploymentId || p.deploymentId === input.deploymentId)
      .filter(
        (p) =>
          !keyword ||
          p.podName.toLowerCase().includes(keyword) ||
          p.podIp.includes(keyword) ||
          p.publicIp.includes(keyword),
      );
    const p = paginate(pods, input, { ...LIST_LIMITS, sortable: POD_SORTABLE });
    return { ...pageFields(p), result: p.result.map((pod) => podBrief(ctx, mustGetService(ctx, pod.serviceId), pod)) };
  },

  GetPodDetail(ctx): PodDetailVo {
    const pod = mustGetPod(ctx, ctx.path.podId!);
    return podDetail(ctx, mustGetService(ctx, pod.serviceId), pod);
  },

  RestartPod(ctx): undefined {
    const pod = mustGetPod(ctx, ctx.path.podId!);
    if (pod.status !== 'RUNNING')
      throw denied(`The pod ${pod.podId} is ${pod.status}; only a RUNNING pod can be restarted.`);
    const startedAt = stepEndSeconds(ctx, POD);
    ctx.state.update<PodRecord>(POD, pod.podId, (r) => {
      r.restartCount += 1;
      ctx.lifecycle.start(POD, r, { via: 'RESTARTING', to: 'RUNNING', patch: { startedAt } });
    });
    return undefined;
  },

  GetServiceMetrics(ctx): ServiceMetricsResult {
    return metricsOf(ctx, mustGetService(ctx, ctx.path.serviceId!).serviceId);
  },

  GetPodDeploymentMetrics(ctx): ServiceMetricsResult {
    return metricsOf(ctx, mustGetDeployment(ctx, ctx.path.deploymentId!).deploymentId);
  },

  GetPodMetrics(ctx): ServiceMetricsResult {
    return metricsOf(ctx, mustGetPod(ctx, ctx.path.podId!).podId);
  },
};
