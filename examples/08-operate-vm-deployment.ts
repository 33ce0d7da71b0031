// Start, stop or restart a VM instance (seed: 操作BEC虚机实例, OperateVmDeployment).
import { BecClient, VmInstanceBatchOperateAction } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningVm } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const { vmId } = await createRunningVm(client);
  const action = VmInstanceBatchOperateAction.STOP; // start, stop or restart

  try {
    const result = await client.operateVmDeployment(vmId, action);
    console.log('operate bec success', result.action);
    const vm = await client.waitUntilVmInstanceStopped(vmId);
    console.log(`  ${vm.vmId} is ${vm.status}`);
  } catch (err) {
    console.log('operate bec failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
