// Delete a container service (seed: 删除BEC容器服务, DeleteService; the seed shows this section twice).
import { BecClient } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningContainerService } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const serviceId = await createRunningContainerService(client);

  try {
    const result = await client.deleteService(serviceId);
    console.log('delete bec service success: ', result);
    await client.waitUntilServiceDeleted(serviceId);
  } catch (err) {
    console.log('delete bec service failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
