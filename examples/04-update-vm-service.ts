// Update a VM service (seed: 更新BEC虚机服务, UpdateVmService).
import { BecClient, Region, ServiceProvider, type UpdateVmServiceArgs, UpdateVmType } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningVmService } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const serviceId = await createRunningVmService(client);

  const args: UpdateVmServiceArgs = {
    // update type: serviceName, vmName, password, replicas, resource, securityGroup or hostname
    type: UpdateVmType.SERVICE_NAME,
    // VM name
    vmName: 'vm-example',
    // service name
    serviceName: 'example-vm-2',
    // where to deploy (the seed also lists a Guangzhou China Unicom deployment)
    deployInstances: [
      { region: Region.EAST_CHINA, city: 'HANGZHOU', replicas: 1, serviceProvider: ServiceProvider.CHINA_MOBILE },
    ],
  };

  try {
    const result = await client.updateVmService(serviceId, args);
    console.log('update bec success', result.details.serviceName);
  } catch (err) {
    console.log('update bec failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
