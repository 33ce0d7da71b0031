// Reinstall the system of a VM instance (seed: 重装BEC虚机实例系统, ReinstallVmInstance).
import { BecClient, ImageType, type ReinstallVmInstanceArg } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningVm, IMAGE_ID } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const { vmId } = await createRunningVm(client);

  const args: ReinstallVmInstanceArg = {
    // image ID
    imageId: IMAGE_ID,
    // password
    adminPass: '1xxAxxx@',
    // image type: 'bcc' (default) for public images, 'bec' only for custom BEC VM images
    imageType: ImageType.BCC,
    keyConfig: { type: 'password', adminPass: '1xxAxxx@' },
  };

  try {
    const result = await client.reinstallVmInstance(vmId, args);
    console.log('reinstall bec success', result.details.status);
    await client.waitUntilVmInstanceRunning(vmId);
  } catch (err) {
    console.log('reinstall bec failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
