// List VM services (seed: 获取BEC虚机服务列表, GetVmServiceList).
import { BecClient, type GetVmServiceListInput } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningVmService } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  await createRunningVmService(client);

  const args: GetVmServiceListInput = {
    // page number, default 1, minimum 1
    pageNo: 1,
    // page size, default 1000, 1 to 1000 (the seed writes `pageSize` in lower case, which Go does not compile)
    pageSize: 100,
  };

  try {
    const result = await client.getVmServiceList(args);
    console.log(
      'list bec success: ',
      result.totalCount,
      result.result.map((s) => s.serviceId),
    );
    // TypeScript extra: every page, one at a time.
    for await (const service of client.paginateGetVmServiceList({ pageSize: 100 })) {
      console.log(`  ${service.serviceId} ${service.serviceName} ${service.status}`);
    }
  } catch (err) {
    console.log('list bec failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
