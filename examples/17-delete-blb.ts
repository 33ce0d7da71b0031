// Delete a load balancer (seed: 删除负载均衡, DeleteBlb).
import { BecClient } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningBlb } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const BLBID = await createRunningBlb(client);

  try {
    const result = await client.deleteBlb(BLBID);
    console.log('delete blb success', result);
    await client.waitUntilBlbDeleted(BLBID);
  } catch (err) {
    console.log('delete blb failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
