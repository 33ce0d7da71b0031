// Update a VM instance (seed: 更新BEC虚机实例, shown there as UpdateVmDeployment, which does not
// exist: the Go method is UpdateVmInstance, here updateVmInstance; same PUT /v1/vm/instance/{vmId}).
import { BecClient, DiskType, type UpdateVmInstanceArgs, UpdateVmType } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningVm } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const { vmId } = await createRunningVm(client);

  const args: UpdateVmInstanceArgs = {
    // update type (password, replicas, resource, ...)
    type: UpdateVmType.RESOURCE,
    // CPU cores and memory (GB)
    cpu: 2,
    memory: 4,
    vmName: 'example-vm-resized',
    // system disk
    systemVolume: { volumeType: DiskType.NVME, name: 'sys' },
  };

  try {
    const result = await client.updateVmInstance(vmId, args);
    console.log('update bec instance success', result.details.vmId);
    await client.waitUntilVmInstanceRunning(vmId);
  } catch (err) {
    console.log('update bec instance failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
