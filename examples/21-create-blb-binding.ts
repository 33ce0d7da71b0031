// Bind backends to a load balancer (seed: 创建后端服务器, CreateBlbBinding).
import { BecClient, type CreateBlbBindingArgs } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { bindableDeployment, createRunningBlb, createRunningVmService } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const BLBID = await createRunningBlb(client);
  const serviceId = await createRunningVmService(client);
  // Which deployment (for VMs: vmrs-...) and which backends (name, IP) can be bound.
  const { deploymentId, backends } = await bindableDeployment(client, BLBID, serviceId);

  const args: CreateBlbBindingArgs = {
    // the backends to bind (the seed writes `&&api.CreateBlbBindingArgs`, a typo)
    bindingForms: [{ deploymentId, podWeight: backends.map((b) => ({ name: b.name, ip: b.ip, weight: 100 })) }],
  };

  try {
    const result = await client.createBlbBinding(BLBID, args);
    console.log('create blb binding success', result);
  } catch (err) {
    console.log('create blb binding failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
