/**
 * fetch-vs-node: getVmServiceDetail calls per second through bec-sdk over the fetch transport vs
 * the node:http transport (the default on Node), against the emulator in its own process;
 * sequential (one call in flight), rounds alternating between the two, medians reported.
 */
import { BecClient } from '../packages/sdk/src/index.js';
import { spawnEmulator } from './emulator.js';
import { alternate, asyncOpsPerSecond, type BenchRow, round } from './lib.js';

const credentials = {
  accessKeyId: 'AKBENCH000000000000000000000000',
  secretAccessKey: 'SKBENCH000000000000000000000000',
};

export async function transportBenchmarks(rounds: number, callsPerRound: number): Promise<BenchRow[]> {
  const { endpoint, child } = await spawnEmulator([
    '--lifecycle',
    'immediate',
    '--account',
    `${credentials.accessKeyId}:${credentials.secretAccessKey}`,
  ]);
  try {
    const node = new BecClient({ endpoint, credentials, transport: 'node' });
    const fetched = new BecClient({ endpoint, credentials, transport: 'fetch' });
    const image =
      (await node.listVmImage({ pageNo: 1, pageSize: 1, type: 'becCommon' })).result[0]?.imageId ?? 'm-none';
    const created = await node.createVmService({
      serviceName: 'bench',
      imageId: image,
      cpu: 1,
      memory: 2,
      deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1 }],
      keyConfig: { type: 'password', adminPass: 'Bench@Pass123' },
    });
    const id = created.details.serviceId;
    // Warm both connection pools.
    await fetched.getVmServiceDetail(id);
    await node.getVmServiceDetail(id);
    const result = await alternate(
      rounds,
      () => asyncOpsPerSecond(() => fetched.getVmServiceDetail(id), callsPerRound),
      () => asyncOpsPerSecond(() => node.getVmServiceDetail(id), callsPerRound),
    );
    node.close();
    fetched.close();
    return [
      {
        name: 'fetch-vs-node',
        value: round(result.ours, 0),
        unit: 'calls/s',
        baseline: round(result.theirs, 0),
        ratio: round(result.ratio),
        note: `sequential getVmServiceDetail against the emulator (own process): fetch transport vs node:http (baseline), ${rounds} alternating rounds of ${callsPerRound} calls, medians`,
      },
    ];
  } finally {
    child.kill('SIGTERM');
  }
}
