/**
 * Container deployments and their pods: status, creation, scaling and cascading deletes.
 */
import { createHash } from 'node:crypto';
import type { DeploymentInstance } from 'bec-sdk';
import { randomIpv6 } from '../../core/addresses.js';
import { unbindPod } from '../../core/backends.js';
import type { HandlerContext } from '../../core/handler.js';
import { type NetworkChoice, resolveNode } from '../../core/placement.js';
import { badRequest } from '../../errors.js';
import { type EdgeNode, Inventory } from '../../inventory.js';
import { checkReplicas } from './checks.js';
import {
  type ContainerServiceRecord,
  DEPLOYMENT,
  type DeploymentRecord,
  POD,
  type PodRecord,
  podsOfDeployment,
} from './records.js';

// ---------------------------------------------------------------------------------------------
// Helpers

/** Unix seconds at which a step started now ends (for `startedAt` of containers). */
export function stepEndSeconds(ctx: HandlerContext, kind: string): number {
  const mode = ctx.lifecycle.modeFor(kind);
  const end = ctx.clock.now() + (mode === 'timed' ? ctx.lifecycle.durationFor(kind) : 0);
  return Math.floor(end / 1000);
}

export function hex(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
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

export function isStopped(service: ContainerServiceRecord): boolean {
  return service.status === 'STOP' || service.status === 'STOPPING';
}

// ---------------------------------------------------------------------------------------------
// Deployments and pods

export function nodeOf(ctx: HandlerContext, regionId: string): EdgeNode | undefined {
  return ctx.inventory.byRegionId(regionId);
}

export function deploymentsOf(ctx: HandlerContext, serviceId: string): DeploymentRecord[] {
  return ctx.state.list<DeploymentRecord>(DEPLOYMENT).filter((d) => d.serviceId === serviceId);
}

export function freshPodIp(ctx: HandlerContext): string {
  const used = new Set(ctx.state.list<PodRecord>(POD).map((p) => p.podIp));
  for (;;) {
    const ip = `10.244.${Math.floor(ctx.ids.random() * 256)}.${2 + Math.floor(ctx.ids.random() * 252)}`;
    if (!used.has(ip)) return ip;
  }
}

export function addPods(
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
export function removePods(ctx: HandlerContext, deployment: DeploymentRecord, keep: number): void {
  for (const pod of podsOfDeployment(ctx.state, deployment.deploymentId)) {
    if (pod.ordinal < keep) continue;
    ctx.state.delete(POD, pod.podId);
    unbindPod(ctx.state, pod.podId);
  }
}

export function createDeployment(
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

export function setReplicas(
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

export function deleteDeploymentCascade(ctx: HandlerContext, deployment: DeploymentRecord): void {
  for (const pod of podsOfDeployment(ctx.state, deployment.deploymentId)) ctx.state.delete(POD, pod.podId);
  ctx.state.delete(DEPLOYMENT, deployment.deploymentId);
}

/** Resolves every entry of `deployInstances`; two entries for one edge node are a 400. */
export function resolveInstances(
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
