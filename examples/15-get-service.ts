// Get the details of a container service (seed: 获取BEC容器服务详情, GetService).
import { BecClient } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningContainerService } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const serviceId = await createRunningContainerService(client);

  try {
    const result = await client.getService(serviceId);
    console.log(
      'get bec service success: ',
      result.serviceId,
      result.status,
      `${result.runningPods}/${result.totalPods} pods`,
    );
  } catch (err) {
    console.log('get bec service failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
