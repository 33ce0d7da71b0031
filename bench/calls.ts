/**
 * call-vs-raw: getVmServiceDetail round trips per second through bec-sdk vs a raw node:http
 * keep-alive loop sending the same pre-signed request to the same loopback server (both parse
 * the JSON body; both run sequentially, one request in flight).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BecClient, type HttpRequest, NodeHttpTransport, type Transport } from '../packages/sdk/src/index.js';
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

export async function callBenchmarks(rounds: number, callsPerRound: number): Promise<BenchRow[]> {
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'x-bce-request-id': 'r-1' });
    res.end(DETAIL);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new BecClient({ endpoint, credentials: { accessKeyId: 'AKBENCH', secretAccessKey: 'SKBENCH' } });

  // Capture one signed request to replay raw.
  let captured: HttpRequest | undefined;
  const inner = new NodeHttpTransport();
  const capture: Transport = {
    send(request) {
      captured = request;
      return inner.send(request);
    },
  };
  const once = new BecClient({
    endpoint,
    credentials: { accessKeyId: 'AKBENCH', secretAccessKey: 'SKBENCH' },
    transport: capture,
  });
  await once.getVmServiceDetail('s-abc12345');
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
  const sdk = (): Promise<unknown> => client.getVmServiceDetail('s-abc12345');

  const result = await alternate(
    rounds,
    () => asyncOpsPerSecond(sdk, callsPerRound),
    () => asyncOpsPerSecond(raw, callsPerRound),
  );
  client.close();
  agent.destroy();
  server.close();
  return [
    {
      name: 'call-vs-raw',
      value: round(result.ours, 0),
      unit: 'calls/s',
      baseline: round(result.theirs, 0),
      ratio: round(result.ratio),
      target: 'ratio >= 0.9',
      met: result.ratio >= 0.9,
      note: 'sequential getVmServiceDetail on loopback; raw = pre-signed node:http keep-alive + JSON.parse',
    },
  ];
}
