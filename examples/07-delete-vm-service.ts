// Delete a VM service (seed: 删除BEC虚机服务, DeleteVmService).
import { BecClient } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningVmService } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const serviceId = await createRunningVmService(client);

  try {
    const result = await client.deleteVmService(serviceId);
    console.log('delete bec success', result.result);
    await client.waitUntilVmServiceDeleted(serviceId);
  } catch (err) {
    console.log('delete bec failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
