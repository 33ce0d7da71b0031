import { describe, expect, it } from 'vitest';
import { BceValidationError, type BecClient, type CreateVmServiceArgs } from '../src/index.js';
import { enumValues, modelSchemas, operations, uriEncode } from '../src/spec.js';
import type { FieldRule } from '../src/validation/rules.js';
import { inputRules } from '../src/validation/rules.js';
import { type CapturedRequest, captureClient, signatureVerifies, wireQuery } from './support/capture.js';

type Call = (client: BecClient) => Promise<unknown>;

/** Runs a call that must be rejected before anything is sent; returns the error. */
async function invalid(call: Call, field: string, rule?: RegExp): Promise<BceValidationError> {
  const { client, transport } = captureClient();
  let error: unknown;
  try {
    await call(client);
  } catch (err) {
    error = err;
  }
  expect(error, `expected a BceValidationError for ${field}`).toBeInstanceOf(BceValidationError);
  const e = error as BceValidationError;
  expect(e.field).toBe(field);
  if (rule) expect(e.rule).toMatch(rule);
  expect(e.message).toContain(`invalid ${field}: ${e.rule}`);
  expect(e.message.startsWith(`${e.operation}: `)).toBe(true);
  // Nothing was sent: no request id, and the message does not pretend otherwise.
  expect(e.requestId).toBeUndefined();
  expect(e.message).not.toContain('request id');
  expect(transport.requests).toHaveLength(0);
  return e;
}

/** Runs a call that must pass validation; returns the request it sent. */
async function valid(call: Call): Promise<CapturedRequest> {
  const { client, transport } = captureClient();
  await call(client);
  return transport.only();
}

const PASSWORD = 'Web@Pass1234';

function vmService(extra: Partial<CreateVmServiceArgs> = {}): CreateVmServiceArgs {
  return {
    serviceName: 'web',
    imageId: 'm-f0ZRR9qB',
    imageType: 'bec',
    cpu: 1,
    memory: 2,
    deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1 }],
    keyConfig: { type: 'password', adminPass: PASSWORD },
    ...extra,
  };
}

const bodyOf = (r: CapturedRequest): Record<string, unknown> => JSON.parse(r.body ?? 'null') as Record<string, unknown>;

describe('every rule key names a real schema and JSON field', () => {
  const fieldsOf = (schema: string): string[] => (modelSchemas[schema] ?? []).map((f) => f[0]);
  const allFields = new Set(Object.values(modelSchemas).flatMap((s) => s.map((f) => f[0])));

  it('requiredFields', () => {
    const bad: string[] = [];
    for (const [schema, fields] of Object.entries(inputRules.requiredFields)) {
      if (!modelSchemas[schema]) bad.push(schema);
      for (const f of fields) if (!fieldsOf(schema).includes(f)) bad.push(`${schema}.${f}`);
    }
    expect(bad).toEqual([]);
  });

  it('fieldRules (Model.field, or a bare name used in at least one schema)', () => {
    const bad: string[] = [];
    for (const key of Object.keys(inputRules.fieldRules)) {
      if (key === 'clientToken') continue; // applies to RequestOptions.clientToken
      const [schema, field] = key.includes('.') ? (key.split('.') as [string, string]) : [undefined, key];
      if (schema === undefined ? !allFields.has(field) : !fieldsOf(schema).includes(field)) bad.push(key);
    }
    expect(bad).toEqual([]);
    expect(operations.some((o) => o.clientToken)).toBe(true);
  });

  it('every rule matches the type of its field', () => {
    const bad: string[] = [];
    const check = (key: string, type: string, rule: FieldRule): void => {
      const numeric = rule.min !== undefined || rule.max !== undefined;
      const textual = rule.minLength !== undefined || rule.maxLength !== undefined || rule.pattern || rule.oneOf;
      const list = rule.minItems !== undefined || rule.maxItems !== undefined || rule.each;
      const ok =
        (numeric && (type === 'int' || type === 'int64' || type === 'float64')) ||
        (textual && type === 'string') ||
        (list && type.startsWith('array of '));
      if (!ok) bad.push(`${key} (${type})`);
    };
    for (const [key, rule] of Object.entries(inputRules.fieldRules)) {
      if (key === 'clientToken') continue;
      if (key.includes('.')) {
        const [schema, field] = key.split('.') as [string, string];
        check(key, modelSchemas[schema]!.find((f) => f[0] === field)![1], rule);
      } else {
        for (const [schema, fields] of Object.entries(modelSchemas)) {
          const f = fields.find((x) => x[0] === key);
          if (f) check(`${schema}.${key}`, f[1], rule);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('crossField, pathRules and closedEnums', () => {
    for (const schema of Object.keys(inputRules.crossField)) expect(modelSchemas[schema], schema).toBeDefined();
    for (const key of Object.keys(inputRules.pathRules)) {
      const [name, arg] = key.split('.') as [string, string];
      const op = operations.find((o) => o.name === name);
      expect(
        op?.pathParams.some((p) => p.arg === arg),
        key,
      ).toBe(true);
    }
    for (const name of inputRules.closedEnums) expect(enumValues[name], name).toBeDefined();
  });

  it('every schema with rules is reachable from some operation input', () => {
    const reachable = new Set<string>();
    const visit = (type: string): void => {
      const name = type.replace(/^(array of |map of string to )+/, '');
      if (reachable.has(name) || !modelSchemas[name]) return;
      reachable.add(name);
      for (const [, t] of modelSchemas[name]!) visit(t);
    };
    for (const op of operations) {
      if (op.inputSchema) visit(op.inputSchema);
      // An <Operation>Input also follows the rules of the body model it extends.
      if (op.body?.kind === 'object') visit(op.body.model);
      if (op.body?.kind === 'array') visit(op.body.items);
    }
    const named = [
      ...Object.keys(inputRules.requiredFields),
      ...Object.keys(inputRules.crossField),
      ...Object.keys(inputRules.fieldRules)
        .filter((k) => k.includes('.'))
        .map((k) => k.split('.')[0]!),
    ];
    expect(named.filter((n) => !reachable.has(n))).toEqual([]);
  });
});

describe('validation errors', () => {
  it('name the operation, the field path and the rule, and nothing is sent', async () => {
    const e = await invalid(
      (c) => c.createVmService(vmService({ deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: -1 }] })),
      'deployInstances[0].replicas',
      /at least 1/,
    );
    expect(e.operation).toBe('CreateVmService');
    expect(e.name).toBe('BceValidationError');
    expect(e.message).toMatch(
      /^CreateVmService: invalid deployInstances\[0\]\.replicas: must be a replica count of at least 1$/,
    );
  });

  it('never include the offending value (it may be a password)', async () => {
    const secret = 'Short1!';
    const e = await invalid((c) => c.createVmService(vmService({ adminPass: secret })), 'adminPass');
    const e2 = await invalid(
      (c) => c.createVmService(vmService({ adminPass: 12345678 as unknown as string })),
      'adminPass',
      /a string, got a number/,
    );
    for (const err of [e, e2]) {
      const shown = `${err.message} ${JSON.stringify(err)} ${String(err.stack)}`;
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain('12345678');
    }
  });

  it('reject unknown fields, wrong types and null where Go has no pointer', async () => {
    await invalid(
      (c) => c.createVpc({ name: 'v', regionId: 'cn-hangzhou-cm', cidr: '10.0.0.0/8', vpcName: 'x' } as never),
      'vpcName',
      /not a field of CreateVpcRequest/,
    );
    await invalid((c) => c.getVmInstanceList({ city: 'HANGZHOU' } as never), 'city', /not a field/);
    await invalid(
      (c) => c.createVmService(vmService({ cpu: '2' as unknown as number })),
      'cpu',
      /an integer, got a string/,
    );
    await invalid((c) => c.createVmService(vmService({ cpu: 1.5 })), 'cpu', /an integer, got a fractional number/);
    await invalid(
      (c) => c.createVmService(vmService({ needPublicIp: 'yes' as unknown as boolean })),
      'needPublicIp',
      /a boolean/,
    );
    await invalid(
      (c) => c.createVmService(vmService({ securityGroupIds: 'sg-1' as unknown as string[] })),
      'securityGroupIds',
      /an array/,
    );
    await invalid(
      (c) => c.createVmService(vmService({ serviceName: null as unknown as string })),
      'serviceName',
      /not be null/,
    );
    await invalid((c) => c.createVmService([] as unknown as CreateVmServiceArgs), 'input', /must be an object/);
    // undefined-valued keys are the same as absent keys (exactOptionalPropertyTypes friendly)
    await valid((c) =>
      c.createVpc({ name: 'v', regionId: 'cn-hangzhou-cm', cidr: '10.0.0.0/8', extra: undefined } as never),
    );
  });
});

describe('passwords (adminPass anywhere)', () => {
  const good = ['Web@Pass1234', 'a1!aaaaa', 'Abcdefg1()', `A1^${'x'.repeat(29)}`];
  const bad = [
    'Ab1!',
    'abcdefgh',
    'abcdefg1',
    'abcdefg!',
    '12345678!',
    'Abcdefg1&',
    'Abcdefg1 !',
    'Abcdéfg1!',
    `A1^${'x'.repeat(30)}`,
  ];

  it.each(good)('accepts %s', async (pw) => {
    await valid((c) => c.createVmService(vmService({ adminPass: pw })));
    await valid((c) => c.createVmService(vmService({ keyConfig: { type: 'password', adminPass: pw } })));
  });

  it.each(bad)('rejects %s in every model that has adminPass', async (pw) => {
    const rule = /8-32 characters/;
    await invalid((c) => c.createVmService(vmService({ adminPass: pw })), 'adminPass', rule);
    await invalid(
      (c) => c.createVmService(vmService({ keyConfig: { type: 'password', adminPass: pw } })),
      'keyConfig.adminPass',
      rule,
    );
    await invalid((c) => c.updateVmService('s-1', { type: 'password', adminPass: pw }), 'adminPass', rule);
    await invalid((c) => c.updateVmInstance('vm-1', { type: 'password', adminPass: pw }), 'adminPass', rule);
    await invalid((c) => c.reinstallVmInstance('vm-1', { imageId: 'm-1', adminPass: pw }), 'adminPass', rule);
  });
});

describe('documented ranges and formats', () => {
  it('hostnames: 2-64 lower-case letters, digits and "-", starting with a letter', async () => {
    for (const h of ['ab', 'web-01', `a${'b'.repeat(63)}`])
      await valid((c) => c.createVmService(vmService({ hostname: h })));
    for (const h of ['a', 'Web', '1web', 'web_01', 'web.local', `a${'b'.repeat(64)}`]) {
      await invalid(
        (c) => c.updateVmInstance('vm-1', { type: 'hostname', hostname: h }),
        'hostname',
        /2-64 characters/,
      );
    }
  });

  it('cpu and memory are at least 1; 0 means "not sent" like Go omitempty', async () => {
    await invalid((c) => c.createVmService(vmService({ cpu: -1 })), 'cpu', /at least 1/);
    await invalid((c) => c.updateVmInstance('vm-1', { type: 'resource', memory: -2 }), 'memory', /at least 1/);
    const r = await valid((c) => c.updateVmInstance('vm-1', { type: 'resource', cpu: 0, memory: 4 }));
    expect(bodyOf(r)).not.toHaveProperty('cpu');
  });

  it('a VM with instances needs an image and cpu+memory unless spec or a template is given', async () => {
    await invalid((c) => c.createVmService(vmService({ imageId: '' })), 'imageId', /required when deployInstances/);
    await invalid((c) => c.createVmService(vmService({ memory: 0 })), 'memory', /required when spec is not given/);
    await valid((c) => c.createVmService(vmService({ cpu: 0, memory: 0, spec: 'bec.g1.c2m4' })));
    await valid((c) =>
      c.createVmService({ templateId: 'tpl-1', deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1 }] }),
    );
    await valid((c) => c.createVmService({ serviceName: 'empty-service' }));
  });

  it('bandwidth: 1-5120 Mbps; -1 (the maximum) only on VM updates', async () => {
    await valid((c) => c.createVmService(vmService({ needPublicIp: true, bandwidth: 5120 })));
    await invalid((c) => c.createVmService(vmService({ bandwidth: 5121 })), 'bandwidth', /1 to 5120/);
    await invalid((c) => c.createVmService(vmService({ bandwidth: -1 })), 'bandwidth', /1 to 5120/);
    await valid((c) => c.updateVmService('s-1', { type: 'resource', bandwidth: -1 }));
    await invalid((c) => c.updateVmService('s-1', { type: 'resource', bandwidth: -2 }), 'bandwidth', /or -1/);
    await invalid((c) => c.createBlb({ bandwidthInMbpsLimit: 20001 }), 'bandwidthInMbpsLimit', /1 to 20000/);
    await valid((c) => c.createBlb({ bandwidthInMbpsLimit: 20000 }));
  });

  it('replicas: required and at least 1 wherever deployInstances appear', async () => {
    await invalid(
      (c) => c.createVmService(vmService({ deployInstances: [{ regionId: 'cn-hangzhou-cm' }] as never })),
      'deployInstances[0].replicas',
      /required/,
    );
    await invalid(
      (c) => c.createVmService(vmService({ deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 0 }] })),
      'deployInstances[0].replicas',
      // Present, so not "is required": the rule it breaks.
      /^must be a replica count of at least 1$/,
    );
    await invalid(
      (c) => c.batchCreateBlb({ deployInstances: [{ replicas: 1 }, { replicas: -3 }] }),
      'deployInstances[1].replicas',
    );
    await invalid((c) => c.updatePodDeploymentReplicas('sts-1', { replicas: 0 }), 'replicas', /at least 1/);
    await valid((c) => c.updatePodDeploymentReplicas('sts-1', { replicas: 3 }));
  });

  it('ports: 1-65535, also when the Go SDK takes them as strings', async () => {
    await invalid(
      (c) => c.createTcpListener('lb-1', { listenerPort: 65536, scheduler: 'Hash' }),
      'listenerPort',
      /1 to 65535/,
    );
    await invalid(
      (c) => c.createBlbMonitorPort('lb-1', { frontendPort: { protocol: 'TCP', port: 70000 } }),
      'frontendPort.port',
      /1 to 65535/,
    );
    await invalid(
      (c) => c.createIpGroupMember('lb-1', { ipGroupId: 'g', memberList: [{ ip: '10.0.0.1', port: -1 }] }),
      'memberList[0].port',
    );
    for (const p of ['0', '65536', 'http', '080', '8 0', '']) {
      await invalid((c) => c.updateTcpListener('lb-1', { listenerPort: p }), 'listenerPort');
    }
    const r = await valid((c) => c.updateTcpListener('lb-1', { listenerPort: '65535', scheduler: 'Hash' }));
    expect(wireQuery(r.url)).toContainEqual(['listenerPort', '65535']);
    await invalid((c) => c.getBlbMetrics('lb-1', { metricsType: 'CPU', start: 1, end: 2, port: '99999' }), 'port');
    await invalid(
      (c) =>
        c.createService({
          serviceName: 's',
          containerGroupName: 'g',
          containers: [{ ports: [{ containerPort: 65536 }] }],
        }),
      'containers[0].ports[0].containerPort',
    );
    await invalid(
      (c) =>
        c.createService({ serviceName: 's', containerGroupName: 'g', containers: [{ ports: [{ protocol: 'HTTP' }] }] }),
      'containers[0].ports[0].protocol',
      /"TCP", "UDP" or "SCTP"/,
    );
  });

  it('weights 0-100 and policy priorities 1-32768', async () => {
    await invalid(
      (c) => c.createIpGroup('lb-1', { name: 'g', memberList: [{ ip: '10.0.0.1', port: 80, weight: 101 }] }),
      'memberList[0].weight',
      /0 to 100/,
    );
    await invalid(
      (c) =>
        c.createListenerPolicy('lb-1', { listenerPort: 80, appPolicyVos: [{ appIpGroupId: 'g', priority: 40000 }] }),
      'appPolicyVos[0].priority',
      /1 to 32768/,
    );
  });

  const pageSizes: Array<[string, Call, Call]> = [
    [
      'getVmServiceList (1-1000)',
      (c) => c.getVmServiceList({ pageSize: 1000 }),
      (c) => c.getVmServiceList({ pageSize: 1001 }),
    ],
    [
      'getVmInstanceList (1-100)',
      (c) => c.getVmInstanceList({ pageSize: 100 }),
      (c) => c.getVmInstanceList({ pageSize: 101 }),
    ],
    ['listService (1-100)', (c) => c.listService({ pageSize: 100 }), (c) => c.listService({ pageSize: 101 })],
    ['getPodList (1-100)', (c) => c.getPodList({ pageSize: 100 }), (c) => c.getPodList({ pageSize: 101 })],
    ['getBlbList (1-1000)', (c) => c.getBlbList({ pageSize: 1000 }), (c) => c.getBlbList({ pageSize: 1001 })],
    [
      'getDeploySetList (1-1000)',
      (c) => c.getDeploySetList({ pageSize: 1000 }),
      (c) => c.getDeploySetList({ pageSize: 1001 }),
    ],
    ['listVmImage (1-1000)', (c) => c.listVmImage({ pageSize: 1000 }), (c) => c.listVmImage({ pageSize: 1001 })],
    [
      'getVpcList (>= 1, no documented maximum)',
      (c) => c.getVpcList({ pageSize: 5000 }),
      (c) => c.getVpcList({ pageSize: -1 }),
    ],
  ];
  it.each(pageSizes)('page sizes per endpoint: %s', async (_name, ok, bad) => {
    await valid(ok);
    await invalid(bad, 'pageSize', /page size/);
  });

  it('page numbers are at least 1; maxKeys 1-1000 on every marker list', async () => {
    await invalid((c) => c.getVmServiceList({ pageNo: -1 }), 'pageNo', /at least 1/);
    const marker: Array<(c: BecClient, maxKeys: number) => Promise<unknown>> = [
      (c, maxKeys) => c.getAppBlbList({ maxKeys }),
      (c, maxKeys) => c.getTcpListener('lb-1', { maxKeys }),
      (c, maxKeys) => c.getUdpListener('lb-1', { maxKeys }),
      (c, maxKeys) => c.getIpGroup('lb-1', { maxKeys }),
      (c, maxKeys) => c.getIpGroupPolicyList('lb-1', { ipGroupId: 'g', maxKeys }),
      (c, maxKeys) => c.getIpGroupMemberList('lb-1', { ipGroupId: 'g', maxKeys }),
      (c, maxKeys) => c.getListenerPolicy('lb-1', { port: 80, maxKeys }),
    ];
    for (const call of marker) {
      await valid((c) => call(c, 1000));
      await invalid((c) => call(c, 1001), 'maxKeys', /1 to 1000/);
    }
  });

  it('app-BLB TCP listeners: scheduler RoundRobin|LeastConnection|Hash, session timeout 10-4000 s', async () => {
    await valid((c) =>
      c.createTcpListener('lb-1', { listenerPort: 80, scheduler: 'LeastConnection', tcpSessionTimeout: 10 }),
    );
    await invalid(
      (c) => c.createTcpListener('lb-1', { listenerPort: 80, scheduler: 'WeightLeastConn' }),
      'scheduler',
      /RoundRobin/,
    );
    await invalid(
      (c) => c.createTcpListener('lb-1', { listenerPort: 80, scheduler: 'Hash', tcpSessionTimeout: 4001 }),
      'tcpSessionTimeout',
      /10 to 4000/,
    );
    await invalid(
      (c) => c.updateTcpListener('lb-1', { listenerPort: '80', tcpSessionTimeout: 9 }),
      'tcpSessionTimeout',
      /10 to 4000/,
    );
    await invalid((c) => c.updateUdpListener('lb-1', { listenerPort: '53', scheduler: 'wrr' }), 'scheduler');
    await invalid((c) => c.createUdpListener('lb-1', { listenerPort: 53 } as never), 'scheduler', /required/);
  });

  it('keyConfig.type is password or bccKeyPair, each with its credential', async () => {
    await invalid(
      (c) => c.createVmService(vmService({ keyConfig: { type: 'ssh' } })),
      'keyConfig.type',
      /"password" or "bccKeyPair"/,
    );
    await invalid(
      (c) => c.createVmService(vmService({ keyConfig: { type: 'password' } })),
      'keyConfig.adminPass',
      /required when type is "password"/,
    );
    await invalid(
      (c) => c.createVmService(vmService({ keyConfig: { type: 'bccKeyPair' } })),
      'keyConfig.bccKeyPairIdList',
      /required/,
    );
    await valid((c) => c.createVmService(vmService({ keyConfig: { type: 'bccKeyPair', bccKeyPairIdList: ['k-1'] } })));
  });

  it('networkType, lbType, paymentMethod, regionId and app-BLB operators are closed lists', async () => {
    await invalid(
      (c) =>
        c.createVmService(
          vmService({ deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1, networkType: 'VPC' }] }),
        ),
      'deployInstances[0].networkType',
      /"classic" or "vpc"/,
    );
    await invalid((c) => c.createBlb({ lbType: 'app' }), 'lbType');
    await invalid((c) => c.getBlbList({ lbType: 'nlb' }), 'lbType');
    await invalid((c) => c.createBlb({ paymentMethod: 'prepay' }), 'paymentMethod', /postpay/);
    await invalid(
      (c) => c.createVpc({ name: 'v', regionId: 'CN-HANGZHOU-CM', cidr: '10.0.0.0/8' }),
      'regionId',
      /country-city-isp/,
    );
    await invalid(
      (c) => c.createAppBlb({ name: 'a', regionId: 'cn-hangzhou-cm', subServiceProviders: ['cm', 'ct'] }),
      'subServiceProviders',
      /only one/,
    );
    await invalid(
      (c) => c.createAppBlb({ name: 'a', regionId: 'cn-hangzhou-cm', subServiceProviders: ['mobile'] }),
      'subServiceProviders[0]',
      /"ct", "un" or "cm"/,
    );
    await valid((c) => c.createAppBlb({ name: 'a', regionId: 'cn-baoding1-ix', subServiceProviders: ['un'] }));
  });

  it('VPC and subnet names: 1-65 characters, not "default", hyphens allowed', async () => {
    await valid((c) => c.createVpc({ name: 'web-vpc', regionId: 'cn-nanning-cm', cidr: '192.168.0.0/16' }));
    await valid((c) => c.createVpc({ name: '专有网络'.repeat(16), regionId: 'cn-nanning-cm', cidr: '192.168.0.0/16' }));
    await invalid(
      (c) => c.createVpc({ name: 'default', regionId: 'cn-nanning-cm', cidr: '192.168.0.0/16' }),
      'name',
      /not "default"/,
    );
    await invalid(
      (c) => c.createVpc({ name: 'v'.repeat(66), regionId: 'cn-nanning-cm', cidr: '192.168.0.0/16' }),
      'name',
      /1-65/,
    );
    await invalid((c) => c.updateVpc('vpc-1', { name: 'default', description: '' }), 'name');
    await invalid((c) => c.createSubnet({ name: 'default', vpcId: 'vpc-1', cidr: '192.168.1.0/24' }), 'name');
    await invalid((c) => c.updateSubnet('sbn-1', { name: '', description: 'd' }), 'name', /must not be empty/);
  });

  it('descriptions: at most 200 characters', async () => {
    await valid((c) =>
      c.createSubnet({ name: 's', vpcId: 'vpc-1', cidr: '192.168.1.0/24', description: 'd'.repeat(200) }),
    );
    await invalid(
      (c) => c.createSubnet({ name: 's', vpcId: 'vpc-1', cidr: '192.168.1.0/24', description: 'd'.repeat(201) }),
      'description',
      /200/,
    );
    await invalid((c) => c.updateVpc('vpc-1', { name: 'v', description: 'd'.repeat(201) }), 'description', /200/);
  });

  it('CIDR blocks for VPCs and subnets', async () => {
    for (const cidr of ['10.0.0.0/8', '192.168.31.96/27', '0.0.0.0/0', '172.16.0.0/32']) {
      await valid((c) => c.createSubnet({ name: 's', vpcId: 'vpc-1', cidr }));
    }
    for (const cidr of [
      '10.0.0.0',
      '10.0.0.0/33',
      '256.0.0.0/8',
      '10.0.0/8',
      '10.0.0.01/8',
      'fd00::/8',
      ' 10.0.0.0/8',
    ]) {
      await invalid((c) => c.createVpc({ name: 'v', regionId: 'cn-hangzhou-cm', cidr }), 'cidr', /IPv4 CIDR/);
    }
  });

  it('image, deploy set and load balancer names', async () => {
    await invalid((c) => c.createVmImage({ vmId: 'vm-1', name: 'i'.repeat(66) }), 'name', /1-65/);
    await invalid((c) => c.updateVmImage('im-1', { name: '' }), 'name', /must not be empty/);
    await invalid((c) => c.createDeploySet({ name: 'd'.repeat(65) }), 'name', /1-64/);
    await invalid((c) => c.createBlb({ blbName: 'b'.repeat(65) }), 'blbName', /1-64/);
    await invalid((c) => c.createAppBlb({ name: 'a'.repeat(65), regionId: 'cn-hangzhou-cm' }), 'name', /1-64/);
  });

  it('metrics: metricsType, start and end are required; Unix seconds; end not before start', async () => {
    await valid((c) => c.getVmInstanceMetrics('vm-1', { metricsType: 'CPU', start: 1699920000, end: 1700006400 }));
    await invalid(
      (c) => c.getVmInstanceMetrics('vm-1', { start: 1699920000, end: 1700006400 } as never),
      'metricsType',
      /required/,
    );
    await invalid(
      (c) => c.getServiceMetrics('s-1', { metricsType: 'CPU', start: 1699920000000, end: 1700006400000 }),
      'start',
      /seconds/,
    );
    await invalid(
      (c) => c.getPodMetrics('p-1', { metricsType: 'CPU', start: 1700006400, end: 1699920000 }),
      'end',
      /not be before start/,
    );
    await invalid(
      (c) => c.getVmServiceMetrics('s-1', { metricsType: 'CPU', start: 1, end: 2, stepInMin: -5 }),
      'stepInMin',
    );
  });
});

describe('required fields and cross-field rules', () => {
  it('required fields from the API pages', async () => {
    await invalid((c) => c.createVpc({ name: 'v', cidr: '10.0.0.0/8' } as never), 'regionId', /required/);
    await invalid((c) => c.createSubnet({ name: 's', cidr: '10.0.0.0/24' } as never), 'vpcId', /required/);
    await invalid((c) => c.createService({ serviceName: 's' } as never), 'containerGroupName', /required/);
    await invalid((c) => c.createAppBlb({ name: 'a' } as never), 'regionId', /required/);
    await invalid((c) => c.createIpGroup('lb-1', {} as never), 'name', /required/);
    await invalid((c) => c.getIpGroupMemberList('lb-1', {} as never), 'ipGroupId', /required/);
    await invalid((c) => c.getBlbMonitorPortDetails('lb-1', { protocol: 'TCP' } as never), 'port', /required/);
    await invalid((c) => c.updateVmService('s-1', {} as never), 'type', /required/);
    await invalid((c) => c.reinstallVmInstance('vm-1', { adminPass: PASSWORD } as never), 'imageId', /required/);
    await invalid((c) => c.deleteBlbMonitorPort('lb-1', [{ protocol: 'TCP' } as never]), 'input[0].port', /required/);
  });

  it('the deploy-set name is required on create only; an update needs a name or a description', async () => {
    await invalid((c) => c.createDeploySet({ desc: 'd' } as never), 'name', /required/);
    await valid((c) => c.updateDeploySet('dset-1', { desc: 'only the description' }));
    await invalid((c) => c.updateDeploySet('dset-1', {}), 'name', /or desc/);
  });

  it('images come from a VM or a snapshot and need a name', async () => {
    await valid((c) => c.createVmImage({ vmId: 'vm-1', name: 'img' }));
    await valid((c) => c.createVmImage({ images: [{ pvcId: 'snap-1', imageName: 'img' }] }));
    await invalid((c) => c.createVmImage({ name: 'img' }), 'vmId', /snapshot/);
    await invalid((c) => c.createVmImage({ vmId: 'vm-1' }), 'name', /imageName/);
  });

  it('private IPs: a count or a list; reinstall: keyConfig or adminPass', async () => {
    await invalid((c) => c.createVmPrivateIp('vm-1', {}), 'privateIps', /secondaryPrivateIpAddressCount/);
    await valid((c) => c.createVmPrivateIp('vm-1', { secondaryPrivateIpAddressCount: 2 }));
    await invalid((c) => c.reinstallVmInstance('vm-1', { imageId: 'm-1' }), 'keyConfig', /adminPass/);
  });
});

describe('closed enums for actions', () => {
  it('reject actions outside the set before they become a path segment', async () => {
    await invalid((c) => c.serviceAction('s-1', 'restart' as never), 'action', /"start", "stop"/);
    await invalid((c) => c.vmServiceAction('s-1', 'reboot' as never), 'action');
    await invalid((c) => c.operateVmDeployment('vm-1', 'reboot' as never), 'action', /"restart"/);
    await invalid((c) => c.operateVmDeployment('vm-1', '' as never), 'action', /not be empty/);
    await invalid((c) => c.batchOperateVmService({ idList: ['s-1'], action: 'restart' as never }), 'action');
    await invalid((c) => c.serviceBatchOperate({ idList: ['s-1'], action: 'pause' }), 'action', /"start" or "stop"/);
    await invalid((c) => c.getBecAvailableNodeInfoVo('gpu2'), 'getType', /"cds_hdd"/);
    const r = await valid((c) => c.operateVmDeployment('vm-1', 'restart'));
    expect(r.url.pathname).toBe('/v1/vm/instance/vm-1/restart');
  });

  it('classic BLB protocol and scheduler are closed; open enums accept new values', async () => {
    await invalid(
      (c) => c.createBlbMonitorPort('lb-1', { frontendPort: { protocol: 'tcp' as never, port: 80 } }),
      'frontendPort.protocol',
      /"TCP"/,
    );
    await invalid(
      (c) => c.createBlbMonitorPort('lb-1', { frontendPort: { protocol: 'TCP', port: 80 }, lbMode: 'rr' as never }),
      'lbMode',
    );
    await invalid((c) => c.getBlbMonitorPortDetails('lb-1', { protocol: 'QUIC' as never, port: 80 }), 'protocol');
    await valid((c) => c.updateVmService('s-1', { type: 'someNewUpdateType' }));
    await valid((c) => c.updateService('s-1', { type: 'IMAGE' }));
    await valid((c) => c.getVmInstanceMetrics('vm-1', { metricsType: 'DISK_READ', start: 1, end: 2 }));
  });
});

describe('clientToken', () => {
  it('is at most 64 printable ASCII characters and only accepted by operations that take one', async () => {
    const r = await valid((c) =>
      c.createAppBlb({ name: 'a', regionId: 'cn-hangzhou-cm' }, { clientToken: 't'.repeat(64) }),
    );
    expect(wireQuery(r.url)).toContainEqual(['clientToken', 't'.repeat(64)]);
    await invalid(
      (c) => c.createAppBlb({ name: 'a', regionId: 'cn-hangzhou-cm' }, { clientToken: 't'.repeat(65) }),
      'clientToken',
      /64 printable ASCII/,
    );
    await invalid(
      (c) => c.createAppBlb({ name: 'a', regionId: 'cn-hangzhou-cm' }, { clientToken: 'tökén' }),
      'clientToken',
    );
    await invalid(
      (c) => c.createAppBlb({ name: 'a', regionId: 'cn-hangzhou-cm' }, { clientToken: 'a\nb' }),
      'clientToken',
    );
    await invalid(
      (c) => c.createVpc({ name: 'v', regionId: 'cn-hangzhou-cm', cidr: '10.0.0.0/8' }, { clientToken: 'x' }),
      'clientToken',
      /not accepted/,
    );
  });
});

describe('IDs in paths', () => {
  it.each([
    ['', /not be empty/],
    ['   ', /blank/],
    ['.', /"\." or "\.\."/],
    ['..', /"\." or "\.\."/],
    ['s-1/../s-2', /"\/"/],
    ['/', /"\/"/],
    ['s-1\n', /control/],
    ['s\u0000', /control/],
    ['s\u007f', /control/],
    ['s\u0085', /control/],
    ['\ud800x', /valid Unicode/],
    ['x\udc00', /valid Unicode/],
  ])('reject %j', async (id, rule) => {
    await invalid((c) => c.getVmServiceDetail(id), 'serviceId', rule);
    await invalid((c) => c.getRouteRuleList(id, {}), 'tableId', rule);
  });

  it('reject non-strings', async () => {
    await invalid((c) => c.getVirtualMachine(42 as unknown as string), 'vmID', /a string, got a number/);
    await invalid((c) => c.getVirtualMachine(undefined as unknown as string), 'vmID', /a string/);
  });

  it.each([
    ['s+1', 's%2B1'],
    ['a=b', 'a%3Db'],
    ['a b', 'a%20b'],
    ['é', '%C3%A9'],
    ['服务', '%E6%9C%8D%E5%8A%A1'],
    ['😀', '%F0%9F%98%80'],
    ['50%', '50%25'],
    ['a?b#c', 'a%3Fb%23c'],
    ["a$&b$'c", 'a%24%26b%24%27c'],
    ['...', '...'],
    ['~_-.', '~_-.'],
  ])('percent-encode %j as one segment, and the signature matches the wire path', async (id, encoded) => {
    const r = await valid((c) => c.getVmServiceDetail(id));
    expect(r.url.pathname).toBe(`/v1/vm/service/${encoded}`);
    expect(encoded).toBe(uriEncode(id));
    expect(signatureVerifies(r)).toBe(true);
    const two = await valid((c) => c.getNodeVmInstanceList('NORTH CHINA', 'A+B', '城市', {}));
    expect(two.url.pathname).toBe('/v1/vm/instance/regions/NORTH%20CHINA/sps/A%2BB/cities/%E5%9F%8E%E5%B8%82');
    expect(signatureVerifies(two)).toBe(true);
  });

  it('IDs repeated in the query are encoded there too', async () => {
    const r = await valid((c) => c.getVmServiceMetrics('s+1 é', { metricsType: 'CPU', start: 1, end: 2 }));
    expect(r.url.pathname).toBe('/v1/monitor/service/vm/s%2B1%20%C3%A9');
    expect(wireQuery(r.url)).toContainEqual(['serviceId', 's+1 é']);
    expect(r.url.search).toContain('serviceId=s%2B1%20%C3%A9');
    expect(signatureVerifies(r)).toBe(true);
  });
});
