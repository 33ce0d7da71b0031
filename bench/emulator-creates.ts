/**
 * Sequential createVmService calls (one service with one instance each) against the built
 * emulator in its own process, printing the wall time per create for each block of 1,000, and
 * after each block the time of a getVmServiceDetail of the first service. A flat line means a
 * create and a detail GET cost the same however many services and instances the account holds:
 *
 *   npm run build -w packages/emulator
 *   node --import tsx bench/emulator-creates.ts [creates] [endpoint]
 *
 * With an endpoint it drives an emulator started by hand (e.g. under --cpu-prof, then read with
 * bench/profile-top.mjs) instead of starting one.
 */
import { BecClient } from '../packages/sdk/src/index.js';
import { spawnEmulator } from './emulator.js';

const creates = Number(process.argv[2] ?? 6_000);
const block = 1_000;
const details = 200;
const credentials = {
  accessKeyId: 'AKBENCH000000000000000000000000',
  secretAccessKey: 'SKBENCH000000000000000000000000',
};
/** The CREATE input of bench/calls.ts. */
const CREATE = {
  serviceName: 'bench-create',
  cpu: 1,
  memory: 2,
  deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1 }],
  keyConfig: { type: 'password' as const, adminPass: 'Bench@Pass123' },
};

const given = process.argv[3];
const { endpoint, child } = given
  ? { endpoint: given, child: undefined }
  : await spawnEmulator([
      '--lifecycle',
      'immediate',
      '--account',
      `${credentials.accessKeyId}:${credentials.secretAccessKey}`,
    ]);
try {
  const client = new BecClient({ endpoint, credentials });
  const imageId =
    (await client.listVmImage({ pageNo: 1, pageSize: 1, type: 'becCommon' })).result[0]?.imageId ?? 'm-none';
  const input = { ...CREATE, imageId };
  let first: string | undefined;
  let started = performance.now();
  for (let i = 1; i <= creates; i++) {
    const { serviceId } = (await client.createVmService(input)).details;
    first ??= serviceId;
    if (i % block === 0 || i === creates) {
      const n = i % block || block;
      const perCreate = (performance.now() - started) / n;
      const detailStart = performance.now();
      for (let k = 0; k < details; k++) await client.getVmServiceDetail(first);
      const perDetail = (performance.now() - detailStart) / details;
      process.stdout.write(
        `creates ${i - n + 1}-${i}: ${perCreate.toFixed(3)} ms/create; then ${perDetail.toFixed(3)} ms/detail GET\n`,
      );
      started = performance.now();
    }
  }
  client.close();
} finally {
  child?.kill('SIGTERM');
}
