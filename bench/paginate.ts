/**
 * paginate-100k: peak heap growth while iterating 100,000 VM services through
 * paginateGetVmServiceList (1000 per page) from a loopback server. Flat means the growth stays
 * around one page, whatever the total.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BecClient } from '../packages/sdk/src/index.js';
import { type BenchRow, round } from './lib.js';

function item(i: number): Record<string, unknown> {
  return {
    serviceId: `s-${i.toString(36).padStart(8, '0')}`,
    serviceName: `service-${i}`,
    status: 'RUNNING',
    totalCpu: 2,
    totalMem: 4,
    totalDisk: 40,
    regions: 1,
    totalInstances: 1,
    runningInstances: 1,
    createTime: '2026-11-27T00:00:00Z',
    deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1, region: 'EAST_CHINA', city: 'HANGZHOU' }],
  };
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  return process.memoryUsage().heapUsed;
}

export async function paginateBenchmark(total: number): Promise<BenchRow[]> {
  const pageSize = 1000;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const pageNo = Number(url.searchParams.get('pageNo') ?? 1);
    const size = Number(url.searchParams.get('pageSize') ?? pageSize);
    const start = (pageNo - 1) * size;
    const result = [];
    for (let i = start; i < Math.min(total, start + size); i++) result.push(item(i));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ result, pageNo, pageSize: size, totalCount: total, order: 'desc', orderBy: 'createTime' }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const client = new BecClient({
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
  });

  // Size of one page on the wire, for scale.
  const onePage = await client.getVmServiceList({ pageNo: 1, pageSize });
  const pageBytes = JSON.stringify(onePage).length;

  const iterate = async (limit: number): Promise<{ peak: number; end: number; count: number }> => {
    const baseline = heapUsed();
    let peak = 0;
    let count = 0;
    for await (const _service of client.paginateGetVmServiceList({ pageSize })) {
      count++;
      if (count % pageSize === 0) peak = Math.max(peak, heapUsed() - baseline);
      if (count === limit) break;
    }
    return { peak, end: heapUsed() - baseline, count };
  };
  // A warm-up pass first: compiled code, inline caches and pooled connections reach their size
  // there, so that what the two measured passes differ by is what the items themselves retain.
  await iterate(total / 10);
  const small = await iterate(total / 10);
  const { peak, end, count } = await iterate(total);
  client.close();
  server.close();
  const mb = (n: number): number => round(n / 1024 / 1024);
  return [
    {
      name: 'paginate-100k',
      value: mb(peak),
      unit: 'MB peak heap growth',
      baseline: mb(small.peak),
      ratio: round(peak / small.peak),
      target: 'flat: 100k peak ≈ 10k peak',
      met: count === total && peak <= 1.5 * small.peak + pageBytes,
      note: `baseline = peak over the first ${small.count} items; one page is ${mb(pageBytes)} MB of JSON; growth after the loop ${mb(end)} MB${gc ? '' : ' (run with --expose-gc for exact figures)'}`,
    },
  ];
}
