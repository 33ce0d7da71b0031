// Create a listener (seed: 创建监听设置, CreateBlbMonitorPort).
import { BecClient, type BlbMonitorArgs, LbMode, Protocol } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningBlb } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const BLBID = await createRunningBlb(client);

  const args: BlbMonitorArgs = {
    // scheduling
    lbMode: LbMode.WRR,
    // load balancer port
    frontendPort: { protocol: Protocol.UDP, port: 80 },
    // backend port
    backendPort: 80,
    // health check (the seed's HealthyThreshold 1000 / TimeoutInSeconds 900 are placeholders; small values here;
    // and healthCheckString is a *string in Go, so the seed's `""` needs a pointer there)
    healthCheck: {
      healthCheckString: '',
      healthCheckType: 'udp',
      healthyThreshold: 3,
      unhealthyThreshold: 3,
      timeoutInSeconds: 3,
      intervalInSeconds: 3,
    },
  };

  try {
    const result = await client.createBlbMonitorPort(BLBID, args);
    console.log('create blb listener success: ', result);
  } catch (err) {
    console.log('create blb listener failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
