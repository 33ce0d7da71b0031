/**
 * The overlay: what the contract (spec/bec-api.json) cannot say about an operation, one entry per
 * operation, kept by hand. `npm run generate` reads the contract and this file and emits the
 * operation table, the client methods, the paginators, the waiters and the CLI's command data.
 *
 * - `summary`: one line for the docs and `bec --help` (the Go SDK's own comments are mostly
 *   "<verb> <noun> with the specific parameters", several copy-paste errors: spec/bec-api.md).
 * - `docPage`: the BEC API reference page that documents exactly this call (same method and
 *   path); only pages cited in spec/service-facts.md or read in the reference are named.
 * - `retry`: `always` when sending the request twice leaves the same state as sending it once
 *   (reads, sets, deletes, writes that carry a clientToken), so every transient failure is
 *   retried; `unsent-only` for creates and actions (a second restart restarts again), retried
 *   only when the request cannot have reached BEC.
 * - `paginate`: how a list pages: `page` (`pageNo`/`pageSize` in, `totalCount` out) or `marker`
 *   (`marker`/`maxKeys` in, `isTruncated`/`nextMarker` out), the key of the item array, and the
 *   lead of the paginator's doc comment.
 * - `waiters`: the waiters that poll this operation (a getter by ID, or a list searched by ID):
 *   where the status is, which states end the wait, in words for the docs.
 * - `cli`: the `bec` command's action name where the naming rule reads badly
 *   (packages/cli/src/naming.ts), and what `--wait` waits for after the call.
 */

const page = (id: string): string => `https://cloud.baidu.com/doc/BEC/s/${id}`;

/** Derived status functions and readiness checks, by name (packages/sdk/src/waiting/derived.ts). */
export type DerivedStatus = 'deploymentStatus';
export type ReadyCheck = 'allVmInstancesRunning';

export interface WaiterOverlay {
  /** What is waited for, in words (messages and docs), e.g. `VM instance`. */
  readonly resource: string;
  /** The parameter name of the ID in `waitUntil…(id)`. */
  readonly id: string;
  /** The operation is a list: called with `keywordType` and `keyword: id`, the item whose `idField` is the ID. */
  readonly lookup?: { readonly keywordType: string; readonly idField: string };
  /** Dot paths tried in order for the status, or the name of a function deriving it. */
  readonly status: readonly string[] | DerivedStatus;
  /** Done when the getter answers 404 or the list no longer has the ID. */
  readonly deleted?: true;
  /** Success states (upper case; compared case-insensitively). */
  readonly success?: readonly string[];
  /** States that end the wait with `failure-state`. */
  readonly failure?: readonly string[];
  /** An extra condition a success state must meet. */
  readonly ready?: ReadyCheck;
  /** The state waited for, in words (error messages). */
  readonly target?: string;
  /** The condition, for the doc comment: "polls `get…` until <until>". */
  readonly until?: string;
  /** The failure states in words when plain `FAILED or ERROR` says too little. */
  readonly failureNote?: string;
}

/**
 * One `--wait` rule; the first whose `when` matches applies. `ids`: `path:<arg>` (a path
 * argument), `input[]` (each ID of the input array), `result:<a.b>` (a field of the result),
 * `result:<a>[].<b>` (a field of each item of a result array).
 */
export interface WaitRuleOverlay {
  readonly when?: Readonly<Record<string, string>>;
  readonly waiter: string;
  readonly ids: string;
}

export interface OperationOverlay {
  readonly summary: string;
  readonly docPage?: string;
  readonly retry: 'always' | 'unsent-only';
  readonly paginate?: { readonly style: 'page' | 'marker'; readonly items: string; readonly lead: string };
  readonly waiters?: Readonly<Record<string, WaiterOverlay>>;
  readonly cli?: { readonly action?: string; readonly wait?: readonly WaitRuleOverlay[] };
}

export const overlay: Readonly<Record<string, OperationOverlay>> = {
  // containerService
  CreateService: {
    summary: 'Create a container service (pods of one or more containers) in one or more edge nodes',
    docPage: page('Wk3zawt4x'),
    retry: 'unsent-only',
    cli: { wait: [{ waiter: 'ServiceRunning', ids: 'result:details.serviceId' }] },
  },
  ListService: {
    summary: 'List container services, one page at a time',
    docPage: page('fk413di5s'),
    retry: 'always',
    paginate: { style: 'page', items: 'result', lead: 'Lists container services' },
  },
  GetService: {
    summary: 'Get the details of a container service',
    docPage: page('Hk413e70s'),
    retry: 'always',
    waiters: {
      ServiceRunning: {
        resource: 'container service',
        id: 'serviceId',
        status: ['status', 'result.status'],
        success: ['RUNNING'],
        failure: ['FAILED', 'ERROR'],
        target: 'RUNNING',
        until: 'its `status` is RUNNING',
      },
      ServiceStopped: {
        resource: 'container service',
        id: 'serviceId',
        status: ['status', 'result.status'],
        success: ['STOP', 'STOPPED'],
        failure: ['FAILED', 'ERROR'],
        target: 'STOP',
        until: 'its `status` is STOP (or STOPPED)',
      },
      ServiceDeleted: {
        resource: 'container service',
        id: 'serviceId',
        status: ['status', 'result.status'],
        deleted: true,
      },
    },
  },
  ServiceAction: {
    summary: 'Start or stop a container service',
    docPage: page('sk3zb12kh'),
    retry: 'unsent-only',
    cli: {
      wait: [
        { when: { action: 'stop' }, waiter: 'ServiceStopped', ids: 'path:serviceId' },
        { waiter: 'ServiceRunning', ids: 'path:serviceId' },
      ],
    },
  },
  UpdateService: {
    summary: 'Update a container service: its name, replicas or resources (containers, bandwidth, IPv6)',
    retry: 'always',
    cli: { wait: [{ waiter: 'ServiceRunning', ids: 'path:serviceId' }] },
  },
  DeleteService: {
    summary: 'Delete a container service',
    retry: 'always',
    cli: { wait: [{ waiter: 'ServiceDeleted', ids: 'path:serviceId' }] },
  },

  // metrics
  GetServiceMetrics: {
    summary: 'Get a monitoring series (CPU, memory, bandwidth, ...) of a container service',
    retry: 'always',
  },

  // containerService
  ServiceBatchOperate: { summary: 'Start or stop several container services', retry: 'unsent-only' },
  ServiceBatchDelete: {
    summary: 'Delete several container services',
    retry: 'always',
    cli: { wait: [{ waiter: 'ServiceDeleted', ids: 'input[]' }] },
  },

  // deployment
  GetPodDeployment: {
    summary: 'Get a container deployment (StatefulSet) and its pods',
    retry: 'always',
    waiters: {
      DeploymentRunning: {
        resource: 'deployment',
        id: 'deploymentId',
        status: 'deploymentStatus',
        success: ['RUNNING'],
        failure: ['FAILED', 'ERROR'],
        target: 'every pod RUNNING',
        until:
          '`runningPods` has reached `totalPods` (at least one, or the desired replicas when known); deployments have no status field, so the status reported is derived: PENDING, RUNNING, or FAILED when a pod is FAILED or ERROR',
        failureNote: 'FAILED (a failed pod)',
      },
      DeploymentDeleted: { resource: 'deployment', id: 'deploymentId', status: 'deploymentStatus', deleted: true },
    },
  },

  // metrics
  GetPodDeploymentMetrics: { summary: 'Get a monitoring series of a container deployment', retry: 'always' },

  // deployment
  UpdatePodDeploymentReplicas: {
    summary: 'Change the number of replicas of a container deployment',
    retry: 'always',
    cli: { wait: [{ waiter: 'DeploymentRunning', ids: 'path:deploymentId' }] },
  },
  DeletePodDeployment: {
    summary: 'Delete container deployments',
    retry: 'always',
    cli: { wait: [{ waiter: 'DeploymentDeleted', ids: 'input[]' }] },
  },

  // pod
  GetPodList: {
    summary: 'List pods, one page at a time',
    docPage: page('2k3i3ucrh'),
    retry: 'always',
    paginate: { style: 'page', items: 'result', lead: 'Lists pods' },
  },

  // metrics
  GetPodMetrics: { summary: 'Get a monitoring series of a pod', retry: 'always' },

  // pod
  GetPodDetail: {
    summary: 'Get the details of a pod',
    retry: 'always',
    waiters: {
      PodRunning: {
        resource: 'pod',
        id: 'podId',
        status: ['status'],
        success: ['RUNNING'],
        failure: ['FAILED', 'ERROR'],
        target: 'RUNNING',
        until: 'its `status` is RUNNING',
      },
    },
  },
  RestartPod: {
    summary: 'Restart a pod',
    retry: 'unsent-only',
    cli: { wait: [{ waiter: 'PodRunning', ids: 'path:podId' }] },
  },

  // vmService
  CreateVmService: {
    summary: 'Create a VM service, with or without VM instances',
    docPage: page('Mkbsrt2yv'),
    retry: 'unsent-only',
    cli: { wait: [{ waiter: 'VmServiceRunning', ids: 'result:details.serviceId' }] },
  },
  UpdateVmService: {
    summary: 'Update a VM service: replicas, resources, password, name or security groups of all its instances',
    docPage: page('jkbsxwduk'),
    retry: 'always',
    cli: { wait: [{ waiter: 'VmServiceRunning', ids: 'path:serviceId' }] },
  },
  GetVmServiceList: {
    summary: 'List VM services, one page at a time',
    docPage: page('Okbssrahc'),
    retry: 'always',
    paginate: { style: 'page', items: 'result', lead: 'Lists VM services' },
  },
  GetVmServiceDetail: {
    summary: 'Get the details of a VM service',
    docPage: page('Ekbst85ty'),
    retry: 'always',
    waiters: {
      VmServiceRunning: {
        resource: 'VM service',
        id: 'serviceId',
        status: ['status'],
        success: ['NORMAL', 'RUNNING'],
        failure: ['FAILED', 'ERROR'],
        ready: 'allVmInstancesRunning',
        target: 'NORMAL/RUNNING with every instance running',
        until: 'its `status` is NORMAL or RUNNING and `runningInstances` has reached `totalInstances`',
      },
      VmServiceDeleted: { resource: 'VM service', id: 'serviceId', status: ['status'], deleted: true },
    },
  },

  // metrics
  GetVmServiceMetrics: {
    summary: 'Get a monitoring series of a VM service',
    docPage: page('Dkbszsf7f'),
    retry: 'always',
  },

  // vmService
  VmServiceAction: {
    summary: 'Start or stop all VM instances of a VM service',
    retry: 'unsent-only',
    cli: { wait: [{ when: { action: 'start' }, waiter: 'VmServiceRunning', ids: 'path:serviceId' }] },
  },
  DeleteVmService: {
    summary: 'Delete a VM service and its instances',
    retry: 'always',
    cli: { wait: [{ waiter: 'VmServiceDeleted', ids: 'path:serviceId' }] },
  },
  BatchDeleteVmService: {
    summary: 'Delete several VM services',
    retry: 'always',
    cli: { wait: [{ waiter: 'VmServiceDeleted', ids: 'input[]' }] },
  },
  BatchOperateVmService: { summary: 'Start or stop several VM services', retry: 'unsent-only' },

  // vmInstance
  CreateVmServiceInstance: {
    summary: 'Add VM instances to an existing VM service',
    docPage: page('jknpo0evo'),
    retry: 'unsent-only',
    cli: { wait: [{ waiter: 'VmServiceRunning', ids: 'path:serviceId' }] },
  },
  GetVmInstanceList: {
    summary: 'List VM instances, one page at a time',
    docPage: page('Qkbrebfbz'),
    retry: 'always',
    paginate: { style: 'page', items: 'result', lead: 'Lists VM instances' },
  },
  GetNodeVmInstanceList: {
    summary: 'List the VM instances of one edge node (region, service provider and city)',
    retry: 'always',
    cli: { action: 'list-by-node' },
  },
  GetVirtualMachine: {
    summary: 'Get the details of a VM instance',
    docPage: page('Fkbro0yld'),
    retry: 'always',
    waiters: {
      VmInstanceRunning: {
        resource: 'VM instance',
        id: 'vmId',
        status: ['status'],
        success: ['RUNNING'],
        failure: ['FAILED', 'ERROR'],
        target: 'RUNNING',
        until: 'its `status` is RUNNING (e.g. after CREATING, STARTING, RESTARTING, REINSTALLING or IMAGING)',
      },
      VmInstanceStopped: {
        resource: 'VM instance',
        id: 'vmId',
        status: ['status'],
        success: ['STOPPED'],
        failure: ['FAILED', 'ERROR'],
        target: 'STOPPED',
        until: 'its `status` is STOPPED',
      },
      VmInstanceDeleted: { resource: 'VM instance', id: 'vmId', status: ['status'], deleted: true },
    },
  },
  DeleteVmInstance: {
    summary: 'Delete a VM instance',
    retry: 'always',
    cli: { wait: [{ waiter: 'VmInstanceDeleted', ids: 'path:vmID' }] },
  },
  UpdateVmInstance: {
    summary: 'Update a VM instance: resources, password, name, hostname, disks, network or security groups',
    docPage: page('wkbroqu5a'),
    retry: 'always',
    cli: { wait: [{ waiter: 'VmInstanceRunning', ids: 'path:vmID' }] },
  },
  BindSecurityGroup: { summary: 'Bind VM instances to security groups, or unbind them', retry: 'always' },
  ReinstallVmInstance: {
    summary: 'Reinstall the operating system of a VM instance',
    docPage: page('Ekbrqqv9j'),
    retry: 'unsent-only',
    cli: { wait: [{ waiter: 'VmInstanceRunning', ids: 'path:vmID' }] },
  },
  OperateVmDeployment: {
    summary: 'Start, stop or restart a VM instance',
    docPage: page('Fkbroisf0'),
    retry: 'unsent-only',
    cli: {
      wait: [
        { when: { action: 'stop' }, waiter: 'VmInstanceStopped', ids: 'path:vmID' },
        { waiter: 'VmInstanceRunning', ids: 'path:vmID' },
      ],
    },
  },

  // metrics
  GetVmInstanceMetrics: {
    summary: 'Get a monitoring series of a VM instance',
    docPage: page('nkbrpr2ap'),
    retry: 'always',
  },

  // vmInstance
  GetVmConfig: { summary: 'Get the configuration of a VM instance', retry: 'always' },
  CreateVmPrivateIp: { summary: 'Add secondary private IP addresses to a VM instance', retry: 'unsent-only' },
  DeleteVmPrivateIp: { summary: 'Release secondary private IP addresses of a VM instance', retry: 'always' },

  // blb
  CreateBlb: {
    summary: 'Create a classic BEC load balancer',
    docPage: page('zkbrnvg6w'),
    retry: 'unsent-only',
    cli: { wait: [{ waiter: 'BlbRunning', ids: 'result:details.blbId' }] },
  },
  DeleteBlb: {
    summary: 'Delete a classic load balancer',
    retry: 'always',
    cli: { wait: [{ waiter: 'BlbDeleted', ids: 'path:blbId' }] },
  },
  GetBlbList: {
    summary: 'List classic load balancers, one page at a time',
    docPage: page('0kbt1ccvz'),
    retry: 'always',
    paginate: { style: 'page', items: 'result', lead: 'Lists BLBs' },
  },
  GetBlbDetail: {
    summary: 'Get the details of a classic load balancer',
    retry: 'always',
    waiters: {
      BlbRunning: {
        resource: 'BLB',
        id: 'blbId',
        status: ['status'],
        success: ['RUNNING'],
        failure: ['FAILED', 'ERROR'],
        target: 'RUNNING',
        until: 'its `status` is RUNNING (e.g. after PENDING or BINDING)',
      },
      BlbDeleted: { resource: 'BLB', id: 'blbId', status: ['status'], deleted: true },
    },
  },
  UpdateBlb: {
    summary: 'Update the name or bandwidth limit of a classic load balancer',
    retry: 'always',
    cli: { wait: [{ waiter: 'BlbRunning', ids: 'path:blbId' }] },
  },

  // blbListener
  CreateBlbMonitorPort: {
    summary: 'Create a listener ("monitor port") of a classic load balancer',
    docPage: page('ikbrnxqnj'),
    retry: 'unsent-only',
  },
  DeleteBlbMonitorPort: {
    summary: 'Delete listeners of a classic load balancer by protocol and port',
    retry: 'always',
  },
  GetBlbMonitorPortList: {
    summary: 'List the listeners of a classic load balancer, one page at a time',
    retry: 'always',
    paginate: { style: 'page', items: 'result', lead: 'Lists the listeners (monitor ports) of a BLB' },
  },
  UpdateBlbMonitorPort: {
    summary: 'Update the listener of a classic load balancer that frontendPort identifies',
    docPage: page('skbt1eet8'),
    retry: 'always',
  },
  GetBlbMonitorPortDetails: {
    summary: 'Get one listener of a classic load balancer by protocol and port',
    docPage: page('Wkbt1ds35'),
    retry: 'always',
  },

  // blb
  BatchCreateBlb: {
    summary: 'Create classic load balancers in several edge nodes at once',
    retry: 'unsent-only',
    cli: { wait: [{ waiter: 'BlbRunning', ids: 'result:details[].blbId' }] },
  },
  BatchDeleteBlb: {
    summary: 'Delete several classic load balancers',
    retry: 'always',
    cli: { wait: [{ waiter: 'BlbDeleted', ids: 'input[]' }] },
  },

  // blbListener
  BatchCreateBlbMonitor: {
    summary: 'Create several listeners (port pairs) of a classic load balancer at once',
    docPage: page('Hkkqn0zfk'),
    retry: 'unsent-only',
  },

  // blbBinding
  GetBlbBackendPodList: {
    summary: 'List the pods and VMs bound to a classic load balancer, one page at a time',
    retry: 'always',
    paginate: { style: 'page', items: 'result', lead: 'Lists the pods bound to a BLB' },
  },
  GetBlbBackendBindingStsList: {
    summary: 'List the deployments that can be bound to a classic load balancer',
    retry: 'always',
    paginate: { style: 'page', items: 'result', lead: 'Lists the deployments that can be bound to a BLB' },
    cli: { action: 'list-bindable' },
  },
  GetBlbBindingPodListWithSts: {
    summary: 'List the pods of one deployment (StatefulSet) that can be bound to a classic load balancer',
    retry: 'always',
    cli: { action: 'list-deployment-pods' },
  },
  CreateBlbBinding: { summary: 'Bind deployments (with pod weights) to a classic load balancer', retry: 'unsent-only' },
  DeleteBlbBindPod: { summary: 'Unbind pods or deployments from a classic load balancer', retry: 'always' },
  UpdateBlbBindPodWeight: { summary: 'Change the weights of pods bound to a classic load balancer', retry: 'always' },

  // metrics
  GetBlbMetrics: { summary: 'Get a monitoring series of a classic load balancer', retry: 'always' },

  // vmImage
  CreateVmImage: {
    summary: 'Create a custom VM image from a VM instance or a system-disk snapshot',
    docPage: page('Uklg7azo0'),
    retry: 'unsent-only',
    cli: { wait: [{ waiter: 'VmImageAvailable', ids: 'result:result' }] },
  },
  DeleteVmImage: {
    summary: 'Delete custom VM images by image ID',
    retry: 'always',
    cli: { wait: [{ waiter: 'VmImageDeleted', ids: 'input[]' }] },
  },
  UpdateVmImage: { summary: 'Rename a custom VM image', docPage: page('Jklg9nuo9'), retry: 'always' },
  ListVmImage: {
    summary: 'List VM images, one page at a time',
    docPage: page('rklg8gjlb'),
    retry: 'always',
    paginate: {
      style: 'page',
      items: 'result',
      lead: 'Lists VM images (`pageNo`/`pageSize` go on the wire as `PageNo`/`PageSize`)',
    },
    waiters: {
      VmImageAvailable: {
        resource: 'VM image',
        id: 'imageId',
        lookup: { keywordType: 'imageId', idField: 'imageId' },
        status: ['status'],
        success: ['SUCCEEDED'],
        failure: ['FAILED', 'ERROR'],
        target: 'SUCCEEDED',
        until: 'its `status` is SUCCEEDED (after IMAGING or IMPORTING)',
      },
      VmImageDeleted: {
        resource: 'VM image',
        id: 'imageId',
        lookup: { keywordType: 'imageId', idField: 'imageId' },
        status: ['status'],
        deleted: true,
      },
    },
  },
  ImportImage: { summary: 'Import a VM image from a BOS URL', retry: 'unsent-only' },

  // node
  GetBecAvailableNodeInfoVo: {
    summary: 'List the edge nodes (regions, cities, service providers) available for a resource type',
    docPage: page('Ykbrnsns4'),
    retry: 'always',
    cli: { action: 'list' },
  },

  // deploySet
  CreateDeploySet: {
    summary: 'Create a deploy set (spreads VM instances across hosts)',
    docPage: page('Sl0t89s48'),
    retry: 'unsent-only',
  },
  UpdateVmInstanceDeploySet: {
    summary: 'Set the deploy sets of a VM instance',
    retry: 'always',
    cli: { action: 'update-instances' },
  },
  DeleteVmInstanceFromDeploySet: {
    summary: 'Remove VM instances from a deploy set',
    retry: 'always',
    cli: { action: 'remove-instances' },
  },
  UpdateDeploySet: { summary: 'Update the name or description of a deploy set', retry: 'always' },
  GetDeploySetList: {
    summary: 'List deploy sets, one page at a time',
    docPage: page('Cl0t8xm4g'),
    retry: 'always',
    paginate: { style: 'page', items: 'result', lead: 'Lists deploy sets' },
  },
  GetDeploySetDetail: { summary: 'Get the details of a deploy set', docPage: page('9l0talan1'), retry: 'always' },
  DeleteDeploySet: { summary: 'Delete a deploy set', retry: 'always' },

  // appBlb
  CreateAppBlb: {
    summary: 'Create an application load balancer (app BLB)',
    docPage: page('zl4nug4yg'),
    retry: 'always',
    cli: { wait: [{ waiter: 'AppBlbRunning', ids: 'result:blbId' }] },
  },
  UpdateAppBlb: {
    summary: 'Update the name or description of an app BLB',
    retry: 'always',
    cli: { wait: [{ waiter: 'AppBlbRunning', ids: 'path:blbId' }] },
  },
  GetAppBlbList: {
    summary: 'List app BLBs, one marker page at a time',
    docPage: page('9l4nv22ji'),
    retry: 'always',
    paginate: { style: 'marker', items: 'blbList', lead: 'Lists app BLBs' },
  },
  GetAppBlbDetails: {
    summary: 'Get the details of an app BLB',
    retry: 'always',
    waiters: {
      AppBlbRunning: {
        resource: 'app BLB',
        id: 'blbId',
        status: ['status'],
        success: ['RUNNING'],
        failure: ['FAILED', 'ERROR'],
        target: 'RUNNING',
        until: 'its `status` is RUNNING (e.g. after PENDING)',
      },
      AppBlbDeleted: { resource: 'app BLB', id: 'blbId', status: ['status'], deleted: true },
    },
  },
  DeleteAppBlbInstance: {
    summary: 'Delete an app BLB',
    retry: 'always',
    cli: { wait: [{ waiter: 'AppBlbDeleted', ids: 'path:blbId' }] },
  },

  // appBlbListener
  CreateTcpListener: { summary: 'Create a TCP listener of an app BLB', retry: 'always' },
  UpdateTcpListener: {
    summary: 'Update the TCP listener of an app BLB on a given port',
    docPage: page('5l4nx65by'),
    retry: 'always',
  },
  GetTcpListener: {
    summary: 'List the TCP listeners of an app BLB, one marker page at a time',
    docPage: page('Ul4nxiz6l'),
    retry: 'always',
    paginate: { style: 'marker', items: 'listenerList', lead: 'Lists the TCP listeners of an app BLB' },
  },
  CreateUdpListener: { summary: 'Create a UDP listener of an app BLB', retry: 'always' },
  UpdateUdpListener: { summary: 'Update the UDP listener of an app BLB on a given port', retry: 'always' },
  GetUdpListener: {
    summary: 'List the UDP listeners of an app BLB, one marker page at a time',
    retry: 'always',
    paginate: { style: 'marker', items: 'listenerList', lead: 'Lists the UDP listeners of an app BLB' },
  },
  DeleteAppBlbListener: { summary: 'Delete listeners of an app BLB by port and protocol', retry: 'always' },

  // ipGroup
  CreateIpGroup: {
    summary: 'Create an IP group (backend servers) of an app BLB',
    docPage: page('nl4p9vtw2'),
    retry: 'always',
  },
  UpdateIpGroup: {
    summary: 'Update the name or description of an app-BLB IP group',
    docPage: page('wl4pahvlw'),
    retry: 'always',
  },
  GetIpGroup: {
    summary: 'List the IP groups of an app BLB, one marker page at a time',
    retry: 'always',
    paginate: {
      style: 'marker',
      items: 'appIpGroupList',
      lead: 'Lists the IP groups of an app BLB (the marker goes on the wire as `maker`)',
    },
  },
  DeleteIpGroup: { summary: 'Delete an IP group of an app BLB', retry: 'always' },

  // ipGroupPolicy
  CreateIpGroupPolicy: { summary: 'Create a backend (health-check) policy of an app-BLB IP group', retry: 'always' },
  UpdateIpGroupPolicy: {
    summary: 'Update a backend (health-check) policy of an app-BLB IP group',
    docPage: page('5l4qexv01'),
    retry: 'always',
  },
  GetIpGroupPolicyList: {
    summary: 'List the backend policies of an app-BLB IP group, one marker page at a time',
    docPage: page('2l4qf4jv6'),
    retry: 'always',
    paginate: {
      style: 'marker',
      items: 'backendPolicyList',
      lead: 'Lists the backend policies of an app-BLB IP group (the marker goes on the wire as `maker`)',
    },
  },
  DeleteIpGroupPolicy: { summary: 'Delete backend policies of an app-BLB IP group', retry: 'always' },

  // ipGroupMember
  CreateIpGroupMember: {
    summary: 'Add members (IP, port, weight) to an app-BLB IP group',
    docPage: page('yl4qf9xbw'),
    retry: 'always',
  },
  UpdateIpGroupMember: {
    summary: 'Update the port or weight of app-BLB IP group members',
    docPage: page('Gl4qfi31t'),
    retry: 'always',
  },
  GetIpGroupMemberList: {
    summary: 'List the members of an app-BLB IP group, one marker page at a time',
    docPage: page('Il4qfnftj'),
    retry: 'always',
    paginate: {
      style: 'marker',
      items: 'memberList',
      lead: 'Lists the members of an app-BLB IP group (the marker goes on the wire as `maker`)',
    },
  },
  DeleteIpGroupMember: { summary: 'Remove members from an app-BLB IP group', retry: 'always' },

  // listenerPolicy
  CreateListenerPolicy: {
    summary: 'Create listener policies that route an app-BLB listener to IP groups',
    docPage: page('Hl4qgo88o'),
    retry: 'always',
  },
  GetListenerPolicy: {
    summary: 'List the policies of an app-BLB listener, one marker page at a time',
    docPage: page('cl4qgvkbp'),
    retry: 'always',
    paginate: {
      style: 'marker',
      items: 'policyList',
      lead: 'Lists the listener policies of an app BLB (the marker goes on the wire as `maker`)',
    },
  },
  DeleteListenerPolicy: { summary: 'Delete policies of an app-BLB listener', retry: 'always' },

  // vpc
  CreateVpc: { summary: 'Create a VPC in an edge node', docPage: page('hkw5qgxhn'), retry: 'unsent-only' },
  UpdateVpc: { summary: 'Update the name or description of a VPC', retry: 'always' },
  GetVpcList: {
    summary: 'List VPCs, one page at a time',
    retry: 'always',
    paginate: { style: 'page', items: 'result', lead: 'Lists VPCs' },
  },
  GetVpcDetail: { summary: 'Get the details of a VPC', retry: 'always' },
  DeleteVpc: { summary: 'Delete a VPC', retry: 'always' },

  // subnet
  CreateSubnet: { summary: 'Create a subnet in a VPC', docPage: page('5kw5y3oq4'), retry: 'unsent-only' },
  UpdateSubnet: { summary: 'Update the name or description of a subnet', retry: 'always' },
  GetSubnetList: {
    summary: 'List subnets, one page at a time',
    retry: 'always',
    paginate: { style: 'page', items: 'result', lead: 'Lists subnets' },
  },
  GetSubnetDetail: { summary: 'Get the details of a subnet', retry: 'always' },
  DeleteSubnet: { summary: 'Delete a subnet', retry: 'always' },

  // route
  UpdateRouteTable: { summary: 'Rename a route table', retry: 'always' },
  GetRouteTableList: {
    summary: 'List route tables, one page at a time',
    retry: 'always',
    paginate: { style: 'page', items: 'result', lead: 'Lists route tables' },
    cli: { action: 'list-tables' },
  },
  GetRouteTableDetail: { summary: 'Get the details of a route table', retry: 'always' },
  CreateRouteRule: { summary: 'Create a rule in a route table', retry: 'unsent-only' },
  GetRouteRuleList: {
    summary: 'List the rules of a route table, one page at a time',
    retry: 'always',
    paginate: { style: 'page', items: 'result', lead: 'Lists the rules of a route table' },
    cli: { action: 'list-rules' },
  },
  DeleteRouteRule: { summary: 'Delete a route rule', retry: 'always' },
};
