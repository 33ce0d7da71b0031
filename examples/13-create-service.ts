// Create a container service (seed: 创建BEC容器服务, CreateService).
import { BecClient, type CreateServiceArgs, Region, ServiceProvider } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const args: CreateServiceArgs = {
    // service name
    serviceName: 'example-1-test',
    // payment method: only postpay
    paymentMethod: 'postpay',
    // container group name
    containerGroupName: 'cg1',
    // public bandwidth when needPublicIp is true: 1 to 2048 Mbps (up to 5120 on a whitelist)
    bandwidth: 100,
    // buy a public IP (default false)
    needPublicIp: false,
    // the containers
    containers: [
      {
        name: 'container01',
        cpu: 1,
        memory: 2,
        imageAddress: 'hub.baidubce.com/public/mysql',
        imageVersion: '5.7',
        commands: ['sh', '-c', 'echo OK!&& sleep 3660'],
        // (the seed writes &[]api.V1VolumeMount{...}: the Go field is a slice, not a pointer)
        volumeMounts: [{ mountPath: '/temp', name: 'emptydir01' }],
      },
    ],
    // where to deploy
    deployInstances: [
      { region: Region.EAST_CHINA, replicas: 1, city: 'SHANGHAI', serviceProvider: ServiceProvider.CHINA_TELECOM },
    ],
    // volumes
    volumes: { emptyDir: [{ name: 'emptydir01' }] },
    // tags
    tags: [{ tagKey: 'a', tagValue: '1' }],
  };

  try {
    const result = await client.createService(args);
    console.log('create bec service success: ', result.details.serviceId, result.details.status);
    await client.waitUntilServiceRunning(result.details.serviceId);
  } catch (err) {
    console.log('create bec service failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
