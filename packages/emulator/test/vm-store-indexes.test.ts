/**
 * The store's secondary indexes seen through the API: a service's instances (by serviceId), the
 * addresses in use (by address) and a subnet's holders (by subnetId) must follow every change of
 * state: a request rolled back half-way, a delete, a scale-in, and a restart from SQLite.
 * A stale index shows here as a service with the wrong instances, an address still taken after
 * its holder is gone (413 on a create that fits), or a wrong `usedIp` of the subnet.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from 'bec-emulator';
import type { BecClient } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachSqlite } from './support/sqlite.js';
import { clientFor, HANGZHOU, serviceError, vmArgs } from './vm-helpers.js';

/** A /28 subnet: 16 addresses less the network, gateway and broadcast ones leave 13 for VMs. */
const SUBNET_HOSTS = 13;

interface Net {
  vpcId: string;
  subnetId: string;
}

async function newNet(client: BecClient, second: number): Promise<Net> {
  const vpc = await client.createVpc({ name: 'ix', cidr: `10.${second}.0.0/16`, regionId: 'cn-hangzhou-cm' });
  const vpcId = vpc.details.vpcId as string;
  const subnet = await client.createSubnet({ name: 'ix', vpcId, cidr: `10.${second}.0.0/28` });
  return { vpcId, subnetId: (subnet.details as Record<string, string>).subnetId! };
}

function inNet(net: Net, replicas: number) {
  return { ...HANGZHOU, replicas, networkType: 'vpc', vpcId: net.vpcId, subnetId: net.subnetId };
}

async function create(client: BecClient, net: Net, ...replicas: number[]): Promise<string> {
  const res = await client.createVmService(vmArgs({ deployInstances: replicas.map((n) => inNet(net, n)) }));
  return res.details.serviceId;
}

/** The subnet's `usedIp` (omitted from the body when zero). */
async function usedIp(client: BecClient, net: Net): Promise<number> {
  const { subnet } = await client.getSubnetDetail(net.subnetId);
  return subnet.usedIp ?? 0;
}

async function instanceIds(client: BecClient, serviceId: string): Promise<string[]> {
  const detail = await client.getVmServiceDetail(serviceId);
  return (detail.instances ?? []).map((i) => i.vmId ?? '');
}

describe('store indexes through the API', () => {
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

  it('a create rolled back after some instances were stored leaves no instance and no address behind', async () => {
    const net = await newNet(client, 31);
    // The first deployment stores 10 instances, the second runs out of addresses at its 4th.
    await serviceError(create(client, net, 10, 10), 413, 'LimitExceeded');
    expect(await usedIp(client, net)).toBe(0);
    expect((await client.getVmInstanceList({ pageNo: 1, pageSize: 100 })).result ?? []).toEqual([]);
    // Every address of the subnet is free again: a service that fills it exactly fits.
    const serviceId = await create(client, net, SUBNET_HOSTS);
    expect(await instanceIds(client, serviceId)).toHaveLength(SUBNET_HOSTS);
    expect(await usedIp(client, net)).toBe(SUBNET_HOSTS);
    await serviceError(create(client, net, 1), 413, 'LimitExceeded');
    await client.deleteVmService(serviceId);
  });

  it('a deleted service frees its addresses and its instances are gone from every view', async () => {
    const net = await newNet(client, 32);
    const first = await create(client, net, SUBNET_HOSTS);
    const firstIds = await instanceIds(client, first);
    await client.deleteVmService(first);
    expect(await usedIp(client, net)).toBe(0);
    const second = await create(client, net, SUBNET_HOSTS);
    const secondIds = await instanceIds(client, second);
    expect(secondIds).toHaveLength(SUBNET_HOSTS);
    expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
    await client.deleteVmService(second);
  });

  it('a scale-in frees the addresses of the removed instances; the detail lists the rest in creation order', async () => {
    const net = await newNet(client, 33);
    const serviceId = await create(client, net, SUBNET_HOSTS);
    const before = await instanceIds(client, serviceId);
    await client.updateVmService(serviceId, { type: 'replicas', deployInstances: [inNet(net, 3)] });
    const after = await instanceIds(client, serviceId);
    expect(after).toHaveLength(3);
    expect(after).toEqual(before.filter((id) => after.includes(id)));
    expect(await usedIp(client, net)).toBe(3);
    const other = await create(client, net, SUBNET_HOSTS - 3);
    expect(await usedIp(client, net)).toBe(SUBNET_HOSTS);
    await client.deleteVmService(other);
    await client.deleteVmService(serviceId);
  });

  it('secondary private IPs are taken while held and free once deleted', async () => {
    const net = await newNet(client, 34);
    const serviceId = await create(client, net, SUBNET_HOSTS - 2);
    const [vmId] = await instanceIds(client, serviceId);
    const added = await client.createVmPrivateIp(vmId!, { secondaryPrivateIpAddressCount: 2 });
    expect(await usedIp(client, net)).toBe(SUBNET_HOSTS);
    await serviceError(create(client, net, 1), 413, 'LimitExceeded');
    await client.deleteVmPrivateIp(vmId!, { privateIps: added.result.ips });
    expect(await usedIp(client, net)).toBe(SUBNET_HOSTS - 2);
    await client.deleteVmService(await create(client, net, 2));
    await client.deleteVmService(serviceId);
  });
});

describeEachSqlite('store indexes after a restart from SQLite', (sqlite) => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const options = (dataDir: string): EmulatorOptions => ({ dataDir, sqlite, lifecycle: { mode: 'immediate' } });

  it('instances by service and addresses in use are rebuilt from the loaded records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bec-emu-indexes-'));
    dirs.push(dir);
    let emu = await startEmulator(options(dir));
    let client = clientFor(emu);
    const net = await newNet(client, 35);
    const serviceId = await create(client, net, SUBNET_HOSTS);
    const ids = await instanceIds(client, serviceId);
    // A failed request after the indexes were built: rolled back, never written.
    await serviceError(create(client, net, 1), 413, 'LimitExceeded');
    client.close();
    await emu.close();

    emu = await startEmulator(options(dir));
    client = clientFor(emu);
    try {
      expect(await instanceIds(client, serviceId)).toEqual(ids);
      expect(await usedIp(client, net)).toBe(SUBNET_HOSTS);
      await serviceError(create(client, net, 1), 413, 'LimitExceeded');
      await client.deleteVmService(serviceId);
      expect(await usedIp(client, net)).toBe(0);
      const again = await create(client, net, SUBNET_HOSTS);
      expect(await instanceIds(client, again)).toHaveLength(SUBNET_HOSTS);
    } finally {
      client.close();
      await emu.close();
    }
  });
});
