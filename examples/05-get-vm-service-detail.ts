// Get the details of a VM service (seed: 获取BEC虚机实例详情, GetVmServiceDetail).
import { BecClient } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningVmService } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const serviceId = await createRunningVmService(client);

  try {
    const result = await client.getVmServiceDetail(serviceId);
    console.log('get bec success: ', result);
  } catch (err) {
    console.log('get bec failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
