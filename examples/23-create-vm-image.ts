// Create a custom image of a VM instance (seed: 创建BEC虚机镜像, CreateVmImage).
import { BecClient, type CreateVmImageArgs } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningVm } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const { vmId } = await createRunningVm(client);

  const args: CreateVmImageArgs = {
    // the VM instance
    vmId,
    // image name (1 to 65 characters)
    name: 'example-test',
  };

  try {
    const result = await client.createVmImage(args);
    console.log('create vm image success', result.result);
    const image = await client.waitUntilVmImageAvailable(result.result);
    console.log(`  ${image.imageId} is ${image.status}`);
  } catch (err) {
    console.log('create vm image failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
