/**
 * Load-balancer backends: the bindings (kind `blbBinding`) that put a pod or a VM instance behind
 * a classic load balancer. The BLB group makes them; the container group asks here before it
 * removes what a binding points at.
 */
import { denied } from '../errors.js';
import type { StoredRecord, Transaction } from '../store.js';

export const BINDING = 'blbBinding';

/**
 * Kind `blbBinding`: one backend (a pod, or a VM instance for `vm` load balancers) bound to a
 * load balancer, keyed `<blbId>/<name>`.
 */
export interface BindingRecord extends StoredRecord {
  bindingId: string;
  blbId: string;
  backendType: 'pod' | 'vm';
  /** The StatefulSet (`sts-...`) or VM group (`vmrs-...`) the backend belongs to. */
  deploymentId: string;
  /** The container or VM service of the backend. */
  serviceId: string;
  /** Pod ID or VM instance ID. */
  name: string;
  weight: number;
  createTime: string;
}

export function bindingKey(blbId: string, name: string): string {
  return `${blbId}/${name}`;
}

/** Bindings of the pods of a container service. */
export function podBindingsOfService(state: Transaction, serviceId: string): BindingRecord[] {
  return state.list<BindingRecord>(BINDING).filter((b) => b.backendType === 'pod' && b.serviceId === serviceId);
}

/** Bindings of the pods of a StatefulSet. */
export function podBindingsOfDeployment(state: Transaction, deploymentId: string): BindingRecord[] {
  return state.list<BindingRecord>(BINDING).filter((b) => b.backendType === 'pod' && b.deploymentId === deploymentId);
}

/** Takes a pod out of every load balancer it is bound to (the pod is going away). */
export function unbindPod(state: Transaction, podId: string): void {
  for (const b of state.list<BindingRecord>(BINDING)) {
    if (b.backendType === 'pod' && b.name === podId) state.delete(BINDING, b.bindingId);
  }
}

/** 409 while `bindings` is not empty: `what` must be unbound first. */
export function refuseWhileBound(bindings: readonly BindingRecord[], what: string): void {
  if (bindings.length === 0) return;
  const blbs = [...new Set(bindings.map((b) => b.blbId))].join(', ');
  throw denied(`${what} has pods bound to the load balancer ${blbs}; unbind them first.`);
}
