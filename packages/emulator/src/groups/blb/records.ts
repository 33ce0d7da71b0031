import type { LbMode, Protocol, Tag } from 'bec-sdk';
import type { StoredRecord } from '../../store.js';

/**
 * Stored shapes of the classic load balancer (kinds `blb`, `blbListener`, `blbBinding`). The
 * container handlers read bindings to refuse deleting services whose pods are bound.
 */

/** Kind `blb`. `status`: PENDING (being created), RUNNING, BINDING (backends being bound). */
export interface BlbRecord extends StoredRecord {
  blbId: string;
  blbName: string;
  status: string;
  lbType: 'container' | 'vm';
  region: string;
  city: string;
  serviceProvider: string;
  regionId: string;
  needPublicIp: boolean;
  publicIp: string;
  cmPublicIP: string;
  ctPublicIP: string;
  unPublicIP: string;
  internalIp: string;
  bandwidthInMbpsLimit: number;
  paymentMethod: string;
  networkType: string;
  vpcId: string;
  subnetId: string;
  subServiceProviders: string[];
  tags: Tag[];
  createTime: string;
}

export interface HealthCheckRecord {
  timeoutInSeconds: number;
  intervalInSeconds: number;
  unhealthyThreshold: number;
  healthyThreshold: number;
  healthCheckString: string;
  healthCheckType: string;
}

/** What a listener is configured with (the request side of a `blbListener` record). */
export interface ListenerSpec {
  protocol: Protocol;
  port: number;
  backendPort: number;
  scheduler: LbMode;
  keepaliveTimeout: number;
  enableCipTTM: boolean;
  enableVipTTM: boolean;
  healthCheck: HealthCheckRecord;
}

/** Kind `blbListener` ("monitor port"), keyed `<blbId>/<protocol>/<port>`. */
export interface ListenerRecord extends StoredRecord, ListenerSpec {
  listenerId: string;
  blbId: string;
  createTime: string;
}

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

export function listenerKey(blbId: string, protocol: string, port: number): string {
  return `${blbId}/${protocol}/${port}`;
}

export function bindingKey(blbId: string, name: string): string {
  return `${blbId}/${name}`;
}
