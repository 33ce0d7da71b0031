import { type RunningEmulator, startEmulator } from 'bec-emulator';
import { BecClient } from 'bec-sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';

let emulator: RunningEmulator;
let bec: BecClient;

beforeAll(async () => {
  // A free port on 127.0.0.1; resources finish their transitions at once.
  emulator = await startEmulator({ lifecycle: { mode: 'immediate' } });
  bec = new BecClient({ endpoint: emulator.endpoint, credentials: emulator.credentials });
});

afterAll(async () => {
  bec.close();
  await emulator.close();
});

it('refuses to stop a stopped instance', async () => {
  const { details } = await bec.createVmService({
    imageId: 'm-Ubun2204',
    cpu: 1,
    memory: 2,
    deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1 }],
    keyConfig: { type: 'password', adminPass: 'Example123!' },
  });
  const vmId = details.instances[0]!.vmId;
  await bec.operateVmDeployment(vmId, 'stop');
  await expect(bec.operateVmDeployment(vmId, 'stop')).rejects.toMatchObject({
    statusCode: 409,
    code: 'OperationDenied',
  });
});
