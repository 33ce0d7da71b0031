// Delete listeners (seed: 删除监听设置, DeleteBlbMonitorPort).
import { BecClient, type Port, Protocol } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createRunningBlb, createUdpListener } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const BLBID = await createRunningBlb(client);
  await createUdpListener(client, BLBID);

  // the listener ports to delete
  const args: Port[] = [{ protocol: Protocol.UDP, port: 80 }];

  try {
    const result = await client.deleteBlbMonitorPort(BLBID, args);
    console.log('delete blb listener success', result);
  } catch (err) {
    console.log('delete blb listener failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
