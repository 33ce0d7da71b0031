import { type RunningEmulator, startEmulator } from 'bec-emulator';
import type { BecClient } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, serviceError } from './support/calls.js';

interface Network {
  vpcId: string;
  subnetId: string;
}

async function network(client: BecClient, cidr = '192.168.0.0/16', sub = '192.168.1.0/24'): Promise<Network> {
  const vpcId = (await client.createVpc({ name: 'blb-vpc', cidr, regionId: 'cn-hangzhou-cm' })).details.vpcId as string;
  const subnetId = (await client.createSubnet({ name: 'blb-subnet', vpcId, cidr: sub })).details.subnetId as string;
  return { vpcId, subnetId };
}

describe('app BLB (immediate lifecycle)', () => {
  let emu: RunningEmulator;
  let client: BecClient;
  let net: Network;

  beforeAll(async () => {
    emu = await startEmulator({ lifecycle: { mode: 'immediate' } });
    client = clientFor(emu);
    net = await network(client);
  });
  afterAll(async () => {
    client.close();
    await emu.close();
  });

  async function newBlb(name = 'web-applb'): Promise<string> {
    const res = await client.createAppBlb({
      name,
      regionId: 'cn-hangzhou-cm',
      vpcId: net.vpcId,
      subnetId: net.subnetId,
    });
    return res.blbId;
  }

  /** A BLB with a TCP listener on 80 and an IP group that has a TCP backend policy. */
  async function wiredBlb(): Promise<{ blbId: string; ipGroupId: string }> {
    const blbId = await newBlb('wired');
    await client.createTcpListener(blbId, { listenerPort: 80, scheduler: 'RoundRobin' });
    const ipGroupId = (await client.createIpGroup(blbId, { name: 'g' })).id;
    await client.createIpGroupPolicy(blbId, { ipGroupId, type: 'TCP' });
    return { blbId, ipGroupId };
  }

  // ------------------------------------------------------------ instances

  it('CreateAppBlb: ID per node, address from the subnet, public IP by default', async () => {
    const res = await client.createAppBlb({
      name: 'web-applb-01',
      desc: 'edge app blb for web',
      regionId: 'cn-hangzhou-cm',
      subServiceProviders: ['cm'],
      needPublicIp: true,
      vpcId: net.vpcId,
      subnetId: net.subnetId,
    });
    expect(res).toMatchObject({ name: 'web-applb-01', desc: 'edge app blb for web' });
    expect(res.blbId).toMatch(/^applb-cn-hangzhou-cm-[a-z0-9]{8}$/);
    const d = await client.getAppBlbDetails(res.blbId);
    expect(d).toMatchObject({
      blbId: res.blbId,
      name: 'web-applb-01',
      status: 'RUNNING',
      regionId: 'cn-hangzhou-cm',
      vpcId: net.vpcId,
      vpcName: 'blb-vpc',
      cidr: '192.168.0.0/16',
      subnetId: net.subnetId,
      subnetName: 'blb-subnet',
      subnetCidr: '192.168.1.0/24',
      listener: [],
    });
    expect(d.address).toMatch(/^192\.168\.1\.\d+$/);
    expect(d.publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    // The address is taken from the subnet; the next BLB gets another one.
    const other = await client.getAppBlbDetails(await newBlb());
    expect(other.address).not.toBe(d.address);
    expect((await client.getSubnetDetail(net.subnetId)).subnet.usedIp).toBeGreaterThanOrEqual(2);
  });

  it('CreateAppBlb: missing or mismatched network and bad locations are refused', async () => {
    const base = { name: 'x', regionId: 'cn-hangzhou-cm' };
    await serviceError(
      client.createAppBlb({ ...base, vpcId: 'vpc-nothere1', subnetId: net.subnetId }),
      404,
      'NoSuchObject',
    );
    await serviceError(
      client.createAppBlb({ ...base, vpcId: net.vpcId, subnetId: 'sbn-nothere00000' }),
      404,
      'NoSuchObject',
    );
    await serviceError(client.createAppBlb({ ...base, vpcId: net.vpcId }), 400, 'BadRequest');
    const other = await network(client, '10.50.0.0/16', '10.50.1.0/24');
    await serviceError(client.createAppBlb({ ...base, vpcId: net.vpcId, subnetId: other.subnetId }), 400, 'BadRequest');
    await serviceError(
      client.createAppBlb({ ...base, regionId: 'cn-jinan-cm', vpcId: net.vpcId, subnetId: net.subnetId }),
      400,
      'BadRequest',
    );
    await serviceError(client.createAppBlb({ ...base, regionId: 'cn-atlantis-cm' }), 400, 'BadRequest');
    await serviceError(client.createAppBlb({ ...base, subServiceProviders: ['ct'] }), 400, 'BadRequest');
    // On a triple-line node the operator can be chosen.
    const ix = await client.createAppBlb({ name: 'ix', regionId: 'cn-baoding1-ix', subServiceProviders: ['ct'] });
    expect((await client.getAppBlbDetails(ix.blbId)).vpcId).toBe('');
  });

  it('UpdateAppBlb: changes name and desc; unknown BLB is 404', async () => {
    const blbId = await newBlb('before');
    await client.updateAppBlb(blbId, { name: 'after', desc: 'changed' });
    expect(await client.getAppBlbDetails(blbId)).toMatchObject({ name: 'after', desc: 'changed' });
    await serviceError(client.updateAppBlb('applb-cn-hangzhou-cm-nothere0', { name: 'x' }), 404, 'NoSuchObject');
  });

  it('GetAppBlbList: marker paging; an unknown marker is 400', async () => {
    const all = await client.getAppBlbList({});
    expect(all.isTruncated).toBe(false);
    expect(all.blbList.length).toBeGreaterThanOrEqual(3);
    const first = await client.getAppBlbList({ maxKeys: 2 });
    expect(first).toMatchObject({ maxKeys: 2, isTruncated: true, nextMarker: all.blbList[2]!.blbId });
    expect(first.blbList.map((b) => b.blbId)).toEqual(all.blbList.slice(0, 2).map((b) => b.blbId));
    const second = await client.getAppBlbList({ marker: first.nextMarker, maxKeys: 1000 });
    expect(second.marker).toBe(first.nextMarker);
    expect(second.blbList.map((b) => b.blbId)).toEqual(all.blbList.slice(2).map((b) => b.blbId));
    await serviceError(client.getAppBlbList({ marker: 'applb-cn-hangzhou-cm-nothere0' }), 400, 'BadRequest');
  });

  it('GetAppBlbDetails / DeleteAppBlbInstance: 404 for unknown BLBs', async () => {
    await serviceError(client.getAppBlbDetails('applb-cn-hangzhou-cm-nothere0'), 404, 'NoSuchObject');
    await serviceError(client.deleteAppBlbInstance('applb-cn-hangzhou-cm-nothere0'), 404, 'NoSuchObject');
  });

  it('DeleteAppBlbInstance: removes the BLB with its listeners, IP groups, members and policies', async () => {
    const { blbId, ipGroupId } = await wiredBlb();
    await client.createIpGroupMember(blbId, { ipGroupId, memberList: [{ ip: '192.168.1.50', port: 8080 }] });
    await client.createListenerPolicy(blbId, {
      listenerPort: 80,
      type: 'TCP',
      appPolicyVos: [{ appIpGroupId: ipGroupId, priority: 1 }],
    });
    await client.deleteAppBlbInstance(blbId);
    await serviceError(client.getAppBlbDetails(blbId), 404, 'NoSuchObject');
    const state = emu.state()[emu.credentials.accessKeyId] ?? {};
    for (const kind of ['appBlbListener', 'ipGroup', 'ipGroupPolicy', 'ipGroupMember', 'listenerPolicy']) {
      expect((state[kind] ?? []).filter((r) => r.blbId === blbId)).toEqual([]);
    }
  });

  // ------------------------------------------------------------ listeners

  it('TCP listeners: create, duplicate port, update, get with filter and paging', async () => {
    const blbId = await newBlb('tcp');
    await client.createTcpListener(blbId, { listenerPort: 80, scheduler: 'RoundRobin', tcpSessionTimeout: 1000 });
    await client.createTcpListener(blbId, { listenerPort: 443, scheduler: 'Hash' });
    await client.createTcpListener(blbId, { listenerPort: 22, scheduler: 'LeastConnection' });
    await serviceError(
      client.createTcpListener(blbId, { listenerPort: 80, scheduler: 'Hash' }),
      409,
      'OperationDenied',
    );
    await serviceError(
      client.createTcpListener('applb-cn-hangzhou-cm-nothere0', { listenerPort: 80, scheduler: 'Hash' }),
      404,
      'NoSuchObject',
    );

    const all = await client.getTcpListener(blbId);
    expect(all.listenerList).toEqual([
      { scheduler: 'LeastConnection', listenerPort: 22, tcpSessionTimeout: 900 },
      { scheduler: 'RoundRobin', listenerPort: 80, tcpSessionTimeout: 1000 },
      { scheduler: 'Hash', listenerPort: 443, tcpSessionTimeout: 900 },
    ]);
    const page = await client.getTcpListener(blbId, { maxKeys: 2 });
    expect(page).toMatchObject({ isTruncated: true, nextMarker: '443', maxKeys: 2 });
    const rest = await client.getTcpListener(blbId, { marker: '443' });
    expect(rest.listenerList.map((l) => l.listenerPort)).toEqual([443]);
    const one = await client.getTcpListener(blbId, { listenerPort: 80 });
    expect(one.listenerList.map((l) => l.listenerPort)).toEqual([80]);
    await serviceError(client.getTcpListener('applb-cn-hangzhou-cm-nothere0'), 404, 'NoSuchObject');

    await client.updateTcpListener(blbId, { listenerPort: '80', scheduler: 'Hash', tcpSessionTimeout: 30 });
    expect((await client.getTcpListener(blbId, { listenerPort: 80 })).listenerList[0]).toEqual({
      scheduler: 'Hash',
      listenerPort: 80,
      tcpSessionTimeout: 30,
    });
    await serviceError(
      client.updateTcpListener(blbId, { listenerPort: '8080', scheduler: 'Hash' }),
      404,
      'NoSuchObject',
    );
    expect((await client.getAppBlbDetails(blbId)).listener).toEqual([
      { port: '22', type: 'TCP' },
      { port: '80', type: 'TCP' },
      { port: '443', type: 'TCP' },
    ]);
  });

  it('UDP listeners: same port as TCP is fine; duplicate UDP port is 409; update and get', async () => {
    const blbId = await newBlb('udp');
    await client.createTcpListener(blbId, { listenerPort: 53, scheduler: 'RoundRobin' });
    await client.createUdpListener(blbId, { listenerPort: 53, scheduler: 'Hash' });
    await serviceError(
      client.createUdpListener(blbId, { listenerPort: 53, scheduler: 'Hash' }),
      409,
      'OperationDenied',
    );
    const udp = await client.getUdpListener(blbId);
    expect(udp.listenerList).toEqual([{ scheduler: 'Hash', listenerPort: 53, udpSessionTimeout: 90 }]);
    await client.updateUdpListener(blbId, { listenerPort: '53', udpSessionTimeout: 120 });
    expect((await client.getUdpListener(blbId, { listenerPort: 53 })).listenerList[0]?.udpSessionTimeout).toBe(120);
    await serviceError(client.updateUdpListener(blbId, { listenerPort: '54', scheduler: 'Hash' }), 404, 'NoSuchObject');
    await serviceError(client.getUdpListener('applb-cn-hangzhou-cm-nothere0'), 404, 'NoSuchObject');
  });

  it('DeleteAppBlbListener: batch delete by port and type; missing listener is 404 and changes nothing', async () => {
    const { blbId, ipGroupId } = await wiredBlb();
    await client.createUdpListener(blbId, { listenerPort: 53, scheduler: 'Hash' });
    await client.createListenerPolicy(blbId, {
      listenerPort: 80,
      appPolicyVos: [{ appIpGroupId: ipGroupId, priority: 5 }],
    });
    await serviceError(
      client.deleteAppBlbListener(blbId, {
        portTypeList: [
          { port: 80, type: 'TCP' },
          { port: 81, type: 'TCP' },
        ],
      }),
      404,
      'NoSuchObject',
    );
    expect((await client.getTcpListener(blbId)).listenerList).toHaveLength(1);
    await client.deleteAppBlbListener(blbId, {
      portTypeList: [
        { port: 80, type: 'TCP' },
        { port: 53, type: 'UDP' },
      ],
    });
    expect((await client.getAppBlbDetails(blbId)).listener).toEqual([]);
    // The listener's policies went with it, so the IP group can be deleted now.
    await client.deleteIpGroup(blbId, { ipGroupId });
    await serviceError(
      client.deleteAppBlbListener(blbId, { portTypeList: [{ port: 80, type: 'TCP' }] }),
      404,
      'NoSuchObject',
    );
  });

  // ------------------------------------------------------------ IP groups

  it('IP groups: create with members, list by name, update, delete', async () => {
    const blbId = await newBlb('groups');
    const g1 = await client.createIpGroup(blbId, {
      name: 'web-servers',
      desc: 'front',
      memberList: [{ ip: '172.16.240.27', port: 8080, weight: 60 }],
    });
    expect(g1).toMatchObject({ name: 'web-servers', desc: 'front' });
    expect(g1.id).toMatch(/^bec_ip_group-[a-z0-9]{8}$/);
    const g2 = await client.createIpGroup(blbId, { name: 'web' });
    // A bad member fails the whole create (nothing is left behind); unknown BLB is 404.
    await serviceError(
      client.createIpGroup(blbId, { name: 'broken', memberList: [{ ip: '10.0.0.256', port: 80 }] }),
      400,
      'BadRequest',
    );
    await serviceError(client.createIpGroup('applb-cn-hangzhou-cm-nothere0', { name: 'x' }), 404, 'NoSuchObject');
    const members = await client.getIpGroupMemberList(blbId, { ipGroupId: g1.id });
    expect(members.memberList).toMatchObject([{ ip: '172.16.240.27', port: 8080, weight: 60 }]);

    const fuzzy = await client.getIpGroup(blbId, { name: 'web', exactlyMatch: false });
    expect(fuzzy.appIpGroupList.map((g) => g.id)).toEqual([g1.id, g2.id]);
    const exact = await client.getIpGroup(blbId, { name: 'web', exactlyMatch: true });
    expect(exact.appIpGroupList).toEqual([{ backendPolicyList: [], id: g2.id, desc: '', name: 'web' }]);
    const paged = await client.getIpGroup(blbId, { maxKeys: 1 });
    expect(paged).toMatchObject({ isTruncated: true, nextMarker: g2.id });
    const next = await client.getIpGroup(blbId, { marker: g2.id });
    expect(next.appIpGroupList.map((g) => g.id)).toEqual([g2.id]);
    await serviceError(client.getIpGroup('applb-cn-hangzhou-cm-nothere0', {}), 404, 'NoSuchObject');

    await client.updateIpGroup(blbId, { ipGroupId: g2.id, name: 'api', desc: 'back' });
    expect((await client.getIpGroup(blbId, { name: 'api', exactlyMatch: true })).appIpGroupList[0]).toMatchObject({
      id: g2.id,
      desc: 'back',
    });
    await serviceError(
      client.updateIpGroup(blbId, { ipGroupId: 'bec_ip_group-nothere0', name: 'x' }),
      404,
      'NoSuchObject',
    );

    await client.deleteIpGroup(blbId, { ipGroupId: g1.id });
    expect((await client.getIpGroup(blbId, {})).appIpGroupList.map((g) => g.id)).toEqual([g2.id]);
    await serviceError(client.getIpGroupMemberList(blbId, { ipGroupId: g1.id }), 404, 'NoSuchObject');
    await serviceError(client.deleteIpGroup(blbId, { ipGroupId: g1.id }), 404, 'NoSuchObject');
  });

  it('DeleteIpGroup: refused while a listener policy uses the group', async () => {
    const { blbId, ipGroupId } = await wiredBlb();
    await client.createListenerPolicy(blbId, {
      listenerPort: 80,
      type: 'TCP',
      appPolicyVos: [{ appIpGroupId: ipGroupId, priority: 1 }],
    });
    const e = await serviceError(client.deleteIpGroup(blbId, { ipGroupId }), 409, 'OperationDenied');
    expect(e.serviceMessage).toContain('TCP:80');
  });

  // ------------------------------------------------------------ backend policies

  it('IP group backend policies: create, defaults, one per type, update, list, delete', async () => {
    const blbId = await newBlb('policies');
    const ipGroupId = (await client.createIpGroup(blbId, { name: 'g' })).id;
    const http = await client.createIpGroupPolicy(blbId, {
      ipGroupId,
      type: 'HTTP',
      healthCheck: 'HTTP',
      healthCheckHost: 'www.example.com',
      healthCheckUrlPath: '/healthz',
      healthCheckPort: 8080,
    });
    expect(http.id).toMatch(/^bec_ip_group_policy-[a-z0-9]{8}$/);
    const tcp = await client.createIpGroupPolicy(blbId, { ipGroupId, type: 'TCP' });
    await serviceError(client.createIpGroupPolicy(blbId, { ipGroupId, type: 'TCP' }), 409, 'OperationDenied');
    await serviceError(
      client.createIpGroupPolicy(blbId, { ipGroupId, type: 'UDP', healthCheck: 'HTTP' }),
      400,
      'BadRequest',
    );
    await serviceError(client.createIpGroupPolicy(blbId, { ipGroupId, type: 'UDP' }), 400, 'BadRequest');
    await serviceError(client.createIpGroupPolicy(blbId, { ipGroupId, type: 'SCTP' }), 400, 'BadRequest');
    await serviceError(
      client.createIpGroupPolicy(blbId, { ipGroupId: 'bec_ip_group-nothere0', type: 'TCP' }),
      404,
      'NoSuchObject',
    );
    const udp = await client.createIpGroupPolicy(blbId, { ipGroupId, type: 'UDP', udpHealthCheckString: 'ping' });

    const list = await client.getIpGroupPolicyList(blbId, { ipGroupId });
    expect(list.backendPolicyList.map((p) => p.id)).toEqual([http.id, tcp.id, udp.id]);
    expect(list.backendPolicyList[0]).toMatchObject({
      type: 'HTTP',
      healthCheck: 'HTTP',
      healthCheckHost: 'www.example.com',
      healthCheckUrlPath: '/healthz',
      healthCheckNormalStatus: 'http_2xx|http_3xx',
      healthCheckPort: 8080,
      healthCheckIntervalInSecond: 3,
      healthCheckTimeoutInSecond: 3,
    });
    expect(list.backendPolicyList[1]).toMatchObject({ type: 'TCP', healthCheck: 'TCP', healthCheckUpRetry: 3 });
    expect((await client.getIpGroupPolicyList(blbId, { ipGroupId, maxKeys: 1 })).nextMarker).toBe(tcp.id);
    await serviceError(client.getIpGroupPolicyList(blbId, { ipGroupId: 'bec_ip_group-nothere0' }), 404, 'NoSuchObject');
    // The policies show up in the group listing as well.
    expect((await client.getIpGroup(blbId, {})).appIpGroupList[0]?.backendPolicyList).toHaveLength(3);

    await client.updateIpGroupPolicy(blbId, {
      ipGroupId,
      id: tcp.id,
      healthCheckIntervalInSecond: 5,
      healthCheckDownRetry: 4,
    });
    const updated = (await client.getIpGroupPolicyList(blbId, { ipGroupId })).backendPolicyList.find(
      (p) => p.id === tcp.id,
    );
    expect(updated).toMatchObject({ healthCheckIntervalInSecond: 5, healthCheckDownRetry: 4, healthCheckUpRetry: 3 });
    await serviceError(
      client.updateIpGroupPolicy(blbId, { ipGroupId, id: 'bec_ip_group_policy-nothere0' }),
      404,
      'NoSuchObject',
    );

    await client.deleteIpGroupPolicy(blbId, { ipGroupId, backendPolicyIdList: [http.id, udp.id] });
    expect((await client.getIpGroupPolicyList(blbId, { ipGroupId })).backendPolicyList.map((p) => p.id)).toEqual([
      tcp.id,
    ]);
    await serviceError(
      client.deleteIpGroupPolicy(blbId, { ipGroupId, backendPolicyIdList: [http.id] }),
      404,
      'NoSuchObject',
    );
  });

  it('DeleteIpGroupPolicy: refused while a listener of that protocol uses the group', async () => {
    const { blbId, ipGroupId } = await wiredBlb();
    await client.createListenerPolicy(blbId, {
      listenerPort: 80,
      appPolicyVos: [{ appIpGroupId: ipGroupId, priority: 1 }],
    });
    const [policy] = (await client.getIpGroupPolicyList(blbId, { ipGroupId })).backendPolicyList;
    await serviceError(
      client.deleteIpGroupPolicy(blbId, { ipGroupId, backendPolicyIdList: [policy!.id] }),
      409,
      'OperationDenied',
    );
  });

  // ------------------------------------------------------------ members

  it('IP group members: create, duplicates, bad IPs, update, list paging, delete', async () => {
    const blbId = await newBlb('members');
    const ipGroupId = (await client.createIpGroup(blbId, { name: 'g' })).id;
    const created = await client.createIpGroupMember(blbId, {
      ipGroupId,
      memberList: [
        { ip: '172.16.240.27', port: 8080, weight: 100 },
        { ip: '172.16.240.28', port: 8081 },
      ],
    });
    expect(created.memberList).toHaveLength(2);
    expect(created.memberList[1]).toMatchObject({ ip: '172.16.240.28', port: 8081, weight: 100 });
    const [m1, m2] = created.memberList.map((m) => m.memberId);
    expect(m1).toMatch(/^bec_ip_group_member-[a-z0-9]{8}$/);

    await serviceError(
      client.createIpGroupMember(blbId, { ipGroupId, memberList: [{ ip: '172.16.240.27', port: 8080 }] }),
      409,
      'OperationDenied',
    );
    await serviceError(
      client.createIpGroupMember(blbId, { ipGroupId, memberList: [{ ip: '172.16.240.300', port: 80 }] }),
      400,
      'BadRequest',
    );
    await serviceError(
      client.createIpGroupMember(blbId, {
        ipGroupId: 'bec_ip_group-nothere0',
        memberList: [{ ip: '10.0.0.1', port: 80 }],
      }),
      404,
      'NoSuchObject',
    );
    // Same IP on another port is another member.
    await client.createIpGroupMember(blbId, {
      ipGroupId,
      memberList: [{ ip: '172.16.240.27', port: 9090, weight: 1 }],
    });

    await client.updateIpGroupMember(blbId, { ipGroupId, memberList: [{ memberId: m2!, weight: 40, port: 8082 }] });
    await serviceError(
      client.updateIpGroupMember(blbId, {
        ipGroupId,
        memberList: [{ memberId: 'bec_ip_group_member-nothere0', weight: 1 }],
      }),
      404,
      'NoSuchObject',
    );

    const page1 = await client.getIpGroupMemberList(blbId, { ipGroupId, maxKeys: 2 });
    expect(page1.memberList.map((m) => m.memberId)).toEqual([m1, m2]);
    expect(page1.memberList[1]).toMatchObject({ port: 8082, weight: 40 });
    expect(page1.isTruncated).toBe(true);
    const page2 = await client.getIpGroupMemberList(blbId, { ipGroupId, marker: page1.nextMarker });
    expect(page2.memberList).toMatchObject([{ ip: '172.16.240.27', port: 9090, weight: 1 }]);
    await serviceError(client.getIpGroupMemberList(blbId, { ipGroupId: 'bec_ip_group-nothere0' }), 404, 'NoSuchObject');

    await client.deleteIpGroupMember(blbId, { ipGroupId, memberIdList: [m1!] });
    expect((await client.getIpGroupMemberList(blbId, { ipGroupId })).memberList).toHaveLength(2);
    await serviceError(client.deleteIpGroupMember(blbId, { ipGroupId, memberIdList: [m1!] }), 404, 'NoSuchObject');
  });

  it('UpdateIpGroupMember: moving a member onto a taken ip:port is 409', async () => {
    const blbId = await newBlb('member-clash');
    const ipGroupId = (await client.createIpGroup(blbId, { name: 'g' })).id;
    const { memberList } = await client.createIpGroupMember(blbId, {
      ipGroupId,
      memberList: [
        { ip: '10.0.0.1', port: 80 },
        { ip: '10.0.0.1', port: 81 },
      ],
    });
    await serviceError(
      client.updateIpGroupMember(blbId, { ipGroupId, memberList: [{ memberId: memberList[1]!.memberId, port: 80 }] }),
      409,
      'OperationDenied',
    );
  });

  // ------------------------------------------------------------ listener policies

  it('listener policies: create, list with the group name, delete; wrong references are refused', async () => {
    const { blbId, ipGroupId } = await wiredBlb();
    const bare = (await client.createIpGroup(blbId, { name: 'no-policy' })).id;
    await serviceError(
      client.createListenerPolicy(blbId, {
        listenerPort: 80,
        type: 'TCP',
        appPolicyVos: [{ appIpGroupId: bare, priority: 2 }],
      }),
      409,
      'OperationDenied',
    );
    await serviceError(
      client.createListenerPolicy(blbId, {
        listenerPort: 81,
        type: 'TCP',
        appPolicyVos: [{ appIpGroupId: ipGroupId, priority: 1 }],
      }),
      404,
      'NoSuchObject',
    );
    await serviceError(
      client.createListenerPolicy(blbId, {
        listenerPort: 80,
        type: 'TCP',
        appPolicyVos: [{ appIpGroupId: 'bec_ip_group-nothere0', priority: 1 }],
      }),
      404,
      'NoSuchObject',
    );
    await client.createListenerPolicy(blbId, {
      listenerPort: 80,
      type: 'TCP',
      appPolicyVos: [{ appIpGroupId: ipGroupId, desc: 'default web policy', priority: 1 }],
    });
    await serviceError(
      client.createListenerPolicy(blbId, {
        listenerPort: 80,
        type: 'TCP',
        appPolicyVos: [{ appIpGroupId: ipGroupId, priority: 9 }],
      }),
      409,
      'OperationDenied',
    );

    const list = await client.getListenerPolicy(blbId, { type: 'TCP', port: 80 });
    expect(list.policyList).toHaveLength(1);
    const policy = list.policyList[0]!;
    expect(policy).toMatchObject({
      appIpGroupId: ipGroupId,
      appIpGroupName: 'g',
      desc: 'default web policy',
      type: 'TCP',
      frontendPort: 80,
      priority: 1,
    });
    expect(policy.id).toMatch(/^bec_policy-[a-z0-9]{8}$/);
    expect((await client.getListenerPolicy(blbId, { port: 80 })).policyList.map((p) => p.id)).toEqual([policy.id]);
    await serviceError(client.getListenerPolicy(blbId, { type: 'UDP', port: 80 }), 404, 'NoSuchObject');

    await serviceError(
      client.deleteListenerPolicy(blbId, { type: 'TCP', port: 80, policyIdList: ['bec_policy-nothere0'] }),
      404,
      'NoSuchObject',
    );
    await client.deleteListenerPolicy(blbId, { type: 'TCP', port: 80, policyIdList: [policy.id] });
    expect((await client.getListenerPolicy(blbId, { port: 80 })).policyList).toEqual([]);
  });

  // ------------------------------------------------------------ idempotency

  it('CreateAppBlb with a clientToken: a replay returns the same BLB; another body is 409', async () => {
    const body = { name: 'idem', regionId: 'cn-hangzhou-cm', vpcId: net.vpcId, subnetId: net.subnetId };
    const before = (await client.getAppBlbList({})).blbList.length;
    const a = await client.createAppBlb(body, { clientToken: 'token-create-appblb-0001' });
    const b = await client.createAppBlb(body, { clientToken: 'token-create-appblb-0001' });
    expect(b.blbId).toBe(a.blbId);
    expect((await client.getAppBlbList({})).blbList.length).toBe(before + 1);
    await serviceError(
      client.createAppBlb({ ...body, name: 'other' }, { clientToken: 'token-create-appblb-0001' }),
      409,
      'OperationDenied',
    );
    expect((await client.getAppBlbList({})).blbList.length).toBe(before + 1);
  });
});

describe('app BLB lifecycle on the virtual clock', () => {
  let emu: RunningEmulator;
  let client: BecClient;

  beforeAll(async () => {
    emu = await startEmulator({ lifecycle: { mode: 'timed', durationMs: 2000 }, clock: { mode: 'frozen' } });
    client = clientFor(emu);
  });
  afterAll(async () => {
    client.close();
    await emu.close();
  });

  it('PENDING -> RUNNING; configuration waits for RUNNING; DELETING -> gone', async () => {
    const net = await network(client);
    const { blbId } = await client.createAppBlb({ name: 'slow', regionId: 'cn-hangzhou-cm', ...net });
    expect((await client.getAppBlbDetails(blbId)).status).toBe('PENDING');
    await serviceError(
      client.createTcpListener(blbId, { listenerPort: 80, scheduler: 'Hash' }),
      409,
      'OperationDenied',
    );
    await serviceError(client.updateAppBlb(blbId, { name: 'x' }), 409, 'OperationDenied');
    // The subnet is in use while the BLB exists.
    await serviceError(client.deleteSubnet(net.subnetId), 409, 'OperationDenied');
    emu.clock.advance(2000);
    expect((await client.getAppBlbDetails(blbId)).status).toBe('RUNNING');
    await client.createTcpListener(blbId, { listenerPort: 80, scheduler: 'Hash' });

    await client.deleteAppBlbInstance(blbId);
    expect((await client.getAppBlbDetails(blbId)).status).toBe('DELETING');
    await serviceError(client.deleteAppBlbInstance(blbId), 409, 'OperationDenied');
    await serviceError(client.createIpGroup(blbId, { name: 'late' }), 409, 'OperationDenied');
    emu.clock.advance(2000);
    await serviceError(client.getAppBlbDetails(blbId), 404, 'NoSuchObject');
    await client.deleteSubnet(net.subnetId);
    await client.deleteVpc(net.vpcId);
  });
});

describe('scenario: VPC -> subnet -> app BLB -> listener -> IP group -> member -> policy -> listener policy -> cleanup', () => {
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

  it('builds and tears down a load-balanced service', async () => {
    const vpcId = (await client.createVpc({ name: 'shop', cidr: '10.8.0.0/16', regionId: 'cn-guangzhou-un' })).details
      .vpcId as string;
    const subnetId = (await client.createSubnet({ name: 'shop-lb', vpcId, cidr: '10.8.1.0/24' })).details
      .subnetId as string;
    const { blbId } = await client.createAppBlb(
      { name: 'shop-lb', regionId: 'cn-guangzhou-un', vpcId, subnetId, subServiceProviders: ['un'] },
      { clientToken: 'shop-lb-1' },
    );
    expect(blbId).toMatch(/^applb-cn-guangzhou-un-/);
    await client.createTcpListener(blbId, { listenerPort: 443, scheduler: 'LeastConnection', tcpSessionTimeout: 600 });
    const { id: ipGroupId } = await client.createIpGroup(blbId, { name: 'shop-backends', desc: 'app servers' });
    const { memberList } = await client.createIpGroupMember(blbId, {
      ipGroupId,
      memberList: [
        { ip: '10.8.2.10', port: 8443, weight: 50 },
        { ip: '10.8.2.11', port: 8443, weight: 50 },
      ],
    });
    const { id: policyId } = await client.createIpGroupPolicy(blbId, {
      ipGroupId,
      type: 'TCP',
      healthCheck: 'TCP',
      healthCheckPort: 8443,
    });
    await client.createListenerPolicy(blbId, {
      listenerPort: 443,
      type: 'TCP',
      appPolicyVos: [{ appIpGroupId: ipGroupId, priority: 1, desc: 'all traffic' }],
    });

    const details = await client.getAppBlbDetails(blbId);
    expect(details).toMatchObject({
      status: 'RUNNING',
      listener: [{ port: '443', type: 'TCP' }],
      subnetCidr: '10.8.1.0/24',
    });
    const groups = await client.getIpGroup(blbId, { name: 'shop-backends', exactlyMatch: true });
    expect(groups.appIpGroupList[0]?.backendPolicyList.map((p) => p.id)).toEqual([policyId]);
    expect((await client.getIpGroupMemberList(blbId, { ipGroupId })).memberList).toHaveLength(2);
    const [bound] = (await client.getListenerPolicy(blbId, { type: 'TCP', port: 443 })).policyList;
    expect(bound).toMatchObject({ appIpGroupName: 'shop-backends', frontendPort: 443 });
    expect((await client.getSubnetDetail(subnetId)).subnet.usedIp).toBe(1);

    // Cleanup in dependency order.
    await serviceError(client.deleteVpc(vpcId), 409, 'OperationDenied');
    await client.deleteListenerPolicy(blbId, { type: 'TCP', port: 443, policyIdList: [bound!.id] });
    await client.deleteIpGroupPolicy(blbId, { ipGroupId, backendPolicyIdList: [policyId] });
    await client.deleteIpGroupMember(blbId, { ipGroupId, memberIdList: memberList.map((m) => m.memberId) });
    await client.deleteIpGroup(blbId, { ipGroupId });
    await client.deleteAppBlbListener(blbId, { portTypeList: [{ port: 443, type: 'TCP' }] });
    await client.deleteAppBlbInstance(blbId, { clientToken: 'shop-lb-delete-1' });
    await serviceError(client.getAppBlbDetails(blbId), 404, 'NoSuchObject');
    await client.deleteSubnet(subnetId);
    await client.deleteVpc(vpcId);
    expect((await client.getVpcList()).totalCount).toBe(0);
    const state = emu.state()[emu.credentials.accessKeyId] ?? {};
    expect(Object.keys(state).filter((k) => !k.startsWith('_'))).toEqual([]);
  });
});
