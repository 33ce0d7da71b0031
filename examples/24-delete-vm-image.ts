// Delete VM images (seed: 批量删除BEC虚机镜像, DeleteVmImage).
import { BecClient } from 'bec-sdk';
import { trackCreations } from './lib/cleanup.js';
import { createVmImage } from './lib/fixtures.js';

const client = new BecClient();
const created = trackCreations(client); // deleted again in `finally`, even after a failure

try {
  const first = await createVmImage(client, 'example-1');
  const second = await createVmImage(client, 'example-2');

  const args = [first, second];

  try {
    const result = await client.deleteVmImage(args);
    console.log('delete vm image success', result);
  } catch (err) {
    console.log('delete vm image failed:', err);
    process.exitCode = 1;
  }
} finally {
  await created.cleanUp();
  client.close();
}
