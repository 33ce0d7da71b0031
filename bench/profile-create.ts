/**
 * A loop of sequential createVmService calls (a POST with a JSON body: validation, Go-compatible
 * JSON encoding, Content-MD5, signing) against the emulator in its own process, for a CPU profile
 * of the client alone. The input is bench/calls.ts's CREATE; the emulator accepts repeated creates:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/bec-prof --import tsx bench/profile-create.ts [calls]
 *   node bench/profile-top.mjs /tmp/bec-prof/<file>.cpuprofile [calls]
 */
import { BecClient } from '../packages/sdk/src/index.js';
import { spawnEmulator } from './emulator.js';

const calls = Number(process.argv[2] ?? 20_000);
const credentials = {
  accessKeyId: 'AKBENCH000000000000000000000000',
  secretAccessKey: 'SKBENCH000000000000000000000000',
};
const { endpoint, child } = await spawnEmulator([
  '--lifecycle',
  'immediate',
  '--account',
  `${credentials.accessKeyId}:${credentials.secretAccessKey}`,
]);
try {
  const client = new BecClient({ endpoint, credentials });
  const imageId =
    (await client.listVmImage({ pageNo: 1, pageSize: 1, type: 'becCommon' })).result[0]?.imageId ?? 'm-none';
  const input = {
    serviceName: 'bench-create',
    imageId,
    cpu: 1,
    memory: 2,
    deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1 }],
    keyConfig: { type: 'password' as const, adminPass: 'Bench@Pass123' },
  };
  const cpu = process.cpuUsage();
  for (let i = 0; i < calls; i++) await client.createVmService(input);
  const used = process.cpuUsage(cpu);
  process.stderr.write(`${calls} calls, ${((used.user + used.system) / calls).toFixed(1)} µs CPU per call\n`);
  client.close();
} finally {
  child.kill('SIGTERM');
}
