/**
 * Container operations shared by single and batch calls: start/stop, delete, update, metrics.
 */

import type { GetServiceMetricsInput, ServiceMetricsResult, UpdateServiceArgs } from 'bec-sdk';
import { randomIpv6 } from '../../core/addresses.js';
import { podBindingsOfService, refuseWhileBound } from '../../core/backends.js';
import type { HandlerContext } from '../../core/handler.js';
import { metricSeries } from '../../core/metrics.js';
import { checkNetwork } from '../../core/placement.js';
import { badRequest, denied } from '../../errors.js';
import { checkContainers, checkSecrets, checkVolumes } from './checks.js';
import {
  createDeployment,
  deleteDeploymentCascade,
  deploymentsOf,
  resolveInstances,
  serviceStatus,
  setReplicas,
  stepEndSeconds,
} from './pods.js';
import { type ContainerServiceRecord, mustGetService, POD, type PodRecord, podsOfService, SERVICE } from './records.js';

/** start: STOP -> STARTING -> RUNNING; stop: RUNNING -> STOPPING -> STOP. Other states: 409. */
export function operateService(ctx: HandlerContext, serviceId: string, action: string): ContainerServiceRecord {
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
export function deleteService(ctx: HandlerContext, serviceId: string): void {
  mustGetService(ctx, serviceId);
  refuseWhileBound(podBindingsOfService(ctx.state, serviceId), `The container service ${serviceId}`);
  for (const d of deploymentsOf(ctx, serviceId)) deleteDeploymentCascade(ctx, d);
  ctx.state.delete(SERVICE, serviceId);
}

export function updateService(ctx: HandlerContext, service: ContainerServiceRecord, input: UpdateServiceArgs): void {
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

export function metricsOf(ctx: HandlerContext, resourceId: string): ServiceMetricsResult {
  const q = ctx.input as GetServiceMetricsInput;
  const key = q.serviceProviderStr ? `${resourceId}/${q.serviceProviderStr}` : resourceId;
  return metricSeries(ctx, key, q);
}
