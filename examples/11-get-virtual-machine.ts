// Get the details of a VM instance (seed: 获取BEC虚机实例详情, GetVirtualMachine).
import { BecClient } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningVm } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const { vmId } = await createRunningVm(client);

  try {
    const result = await client.getVirtualMachine(vmId);
    console.log('get bec instance success', result.vmId, result.status, result.internalIp);
  } catch (err) {
    console.log('get bec instance failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
