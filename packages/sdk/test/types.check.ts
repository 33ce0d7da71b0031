/**
 * Compile-only checks of the public types (strict, exactOptionalPropertyTypes). This file is
 * never run: the root `tsc -p tsconfig.json` type-checks it, and every `@ts-expect-error` line
 * must fail to compile, so a loosened signature breaks the typecheck.
 */
import {
  type Backends,
  type BecArrayResult,
  type BecClient,
  type BecEmptyResult,
  type BecResponseMetadata,
  type BecResult,
  type CreateVmServiceArgs,
  type CreateVmServiceResult,
  DiskType,
  type GetBlbIpGroupListResponse,
  type GetIpGroupInput,
  type LbMode,
  Protocol,
  type RequestOptions,
  ServiceAction,
  ServiceProvider,
  type Tag,
  type UpdateVmType,
  type VmInstanceBatchOperateAction,
  type VmServiceDetailsVo,
} from '../src/index.js';

/** True when A and B are the same type (not merely assignable). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | undefined {
  return undefined;
}

// ---- signatures: path IDs, then one input, then RequestOptions

expectType<Equal<Parameters<BecClient['createVmService']>, [input: CreateVmServiceArgs, options?: RequestOptions]>>();
expectType<Equal<ReturnType<BecClient['createVmService']>, Promise<BecResult<CreateVmServiceResult>>>>();
expectType<
  Equal<Parameters<BecClient['serviceAction']>, [serviceId: string, action: ServiceAction, options?: RequestOptions]>
>();
expectType<Equal<Parameters<BecClient['deleteVmImage']>, [input: string[], options?: RequestOptions]>>();
expectType<
  Equal<Parameters<BecClient['getIpGroup']>, [blbId: string, input?: GetIpGroupInput, options?: RequestOptions]>
>();
expectType<Equal<ReturnType<BecClient['getIpGroup']>, Promise<BecResult<GetBlbIpGroupListResponse>>>>();
expectType<Equal<ReturnType<BecClient['restartPod']>, Promise<BecEmptyResult>>>();
expectType<Equal<ReturnType<BecClient['getBlbBindingPodListWithSts']>, Promise<BecArrayResult<Backends>>>>();

// ---- enums: const objects; closed unions for actions, open unions elsewhere

expectType<Equal<ServiceAction, 'start' | 'stop'>>();
expectType<Equal<VmInstanceBatchOperateAction, 'start' | 'stop' | 'restart'>>();
expectType<Equal<typeof ServiceAction.START, 'start'>>();
expectType<Equal<typeof LbMode.WRR, 'wrr'>>();
const provider: ServiceProvider = ServiceProvider.CHINA_MOBILE;
const futureProvider: ServiceProvider = 'BGP'; // open: values added to the service later still type-check
const disk: DiskType = DiskType.NVME;
const futureUpdate: UpdateVmType = 'someFutureType';
// @ts-expect-error closed: not a Protocol of the classic BLB
const badProtocol: Protocol = 'QUIC';
const goodProtocol: Protocol = Protocol.TCP;

// ---- results: parsed JSON plus a non-enumerable $metadata; always-present fields are required

expectType<Equal<BecResult<VmServiceDetailsVo>['$metadata'], BecResponseMetadata>>();
expectType<Equal<VmServiceDetailsVo['serviceId'], string>>();
expectType<Equal<VmServiceDetailsVo['tags'], Tag[] | null | undefined>>();

export async function usage(bec: BecClient): Promise<unknown[]> {
  const detail = await bec.getVmServiceDetail('s-abc12345');
  const requestId: string = detail.$metadata.requestId;
  const status: number = detail.$metadata.statusCode;
  const name: string = detail.serviceName;
  // @ts-expect-error tags is omitempty in the Go model: it may be absent
  const tags: Tag[] = detail.tags;

  await bec.serviceAction('s-1', 'start');
  await bec.serviceAction('s-1', ServiceAction.STOP);
  // @ts-expect-error the action set is closed
  await bec.serviceAction('s-1', 'restart');
  await bec.operateVmDeployment('vm-1', 'restart');

  await bec.deleteVmImage(['im-1', 'im-2']);
  // @ts-expect-error the image IDs are an array
  await bec.deleteVmImage('im-1');

  await bec.getIpGroup('lb-1', { marker: 'bec_ip_group-1', maxKeys: 100 });
  // @ts-expect-error the input uses the JSON name "marker"; "maker" is only the wire key
  await bec.getIpGroup('lb-1', { maker: 'x' });

  await bec.createVpc({ name: 'web-vpc', regionId: 'cn-hangzhou-cm', cidr: '192.168.0.0/16', description: '' });
  // @ts-expect-error unknown keys are rejected
  await bec.createVpc({ name: 'v', regionId: 'cn-hangzhou-cm', cidr: '10.0.0.0/8', vpcName: 'v' });
  // @ts-expect-error regionId is required (hkw5qgxhn)
  await bec.createVpc({ name: 'v', cidr: '10.0.0.0/8' });

  await bec.createDeploySet({ name: 'spread' });
  await bec.updateDeploySet('dset-1', { desc: 'name is optional on update' });
  // @ts-expect-error the name is required on create
  await bec.createDeploySet({ desc: 'no name' });

  // @ts-expect-error exactOptionalPropertyTypes: an optional field is omitted, not undefined
  await bec.createVmService({ serviceName: undefined });
  // @ts-expect-error wrong field type
  await bec.createVmService({ cpu: '2' });
  // @ts-expect-error keyConfig.type is required
  await bec.createVmService({ keyConfig: { adminPass: 'Web@Pass1234' } });

  await bec.listService();
  await bec.getVmInstanceMetrics('vm-1', { metricsType: 'CPU', start: 1699920000, end: 1700006400 });
  // @ts-expect-error metricsType, start and end are required
  await bec.getVmInstanceMetrics('vm-1');

  await bec.updateTcpListener('lb-1', { listenerPort: '80', scheduler: 'Hash' }, { clientToken: 'token-1' });
  // @ts-expect-error the Go SDK takes this listenerPort as a string
  await bec.updateTcpListener('lb-1', { listenerPort: 80 });

  await bec.getNodeVmInstanceList('NORTH_CHINA', 'TRIPLE_LINE', 'BAODING1', { keyword: 'web' });
  const options: RequestOptions = { signal: AbortSignal.timeout(1000), timeoutMs: 500, maxRetries: 0 };
  await bec.getVpcDetail('vpc-1', options);

  // @ts-expect-error the seed guide's UpdateVmDeployment does not exist (it is updateVmInstance)
  await bec.updateVmDeployment('vm-1', {});

  return [requestId, status, name, tags, provider, futureProvider, disk, futureUpdate, badProtocol, goodProtocol];
}
