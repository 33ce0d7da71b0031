/**
 * call-vs-raw: getVmServiceDetail round trips per second through bec-sdk vs a raw node:http
 * keep-alive loop sending the same pre-signed request to the same loopback server (both parse
 * the JSON body; both run sequentially, one request in flight). Two servers are measured:
 * the emulator in its own process (a BEC-like server: it verifies each signature and reads the
 * state), which is the reported figure, and a trivial in-process server returning a fixed body,
 * which shows the SDK's fixed cost per call in the worst light.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BecClient, type HttpRequest, NodeHttpTransport, type Transport } from '../packages/sdk/src/index.js';
import { spawnEmulator } from './emulator.js';
import { alternate, asyncOpsPerSecond, type BenchRow, round } from './lib.js';

const DETAIL = JSON.stringify({
  serviceId: 's-abc12345',
  serviceName: 'web',
  status: 'RUNNING',
  totalCpu: 2,
  totalMem: 4,
  totalDisk: 40,
  totalRootDisk: 40,
  regions: 1,
  deployInstances: [
    {
      region: 'EAST_CHINA',
      city: 'HANGZHOU',
      serviceProvider: 'CHINA_MOBILE',
      replicas: 1,
      regionId: 'cn-hangzhou-cm',
    },
  ],
  totalInstances: 1,
  runningInstances: 1,
  createTime: '2026-11-27T00:00:00Z',
  instances: [{ vmId: 'vm-abc12345-1-m-hangzhou-aaaaa', vmName: 'web-1', status: 'RUNNING' }],
});

const credentials = {
  accessKeyId: 'AKBENCH000000000000000000000000',
  secretAccessKey: 'SKBENCH000000000000000000000000',
};

/** Median SDK and raw rates against `endpoint` for the detail of `serviceId`. */
async function compare(
  endpoint: string,
  serviceId: string,
  rounds: number,
  callsPerRound: number,
): Promise<{ ours: number; theirs: number; ratio: number }> {
  const { port } = new URL(endpoint);
  const client = new BecClient({ endpoint, credentials });

  // Capture one signed request to replay raw.
  let captured: HttpRequest | undefined;
  const inner = new NodeHttpTransport();
  const capture: Transport = {
    send(request) {
      captured = request;
      return inner.send(request);
    },
  };
  const once = new BecClient({ endpoint, credentials, transport: capture });
  await once.getVmServiceDetail(serviceId);
  inner.close();
  const presigned = captured!;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const raw = (): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: presigned.method,
          path: `${presigned.url.pathname}${presigned.url.search}`,
          headers: presigned.headers,
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  const sdk = (): Promise<unknown> => client.getVmServiceDetail(serviceId);
  const result = await alternate(
    rounds,
    () => asyncOpsPerSecond(sdk, callsPerRound),
    () => asyncOpsPerSecond(raw, callsPerRound),
  );
  client.close();
  agent.destroy();
  return result;
}

export async function callBenchmarks(rounds: number, callsPerRound: number): Promise<BenchRow[]> {
  const { endpoint, child } = await spawnEmulator([
    '--lifecycle',
    'immediate',
    '--account',
    `${credentials.accessKeyId}:${credentials.secretAccessKey}`,
  ]);
  let emulated: { ours: number; theirs: number; ratio: number };
  try {
    const setup = new BecClient({ endpoint, credentials });
    const image =
      (await setup.listVmImage({ pageNo: 1, pageSize: 1, type: 'becCommon' })).result[0]?.imageId ?? 'm-none';
    const created = await setup.createVmService({
      serviceName: 'bench',
      imageId: image,
      cpu: 1,
      memory: 2,
      deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1 }],
      keyConfig: { type: 'password', adminPass: 'Bench@Pass123' },
    });
    setup.close();
    emulated = await compare(endpoint, created.details.serviceId, rounds, callsPerRound);
  } finally {
    child.kill('SIGTERM');
  }

  const server = http.createServer({ keepAliveTimeout: 60_000 }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'x-bce-request-id': 'r-1' });
    res.end(DETAIL);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const trivial = await compare(`http://127.0.0.1:${port}`, 's-abc12345', rounds, callsPerRound);
  server.close();

  return [
    {
      name: 'call-vs-raw',
      value: round(emulated.ours, 0),
      unit: 'calls/s',
      baseline: round(emulated.theirs, 0),
      ratio: round(emulated.ratio),
      target: 'ratio >= 0.9',
      met: emulated.ratio >= 0.9,
      note: `sequential getVmServiceDetail against the emulator (own process); vs a trivial in-process server: ${round(trivial.ours, 0)} vs ${round(trivial.theirs, 0)} calls/s, ratio ${round(trivial.ratio)}`,
    },
  ];
}
