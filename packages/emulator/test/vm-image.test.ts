import { type RunningEmulator, startEmulator } from 'bec-emulator';
import type { BecClient } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTOS, clientFor, newService, serviceError, vmArgs } from './vm-helpers.js';

describe('VM images (immediate lifecycle)', () => {
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

  it('CreateVmImage: images a VM into an im-<8>-<n>-<isp>-<city> image usable by new instances', async () => {
    const { serviceId, vmIds } = await newService(client, { systemVolume: { volumeType: 'NVME', sizeInGB: 60 } });
    const res = await client.createVmImage({ vmId: vmIds[0]!, name: 'golden' });
    expect(res.success).toBe(true);
    expect(res.result).toMatch(/^im-[a-z0-9]{8}-1-m-hangzhou$/);
    const list = await client.listVmImage({ keywordType: 'imageId', keyword: res.result });
    expect(list.result).toHaveLength(1);
    expect(list.result[0]).toMatchObject({
      imageId: res.result,
      name: 'golden',
      status: 'SUCCEEDED',
      imageType: 'becCustom',
      systemDisk: 60,
      osName: 'CentOS',
      osVersion: '7.9',
    });
    expect(list.result[0]!.bccImageId).toMatch(/^m-/);
    expect((await client.getVirtualMachine(vmIds[0]!)).status).toBe('RUNNING');
    const fromImage = await client.createVmService(vmArgs({ imageId: res.result, imageType: 'bec' }));
    expect(fromImage.details.osImage).toMatchObject({ imageId: res.result, name: 'golden', imageType: 'becCustom' });
    const byService = await client.listVmImage({ serviceId });
    expect(byService.result.map((i) => i.imageId)).toEqual([res.result]);
  });

  it('CreateVmImage: 404 for unknown VMs and snapshots (409 cases: see the timed lifecycle below)', async () => {
    await serviceError(client.createVmImage({ vmId: 'vm-nosuch', name: 'x' }), 404, 'NoSuchObject');
    await serviceError(
      client.createVmImage({ images: [{ pvcId: 'pvc-nosuch', imageName: 'x' }] }),
      404,
      'NoSuchObject',
    );
  });

  it('ListVmImage: custom images by default, public catalogues by type, filters, ordering, paging', async () => {
    const common = await client.listVmImage({ type: 'becCommon' });
    expect(common.totalCount).toBeGreaterThanOrEqual(5);
    expect(common.result.every((i) => i.imageType === 'becCommon' && i.status === 'SUCCEEDED')).toBe(true);
    expect(common.result.map((i) => i.imageId)).toContain(CENTOS);
    const ubuntu = await client.listVmImage({
      type: 'becCommon',
      osName: 'ubuntu',
      orderBy: 'createTime',
      order: 'asc',
    });
    expect(ubuntu.result.map((i) => i.osVersion)).toEqual(['20.04', '22.04']);
    const gpu = await client.listVmImage({ type: 'becGpu' });
    expect(gpu.result.length).toBeGreaterThan(0);
    const byName = await client.listVmImage({ type: 'becCommon', keywordType: 'name', keyword: 'debian' });
    expect(byName.result.map((i) => i.osName)).toEqual(['Debian']);
    const page = await client.listVmImage({ type: 'becCommon', pageNo: 2, pageSize: 2, orderBy: 'systemDisk' });
    expect(page).toMatchObject({ pageNo: 2, pageSize: 2, totalCount: common.totalCount });
    expect(page.result).toHaveLength(2);
    const custom = await client.listVmImage({});
    expect(custom.result.every((i) => i.imageType === 'becCustom')).toBe(true);
    await serviceError(client.listVmImage({ type: 'becShared' }), 400, 'BadRequest');
    await serviceError(client.listVmImage({ keywordType: 'osName', keyword: 'x' }), 400, 'BadRequest');
    await serviceError(client.listVmImage({ orderBy: 'name' }), 400, 'BadRequest');
  });

  it('UpdateVmImage: renames; 404 for unknown images', async () => {
    const { vmIds } = await newService(client);
    const { result: imageId } = await client.createVmImage({ vmId: vmIds[0]!, name: 'before' });
    const res = await client.updateVmImage(imageId, { name: 'after' });
    expect(res).toMatchObject({ success: true, result: true });
    const list = await client.listVmImage({ keywordType: 'imageId', keyword: imageId });
    expect(list.result[0]!.name).toBe('after');
    await serviceError(client.updateVmImage('im-nosuch', { name: 'x' }), 404, 'NoSuchObject');
    await serviceError(client.updateVmImage(CENTOS, { name: 'x' }), 404, 'NoSuchObject');
  });

  it('DeleteVmImage: deletes several images; an unknown ID fails the whole call (404)', async () => {
    const { vmIds } = await newService(client);
    const { result: a } = await client.createVmImage({ vmId: vmIds[0]!, name: 'del-a' });
    const { result: b } = await client.createVmImage({ vmId: vmIds[0]!, name: 'del-b' });
    await serviceError(client.deleteVmImage([a, 'im-nosuch']), 404, 'NoSuchObject');
    expect((await client.listVmImage({ keywordType: 'imageId', keyword: a })).totalCount).toBe(1);
    const res = await client.deleteVmImage([a, b]);
    expect(res).toMatchObject({ success: true, result: true });
    expect((await client.listVmImage({ keywordType: 'name', keyword: 'del-' })).totalCount).toBe(0);
    // Instances made from a deleted image keep their image details.
    await serviceError(client.deleteVmImage([CENTOS]), 404, 'NoSuchObject');
  });

  it('ImportImage: imports from a BOS URL; bad URLs 400', async () => {
    const res = await client.importImage({
      name: 'imported',
      bosUrl: 'bos://my-bucket/images/debian.qcow2',
      osType: 'linux',
      osName: 'Debian',
      osVersion: '12',
      osArch: 64,
    });
    expect(res.result).toMatch(/^im-[a-z0-9]{8}$/);
    const list = await client.listVmImage({ keywordType: 'imageId', keyword: res.result });
    expect(list.result[0]).toMatchObject({
      name: 'imported',
      status: 'SUCCEEDED',
      osName: 'Debian',
      osArch: 'x86_64 (64bit)',
    });
    await serviceError(client.importImage({ name: 'bad', bosUrl: 'ftp://nowhere/x.img' }), 400, 'BadRequest');
    await serviceError(client.importImage({ name: 'bad' }), 400, 'BadRequest');
    await serviceError(
      client.importImage({ name: 'bad', bosUrl: 'bos://b/x.img', osType: 'plan9' }),
      400,
      'BadRequest',
    );
  });
});

describe('VM images (timed lifecycle on a frozen clock)', () => {
  let emu: RunningEmulator;
  let client: BecClient;

  beforeAll(async () => {
    emu = await startEmulator({
      clock: { mode: 'frozen' },
      lifecycle: { mode: 'immediate', kinds: { vmImage: { mode: 'timed', durationMs: 10_000 } } },
    });
    client = clientFor(emu);
  });
  afterAll(async () => {
    client.close();
    await emu.close();
  });

  it('one unfinished image at a time; the VM is IMAGING meanwhile and cannot be deleted or operated', async () => {
    const { serviceId, vmIds } = await newService(client, {
      deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 2 }],
    });
    const [vmId, other] = vmIds as [string, string];
    await client.operateVmDeployment(vmId, 'stop');
    const { result: imageId } = await client.createVmImage({ vmId, name: 'slow' });
    expect((await client.getVirtualMachine(vmId)).status).toBe('IMAGING');
    expect((await client.listVmImage({ keywordType: 'imageId', keyword: imageId })).result[0]!.status).toBe('IMAGING');
    await serviceError(client.createVmImage({ vmId: other, name: 'second' }), 409, 'OperationDenied');
    await serviceError(client.importImage({ name: 'second', bosUrl: 'bos://b/x.img' }), 409, 'OperationDenied');
    await serviceError(client.createVmImage({ vmId, name: 'again' }), 409, 'OperationDenied');
    await serviceError(client.deleteVmInstance(vmId), 409, 'OperationDenied');
    await serviceError(client.deleteVmService(serviceId), 409, 'OperationDenied');
    await serviceError(client.operateVmDeployment(vmId, 'start'), 409, 'OperationDenied');
    await serviceError(client.deleteVmImage([imageId]), 409, 'OperationDenied');
    await serviceError(client.createVmService(vmArgs({ imageId, imageType: 'bec' })), 409, 'OperationDenied');
    emu.clock.advance(10_000);
    expect((await client.listVmImage({ keywordType: 'imageId', keyword: imageId })).result[0]!.status).toBe(
      'SUCCEEDED',
    );
    // Back to the state it was imaged in.
    expect((await client.getVirtualMachine(vmId)).status).toBe('STOPPED');
    const waited = await client.waitUntilVmImageAvailable(imageId, { maxWaitMs: 1000 });
    expect(waited).toBeTruthy();
    await client.deleteVmService(serviceId);
    // BEC keeps custom images when their VM goes away.
    expect((await client.listVmImage({ keywordType: 'imageId', keyword: imageId })).totalCount).toBe(1);
  });

  it('an image completed by hand (manual mode) releases its VM', async () => {
    const manual = await startEmulator({
      lifecycle: { mode: 'immediate', kinds: { vmImage: { mode: 'manual' } } },
    });
    const c = clientFor(manual);
    try {
      const { vmIds } = await newService(c);
      const { result: imageId } = await c.createVmImage({ vmId: vmIds[0]!, name: 'manual' });
      expect((await c.getVirtualMachine(vmIds[0]!)).status).toBe('IMAGING');
      expect(manual.lifecycle.complete({ kind: 'vmImage', id: imageId })).toBe(1);
      expect((await c.getVirtualMachine(vmIds[0]!)).status).toBe('RUNNING');
    } finally {
      c.close();
      await manual.close();
    }
  });
});
