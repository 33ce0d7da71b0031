/**
 * Container responses, built from the records field by field.
 */
import type {
  DeploymentInstance,
  DeploymentResourceBriefVo,
  PodBriefVo,
  PodDetailVo,
  PodEventDetails,
  ResourceBriefVo,
  ServiceBriefVo,
  ServiceDetailsVo,
  V1ContainerStatus,
} from 'bec-sdk';
import type { HandlerContext } from '../../core/handler.js';
import { deploymentsOf, hex, nodeOf, serviceStatus } from './pods.js';
import {
  type ContainerServiceRecord,
  type DeploymentRecord,
  imageList,
  mustGetService,
  type PodRecord,
  podResources,
  podsOfDeployment,
  podsOfService,
} from './records.js';

export function deployInstanceOf(d: DeploymentRecord): DeploymentInstance {
  return {
    region: d.region,
    serviceProvider: d.serviceProvider,
    replicas: d.replicas,
    city: d.city,
    regionId: d.regionId,
    networkType: d.networkType,
    ...(d.vpcId ? { vpcId: d.vpcId } : {}),
    ...(d.subnetId ? { subnetId: d.subnetId } : {}),
    ...(d.subServiceProviders.length ? { subServiceProviders: d.subServiceProviders } : {}),
  };
}

export function ingressBandwidth(service: ContainerServiceRecord): string {
  return service.needPublicIp && service.bandwidth ? String(service.bandwidth) : '';
}

export function labelsOf(service: ContainerServiceRecord, deploymentId: string): Record<string, string> {
  return { app: service.containerGroupName, serviceId: service.serviceId, deploymentId };
}

export function serviceBrief(ctx: HandlerContext, service: ContainerServiceRecord): ServiceBriefVo {
  const pods = podsOfService(ctx.state, service.serviceId);
  const deployments = deploymentsOf(ctx, service.serviceId);
  const res = podResources(service);
  return {
    serviceId: service.serviceId,
    serviceName: service.serviceName,
    level: '',
    status: serviceStatus(service, pods),
    totalCpu: res.cpu * pods.length,
    totalMem: res.mem * pods.length,
    totalGpu: res.gpu * pods.length,
    totalDisk: res.disk * pods.length,
    regions: deployments.length,
    totalPods: pods.length,
    runningPods: pods.filter((p) => p.status === 'RUNNING').length,
    tagMap: service.tags,
    deployInstances: deployments.map(deployInstanceOf),
    createTime: service.createTime,
    lastUpdateTime: service.lastUpdateTime,
  };
}

export function resourceBrief(
  ctx: HandlerContext,
  service: ContainerServiceRecord,
  d: DeploymentRecord,
): ResourceBriefVo {
  const pods = podsOfDeployment(ctx.state, d.deploymentId);
  const res = podResources(service);
  return {
    serviceId: service.serviceId,
    serviceName: service.serviceName,
    resourceId: d.deploymentId,
    resourceName: d.deploymentId,
    labels: labelsOf(service, d.deploymentId),
    totalCpu: res.cpu * pods.length,
    totalMem: res.mem * pods.length,
    totalGpu: res.gpu * pods.length,
    totalPods: pods.length,
    runningPods: pods.filter((p) => p.status === 'RUNNING').length,
    totalDeploy: 1,
    ingressBandwidth: ingressBandwidth(service),
    deployInstance: deployInstanceOf(d),
    imageList: imageList(service),
    containers: service.containers,
    imageRegistrySecrets: service.imageRegistrySecrets,
  };
}

export function serviceDetails(ctx: HandlerContext, service: ContainerServiceRecord): ServiceDetailsVo {
  const brief = serviceBrief(ctx, service);
  const deployments = deploymentsOf(ctx, service.serviceId);
  return {
    serviceId: brief.serviceId,
    serviceName: brief.serviceName,
    status: brief.status,
    totalCpu: brief.totalCpu,
    totalMem: brief.totalMem,
    totalGpu: brief.totalGpu,
    totalDisk: brief.totalDisk,
    totalPods: brief.totalPods,
    runningPods: brief.runningPods,
    regionSize: deployments.length,
    tagsMap: service.tags,
    deployInstances: brief.deployInstances,
    resourceBriefVos: deployments.map((d) => resourceBrief(ctx, service, d)),
    imageRegistrySecrets: service.imageRegistrySecrets,
    logCollectDetail: service.logCollectDetail ? { ...service.logCollectDetail, serviceId: service.serviceId } : {},
    createTime: service.createTime,
    lastUpdateTime: service.lastUpdateTime,
  };
}

export function podBrief(ctx: HandlerContext, service: ContainerServiceRecord, pod: PodRecord): PodBriefVo {
  const node = nodeOf(ctx, pod.regionId);
  const res = podResources(service);
  return {
    serviceId: pod.serviceId,
    deploymentName: pod.deploymentId,
    deploymentId: pod.deploymentId,
    podName: pod.podName,
    region: pod.region,
    city: pod.city,
    regionName: node?.regionName ?? '',
    cityName: node?.cityName ?? '',
    country: node?.country ?? '',
    countryName: node?.countryName ?? '',
    regionId: pod.regionId,
    labels: labelsOf(service, pod.deploymentId),
    status: pod.status,
    cpu: res.cpu,
    mem: res.mem,
    ingressBandwidth: ingressBandwidth(service),
    publicIp: pod.publicIp,
    ipv6PublicIp: pod.ipv6PublicIp,
    internalIp: pod.internalIp,
    imageList: imageList(service),
    containers: service.containers,
  };
}

export function containerStatuses(service: ContainerServiceRecord, pod: PodRecord): V1ContainerStatus[] {
  return service.containers.map((c) => {
    const image = `${c.imageAddress ?? ''}:${c.imageVersion || 'latest'}`;
    const id = `docker://${hex(`${pod.podId}/${c.name}/${pod.restartCount}`, 64)}`;
    const status: V1ContainerStatus = {
      containerID: pod.status === 'PENDING' ? '' : id,
      image,
      imageID: `${c.imageAddress ?? ''}@sha256:${hex(image, 64)}`,
      name: c.name ?? '',
      ready: pod.status === 'RUNNING',
      restartCount: pod.restartCount,
      state: {} as V1ContainerStatus['state'],
      lastState: {} as V1ContainerStatus['lastState'],
    };
    if (pod.status === 'RUNNING' || pod.status === 'STOPPING') {
      status.state = { running: { startedAt: pod.startedAt } } as V1ContainerStatus['state'];
    } else if (pod.status === 'STOP') {
      status.state = {
        terminated: { containerID: id, exitCode: 0, reason: 'Completed', message: '', startedAt: pod.startedAt },
      } as V1ContainerStatus['state'];
    } else {
      const reason = pod.status === 'PENDING' ? 'ContainerCreating' : 'PodInitializing';
      status.state = { waiting: { reason, message: '' } } as V1ContainerStatus['state'];
    }
    if (pod.restartCount > 0) {
      status.lastState = {
        terminated: { containerID: id, exitCode: 137, reason: 'Error', message: 'restarted', startedAt: pod.startedAt },
      } as V1ContainerStatus['lastState'];
    }
    return status;
  });
}

export function podEvents(service: ContainerServiceRecord, pod: PodRecord): PodEventDetails[] {
  const events: PodEventDetails[] = [
    {
      eventName: 'Scheduled',
      eventType: 'Normal',
      eventMessage: `Successfully assigned ${pod.podId} to ${pod.regionId}`,
    },
  ];
  if (pod.status === 'PENDING') return events;
  for (const c of service.containers) {
    const image = `${c.imageAddress ?? ''}:${c.imageVersion || 'latest'}`;
    events.push(
      {
        eventName: 'Pulled',
        eventType: 'Normal',
        eventMessage: `Container image "${image}" already present on machine`,
      },
      { eventName: 'Created', eventType: 'Normal', eventMessage: `Created container ${c.name ?? ''}` },
      { eventName: 'Started', eventType: 'Normal', eventMessage: `Started container ${c.name ?? ''}` },
    );
  }
  if (pod.restartCount > 0) {
    events.push({ eventName: 'Killing', eventType: 'Normal', eventMessage: `Restarted ${pod.restartCount} time(s)` });
  }
  if (pod.status === 'STOPPING' || pod.status === 'STOP') {
    events.push({ eventName: 'Killing', eventType: 'Normal', eventMessage: 'Stopping containers' });
  }
  return events;
}

export function podDetail(ctx: HandlerContext, service: ContainerServiceRecord, pod: PodRecord): PodDetailVo {
  const brief = podBrief(ctx, service, pod);
  return {
    podId: pod.podId,
    region: brief.region,
    city: brief.city,
    regionName: brief.regionName,
    cityName: brief.cityName,
    country: brief.country,
    countryName: brief.countryName,
    regionId: brief.regionId,
    labels: brief.labels,
    status: pod.status,
    cpu: brief.cpu,
    mem: brief.mem,
    ingressBandwidth: brief.ingressBandwidth,
    publicIp: pod.publicIp,
    podIp: pod.podIp,
    ipv6PublicIp: pod.ipv6PublicIp,
    internalIp: pod.internalIp,
    imageList: brief.imageList,
    podDataStorage: podResources(service).disk,
    podEventDetails: podEvents(service, pod),
    containers: service.containers,
    containerStatuses: containerStatuses(service, pod),
    createTime: pod.createTime,
  };
}

export function deploymentView(ctx: HandlerContext, d: DeploymentRecord): DeploymentResourceBriefVo {
  const service = mustGetService(ctx, d.serviceId);
  const pods = podsOfDeployment(ctx.state, d.deploymentId);
  return {
    serviceId: service.serviceId,
    serviceName: service.serviceName,
    resourceId: d.deploymentId,
    resourceName: d.deploymentId,
    totalPods: pods.length,
    runningPods: pods.filter((p) => p.status === 'RUNNING').length,
    deployInstance: deployInstanceOf(d),
    containers: service.containers,
    podBriefVos: pods.map((p) => podBrief(ctx, service, p)),
    createTime: d.createTime,
    lastUpdateTime: d.lastUpdateTime,
  };
}
