// List VM instances (seed: 获取BEC虚机实例列表, GetVmInstanceList).
import { BecClient, type GetVmInstanceListInput } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningVm } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const { vmId } = await createRunningVm(client);

  const args: GetVmInstanceListInput = {
    // what the keyword is: instanceId or serviceId (default serviceId)
    keywordType: 'instanceId',
    // the keyword
    keyword: vmId,
  };

  try {
    const result = await client.getVmInstanceList(args);
    console.log(
      'get bec instance list success',
      result.result.map((vm) => `${vm.vmId} ${vm.status}`),
    );
  } catch (err) {
    console.log('get bec instance list failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
