// Get the details of a load balancer (seed: 查看负载均衡详情, GetBlbDetail).
import { BecClient } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningBlb } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const BLBID = await createRunningBlb(client);

  try {
    const result = await client.getBlbDetail(BLBID);
    console.log('get blb detail success', result.blbId, result.status, result.lbType, result.regionId);
  } catch (err) {
    console.log('get blb detail failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
