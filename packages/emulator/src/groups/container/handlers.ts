import { createHash } from 'node:crypto';
import type {
  ActionInfoVo,
  ContainerDetails,
  CreateServiceArgs,
  CreateServiceResult,
  DeleteDeploymentActionInfoVo,
  DeploymentInstance,
  DeploymentResourceBriefVo,
  GetPodListInput,
  GetServiceMetricsInput,
  ImageRegistrySecret,
  ListPodResult,
  ListServiceInput,
  ListServiceResult,
  PodBriefVo,
  PodDetailVo,
  PodEventDetails,
  ResourceBriefVo,
  ServiceActionResult,
  ServiceBatchOperateArgs,
  ServiceBatchOperateResult,
  ServiceBriefVo,
  ServiceDetailsVo,
  ServiceMetricsResult,
  UpdateDeploymentReplicasRequest,
  UpdateServiceArgs,
  UpdateServiceResult,
  V1ContainerStatus,
  Volume,
} from 'bec-sdk';
import { randomIpv6 } from '../../core/addresses.js';
import type { HandlerContext, HandlerTable } from '../../core/handler.js';
import { metricSeries } from '../../core/metrics.js';
import { pageFields, paginate } from '../../core/paging.js';
import { checkNetwork, type NetworkChoice, resolveNode } from '../../core/placement.js';
import { freshId, perId } from '../../core/records.js';
import { badRequest, denied, limitExceeded, notFound } from '../../errors.js';
import { type EdgeNode, Inventory } from '../../inventory.js';
import type { BindingRecord } from '../blb/records.js';
import {
  type ContainerServiceRecord,
  type DeploymentRecord,
  imageList,
  type PodRecord,
  podResources,
  podsOfDeployment,
  podsOfService,
} from '../container/records.js';

const SERVICE = 'containerService';
const DEPLOYMENT = 'deployment';
const POD = 'pod';
const BINDING = 'blbBinding';

/** Emulator quota: pods per deployment (BEC's own quota is not documented). */
export const MAX_REPLICAS_PER_DEPLOYMENT = 500;

/** GET /v1/service and GET /v1/pod: pageSize 1-100, default 100 (fk413di5s, 2k3i3ucrh). */
const LIST_LIMITS = { maxPageSize: 100, defaultPageSize: 100 };
const SERVICE_SORTABLE = ['createTime', 'lastUpdateTime', 'serviceName', 'serviceId', 'status', 'totalPods'];
const POD_SORTABLE = ['createTime', 'podName', 'status'];

/** A Kubernetes DNS label: what container and volume names must be. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

// ---------------------------------------------------------------------------------------------
// Helpers

/** Unix seconds at which a step started now ends (for `startedAt` of containers). */
function stepEndSeconds(ctx: HandlerContext, kind: string): number {
  const mode = ctx.lifecycle.modeFor(kind);
  const end = ctx.clock.now() + (mode === 'timed' ? ctx.lifecycle.durationFor(kind) : 0);
  return Math.floor(end / 1000);
}

function hex(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

// ---------------------------------------------------------------------------------------------
// Validation of the service model

function checkVolumes(volumes: Volume): Set<string> {
  const names = new Set<string>();
  const groups: Array<[string, Array<{ name?: string | undefined }> | undefined]> = [
    ['emptyDir', volumes.emptyDir],
    ['configMap', volumes.configMap],
    ['secret', volumes.secret],
    ['volumeClaimTemplates', volumes.volumeClaimTemplates],
  ];
  for (const [group, list] of groups) {
    for (const [i, v] of (list ?? []).entries()) {
      const name = v.name ?? '';
      if (!DNS_LABEL.test(name)) {
        throw badRequest(`Invalid volumes.${group}[${i}].name: must be 1-63 lower-case letters, digits or "-".`);
      }
      if (names.has(name))
        throw badRequest(`Invalid volumes.${group}[${i}].name: the volume ${name} is declared twice.`);
      names.add(name);
    }
  }
  for (const [i, v] of (volumes.volumeClaimTemplates ?? []).entries()) {
    if ((v.storageSize ?? 0) < 1)
      throw badRequest(`Invalid volumes.volumeClaimTemplates[${i}].storageSize: must be at least 1 (GB).`);
  }
  return names;
}

/** Containers of a pod: named uniquely, with an image, non-negative resources, valid ports and mounts. */
function checkContainers(
  containers: readonly ContainerDetails[] | undefined,
  volumeNames: Set<string>,
): ContainerDetails[] {
  if (!containers || containers.length === 0)
    throw badRequest('Invalid containers: at least one container is required.');
  const names = new Set<string>();
  const ports = new Set<string>();
  return containers.map((c, i) => {
    const at = `containers[${i}]`;
    const name = c.name ?? '';
    if (!DNS_LABEL.test(name)) throw badRequest(`Invalid ${at}.name: must be 1-63 lower-case letters, digits or "-".`);
    if (names.has(name)) throw badRequest(`Invalid ${at}.name: two containers are named ${name}.`);
    names.add(name);
    if (!c.imageAddress) throw badRequest(`Invalid ${at}.imageAddress: an image is required.`);
    for (const field of ['cpu', 'memory', 'gpu'] as const) {
      const v = c[field];
      if (v !== undefined && v < 0) throw badRequest(`Invalid ${at}.${field}: must not be negative.`);
    }
    for (const [j, p] of (c.ports ?? []).entries()) {
      const port = p.containerPort ?? 0;
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw badRequest(`Invalid ${at}.ports[${j}].containerPort: must be from 0 to 65535.`);
      }
      const protocol = (p.protocol || 'TCP').toUpperCase();
      if (!PORT_PROTOCOLS.includes(protocol))
        throw badRequest(`Invalid ${at}.ports[${j}].protocol: must be TCP, UDP or SCTP.`);
      const key = `${protocol}/${port}`;
      if (port !== 0 && ports.has(key))
        throw badRequest(`Invalid ${at}.ports[${j}]: ${key} is already exposed in this pod.`);
      ports.add(key);
    }
    for (const [j, m] of (c.volumeMounts ?? []).entries()) {
      if (!m.name || !volumeNames.has(m.name)) {
        throw badRequest(
          `Invalid ${at}.volumeMounts[${j}].name: no volume named ${JSON.stringify(m.name ?? '')} is declared in volumes.`,
        );
      }
      if (!m.mountPath?.startsWith('/'))
        throw badRequest(`Invalid ${at}.volumeMounts[${j}].mountPath: must be an absolute path.`);
    }
    for (const [j, e] of (c.envs ?? []).entries()) {
      if (!e.name) throw badRequest(`Invalid ${at}.envs[${j}].name: an environment variable needs a name.`);
    }
    return { ...c, imageVersion: c.imageVersion || 'latest' };
  });
}

function checkSecrets(secrets: readonly ImageRegistrySecret[] | undefined): ImageRegistrySecret[] {
  return (secrets ?? []).map((s, i) => {
    if (!s.name) throw badRequest(`Invalid imageRegistrySecrets[${i}].name: a secret name is required.`);
    return { name: s.name };
  });
}

function checkReplicas(replicas: number, label: string): void {
  if (replicas > MAX_REPLICAS_PER_DEPLOYMENT) {
    throw limitExceeded(`${label}: at most ${MAX_REPLICAS_PER_DEPLOYMENT} replicas per edge node.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Status

/**
 * What BEC shows for a service: its own step, but a start or stop is only over when every pod
 * has followed (STARTING until all pods run, STOPPING until all have stopped).
 */
export function serviceStatus(service: ContainerServiceRecord, pods: readonly PodRecord[]): string {
  if (service.status === 'STOP') return pods.every((p) => p.status === 'STOP') ? 'STOP' : 'STOPPING';
  if (service.status === 'RUNNING') {
    return pods.every((p) => p.status === 'RUNNING' || p.status === 'RESTARTING') ? 'RUNNING' : 'STARTING';
  }
  return service.status;
}

function isStopped(service: ContainerServiceRecord): boolean {
  return service.status === 'STOP' || service.status === 'STOPPING';
}

function bindingsOfService(ctx: HandlerContext, serviceId: string): BindingRecord[] {
  return ctx.state.list<BindingRecord>(BINDING).filter((b) => b.backendType === 'pod' && b.serviceId === serviceId);
}

function refuseWhileBound(bindings: readonly BindingRecord[], what: string): void {
  if (bindings.length === 0) return;
  const blbs = [...new Set(bindings.map((b) => b.blbId))].join(', ');
  throw denied(`${what} has pods bound to the load balancer ${blbs}; unbind them first.`);
}

// ---------------------------------------------------------------------------------------------
// Deployments and pods

function nodeOf(ctx: HandlerContext, regionId: string): EdgeNode | undefined {
  return ctx.inventory.byRegionId(regionId);
}

function deploymentsOf(ctx: HandlerContext, serviceId: string): DeploymentRecord[] {
  return ctx.state.list<DeploymentRecord>(DEPLOYMENT).filter((d) => d.serviceId === serviceId);
}

function freshPodIp(ctx: HandlerContext): string {
  const used = new Set(ctx.state.list<PodRecord>(POD).map((p) => p.podIp));
  for (;;) {
    const ip = `10.244.${Math.floor(ctx.ids.random() * 256)}.${2 + Math.floor(ctx.ids.random() * 252)}`;
    if (!used.has(ip)) return ip;
  }
}

function addPods(
  ctx: HandlerContext,
  service: ContainerServiceRecord,
  deployment: DeploymentRecord,
  from: number,
  to: number,
): void {
  const t = ctx.clock.isoNow();
  for (let ordinal = from; ordinal < to; ordinal++) {
    const podId = `${deployment.deploymentId}-${ordinal}`;
    const podIp = freshPodIp(ctx);
    const pod: PodRecord = {
      podId,
      podName: podId,
      deploymentId: deployment.deploymentId,
      serviceId: service.serviceId,
      ordinal,
      status: 'STOP',
      podIp,
      internalIp: podIp,
      publicIp: service.needPublicIp ? ctx.ids.ip(180) : '',
      ipv6PublicIp: service.needIpv6PublicIp ? randomIpv6(ctx) : '',
      regionId: deployment.regionId,
      region: deployment.region,
      city: deployment.city,
      serviceProvider: deployment.serviceProvider,
      restartCount: 0,
      startedAt: 0,
      createTime: t,
    };
    if (!isStopped(service)) {
      ctx.lifecycle.start(POD, pod, { via: 'PENDING', to: 'RUNNING', patch: { startedAt: stepEndSeconds(ctx, POD) } });
    }
    ctx.state.put(POD, podId, pod);
  }
}

/** Scales a StatefulSet down: the highest ordinals go first, and leave the load balancers they were bound to. */
function removePods(ctx: HandlerContext, deployment: DeploymentRecord, keep: number): void {
  for (const pod of podsOfDeployment(ctx.state, deployment.deploymentId)) {
    if (pod.ordinal < keep) continue;
    ctx.state.delete(POD, pod.podId);
    for (const b of ctx.state.list<BindingRecord>(BINDING)) {
      if (b.backendType === 'pod' && b.name === pod.podId) ctx.state.delete(BINDING, b.bindingId);
    }
  }
}

function createDeployment(
  ctx: HandlerContext,
  service: ContainerServiceRecord,
  node: EdgeNode,
  network: NetworkChoice,
  instance: DeploymentInstance,
): DeploymentRecord {
  service._deploymentSeq += 1;
  const deploymentId = `sts-${service.serviceId.slice(2)}-${service._deploymentSeq}-${Inventory.ispLetter(node.serviceProvider)}-${node.city.toLowerCase()}`;
  const t = ctx.clock.isoNow();
  const deployment: DeploymentRecord = {
    deploymentId,
    serviceId: service.serviceId,
    replicas: instance.replicas,
    regionId: node.regionId,
    region: node.region,
    city: node.city,
    serviceProvider: node.serviceProvider,
    ...network,
    subServiceProviders: instance.subServiceProviders ?? [],
    createTime: t,
    lastUpdateTime: t,
  };
  ctx.state.put(DEPLOYMENT, deploymentId, deployment);
  addPods(ctx, service, deployment, 0, instance.replicas);
  return deployment;
}

function setReplicas(
  ctx: HandlerContext,
  service: ContainerServiceRecord,
  deployment: DeploymentRecord,
  replicas: number,
): void {
  const current = deployment.replicas;
  ctx.state.update<DeploymentRecord>(DEPLOYMENT, deployment.deploymentId, (d) => {
    d.replicas = replicas;
    d.lastUpdateTime = ctx.clock.isoNow();
  });
  if (replicas > current) addPods(ctx, service, deployment, current, replicas);
  else if (replicas < current) removePods(ctx, deployment, replicas);
}

function deleteDeploymentCascade(ctx: HandlerContext, deployment: DeploymentRecord): void {
  for (const pod of podsOfDeployment(ctx.state, deployment.deploymentId)) ctx.state.delete(POD, pod.podId);
  ctx.state.delete(DEPLOYMENT, deployment.deploymentId);
}

/** Resolves every entry of `deployInstances`; two entries for one edge node are a 400. */
function resolveInstances(
  ctx: HandlerContext,
  instances: readonly DeploymentInstance[],
): Array<{ instance: DeploymentInstance; node: EdgeNode }> {
  const seen = new Set<string>();
  return instances.map((instance, i) => {
    const node = resolveNode(ctx, instance, 'container', `deployInstances[${i}]`);
    if (seen.has(node.regionId)) throw badRequest(`Invalid deployInstances[${i}]: ${node.regionId} is listed twice.`);
    seen.add(node.regionId);
    checkReplicas(instance.replicas, `deployInstances[${i}].replicas`);
    return { instance, node };
  });
}

// ---------------------------------------------------------------------------------------------
// Views

function deployInstanceOf(d: DeploymentRecord): DeploymentInstance {
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

function ingressBandwidth(service: ContainerServiceRecord): string {
  return service.needPublicIp && service.bandwidth ? String(service.bandwidth) : '';
}

function labelsOf(service: ContainerServiceRecord, deploymentId: string): Record<string, string> {
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

function resourceBrief(ctx: HandlerContext, service: ContainerServiceRecord, d: DeploymentRecord): ResourceBriefVo {
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

function serviceDetails(ctx: HandlerContext, service: ContainerServiceRecord): ServiceDetailsVo {
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

function podBrief(ctx: HandlerContext, service: ContainerServiceRecord, pod: PodRecord): PodBriefVo {
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

function containerStatuses(service: ContainerServiceRecord, pod: PodRecord): V1ContainerStatus[] {
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

function podEvents(service: ContainerServiceRecord, pod: PodRecord): PodEventDetails[] {
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

function podDetail(ctx: HandlerContext, service: ContainerServiceRecord, pod: PodRecord): PodDetailVo {
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

function deploymentView(ctx: HandlerContext, d: DeploymentRecord): DeploymentResourceBriefVo {
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

// ---------------------------------------------------------------------------------------------
// Operations shared by single and batch calls

function mustGetService(ctx: HandlerContext, serviceId: string): ContainerServiceRecord {
  const service = ctx.state.get<ContainerServiceRecord>(SERVICE, serviceId);
  if (!service) throw notFound('container service', serviceId);
  return service;
}

function mustGetDeployment(ctx: HandlerContext, deploymentId: string): DeploymentRecord {
  const d = ctx.state.get<DeploymentRecord>(DEPLOYMENT, deploymentId);
  if (!d) throw notFound('deployment', deploymentId);
  return d;
}

function mustGetPod(ctx: HandlerContext, podId: string): PodRecord {
  const pod = ctx.state.get<PodRecord>(POD, podId);
  if (!pod) throw notFound('pod', podId);
  return pod;
}

/** start: STOP -> STARTING -> RUNNING; stop: RUNNING -> STOPPING -> STOP. Other states: 409. */
function operateService(ctx: HandlerContext, serviceId: string, action: string): ContainerServiceRecord {
  const service = mustGetService(ctx, serviceId);
  const pods = podsOfService(ctx.state, serviceId);
  const current = serviceStatus(service, pods);
  const t = ctx.clock.isoNow();
  if (action === 'stop') {
    if (current !== 'RUNNING') {
      throw denied(`The container service ${serviceId} is ${current}; only a RUNNING service can be stopped.`);
    }
    const updated = ctx.state.update<ContainerServiceRecord>(SERVICE, serviceId, (s) => {
      ctx.lifecycle.start(SERVICE, s, { via: 'STOPPING', to: 'STOP' });
      s.lastUpdateTime = t;
    });
    for (const p of pods) {
      ctx.state.update<PodRecord>(POD, p.podId, (r) => ctx.lifecycle.start(POD, r, { via: 'STOPPING', to: 'STOP' }));
    }
    return updated;
  }
  if (action === 'start') {
    if (current !== 'STOP') {
      throw denied(`The container service ${serviceId} is ${current}; only a stopped (STOP) service can be started.`);
    }
    const updated = ctx.state.update<ContainerServiceRecord>(SERVICE, serviceId, (s) => {
      ctx.lifecycle.start(SERVICE, s, { via: 'STARTING', to: 'RUNNING' });
      s.lastUpdateTime = t;
    });
    const startedAt = stepEndSeconds(ctx, POD);
    for (const p of pods) {
      ctx.state.update<PodRecord>(POD, p.podId, (r) =>
        ctx.lifecycle.start(POD, r, { via: 'STARTING', to: 'RUNNING', patch: { startedAt } }),
      );
    }
    return updated;
  }
  throw badRequest(`Invalid action: must be start or stop, not ${JSON.stringify(action)}.`);
}

/** Deletes a service with its deployments and pods; refused while a load balancer serves its pods. */
function deleteService(ctx: HandlerContext, serviceId: string): void {
  mustGetService(ctx, serviceId);
  refuseWhileBound(bindingsOfService(ctx, serviceId), `The container service ${serviceId}`);
  for (const d of deploymentsOf(ctx, serviceId)) deleteDeploymentCascade(ctx, d);
  ctx.state.delete(SERVICE, serviceId);
}

function updateService(ctx: HandlerContext, service: ContainerServiceRecord, input: UpdateServiceArgs): void {
  const id = service.serviceId;
  const t = ctx.clock.isoNow();
  switch (input.type) {
    case 'NAME': {
      if (!input.serviceName) throw badRequest('Invalid serviceName: required when type is NAME.');
      const name = input.serviceName;
      ctx.state.update<ContainerServiceRecord>(SERVICE, id, (s) => {
        s.serviceName = name;
        s.lastUpdateTime = t;
      });
      return;
    }
    case 'REPLICAS': {
      if (!input.deployInstances?.length) throw badRequest('Invalid deployInstances: required when type is REPLICAS.');
      const targets = resolveInstances(ctx, input.deployInstances);
      const existing = deploymentsOf(ctx, id);
      const live = ctx.state.update<ContainerServiceRecord>(SERVICE, id, (s) => {
        s.lastUpdateTime = t;
      });
      for (const [i, { instance, node }] of targets.entries()) {
        const current = existing.find((d) => d.regionId === node.regionId);
        if (current) setReplicas(ctx, live, current, instance.replicas);
        else {
          const network = checkNetwork(ctx, instance, node, `deployInstances[${i}]`);
          createDeployment(ctx, live, node, network, instance);
        }
      }
      ctx.state.put(SERVICE, id, live);
      return;
    }
    case 'RESOURCE': {
      const changesContainers = input.containers !== undefined;
      if (
        !changesContainers &&
        input.bandwidth === undefined &&
        input.needIpv6PublicIp === undefined &&
        input.imageRegistrySecrets === undefined
      ) {
        throw badRequest(
          'Invalid request: type RESOURCE needs containers, bandwidth, needIpv6PublicIp or imageRegistrySecrets.',
        );
      }
      const containers = changesContainers
        ? checkContainers(input.containers, checkVolumes(service.volumes))
        : undefined;
      const secrets = input.imageRegistrySecrets !== undefined ? checkSecrets(input.imageRegistrySecrets) : undefined;
      let wantIpv6: boolean | undefined;
      if (input.needIpv6PublicIp !== undefined) {
        if (input.needIpv6PublicIp !== 'true' && input.needIpv6PublicIp !== 'false') {
          throw badRequest('Invalid needIpv6PublicIp: must be "true" or "false".');
        }
        wantIpv6 = input.needIpv6PublicIp === 'true';
      }
      ctx.state.update<ContainerServiceRecord>(SERVICE, id, (s) => {
        if (containers) s.containers = containers;
        if (secrets) s.imageRegistrySecrets = secrets;
        if (input.bandwidth !== undefined) s.bandwidth = input.bandwidth;
        if (wantIpv6 !== undefined) s.needIpv6PublicIp = wantIpv6;
        s.lastUpdateTime = t;
      });
      const startedAt = stepEndSeconds(ctx, POD);
      for (const p of podsOfService(ctx.state, id)) {
        ctx.state.update<PodRecord>(POD, p.podId, (r) => {
          if (wantIpv6 === true && !r.ipv6PublicIp) r.ipv6PublicIp = randomIpv6(ctx);
          if (wantIpv6 === false) r.ipv6PublicIp = '';
          // New container specs roll the running pods.
          if (containers && r.status === 'RUNNING') {
            ctx.lifecycle.start(POD, r, { via: 'RESTARTING', to: 'RUNNING', patch: { startedAt } });
          }
        });
      }
      return;
    }
    case undefined:
      throw badRequest('Invalid type: required, one of NAME, REPLICAS, RESOURCE.');
    default:
      throw badRequest(`Invalid type: must be NAME, REPLICAS or RESOURCE, not ${JSON.stringify(input.type)}.`);
  }
}

function metricsOf(ctx: HandlerContext, resourceId: string): ServiceMetricsResult {
  const q = ctx.input as GetServiceMetricsInput;
  const key = q.serviceProviderStr ? `${resourceId}/${q.serviceProviderStr}` : resourceId;
  return metricSeries(ctx, key, q);
}

// ---------------------------------------------------------------------------------------------

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
      const bound = ctx.state
        .list<BindingRecord>(BINDING)
        .filter((b) => b.backendType === 'pod' && b.deploymentId === d.deploymentId);
      refuseWhileBound(bound, `The deployment ${d.deploymentId}`);
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
