import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ACCOUNT, type RunningEmulator, startEmulator } from 'bec-emulator';
import type { BecClient } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlitePersistence } from '../src/persistence.js';
import { clientFor, serviceError } from './support/calls.js';
import { describeEachSqlite } from './support/sqlite.js';

describe('VPCs, subnets and route tables', () => {
  let emu: RunningEmulator;
  let client: BecClient;

  beforeAll(async () => {
    emu = await startEmulator({ lifecycle: { mode: 'immediate' } });
    client = clientFor(emu);
  });
  afterAll(async () => {
    client.close();
    await emu.close();
  });

  async function newVpc(name = 'web-vpc', cidr = '192.168.0.0/16', regionId = 'cn-hangzhou-cm'): Promise<string> {
    const res = await client.createVpc({ name, cidr, regionId, description: 'test vpc' });
    return res.details.vpcId as string;
  }

  it('CreateVpc: returns a vpc- ID and fills the location from the node', async () => {
    const res = await client.createVpc({
      name: 'web-vpc',
      description: 'vpc for web tier',
      regionId: 'cn-nanning-cm',
      cidr: '10.10.0.0/16',
      tags: [{ tagKey: 'env', tagValue: 'prod' }],
    });
    expect(res).toMatchObject({ result: true, action: 'create' });
    const vpcId = res.details.vpcId as string;
    expect(vpcId).toMatch(/^vpc-[a-z0-9]{8}$/);
    const { vpc } = await client.getVpcDetail(vpcId);
    expect(vpc).toMatchObject({
      vpcId,
      name: 'web-vpc',
      description: 'vpc for web tier',
      cidr: '10.10.0.0/16',
      regionId: 'cn-nanning-cm',
      region: 'SOUTH_CHINA',
      city: 'NANNING',
      serviceProvider: 'CHINA_MOBILE',
      isDefault: false,
    });
    expect(vpc.createdTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('CreateVpc: unknown node and misaligned CIDR are 400', async () => {
    await serviceError(
      client.createVpc({ name: 'x', cidr: '10.0.0.0/16', regionId: 'cn-atlantis-cm' }),
      400,
      'BadRequest',
    );
    const e = await serviceError(
      client.createVpc({ name: 'x', cidr: '10.0.0.1/16', regionId: 'cn-hangzhou-cm' }),
      400,
      'BadRequest',
    );
    expect(e.serviceMessage).toContain('10.0.0.0/16');
  });

  it('UpdateVpc: renames and replaces the description; unknown VPC is 404', async () => {
    const vpcId = await newVpc('to-rename');
    const res = await client.updateVpc(vpcId, { name: 'renamed', description: 'new text' });
    expect(res).toMatchObject({ result: true, action: 'update', details: { vpcId } });
    expect((await client.getVpcDetail(vpcId)).vpc).toMatchObject({ name: 'renamed', description: 'new text' });
    await client.updateVpc(vpcId, { name: 'renamed' });
    expect((await client.getVpcDetail(vpcId)).vpc.description).toBe('');
    await serviceError(client.updateVpc('vpc-missing0', { name: 'x' }), 404, 'NoSuchObject');
  });

  it('GetVpcList: filters by region and keyword, pages newest first', async () => {
    const a = await newVpc('list-alpha', '172.16.0.0/16', 'cn-xian-ct');
    const b = await newVpc('list-beta', '172.17.0.0/16', 'cn-xian-ct');
    const all = await client.getVpcList({ regionId: 'cn-xian-ct' });
    expect(all.totalCount).toBe(2);
    expect(all.result.map((v) => v.vpcId)).toEqual([b, a]);
    expect(all.result[0]).toMatchObject({ city: 'XIAN', region: 'NORTH_WEST' });
    const page = await client.getVpcList({ regionId: 'cn-xian-ct', pageNo: 2, pageSize: 1 });
    expect(page).toMatchObject({ pageNo: 2, pageSize: 1, totalCount: 2 });
    expect(page.result.map((v) => v.vpcId)).toEqual([a]);
    const named = await client.getVpcList({ keywordType: 'name', keyword: 'ALPHA' });
    expect(named.result.map((v) => v.vpcId)).toEqual([a]);
    const byId = await client.getVpcList({ keywordType: 'vpcId', keyword: b });
    expect(byId.result.map((v) => v.vpcId)).toEqual([b]);
    await serviceError(client.getVpcList({ keywordType: 'cidr', keyword: '172' }), 400, 'BadRequest');
  });

  it('GetVpcDetail: unknown VPC is 404', async () => {
    await serviceError(client.getVpcDetail('vpc-nothere1'), 404, 'NoSuchObject');
  });

  it('DeleteVpc: refused while subnets exist, then removes the VPC and its route table', async () => {
    const vpcId = await newVpc('doomed', '192.168.0.0/20');
    const sub = await client.createSubnet({ name: 'sn', vpcId, cidr: '192.168.1.0/24' });
    const e = await serviceError(client.deleteVpc(vpcId), 409, 'OperationDenied');
    expect(e.serviceMessage).toContain('subnet');
    await client.deleteSubnet(sub.details.subnetId as string);
    const tables = await client.getRouteTableList({ vpcId });
    expect(tables.totalCount).toBe(1);
    const res = await client.deleteVpc(vpcId);
    expect(res).toMatchObject({ result: true, action: 'delete', details: { vpcId } });
    await serviceError(client.getVpcDetail(vpcId), 404, 'NoSuchObject');
    await serviceError(client.getRouteTableDetail(tables.result[0]!.tableId), 404, 'NoSuchObject');
    expect((await client.getRouteTableList({ vpcId })).totalCount).toBe(0);
    await serviceError(client.deleteVpc(vpcId), 404, 'NoSuchObject');
  });

  it('CreateSubnet: inside the VPC, no overlaps; IP counts are computed', async () => {
    const vpcId = await newVpc('subnets', '192.168.0.0/16');
    const res = await client.createSubnet({
      name: 'web-subnet',
      vpcId,
      description: 'web tier',
      cidr: '192.168.31.96/27',
      tags: [{ tagKey: 'env', tagValue: 'prod' }],
    });
    expect(res).toMatchObject({ result: true, action: 'create' });
    const subnetId = res.details.subnetId as string;
    expect(subnetId).toMatch(/^sbn-[a-z0-9]{12}$/);
    const { subnet } = await client.getSubnetDetail(subnetId);
    expect(subnet).toMatchObject({
      subnetId,
      name: 'web-subnet',
      description: 'web tier',
      cidr: '192.168.31.96/27',
      vpcId,
      regionId: 'cn-hangzhou-cm',
      isDefault: false,
      availableIp: 29,
    });
    // usedIp is omitempty in the model: zero is left out of the body.
    expect(subnet.usedIp).toBeUndefined();
    // Outside the VPC, overlapping a sibling, unknown VPC.
    await serviceError(client.createSubnet({ name: 'out', vpcId, cidr: '10.0.0.0/24' }), 400, 'BadRequest');
    const overlap = await serviceError(
      client.createSubnet({ name: 'ov', vpcId, cidr: '192.168.31.0/24' }),
      400,
      'BadRequest',
    );
    expect(overlap.serviceMessage).toContain(subnetId);
    await serviceError(
      client.createSubnet({ name: 'x', vpcId: 'vpc-nothere1', cidr: '10.0.0.0/24' }),
      404,
      'NoSuchObject',
    );
    // An adjacent block is fine.
    await client.createSubnet({ name: 'next', vpcId, cidr: '192.168.31.128/27' });
  });

  it('UpdateSubnet: renames; unknown subnet is 404', async () => {
    const vpcId = await newVpc('upd-subnet', '10.1.0.0/16');
    const subnetId = (await client.createSubnet({ name: 'old', vpcId, cidr: '10.1.1.0/24' })).details
      .subnetId as string;
    await client.updateSubnet(subnetId, { name: 'new', description: 'changed' });
    expect((await client.getSubnetDetail(subnetId)).subnet).toMatchObject({ name: 'new', description: 'changed' });
    await serviceError(client.updateSubnet('sbn-nothere00000', { name: 'x' }), 404, 'NoSuchObject');
  });

  it('GetSubnetList: filters by VPC and keyword; unknown VPC is 404', async () => {
    const vpcId = await newVpc('list-subnets', '10.2.0.0/16');
    const s1 = (await client.createSubnet({ name: 'front', vpcId, cidr: '10.2.1.0/24' })).details.subnetId as string;
    const s2 = (await client.createSubnet({ name: 'back', vpcId, cidr: '10.2.2.0/24' })).details.subnetId as string;
    const list = await client.getSubnetList({ vpcId });
    expect(list.totalCount).toBe(2);
    expect(list.result.map((s) => s.subnetId)).toEqual([s2, s1]);
    expect(list.result[0]).toMatchObject({ availableIp: 253, vpcId });
    const named = await client.getSubnetList({ vpcId, keywordType: 'name', keyword: 'fro' });
    expect(named.result.map((s) => s.subnetId)).toEqual([s1]);
    await serviceError(client.getSubnetList({ vpcId: 'vpc-nothere1' }), 404, 'NoSuchObject');
  });

  it('GetSubnetDetail / DeleteSubnet: 404 for unknown subnets; delete removes', async () => {
    await serviceError(client.getSubnetDetail('sbn-nothere00000'), 404, 'NoSuchObject');
    await serviceError(client.deleteSubnet('sbn-nothere00000'), 404, 'NoSuchObject');
    const vpcId = await newVpc('del-subnet', '10.3.0.0/16');
    const subnetId = (await client.createSubnet({ name: 's', vpcId, cidr: '10.3.0.0/24' })).details.subnetId as string;
    await client.deleteSubnet(subnetId);
    await serviceError(client.getSubnetDetail(subnetId), 404, 'NoSuchObject');
  });

  it('route tables: one per VPC with its system rule; list filters, detail and update', async () => {
    const vpcId = await newVpc('routes', '10.4.0.0/16', 'cn-shanghai-ct');
    const list = await client.getRouteTableList({ vpcId });
    expect(list.totalCount).toBe(1);
    const table = list.result[0]!;
    expect(table).toMatchObject({
      vpcId,
      vpcName: 'routes',
      vpcCidr: '10.4.0.0/16',
      regionId: 'cn-shanghai-ct',
      city: 'SHANGHAI',
      serviceProvider: 'CHINA_TELECOM',
      region: 'EAST_CHINA',
      ruleCount: 1,
    });
    expect(table.tableId).toMatch(/^rtb-[a-z0-9]{12}$/);
    expect((await client.getRouteTableList({ regionId: 'cn-shanghai-ct' })).result.map((t) => t.tableId)).toContain(
      table.tableId,
    );
    expect((await client.getRouteTableList({ regionId: 'cn-jinan-cm' })).result.map((t) => t.vpcId)).not.toContain(
      vpcId,
    );
    await serviceError(client.getRouteTableList({ keywordType: 'cidr', keyword: 'x' }), 400, 'BadRequest');

    const detail = await client.getRouteTableDetail(table.tableId);
    expect(detail).toMatchObject({ result: true, details: { routeTableVo: { tableId: table.tableId, ruleCount: 1 } } });
    await serviceError(client.getRouteTableDetail('rtb-nothere00000'), 404, 'NoSuchObject');

    const upd = await client.updateRouteTable(table.tableId, { tableId: table.tableId, tableName: 'web-route-table' });
    expect(upd).toMatchObject({ result: true, details: { tableName: 'web-route-table', routeTableId: table.tableId } });
    expect((await client.getRouteTableDetail(table.tableId)).details.routeTableVo.name).toBe('web-route-table');
    const byName = await client.getRouteTableList({ keywordType: 'name', keyword: 'web-route' });
    expect(byName.result.map((t) => t.tableId)).toEqual([table.tableId]);
    await serviceError(
      client.updateRouteTable('rtb-nothere00000', { tableId: 'rtb-nothere00000', tableName: 'x' }),
      404,
      'NoSuchObject',
    );
    await serviceError(
      client.updateRouteTable(table.tableId, { tableId: 'rtb-other0000000', tableName: 'x' }),
      400,
      'BadRequest',
    );

    const rules = await client.getRouteRuleList(table.tableId);
    expect(rules.totalCount).toBe(1);
    const system = rules.result[0]!;
    expect(system).toMatchObject({ routeType: 'SYSTEM', destinationAddress: '10.4.0.0/16', tableId: table.tableId });
    await serviceError(client.deleteRouteRule(system.ruleId), 409, 'OperationDenied');
    await serviceError(client.getRouteRuleList('rtb-nothere00000'), 404, 'NoSuchObject');
    await serviceError(client.deleteRouteRule('rtr-nothere00000'), 404, 'NoSuchObject');
  });
});

describeEachSqlite('network resources in use by VM instances (state restored from SQLite)', (sqlite) => {
  const dir = mkdtempSync(join(tmpdir(), 'bec-network-'));
  let emu: RunningEmulator;
  let client: BecClient;
  let vpcId: string;
  let subnetId: string;
  let tableId: string;
  const vmId = 'vm-net0test-cn-hangzhou-cm-abcde';

  beforeAll(async () => {
    const first = await startEmulator({ lifecycle: { mode: 'immediate' }, dataDir: dir, sqlite });
    const c = clientFor(first);
    vpcId = (await c.createVpc({ name: 'vm-vpc', cidr: '192.168.0.0/16', regionId: 'cn-hangzhou-cm' })).details
      .vpcId as string;
    subnetId = (await c.createSubnet({ name: 'vm-subnet', vpcId, cidr: '192.168.1.0/24' })).details.subnetId as string;
    tableId = (await c.getRouteTableList({ vpcId })).result[0]!.tableId;
    c.close();
    await first.close();
    // A VM instance in that subnet, written the way the emulator persists records.
    const db = new SqlitePersistence(dir, { backend: sqlite });
    db.commit([
      {
        account: DEFAULT_ACCOUNT.accessKeyId,
        kind: 'vmInstance',
        id: vmId,
        value: {
          vmId,
          serviceId: 's-net0test',
          vmName: 'router-vm',
          status: 'RUNNING',
          internalIp: '192.168.1.10',
          publicIp: '',
          regionId: 'cn-hangzhou-cm',
          region: 'EAST_CHINA',
          city: 'HANGZHOU',
          serviceProvider: 'CHINA_MOBILE',
          vpcId,
          subnetId,
          deploysetIds: [],
          createTime: '2024-01-01T00:00:00Z',
        },
      },
    ]);
    db.close();
    emu = await startEmulator({ lifecycle: { mode: 'immediate' }, dataDir: dir, sqlite });
    client = clientFor(emu);
  });
  afterAll(async () => {
    client.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts the VM address as used and refuses to delete its subnet or VPC', async () => {
    expect((await client.getSubnetDetail(subnetId)).subnet).toMatchObject({ usedIp: 1, availableIp: 252 });
    const e1 = await serviceError(client.deleteSubnet(subnetId), 409, 'OperationDenied');
    expect(e1.serviceMessage).toContain('VM instance');
    const e2 = await serviceError(client.deleteVpc(vpcId), 409, 'OperationDenied');
    expect(e2.serviceMessage).toContain('VM instance');
  });

  it('CreateRouteRule / GetRouteRuleList / DeleteRouteRule through a VM next hop', async () => {
    const rule = {
      tableId,
      ipVersion: 4,
      sourceAddress: '192.168.1.0/24',
      destinationAddress: '10.200.0.0/16',
      nexthop: vmId,
      routeType: 'CUSTOM',
      description: 'to office',
    };
    const res = await client.createRouteRule(rule);
    expect(res).toMatchObject({ result: true, action: 'create', details: { ...rule, status: 'ACTIVE' } });
    const ruleId = res.details.ruleId;
    expect(ruleId).toMatch(/^rtr-[a-z0-9]{12}$/);
    // Same source and destination again: 409.
    await serviceError(client.createRouteRule(rule), 409, 'OperationDenied');
    // Unknown next hop, source outside the VPC, unknown table, bad destination.
    await serviceError(
      client.createRouteRule({ ...rule, destinationAddress: '10.201.0.0/16', nexthop: 'vm-gone' }),
      404,
      'NoSuchObject',
    );
    await serviceError(client.createRouteRule({ ...rule, sourceAddress: '10.9.0.0/16' }), 400, 'BadRequest');
    await serviceError(client.createRouteRule({ ...rule, tableId: 'rtb-nothere00000' }), 404, 'NoSuchObject');
    await serviceError(client.createRouteRule({ ...rule, destinationAddress: 'ten/8' }), 400, 'BadRequest');
    // All-traffic source is allowed.
    await client.createRouteRule({ ...rule, sourceAddress: '0.0.0.0/0', destinationAddress: '0.0.0.0/0' });

    const list = await client.getRouteRuleList(tableId, { pageNo: 1, pageSize: 2 });
    expect(list).toMatchObject({ totalCount: 3, pageNo: 1, pageSize: 2 });
    expect(list.result).toHaveLength(2);
    expect((await client.getRouteTableDetail(tableId)).details.routeTableVo.ruleCount).toBe(3);

    const del = await client.deleteRouteRule(ruleId);
    expect(del).toMatchObject({ result: true, action: 'delete', details: { ruleId } });
    await serviceError(client.deleteRouteRule(ruleId), 404, 'NoSuchObject');
    expect((await client.getRouteRuleList(tableId)).totalCount).toBe(2);
  });
});
