// Get the details of a VM instance (seed: 获取BEC虚机实例详情, GetVirtualMachine).
import { BecClient } from 'bec-sdk';
import { createRunningVm } from './lib/fixtures.js';

const client = new BecClient();
const { vmId } = await createRunningVm(client);

try {
  const result = await client.getVirtualMachine(vmId);
  console.log('get bec instance success', result.vmId, result.status, result.internalIp);
} catch (err) {
  console.log('get bec instance failed:', err);
  process.exitCode = 1;
}
client.close();
