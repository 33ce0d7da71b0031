/**
 * Documented constraints of the BEC service, checked before a request is sent.
 *
 * Sources: spec/service-facts.md (sections 4 and 7) and the BEC API pages it cites
 * (`https://cloud.baidu.com/doc/BEC/s/<id>`, named next to each group below), plus the checks
 * the official Go SDK itself makes. Nothing here is stricter than what those pages document:
 * where a limit is not documented (VM service and instance names, UDP session timeouts, ...)
 * there is no rule, because an SDK that rejects what the service accepts leaves no way around it.
 *
 * Keys:
 * - `requiredFields` and `crossField`: a model name or a generated `<Operation>Input` schema
 *   (both are keys of `modelSchemas`). The generator reads `requiredFields` and makes those
 *   fields required in the TypeScript types.
 * - `fieldRules`: `Model.field`, `<Operation>Input.field`, or a bare JSON field name that applies
 *   in every model (`adminPass`). An `<Operation>Input` that extends a body model also gets the
 *   body model's rules. `Model.field` wins over a bare name.
 * - `pathRules`: `<Operation>.<argument>` for path segments.
 * - `closedEnums`: enums whose values are a closed set; other values are rejected and the
 *   generated type is a closed union. All other enums stay open (`'A' | 'B' | (string & {})`).
 *
 * `test/validation.test.ts` fails when any key here does not name a real schema and JSON field.
 */

export interface FieldRule {
  /** Numbers: inclusive range. */
  readonly min?: number;
  readonly max?: number;
  /** Numbers outside [min, max] that are still allowed (e.g. `-1` meaning "the maximum"). */
  readonly allow?: readonly number[];
  /** Strings: length in code points. */
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  readonly oneOf?: readonly string[];
  /** Arrays: number of elements. */
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Arrays of scalars: the rule every element must follow. */
  readonly each?: FieldRule;
  /** The rule in words; the error says "must be <rule>". */
  readonly rule: string;
}

/** A rule over several fields of one object; returns the offending field and rule, or undefined. */
export type CrossFieldCheck = (value: Readonly<Record<string, unknown>>) => { field: string; rule: string } | undefined;

const PASSWORD: FieldRule = {
  minLength: 8,
  maxLength: 32,
  pattern: /^(?=.*[A-Za-z])(?=.*[0-9])(?=.*[!@#$%^+*()])[A-Za-z0-9!@#$%^+*()]+$/,
  rule: '8-32 characters with letters, digits and at least one of !@#$%^+*() (no other symbols)',
};
const HOSTNAME: FieldRule = {
  pattern: /^[a-z][a-z0-9-]{1,63}$/,
  rule: '2-64 characters: lower-case letters, digits and "-", starting with a letter',
};
const PORT: FieldRule = { min: 1, max: 65535, rule: 'a port number from 1 to 65535' };
/** Ports that the Go SDK takes as strings (`UpdateTcpListener`'s listenerPort, `GetBlbMetrics`' port). */
const PORT_STRING: FieldRule = {
  pattern: /^(?:[1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])$/,
  rule: 'a port number from 1 to 65535 (decimal digits)',
};
const PAGE_NO: FieldRule = { min: 1, rule: 'a page number of at least 1' };
const PAGE_SIZE: FieldRule = { min: 1, rule: 'a page size of at least 1' };
const PAGE_SIZE_100: FieldRule = { min: 1, max: 100, rule: 'a page size from 1 to 100' };
const PAGE_SIZE_1000: FieldRule = { min: 1, max: 1000, rule: 'a page size from 1 to 1000' };
const MAX_KEYS: FieldRule = { min: 1, max: 1000, rule: 'maxKeys from 1 to 1000' };
const atLeast1 = (what: string): FieldRule => ({ min: 1, rule: `${what} of at least 1` });
const range = (min: number, max: number, what: string): FieldRule => ({
  min,
  max,
  rule: `${what} from ${min} to ${max}`,
});
const NAME_64: FieldRule = { minLength: 1, maxLength: 64, rule: '1-64 characters' };
const IMAGE_NAME: FieldRule = { minLength: 1, maxLength: 65, rule: '1-65 characters' };
/** VPC and subnet names (hkw5qgxhn, 5kw5y3oq4). The documented charset (letters, digits, "_") is not enforced: the official examples use "-". */
const VPC_NAME: FieldRule = {
  minLength: 1,
  maxLength: 65,
  pattern: /^(?!default$)/,
  rule: '1-65 characters and not "default"',
};
const DESCRIPTION: FieldRule = { maxLength: 200, rule: 'at most 200 characters' };
const ORDER: FieldRule = { pattern: /^(?:asc|desc)$/i, rule: '"ASC" or "DESC"' };
const CIDR: FieldRule = {
  pattern: /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(?:3[0-2]|[12]?\d)$/,
  rule: 'an IPv4 CIDR block such as 192.168.0.0/16',
};
/** `country-city-isp` in lower case, e.g. `cn-hangzhou-cm` (hkw5qgxhn, qme10x9rr). */
const REGION_ID: FieldRule = {
  pattern: /^[a-z]{2}-[a-z0-9]+-[a-z0-9]+$/,
  rule: 'a node ID "country-city-isp" in lower case, such as cn-hangzhou-cm',
};
/** Public bandwidth in Mbps: 1-2048, up to 5120 for allow-listed accounts (Go SDK doc/BEC.md). */
const BANDWIDTH: FieldRule = { min: 1, max: 5120, rule: 'a bandwidth from 1 to 5120 Mbps' };
/** VM updates also take -1, meaning the maximum (jkbsxwduk). */
const BANDWIDTH_UPDATE: FieldRule = {
  min: 1,
  max: 5120,
  allow: [-1],
  rule: 'a bandwidth from 1 to 5120 Mbps, or -1 for the maximum',
};
const BLB_BANDWIDTH: FieldRule = range(1, 20000, 'a bandwidth (Mbps)');
const LB_TYPE: FieldRule = { oneOf: ['container', 'vm'], rule: '"container" or "vm"' };
const POSTPAY: FieldRule = { oneOf: ['postpay'], rule: '"postpay" (the only payment method)' };
const NETWORK_TYPE: FieldRule = { oneOf: ['classic', 'vpc'], rule: '"classic" or "vpc"' };
const APP_BLB_SCHEDULER: FieldRule = {
  oneOf: ['RoundRobin', 'LeastConnection', 'Hash'],
  rule: '"RoundRobin", "LeastConnection" or "Hash"',
};
const TCP_SESSION_TIMEOUT: FieldRule = range(10, 4000, 'a TCP session timeout (seconds)');
const WEIGHT: FieldRule = range(0, 100, 'a weight');
/** Metrics windows are Unix seconds (nkbrpr2ap); a millisecond timestamp is a common mistake. */
const UNIX_SECONDS: FieldRule = { min: 1, max: 99_999_999_999, rule: 'a Unix time in seconds (not milliseconds)' };

/** Go's "empty" for omitempty fields: such values are not sent at all. */
function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0);
}

/** Metrics calls: `end` must not be before `start`. */
const WINDOW: CrossFieldCheck = (v) =>
  typeof v.start === 'number' && typeof v.end === 'number' && v.end < v.start
    ? { field: 'end', rule: 'must not be before start' }
    : undefined;

const METRICS_REQUIRED = ['metricsType', 'start', 'end'];

export const inputRules = {
  /** Fields that must be present and non-empty. */
  requiredFields: {
    // Container services (Wk3zawt4x), deployments, batch operations (the Go SDK checks the action).
    CreateServiceArgs: ['serviceName', 'containerGroupName'],
    DeploymentInstance: ['replicas'],
    UpdateDeploymentReplicasRequest: ['replicas'],
    ServiceBatchOperateArgs: ['idList', 'action'],
    VmServiceBatchActionArgs: ['idList', 'action'],
    // VM services and instances (jkbsxwduk, wkbroqu5a, Ekbrqqv9j).
    UpdateVmServiceArgs: ['type'],
    UpdateVmInstanceArgs: ['type'],
    ReinstallVmInstanceArg: ['imageId'],
    KeyConfig: ['type'],
    DeleteVmPrivateIpForm: ['privateIps'],
    BindSecurityGroupInstances: ['instances'],
    InstancesBinding: ['instanceId'],
    // Metrics: metricsType, start and end are required (nkbrpr2ap, Dkbszsf7f; same API family).
    GetServiceMetricsInput: METRICS_REQUIRED,
    GetPodDeploymentMetricsInput: METRICS_REQUIRED,
    GetPodMetricsInput: METRICS_REQUIRED,
    GetVmServiceMetricsInput: METRICS_REQUIRED,
    GetVmInstanceMetricsInput: METRICS_REQUIRED,
    GetBlbMetricsInput: METRICS_REQUIRED,
    // Images (Jklg9nuo9) and deploy sets (Sl0t89s48; UpdateDeploySet shares the model, so the
    // name is required on create only).
    UpdateVmImageArgs: ['name'],
    CreateDeploySetInput: ['name'],
    UpdateVmDeploySetArgs: ['instanceId'],
    DeleteVmDeploySetArgs: ['deploysetId', 'instanceIdList'],
    // Classic BLB listeners and bindings (ikbrnxqnj, skbt1eet8, Wkbt1ds35).
    BlbMonitorArgs: ['frontendPort'],
    Port: ['protocol', 'port'],
    GetBlbMonitorPortDetailsInput: ['protocol', 'port'],
    CreateBlbBindingArgs: ['bindingForms'],
    BlbBindingForm: ['deploymentId'],
    // App BLB (zl4nug4yg, 5l4nx65by, nl4p9vtw2, wl4pahvlw, yl4qf9xbw, Gl4qfi31t, Il4qfnftj,
    // 2l4qf4jv6, 5l4qexv01, Hl4qgo88o, cl4qgvkbp). UpdateTcpListener/UpdateUdpListener: the Go SDK
    // checks listenerPort.
    CreateAppBlbRequest: ['name', 'regionId'],
    CreateBecAppBlbTcpListenerRequest: ['listenerPort', 'scheduler'],
    CreateBecAppBlbUdpListenerRequest: ['listenerPort', 'scheduler'],
    UpdateTcpListenerInput: ['listenerPort'],
    UpdateUdpListenerInput: ['listenerPort'],
    DeleteBlbListenerRequest: ['portTypeList'],
    PortTypeList: ['port', 'type'],
    CreateBlbIpGroupRequest: ['name'],
    BlbIpGroupMember: ['ip', 'port'],
    UpdateBlbIpGroupRequest: ['ipGroupId'],
    DeleteBlbIpGroupRequest: ['ipGroupId'],
    CreateBlbIpGroupBackendPolicyRequest: ['ipGroupId', 'type'],
    UpdateBlbIpGroupBackendPolicyRequest: ['ipGroupId', 'id'],
    GetIpGroupPolicyListInput: ['ipGroupId'],
    DeleteBlbIpGroupBackendPolicyRequest: ['ipGroupId', 'backendPolicyIdList'],
    CreateBlbIpGroupMemberRequest: ['ipGroupId', 'memberList'],
    UpdateBlbIpGroupMemberRequest: ['ipGroupId', 'memberList'],
    UpdateBlbIpGroupMember: ['memberId'],
    GetIpGroupMemberListInput: ['ipGroupId'],
    DeleteBlbIpGroupBackendMemberRequest: ['ipGroupId', 'memberIdList'],
    CreateAppBlbPoliciesRequest: ['listenerPort', 'appPolicyVos'],
    AppPolicyVo: ['appIpGroupId', 'priority'],
    GetListenerPolicyInput: ['port'],
    DeleteAppBlbPoliciesRequest: ['port', 'policyIdList'],
    // VPCs and subnets (hkw5qgxhn, 5kw5y3oq4; the update name is required in the SDK docs 8mdfdqf4u, mmdfdns89).
    CreateVpcRequest: ['name', 'regionId', 'cidr'],
    UpdateVpcRequest: ['name'],
    CreateSubnetRequest: ['name', 'vpcId', 'cidr'],
    UpdateSubnetRequest: ['name'],
  } as Readonly<Record<string, readonly string[]>>,

  /** Per-field rules; `Model.field` wins over a bare field name. */
  fieldRules: {
    // Everywhere.
    adminPass: PASSWORD,
    hostname: HOSTNAME,
    order: ORDER,
    pageNo: PAGE_NO,
    maxKeys: MAX_KEYS,
    regionId: REGION_ID,
    start: UNIX_SECONDS,
    end: UNIX_SECONDS,
    stepInMin: atLeast1('a step (minutes)'),
    /** Applied to `RequestOptions.clientToken` (6k4105ydj), not to a model field. */
    clientToken: { maxLength: 64, pattern: /^[\x20-\x7e]+$/, rule: 'at most 64 printable ASCII characters' },

    // Page sizes (service-facts.md section 4); lists without a documented maximum only need >= 1.
    'GetVmServiceListInput.pageSize': PAGE_SIZE_1000,
    'GetVmInstanceListInput.pageSize': PAGE_SIZE_100,
    'ListServiceInput.pageSize': PAGE_SIZE_100,
    'GetPodListInput.pageSize': PAGE_SIZE_100,
    'GetBlbListInput.pageSize': PAGE_SIZE_1000,
    'GetDeploySetListInput.pageSize': PAGE_SIZE_1000,
    'ListVmImageInput.pageSize': PAGE_SIZE_1000,
    'GetBlbMonitorPortListInput.pageSize': PAGE_SIZE,
    'GetBlbBackendPodListInput.pageSize': PAGE_SIZE,
    'GetBlbBackendBindingStsListInput.pageSize': PAGE_SIZE,
    'GetVpcListInput.pageSize': PAGE_SIZE,
    'GetSubnetListInput.pageSize': PAGE_SIZE,
    'GetRouteTableListInput.pageSize': PAGE_SIZE,
    'GetRouteRuleListInput.pageSize': PAGE_SIZE,
    'GetBlbListInput.lbType': LB_TYPE,

    // Container services.
    'CreateServiceArgs.paymentMethod': POSTPAY,
    'CreateServiceArgs.bandwidth': BANDWIDTH,
    'UpdateServiceArgs.bandwidth': BANDWIDTH,
    'DeploymentInstance.replicas': atLeast1('a replica count'),
    'DeploymentInstance.networkType': NETWORK_TYPE,
    'UpdateDeploymentReplicasRequest.replicas': atLeast1('a replica count (0 cannot be sent: the field is omitempty)'),
    'V1ContainerPort.containerPort': PORT,
    'V1ContainerPort.hostPort': PORT,
    'V1ContainerPort.protocol': { oneOf: ['TCP', 'UDP', 'SCTP'], rule: '"TCP", "UDP" or "SCTP"' },
    'ServiceBatchOperateArgs.action': { oneOf: ['start', 'stop'], rule: '"start" or "stop"' },

    // VM services and instances.
    'CreateVmServiceArgs.cpu': atLeast1('a CPU count'),
    'CreateVmServiceArgs.memory': atLeast1('a memory size (GB)'),
    'CreateVmServiceArgs.bandwidth': BANDWIDTH,
    'UpdateVmServiceArgs.cpu': atLeast1('a CPU count'),
    'UpdateVmServiceArgs.memory': atLeast1('a memory size (GB)'),
    'UpdateVmServiceArgs.bandwidth': BANDWIDTH_UPDATE,
    'UpdateVmInstanceArgs.cpu': atLeast1('a CPU count'),
    'UpdateVmInstanceArgs.memory': atLeast1('a memory size (GB)'),
    'UpdateVmInstanceArgs.bandwidth': BANDWIDTH_UPDATE,
    'KeyConfig.type': { oneOf: ['password', 'bccKeyPair'], rule: '"password" or "bccKeyPair"' },

    // Images (Uklg7azo0).
    'CreateVmImageArgs.name': IMAGE_NAME,
    'ImageInfo.imageName': IMAGE_NAME,
    'UpdateVmImageArgs.name': IMAGE_NAME,
    'ImportImageArgs.name': IMAGE_NAME,

    // Deploy sets (Sl0t89s48).
    'CreateDeploySetArgs.name': NAME_64,

    // Classic BLB (zkbrnvg6w, zkgj46mng; names from the console docs, 1-64 characters).
    'CreateBlbArgs.lbType': LB_TYPE,
    'CreateBlbArgs.paymentMethod': POSTPAY,
    'CreateBlbArgs.networkType': NETWORK_TYPE,
    'CreateBlbArgs.blbName': NAME_64,
    'CreateBlbArgs.bandwidthInMbpsLimit': BLB_BANDWIDTH,
    'BatchCreateBlbArgs.lbType': LB_TYPE,
    'BatchCreateBlbArgs.paymentMethod': POSTPAY,
    'BatchCreateBlbArgs.blbName': NAME_64,
    'BatchCreateBlbArgs.bandwidthInMbpsLimit': BLB_BANDWIDTH,
    'UpdateBlbArgs.blbName': NAME_64,
    'UpdateBlbArgs.bandwidthInMbpsLimit': BLB_BANDWIDTH,
    'Listeners.port': PORT,
    'Listeners.backendPort': PORT,
    'Port.port': PORT,
    'PortGroup.port': PORT,
    'PortGroup.backendPort': PORT,
    'BlbMonitorArgs.backendPort': PORT,
    'GetBlbMonitorPortDetailsInput.port': PORT,
    'GetBlbMetricsInput.port': PORT_STRING,

    // App BLB.
    'CreateAppBlbRequest.name': NAME_64,
    'CreateAppBlbRequest.subServiceProviders': {
      maxItems: 1,
      each: { oneOf: ['ct', 'un', 'cm'], rule: '"ct", "un" or "cm"' },
      rule: 'one of "ct", "un", "cm" (only one operator can be given)',
    },
    'ModifyBecBlbRequest.name': NAME_64,
    'CreateBecAppBlbTcpListenerRequest.listenerPort': PORT,
    'CreateBecAppBlbTcpListenerRequest.scheduler': APP_BLB_SCHEDULER,
    'CreateBecAppBlbTcpListenerRequest.tcpSessionTimeout': TCP_SESSION_TIMEOUT,
    'UpdateBecAppBlbTcpListenerRequest.scheduler': APP_BLB_SCHEDULER,
    'UpdateBecAppBlbTcpListenerRequest.tcpSessionTimeout': TCP_SESSION_TIMEOUT,
    'UpdateTcpListenerInput.listenerPort': PORT_STRING,
    'CreateBecAppBlbUdpListenerRequest.listenerPort': PORT,
    'CreateBecAppBlbUdpListenerRequest.scheduler': APP_BLB_SCHEDULER,
    'UpdateBecAppBlbUdpListenerRequest.scheduler': APP_BLB_SCHEDULER,
    'UpdateUdpListenerInput.listenerPort': PORT_STRING,
    'GetTcpListenerInput.listenerPort': PORT,
    'GetUdpListenerInput.listenerPort': PORT,
    'PortTypeList.port': PORT,
    'BlbIpGroupMember.port': PORT,
    'BlbIpGroupMember.weight': WEIGHT,
    'UpdateBlbIpGroupMember.port': PORT,
    'UpdateBlbIpGroupMember.weight': WEIGHT,
    'CreateBlbIpGroupBackendPolicyRequest.healthCheckPort': PORT,
    'CreateBlbIpGroupBackendPolicyRequest.healthCheckDownRetry': range(2, 5, 'a retry count'),
    'CreateBlbIpGroupBackendPolicyRequest.healthCheckUpRetry': range(2, 5, 'a retry count'),
    'CreateBlbIpGroupBackendPolicyRequest.healthCheckIntervalInSecond': range(1, 10, 'an interval (seconds)'),
    'CreateBlbIpGroupBackendPolicyRequest.healthCheckTimeoutInSecond': range(1, 60, 'a timeout (seconds)'),
    'UpdateBlbIpGroupBackendPolicyRequest.healthCheckPort': PORT,
    'UpdateBlbIpGroupBackendPolicyRequest.healthCheckDownRetry': range(2, 5, 'a retry count'),
    'UpdateBlbIpGroupBackendPolicyRequest.healthCheckUpRetry': range(2, 5, 'a retry count'),
    'UpdateBlbIpGroupBackendPolicyRequest.healthCheckIntervalInSecond': range(1, 10, 'an interval (seconds)'),
    'UpdateBlbIpGroupBackendPolicyRequest.healthCheckTimeoutInSecond': range(1, 60, 'a timeout (seconds)'),
    'CreateAppBlbPoliciesRequest.listenerPort': PORT,
    'AppPolicyVo.priority': range(1, 32768, 'a priority'),
    'GetListenerPolicyInput.port': PORT,
    'DeleteAppBlbPoliciesRequest.port': PORT,

    // VPCs and subnets (hkw5qgxhn, 5kw5y3oq4).
    'CreateVpcRequest.name': VPC_NAME,
    'UpdateVpcRequest.name': VPC_NAME,
    'CreateSubnetRequest.name': VPC_NAME,
    'UpdateSubnetRequest.name': VPC_NAME,
    'CreateVpcRequest.description': DESCRIPTION,
    'UpdateVpcRequest.description': DESCRIPTION,
    'CreateSubnetRequest.description': DESCRIPTION,
    'UpdateSubnetRequest.description': DESCRIPTION,
    'CreateVpcRequest.cidr': CIDR,
    'CreateSubnetRequest.cidr': CIDR,
  } as Readonly<Record<string, FieldRule>>,

  /** Path segments with a documented closed set of values, keyed `<Operation>.<argument>`. */
  pathRules: {
    // Ykbrnsns4: the node types of GET /v1/node/type/{type}.
    'GetBecAvailableNodeInfoVo.getType': {
      oneOf: ['gpu', 'container', 'vm', 'lb', 'bm', 'nat', 'eip', 'cds', 'cds_hdd'],
      rule: 'one of "gpu", "container", "vm", "lb", "bm", "nat", "eip", "cds", "cds_hdd"',
    },
  } as Readonly<Record<string, FieldRule>>,

  /** Rules over several fields of one object. */
  crossField: {
    CreateVmServiceArgs: [
      (v) => {
        // Instances need an image and a size, unless a launch template provides them.
        if (isEmpty(v.deployInstances) || !isEmpty(v.templateId)) return undefined;
        if (isEmpty(v.imageId)) return { field: 'imageId', rule: 'is required when deployInstances is given' };
        if (isEmpty(v.spec) && (isEmpty(v.cpu) || isEmpty(v.memory))) {
          return { field: isEmpty(v.cpu) ? 'cpu' : 'memory', rule: 'is required when spec is not given' };
        }
        return undefined;
      },
    ],
    KeyConfig: [
      (v) => {
        if (v.type === 'password' && isEmpty(v.adminPass)) {
          return { field: 'adminPass', rule: 'is required when type is "password"' };
        }
        if (v.type === 'bccKeyPair' && isEmpty(v.bccKeyPairIdList)) {
          return { field: 'bccKeyPairIdList', rule: 'is required when type is "bccKeyPair"' };
        }
        return undefined;
      },
    ],
    ReinstallVmInstanceArg: [
      (v) =>
        isEmpty(v.keyConfig) && isEmpty(v.adminPass)
          ? { field: 'keyConfig', rule: 'or adminPass is required' }
          : undefined,
    ],
    CreateVmPrivateIpForm: [
      (v) =>
        isEmpty(v.secondaryPrivateIpAddressCount) && isEmpty(v.privateIps)
          ? { field: 'privateIps', rule: 'or secondaryPrivateIpAddressCount is required' }
          : undefined,
    ],
    // Uklg7azo0: an image comes from a VM (vmId) or from a snapshot (images[].pvcId) and needs a name.
    CreateVmImageArgs: [
      (v) => {
        const images = Array.isArray(v.images) ? (v.images as Array<Record<string, unknown> | null>) : [];
        if (isEmpty(v.vmId) && !images.some((i) => i && !isEmpty(i.pvcId))) {
          return { field: 'vmId', rule: 'or a snapshot in images[].pvcId is required' };
        }
        if (isEmpty(v.name) && (images.length === 0 || images.some((i) => !i || isEmpty(i.imageName)))) {
          return { field: 'name', rule: 'is required unless every images[] entry has an imageName' };
        }
        return undefined;
      },
    ],
    // UpdateDeploySet sends this model too: "name and desc cannot both be empty" (9mdihyc79).
    CreateDeploySetArgs: [
      (v) => (isEmpty(v.name) && isEmpty(v.desc) ? { field: 'name', rule: 'or desc is required' } : undefined),
    ],
    GetServiceMetricsInput: [WINDOW],
    GetPodDeploymentMetricsInput: [WINDOW],
    GetPodMetricsInput: [WINDOW],
    GetVmServiceMetricsInput: [WINDOW],
    GetVmInstanceMetricsInput: [WINDOW],
    GetBlbMetricsInput: [WINDOW],
  } as Readonly<Record<string, readonly CrossFieldCheck[]>>,

  /**
   * Closed sets: the actions that become path segments or that the Go SDK itself checks, and the
   * classic BLB's protocol and scheduler lists. Everything else (update types, metrics types,
   * image types, ...) stays open so that values added to the service later still work.
   */
  closedEnums: new Set([
    'ServiceAction',
    'VmServiceAction',
    'VmServiceBatchAction',
    'VmInstanceBatchOperateAction',
    'Protocol',
    'LbMode',
  ]) as ReadonlySet<string>,
};
