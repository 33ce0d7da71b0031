// Create a load balancer (seed: 创建负载均衡, CreateBlb).
import { BecClient, type CreateBlbArgs, Region, ServiceProvider } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const args: CreateBlbArgs = {
    // load balancer name
    blbName: 'example-test',
    // region
    region: Region.EAST_CHINA,
    // city
    city: 'HANGZHOU',
    lbType: 'vm',
    serviceProvider: ServiceProvider.CHINA_MOBILE,
  };

  try {
    const result = await client.createBlb(args);
    console.log('create blb success: ', result.details.blbId, result.details.status);
    await client.waitUntilBlbRunning(result.details.blbId);
  } catch (err) {
    console.log('create blb failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
