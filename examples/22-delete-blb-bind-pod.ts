// Unbind backends from a load balancer (seed: 删除后端服务器, DeleteBlbBindPod).
import { BecClient, type DeleteBlbBindPodArgs } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { bindableDeployment, createRunningBlb, createRunningVmService } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const BLBID = await createRunningBlb(client);
  const serviceId = await createRunningVmService(client);
  const { deploymentId, backends } = await bindableDeployment(client, BLBID, serviceId);
  const podWeight = backends.map((b) => ({ name: b.name, ip: b.ip, weight: 10 }));
  await client.createBlbBinding(BLBID, { bindingForms: [{ deploymentId, podWeight }] });

  const args: DeleteBlbBindPodArgs = {
    // the backends to unbind
    podWeightList: podWeight,
    deploymentIds: [deploymentId],
  };

  try {
    const result = await client.deleteBlbBindPod(BLBID, args);
    console.log('delete blb binding success: ', result);
  } catch (err) {
    console.log('delete blb binding failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
