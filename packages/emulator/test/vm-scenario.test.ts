import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from 'bec-emulator';
import type { BecClient } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachSqlite } from './support/sqlite.js';
import { clientFor, HANGZHOU, serviceError, UBUNTU, vmArgs } from './vm-helpers.js';

describe('VM scenario: service → running → stop/start → reinstall → image → delete', () => {
  let emu: RunningEmulator;
  let client: BecClient;

  beforeAll(async () => {
    emu = await startEmulator({
      seed: 7,
      clock: { mode: 'frozen' },
      lifecycle: { mode: 'timed', durationMs: 3000, kinds: { vmImage: { durationMs: 10_000 } } },
    });
    client = clientFor(emu);
  });
  afterAll(async () => {
    client.close();
    await emu.close();
  });

  it('runs end to end on the virtual clock', async () => {
    const setId = (await client.createDeploySet({ name: 'scenario' })).deploysetIdList![0]!;
    const created = await client.createVmService(
      vmArgs({
        serviceName: 'scenario',
        deploysetIdList: [setId],
        deployInstances: [
          { ...HANGZHOU, replicas: 2 },
          { regionId: 'cn-guangzhou-un', replicas: 1 },
        ],
      }),
    );
    const { serviceId } = created.details;
    const vmIds = created.details.instances.map((i) => i.vmId);
    expect(vmIds).toHaveLength(3);

    // CREATING until the clock moves.
    let detail = await client.getVmServiceDetail(serviceId);
    expect(detail).toMatchObject({ status: 'NORMAL', totalInstances: 3, runningInstances: 0 });
    const creating = await client.getVmInstanceList({ serviceId, status: 'CREATING' });
    expect(creating.totalCount).toBe(3);
    emu.clock.advance(2999);
    expect((await client.getVmServiceDetail(serviceId)).runningInstances).toBe(0);
    emu.clock.advance(1);
    detail = await client.getVmServiceDetail(serviceId);
    expect(detail.runningInstances).toBe(3);
    await client.waitUntilVmServiceRunning(serviceId, { maxWaitMs: 1000 });

    // Stop and start one instance.
    const vmId = vmIds[0]!;
    await client.operateVmDeployment(vmId, 'stop');
    expect((await client.getVirtualMachine(vmId)).status).toBe('STOPPING');
    emu.clock.advance(3000);
    await client.waitUntilVmInstanceStopped(vmId, { maxWaitMs: 1000 });
    expect((await client.getVmServiceDetail(serviceId)).runningInstances).toBe(2);
    await client.operateVmDeployment(vmId, 'start');
    emu.clock.advance(3000);
    await client.waitUntilVmInstanceRunning(vmId, { maxWaitMs: 1000 });

    // Reinstall with another public image.
    await client.reinstallVmInstance(vmId, {
      imageId: UBUNTU,
      keyConfig: { type: 'password', adminPass: 'Re1nstall!' },
    });
    expect((await client.getVirtualMachine(vmId)).status).toBe('REINSTALLING');
    emu.clock.advance(3000);
    const reinstalled = await client.getVirtualMachine(vmId);
    expect(reinstalled).toMatchObject({ status: 'RUNNING', osImage: { imageId: UBUNTU, osName: 'Ubuntu' } });

    // Image the reinstalled VM and build another service from it.
    const { result: imageId } = await client.createVmImage({ vmId, name: 'scenario-golden' });
    expect(imageId).toMatch(/^im-[a-z0-9]{8}-1-m-hangzhou$/);
    expect((await client.getVirtualMachine(vmId)).status).toBe('IMAGING');
    await serviceError(client.deleteVmService(serviceId), 409, 'OperationDenied');
    emu.clock.advance(10_000);
    await client.waitUntilVmImageAvailable(imageId, { maxWaitMs: 1000 });
    expect((await client.getVirtualMachine(vmId)).status).toBe('RUNNING');
    const image = (await client.listVmImage({ keywordType: 'imageId', keyword: imageId })).result[0]!;
    expect(image).toMatchObject({ status: 'SUCCEEDED', osName: 'Ubuntu', name: 'scenario-golden' });
    const clone = await client.createVmService(vmArgs({ serviceName: 'clone', imageId, imageType: 'bec' }));
    emu.clock.advance(3000);
    const cloneVm = await client.getVirtualMachine(clone.details.instances[0]!.vmId);
    expect(cloneVm).toMatchObject({ status: 'RUNNING', osImage: { imageId, osName: 'Ubuntu' } });

    // Monitoring follows the resources.
    const end = Math.floor(emu.clock.now() / 1000);
    const series = await client.getVmInstanceMetrics(vmId, { metricsType: 'CPU', start: end - 300, end });
    expect(series.metrics.length).toBeGreaterThan(0);

    // Deleting the service removes its instances (and their deploy-set membership), keeps the image.
    expect((await client.getDeploySetDetail(setId)).instanceCount).toBe(3);
    await serviceError(client.deleteDeploySet(setId), 409, 'OperationDenied');
    await client.deleteVmService(serviceId);
    await client.waitUntilVmServiceDeleted(serviceId, { maxWaitMs: 1000 });
    for (const id of vmIds) await serviceError(client.getVirtualMachine(id), 404, 'NoSuchObject');
    expect((await client.getDeploySetDetail(setId)).instanceCount).toBe(0);
    await client.deleteDeploySet(setId);
    expect((await client.listVmImage({ keywordType: 'imageId', keyword: imageId })).totalCount).toBe(1);
    await serviceError(
      client.getVmInstanceMetrics(vmId, { metricsType: 'CPU', start: end - 300, end }),
      404,
      'NoSuchObject',
    );
    const remaining = await client.getVmServiceList({});
    expect(remaining.result.map((s) => s.serviceName)).toEqual(['clone']);
  });
});

describeEachSqlite('VM state on disk', (sqlite) => {
  it('services, instances, images and deploy sets survive a restart mid-lifecycle (SQLite dataDir)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bec-vm-'));
    const options = {
      dataDir: dir,
      sqlite,
      clock: { mode: 'frozen' as const },
      lifecycle: { mode: 'timed' as const, durationMs: 1000 },
    };
    try {
      let emu = await startEmulator(options);
      let client = clientFor(emu);
      const setId = (await client.createDeploySet({ name: 'kept' })).deploysetIdList![0]!;
      const created = await client.createVmService(vmArgs({ deploysetIdList: [setId] }));
      const vmId = created.details.instances[0]!.vmId;
      expect((await client.getVirtualMachine(vmId)).status).toBe('CREATING');
      client.close();
      await emu.close();

      emu = await startEmulator(options);
      client = clientFor(emu);
      try {
        expect((await client.getVirtualMachine(vmId)).status).toBe('CREATING');
        emu.clock.advance(1000);
        expect(await client.getVmServiceDetail(created.details.serviceId)).toMatchObject({
          runningInstances: 1,
          instances: [{ vmId }],
        });
        expect((await client.getDeploySetDetail(setId)).instanceCount).toBe(1);
        const { result: imageId } = await client.createVmImage({ vmId, name: 'persisted' });
        emu.clock.advance(1000);
        expect((await client.listVmImage({ keywordType: 'imageId', keyword: imageId })).result[0]!.status).toBe(
          'SUCCEEDED',
        );
      } finally {
        client.close();
        await emu.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
