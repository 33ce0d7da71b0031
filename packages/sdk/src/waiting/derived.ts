import type { WaiterResourceFields as Resource } from '../internal/operation.js';

/** The states every waiter treats as failed (see service-facts §6). */
export const FAILED_STATES: readonly string[] = ['FAILED', 'ERROR'];

function numberField(resource: Resource, key: string): number | undefined {
  const value = resource[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A VM service's own status stays NORMAL while its instances are created; count them as well. */
export function allVmInstancesRunning(service: Resource): boolean {
  const total = numberField(service, 'totalInstances');
  const running = numberField(service, 'runningInstances');
  return total === undefined || running === undefined || running >= total;
}

function isRecord(value: unknown): value is Resource {
  return value !== null && typeof value === 'object';
}

/**
 * Deployments (`DeploymentResourceBriefVo`) have no status field. Derived: FAILED when a pod
 * reports FAILED or ERROR, RUNNING when every pod (and at least one, or the desired replica
 * count when it is known) is running, PENDING otherwise.
 */
export function deploymentStatus(deployment: Resource): string {
  const pods: unknown[] = Array.isArray(deployment.podBriefVos) ? deployment.podBriefVos : [];
  const podFailed = pods.some((pod) => {
    const status = isRecord(pod) ? pod.status : undefined;
    return typeof status === 'string' && FAILED_STATES.includes(status.toUpperCase());
  });
  if (podFailed) return 'FAILED';
  const total = numberField(deployment, 'totalPods');
  const running = numberField(deployment, 'runningPods');
  const instance = deployment.deployInstance;
  const desired = isRecord(instance) ? numberField(instance, 'replicas') : undefined;
  if (total !== undefined && running !== undefined && running >= Math.max(total, desired ?? 1)) return 'RUNNING';
  return 'PENDING';
}
