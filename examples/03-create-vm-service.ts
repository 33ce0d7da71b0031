// Create a VM service (seed: 创建虚机实例, CreateVmService).
import { BecClient, type CreateVmServiceArgs, DiskType, ImageType, Region, ServiceProvider } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { IMAGE_ID } from './lib/fixtures.js';

const client = new BecClient(); // endpoint and keys from BEC_ENDPOINT, BCE_ACCESS_KEY_ID, BCE_SECRET_ACCESS_KEY
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const args: CreateVmServiceArgs = {
    // VM service name
    serviceName: 'example-vm',
    // image ID (the seed uses a custom image, im-dikfttnj-3-u-guangzhou with imageType 'bec')
    imageId: IMAGE_ID,
    // password
    adminPass: 'x123Example@',
    // system disk
    systemVolume: { volumeType: DiskType.NVME },
    // CPU cores and memory (GB)
    cpu: 1,
    memory: 2,
    // where to deploy
    deployInstances: [
      { city: 'HANGZHOU', region: Region.EAST_CHINA, serviceProvider: ServiceProvider.CHINA_MOBILE, replicas: 1 },
    ],
    // image type: 'bcc' (default) for public images, 'bec' only for custom BEC VM images
    imageType: ImageType.BCC,
    // password or key pair
    keyConfig: { type: 'password', adminPass: 'x123Example@' },
  };

  try {
    const result = await client.createVmService(args);
    console.log('create bec success: ', result);
    // TypeScript extra: wait until every instance runs.
    await client.waitUntilVmServiceRunning(result.details.serviceId, {
      onProgress: (status, svc) => console.log(`  ${status}, ${svc?.runningInstances}/${svc?.totalInstances} running`),
    });
  } catch (err) {
    console.log('create bec failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
