import type { WaiterName } from 'bec-sdk';

/** What `--wait` waits for after an operation: a waiter and the IDs it applies to. */
export interface WaitPlan {
  readonly waiter: WaiterName;
  readonly ids: readonly string[];
}

interface WaitContext {
  readonly pathArgs: readonly string[];
  readonly input: unknown;
  readonly result: unknown;
}

type WaitRule = (ctx: WaitContext) => WaitPlan | undefined;

function field(value: unknown, ...path: string[]): string | undefined {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const plan = (waiter: WaiterName, ...ids: Array<string | undefined>): WaitPlan | undefined => {
  const present = ids.filter((id): id is string => id !== undefined);
  return present.length ? { waiter, ids: present } : undefined;
};
const onPath =
  (waiter: WaiterName, index = 0): WaitRule =>
  ({ pathArgs }) =>
    plan(waiter, pathArgs[index]);
const onEachInput =
  (waiter: WaiterName): WaitRule =>
  ({ input }) =>
    Array.isArray(input) ? plan(waiter, ...input.filter((i): i is string => typeof i === 'string')) : undefined;

/**
 * Operations that start asynchronous work, and the waiter `--wait` runs after them. Operations
 * not listed here finish when BEC answers and have no `--wait` option.
 */
export const WAIT_RULES: Readonly<Record<string, WaitRule>> = {
  CreateVmService: ({ result }) => plan('VmServiceRunning', field(result, 'details', 'serviceId')),
  UpdateVmService: onPath('VmServiceRunning'),
  CreateVmServiceInstance: onPath('VmServiceRunning'),
  VmServiceAction: ({ pathArgs }) => (pathArgs[1] === 'start' ? plan('VmServiceRunning', pathArgs[0]) : undefined),
  DeleteVmService: onPath('VmServiceDeleted'),
  BatchDeleteVmService: onEachInput('VmServiceDeleted'),
  OperateVmDeployment: ({ pathArgs }) =>
    plan(pathArgs[1] === 'stop' ? 'VmInstanceStopped' : 'VmInstanceRunning', pathArgs[0]),
  ReinstallVmInstance: onPath('VmInstanceRunning'),
  UpdateVmInstance: onPath('VmInstanceRunning'),
  DeleteVmInstance: onPath('VmInstanceDeleted'),
  CreateService: ({ result }) => plan('ServiceRunning', field(result, 'details', 'serviceId')),
  UpdateService: onPath('ServiceRunning'),
  ServiceAction: ({ pathArgs }) => plan(pathArgs[1] === 'stop' ? 'ServiceStopped' : 'ServiceRunning', pathArgs[0]),
  DeleteService: onPath('ServiceDeleted'),
  ServiceBatchDelete: onEachInput('ServiceDeleted'),
  UpdatePodDeploymentReplicas: onPath('DeploymentRunning'),
  DeletePodDeployment: onEachInput('DeploymentDeleted'),
  RestartPod: onPath('PodRunning'),
  CreateBlb: ({ result }) => plan('BlbRunning', field(result, 'details', 'blbId')),
  BatchCreateBlb: ({ result }) => {
    const details = (result as { details?: unknown } | undefined)?.details;
    return Array.isArray(details) ? plan('BlbRunning', ...details.map((d) => field(d, 'blbId'))) : undefined;
  },
  UpdateBlb: onPath('BlbRunning'),
  DeleteBlb: onPath('BlbDeleted'),
  BatchDeleteBlb: onEachInput('BlbDeleted'),
  CreateAppBlb: ({ result }) => plan('AppBlbRunning', field(result, 'blbId')),
  UpdateAppBlb: onPath('AppBlbRunning'),
  DeleteAppBlbInstance: onPath('AppBlbDeleted'),
  CreateVmImage: ({ result }) => plan('VmImageAvailable', field(result, 'result')),
  DeleteVmImage: onEachInput('VmImageDeleted'),
};

export function waitPlan(operation: string, ctx: WaitContext): WaitPlan | undefined {
  return WAIT_RULES[operation]?.(ctx);
}
