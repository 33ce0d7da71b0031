import type { ContainerDetails, ImageRegistrySecret, LogCollectDetail, Tag, Volume } from 'bec-sdk';
import type { HandlerContext } from '../../core/handler.js';
import type { NodePlacement } from '../../core/placement.js';
import { notFound } from '../../errors.js';
import type { StoredRecord, Transaction } from '../../store.js';

/**
 * Stored shapes of the container group (kinds `containerService`, `deployment`, `pod`). The
 * load-balancer handlers read deployments and pods through these types to bind them.
 */

export const SERVICE = 'containerService';
export const DEPLOYMENT = 'deployment';
export const POD = 'pod';

/** Emulator quota: pods per deployment (BEC's own quota is not documented). */
export const MAX_REPLICAS_PER_DEPLOYMENT = 500;

/** GET /v1/service and GET /v1/pod: pageSize 1-100, default 100 (fk413di5s, 2k3i3ucrh). */
export const LIST_LIMITS = { maxPageSize: 100, defaultPageSize: 100 };
export const SERVICE_SORTABLE = ['createTime', 'lastUpdateTime', 'serviceName', 'serviceId', 'status', 'totalPods'];
export const POD_SORTABLE = ['createTime', 'podName', 'status'];

/** Kind `containerService`. `status` is the service's own step (STARTING, RUNNING, STOPPING, STOP). */
export interface ContainerServiceRecord extends StoredRecord {
  serviceId: string;
  serviceName: string;
  status: string;
  containerGroupName: string;
  paymentMethod: string;
  containers: ContainerDetails[];
  imageRegistrySecrets: ImageRegistrySecret[];
  volumes: Volume;
  needPublicIp: boolean;
  needIpv6PublicIp: boolean;
  bandwidth: number;
  tags: Tag[];
  logCollectDetail?: LogCollectDetail | undefined;
  createTime: string;
  lastUpdateTime: string;
  /** The sequence number of the service's last deployment (part of deployment IDs). */
  _deploymentSeq: number;
}

/** Kind `deployment`: one StatefulSet of a service in one edge node. `deploymentId` is also its name. */
export interface DeploymentRecord extends StoredRecord, NodePlacement {
  deploymentId: string;
  serviceId: string;
  replicas: number;
  subServiceProviders: string[];
  createTime: string;
  lastUpdateTime: string;
}

/** Kind `pod`: `podId` is `<deploymentId>-<ordinal>`, like a StatefulSet's pods. */
export interface PodRecord extends StoredRecord {
  podId: string;
  podName: string;
  deploymentId: string;
  serviceId: string;
  ordinal: number;
  status: string;
  podIp: string;
  internalIp: string;
  publicIp: string;
  ipv6PublicIp: string;
  regionId: string;
  region: string;
  city: string;
  serviceProvider: string;
  restartCount: number;
  /** Unix seconds at which the containers last started. */
  startedAt: number;
  createTime: string;
}

export function podsOfDeployment(state: Transaction, deploymentId: string): PodRecord[] {
  return state
    .list<PodRecord>('pod')
    .filter((p) => p.deploymentId === deploymentId)
    .sort((a, b) => a.ordinal - b.ordinal);
}

export function podsOfService(state: Transaction, serviceId: string): PodRecord[] {
  return state.list<PodRecord>('pod').filter((p) => p.serviceId === serviceId);
}

/** Per-pod resources of a service: the sums over its containers. */
export function podResources(service: ContainerServiceRecord): {
  cpu: number;
  mem: number;
  gpu: number;
  disk: number;
} {
  let cpu = 0;
  let mem = 0;
  let gpu = 0;
  for (const c of service.containers) {
    cpu += c.cpu ?? 0;
    mem += c.memory ?? 0;
    gpu += c.gpu ?? 0;
  }
  const disk = (service.volumes.volumeClaimTemplates ?? []).reduce((sum, v) => sum + (v.storageSize ?? 0), 0);
  return { cpu, mem, gpu, disk };
}

/** `image:version` of every container. */
export function imageList(service: ContainerServiceRecord): string[] {
  return service.containers.map((c) => `${c.imageAddress ?? ''}:${c.imageVersion || 'latest'}`);
}

export function mustGetService(ctx: HandlerContext, serviceId: string): ContainerServiceRecord {
  const service = ctx.state.get<ContainerServiceRecord>(SERVICE, serviceId);
  if (!service) throw notFound('container service', serviceId);
  return service;
}

export function mustGetDeployment(ctx: HandlerContext, deploymentId: string): DeploymentRecord {
  const d = ctx.state.get<DeploymentRecord>(DEPLOYMENT, deploymentId);
  if (!d) throw notFound('deployment', deploymentId);
  return d;
}

export function mustGetPod(ctx: HandlerContext, podId: string): PodRecord {
  const pod = ctx.state.get<PodRecord>(POD, podId);
  if (!pod) throw notFound('pod', podId);
  return pod;
}
