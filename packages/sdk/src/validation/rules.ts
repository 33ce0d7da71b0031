/**
 * Documented constraints of the BEC service (../shared/spec/service-facts.md section 7), checked
 * before a request is sent. Keys are `Model.field` (models and generated `<Operation>Input`
 * schemas) or bare field names (`adminPass`) that apply in every model.
 *
 * The generator reads `requiredFields` to make those fields required in the TypeScript types.
 */

export interface FieldRule {
  readonly min?: number;
  readonly max?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  readonly oneOf?: readonly string[];
  /** Human-readable statement of the rule, used in the error message. */
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
const PAGE_NO: FieldRule = { min: 1, rule: 'a page number of at least 1' };
const PAGE_SIZE_100: FieldRule = { min: 1, max: 100, rule: 'a page size from 1 to 100' };
const PAGE_SIZE_1000: FieldRule = { min: 1, max: 1000, rule: 'a page size from 1 to 1000' };
const MAX_KEYS: FieldRule = { min: 1, max: 1000, rule: 'maxKeys from 1 to 1000' };
const AT_LEAST_1 = (what: string): FieldRule => ({ min: 1, rule: `${what} of at least 1` });
const NAME_65: FieldRule = { minLength: 1, maxLength: 65, rule: '1-65 characters' };
const NAME_64: FieldRule = { minLength: 1, maxLength: 64, rule: '1-64 characters' };
const DESCRIPTION: FieldRule = { maxLength: 200, rule: 'at most 200 characters' };
const ORDER: FieldRule = { pattern: /^(?:asc|desc)$/i, rule: '"asc" or "desc"' };
const CIDR: FieldRule = {
  pattern: /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\/(?:[0-9]|[12]\d|3[0-2])$/,
  rule: 'an IPv4 CIDR block such as 192.168.0.0/16',
};

export const inputRules = {
  /** Fields that must be present (and non-empty) in these models or inputs. */
  requiredFields: {
    DeploymentInstance: ['replicas'],
    CreateVmImageArgs: ['vmId', 'name'],
    UpdateVmImageArgs: ['name'],
    CreateBlbBindingArgs: ['bindingForms'],
    BlbMonitorArgs: ['frontendPort'],
    CreateAppBlbRequest: ['name', 'regionId'],
    CreateVpcRequest: ['name', 'cidr'],
    CreateSubnetRequest: ['name', 'cidr', 'vpcId'],
    CreateDeploySetArgs: ['name'],
    ReinstallVmInstanceArg: ['imageId'],
    CreateServiceArgs: ['serviceName', 'containerGroupName'],
    UpdateDeploymentReplicasRequest: ['replicas'],
    CreateBecAppBlbTcpListenerRequest: ['listenerPort', 'backendPort', 'scheduler'],
    CreateBecAppBlbUdpListenerRequest: ['listenerPort', 'backendPort', 'scheduler'],
    CreateBlbIpGroupRequest: ['name'],
    UpdateTcpListenerInput: ['listenerPort'],
    UpdateUdpListenerInput: ['listenerPort'],
    GetBlbMonitorPortDetailsInput: ['protocol', 'port'],
  } as Readonly<Record<string, readonly string[]>>,

  /** Per-field rules; `Model.field` wins over a bare field name. */
  fieldRules: {
    adminPass: PASSWORD,
    clientToken: { maxLength: 64, pattern: /^[\x20-\x7e]+$/, rule: 'at most 64 printable ASCII characters' },
    hostname: HOSTNAME,
    order: ORDER,
    'CreateVmServiceArgs.cpu': AT_LEAST_1('a CPU count'),
    'CreateVmServiceArgs.memory': AT_LEAST_1('a memory size (GB)'),
    'CreateVmServiceArgs.bandwidth': { min: 1, max: 5120, rule: 'a bandwidth from 1 to 5120 Mbps' },
    'CreateVmServiceArgs.serviceName': NAME_65,
    'CreateVmServiceArgs.vmName': NAME_65,
    'DeploymentInstance.replicas': AT_LEAST_1('a replica count'),
    'KeyConfig.type': { oneOf: ['password', 'bccKeyPair'], rule: '"password" or "bccKeyPair"' },
    'NetworkConfig.networkType': { oneOf: ['classic', 'vpc'], rule: '"classic" or "vpc"' },
    'DeploymentInstance.networkType': { oneOf: ['classic', 'vpc'], rule: '"classic" or "vpc"' },
    'CreateBlbArgs.bandwidthInMbpsLimit': { min: 1, max: 20000, rule: 'a bandwidth from 1 to 20000 Mbps' },
    'CreateBlbArgs.blbName': NAME_64,
    'CreateBlbArgs.paymentMethod': { oneOf: ['postpay'], rule: 'only "postpay"' },
    'UpdateBlbArgs.bandwidthInMbpsLimit': { min: 1, max: 20000, rule: 'a bandwidth from 1 to 20000 Mbps' },
    'CreateVmImageArgs.name': NAME_65,
    'UpdateVmImageArgs.name': NAME_65,
    'CreateDeploySetArgs.name': NAME_64,
    'CreateVpcRequest.name': {
      minLength: 1,
      maxLength: 65,
      pattern: /^(?!default$)/,
      rule: '1-65 characters and not "default"',
    },
    'CreateVpcRequest.description': DESCRIPTION,
    'UpdateVpcRequest.description': DESCRIPTION,
    'CreateSubnetRequest.description': DESCRIPTION,
    'UpdateSubnetRequest.description': DESCRIPTION,
    'CreateVpcRequest.cidr': CIDR,
    'CreateSubnetRequest.cidr': CIDR,
    'CreateAppBlbRequest.name': NAME_65,
    'CreateBecAppBlbTcpListenerRequest.listenerPort': PORT,
    'CreateBecAppBlbTcpListenerRequest.backendPort': PORT,
    'CreateBecAppBlbUdpListenerRequest.listenerPort': PORT,
    'CreateBecAppBlbUdpListenerRequest.backendPort': PORT,
    'CreateBecAppBlbTcpListenerRequest.tcpSessionTimeout': { min: 10, max: 4000, rule: 'from 10 to 4000 seconds' },
    'UpdateBecAppBlbTcpListenerRequest.tcpSessionTimeout': { min: 10, max: 4000, rule: 'from 10 to 4000 seconds' },
    'CreateBecAppBlbTcpListenerRequest.scheduler': {
      oneOf: ['RoundRobin', 'LeastConnection', 'Hash'],
      rule: '"RoundRobin", "LeastConnection" or "Hash"',
    },
    'CreateBecAppBlbUdpListenerRequest.scheduler': {
      oneOf: ['RoundRobin', 'LeastConnection', 'Hash'],
      rule: '"RoundRobin", "LeastConnection" or "Hash"',
    },
    'BlbMonitorArgs.frontendPort': PORT,
    'Port.port': PORT,
    'UpdateDeploymentReplicasRequest.replicas': { min: 0, rule: 'a replica count of at least 0' },
    'ListServiceInput.pageNo': PAGE_NO,
    'ListServiceInput.pageSize': PAGE_SIZE_100,
    'GetPodListInput.pageNo': PAGE_NO,
    'GetPodListInput.pageSize': PAGE_SIZE_100,
    'GetVmServiceListInput.pageNo': PAGE_NO,
    'GetVmServiceListInput.pageSize': PAGE_SIZE_1000,
    'GetVmInstanceListInput.pageNo': PAGE_NO,
    'GetVmInstanceListInput.pageSize': PAGE_SIZE_100,
    'GetBlbListInput.pageNo': PAGE_NO,
    'GetBlbListInput.pageSize': PAGE_SIZE_1000,
    'GetBlbListInput.lbType': { oneOf: ['container', 'vm'], rule: '"container" or "vm"' },
    'GetDeploySetListInput.pageNo': PAGE_NO,
    'GetDeploySetListInput.pageSize': PAGE_SIZE_1000,
    'ListVmImageInput.pageNo': PAGE_NO,
    'ListVmImageInput.pageSize': PAGE_SIZE_1000,
    'GetBlbMonitorPortListInput.pageNo': PAGE_NO,
    'GetBlbMonitorPortListInput.pageSize': PAGE_SIZE_1000,
    'GetBlbBackendPodListInput.pageNo': PAGE_NO,
    'GetBlbBackendPodListInput.pageSize': PAGE_SIZE_1000,
    'GetBlbBackendBindingStsListInput.pageNo': PAGE_NO,
    'GetBlbBackendBindingStsListInput.pageSize': PAGE_SIZE_1000,
    'GetVpcListInput.pageNo': PAGE_NO,
    'GetVpcListInput.pageSize': PAGE_SIZE_1000,
    'GetSubnetListInput.pageNo': PAGE_NO,
    'GetSubnetListInput.pageSize': PAGE_SIZE_1000,
    'GetRouteTableListInput.pageNo': PAGE_NO,
    'GetRouteTableListInput.pageSize': PAGE_SIZE_1000,
    'GetRouteRuleListInput.pageNo': PAGE_NO,
    'GetRouteRuleListInput.pageSize': PAGE_SIZE_1000,
    'GetAppBlbListInput.maxKeys': MAX_KEYS,
    'GetTcpListenerInput.maxKeys': MAX_KEYS,
    'GetUdpListenerInput.maxKeys': MAX_KEYS,
    'GetIpGroupInput.maxKeys': MAX_KEYS,
    'GetIpGroupPolicyListInput.maxKeys': MAX_KEYS,
    'GetIpGroupMemberListInput.maxKeys': MAX_KEYS,
    'GetListenerPolicyInput.maxKeys': MAX_KEYS,
    'GetTcpListenerInput.listenerPort': PORT,
    'GetUdpListenerInput.listenerPort': PORT,
    'GetBlbMonitorPortDetailsInput.port': PORT,
  } as Readonly<Record<string, FieldRule>>,

  /** Cross-field rules per model. */
  crossField: {
    CreateVmServiceArgs: [
      (v) => {
        const instances = v.deployInstances as unknown[] | undefined;
        if (!instances || instances.length === 0) return undefined;
        if (!v.imageId) return { field: 'imageId', rule: 'is required when deployInstances is given' };
        if (!v.spec && (v.cpu === undefined || v.memory === undefined)) {
          return { field: 'cpu', rule: 'cpu and memory are required when spec is not given' };
        }
        return undefined;
      },
    ],
    KeyConfig: [
      (v) =>
        v.type === 'password' && !v.adminPass
          ? { field: 'adminPass', rule: 'is required when type is "password"' }
          : undefined,
    ],
  } as Readonly<Record<string, readonly CrossFieldCheck[]>>,

  /** Enums whose values are a closed set: anything else is rejected before sending. */
  closedEnums: new Set([
    'ServiceAction',
    'VmServiceAction',
    'VmServiceBatchAction',
    'VmInstanceBatchOperateAction',
    'UpdateVmType',
    'UpdateServiceType',
    'Protocol',
    'LbMode',
    'ImageType',
    'HostnameGenMethod',
    'MetricsType',
  ]) as ReadonlySet<string>,
};
