// Delete a VM service (seed: 删除BEC虚机服务, DeleteVmService).
import { BecClient } from 'bec-sdk';
import { createRunningVmService } from './lib/fixtures.js';

const client = new BecClient();
const serviceId = await createRunningVmService(client);

try {
  const result = await client.deleteVmService(serviceId);
  console.log('delete bec success', result.result);
  await client.waitUntilVmServiceDeleted(serviceId);
} catch (err) {
  console.log('delete bec failed:', err);
  process.exitCode = 1;
}
client.close();
