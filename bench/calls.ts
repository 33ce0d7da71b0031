/**
 * The client alone, against servers in other processes. For each case the bench runs bec-sdk and
 * a raw loop (a plain node:http keep-alive client replaying one pre-signed request and parsing the
 * JSON) in alternating rounds after a warm-up, and reports medians of: calls per second, client
 * CPU µs per call (process.cpuUsage over the round / calls: this process only, the server's CPU is
 * not counted) and heap bytes allocated per call (used heap growth plus what each GC freed).
 *
 * Cases: getVmServiceDetail against the emulator (strict signatures), sequential and with 16 in
 * flight; createVmService with a JSON body against the emulator, sequential and with 16 in flight
 * (CreateVmService takes no clientToken, and the emulator with strict signatures accepts the same
 * signed create again within its validity, so the raw loop replays one pre-signed create and each
 * replay creates a service, as each SDK call does); getVmServiceDetail against a trivial fixed-response server in
 * its own process. For reference (no target), the detail GET is also compared with a bare socket
 * replaying the request bytes, below any HTTP client.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { BecClient, type HttpRequest, NodeHttpTransport, type Transport } from '../packages/sdk/src/index.js';
import { spawnEmulator } from './emulator.js';
import { type BenchRow, median, round } from './lib.js';

const here = dirname(fileURLToPath(import.meta.url));

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

/** One round's cost: calls/s, client CPU µs per call, heap bytes allocated per call. */
export interface Cost {
  rate: number;
  cpuUs: number;
  heapBytes: number;
}

/** Runs `count` calls, `concurrency` in flight, and measures this process's CPU and allocation. */
export async function measure(fn: () => Promise<unknown>, count: number, concurrency: number): Promise<Cost> {
  const profiler = new v8.GCProfiler();
  const heapBefore = v8.getHeapStatistics().used_heap_size;
  profiler.start();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  if (concurrency === 1) {
    for (let i = 0; i < count; i++) await fn();
  } else {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next++ < count) await fn();
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const heapAfter = v8.getHeapStatistics().used_heap_size;
  const gcs = profiler.stop()?.statistics ?? [];
  let freed = 0;
  for (const gc of gcs) freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
  return {
    rate: (count / wall) * 1000,
    cpuUs: (cpu.user + cpu.system) / count,
    heapBytes: (heapAfter - heapBefore + freed) / count,
  };
}

export interface Comparison {
  sdk: Cost;
  raw: Cost;
  /** Medians of the per-round ratios sdk / raw. */
  rateRatio: number;
  cpuRatio: number;
}

/** Warm-up, then alternating rounds of both sides; medians of each figure and of per-round ratios. */
async function compare(
  sdk: () => Promise<unknown>,
  raw: () => Promise<unknown>,
  rounds: number,
  calls: number,
  concurrency: number,
): Promise<Comparison> {
  await measure(sdk, Math.min(calls, 500), concurrency);
  await measure(raw, Math.min(calls, 500), concurrency);
  const ours: Cost[] = [];
  const theirs: Cost[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      ours.push(await measure(sdk, calls, concurrency));
      theirs.push(await measure(raw, calls, concurrency));
    } else {
      theirs.push(await measure(raw, calls, concurrency));
      ours.push(await measure(sdk, calls, concurrency));
    }
  }
  const med = (costs: Cost[]): Cost => ({
    rate: median(costs.map((c) => c.rate)),
    cpuUs: median(costs.map((c) => c.cpuUs)),
    heapBytes: median(costs.map((c) => c.heapBytes)),
  });
  return {
    sdk: med(ours),
    raw: med(theirs),
    rateRatio: median(ours.map((o, i) => o.rate / theirs[i]!.rate)),
    cpuRatio: median(ours.map((o, i) => o.cpuUs / theirs[i]!.cpuUs)),
  };
}

/** The request the SDK sends for `call`, captured once through a recording transport. */
async function presign(endpoint: string, call: (client: BecClient) => Promise<unknown>): Promise<HttpRequest> {
  let captured: HttpRequest | undefined;
  const inner = new NodeHttpTransport();
  const capture: Transport = {
    send(request) {
      captured = request;
      return inner.send(request);
    },
  };
  const client = new BecClient({ endpoint, credentials, transport: capture });
  await call(client);
  inner.close();
  return captured!;
}

/** A raw node:http keep-alive loop replaying `presigned` and parsing the JSON answer. */
function rawLoop(presigned: HttpRequest, maxSockets: number): { send: () => Promise<unknown>; close: () => void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const options: http.RequestOptions = {
    host: presigned.url.hostname,
    port: presigned.url.port,
    method: presigned.method,
    path: `${presigned.url.pathname}${presigned.url.search}`,
    headers: presigned.headers,
    agent,
  };
  const body = presigned.body;
  const send = (): Promise<unknown> =>
    new Promise((resolveBody, reject) => {
      const req = http.request(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if ((res.statusCode ?? 0) >= 300) reject(new Error(`raw loop: HTTP ${res.statusCode}`));
          else resolveBody(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/**
 * A reference below every HTTP client: one kept-alive TCP socket replaying the pre-signed request's
 * bytes and reading a Content-Length answer with no checks at all, then parsing the JSON. Not a
 * target (it skips everything a client must do); it shows how much of a call is the socket itself.
 */
async function socketLoop(presigned: HttpRequest): Promise<{ send: () => Promise<unknown>; close: () => void }> {
  const { url } = presigned;
  let head = `${presigned.method} ${url.pathname}${url.search} HTTP/1.1\r\n`;
  for (const [k, v] of Object.entries(presigned.headers)) head += `${k}: ${v}\r\n`;
  const bytes = Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), presigned.body ?? Buffer.alloc(0)]);
  const socket = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
  await new Promise<void>((resolveConnect, reject) => {
    socket.once('connect', resolveConnect);
    socket.once('error', reject);
  });
  let waiting: ((value: unknown) => void) | undefined;
  let pending: Buffer | undefined;
  socket.on('data', (chunk: Buffer) => {
    pending = pending ? Buffer.concat([pending, chunk]) : chunk;
    const end = pending.indexOf('\r\n\r\n');
    if (end === -1) return;
    const length = Number(/content-length: *(\d+)/i.exec(pending.toString('latin1', 0, end))?.[1]);
    if (pending.length < end + 4 + length) return;
    const body = pending.toString('utf8', end + 4, end + 4 + length);
    pending = undefined;
    const done = waiting!;
    waiting = undefined;
    done(JSON.parse(body));
  });
  const send = (): Promise<unknown> =>
    new Promise((resolveBody) => {
      waiting = resolveBody;
      socket.write(bytes);
    });
  return { send, close: () => socket.destroy() };
}

async function spawnTrivial(): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [resolve(here, 'trivial-server.mjs'), DETAIL], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const endpoint = await new Promise<string>((resolveEndpoint, reject) => {
    child.once('exit', (code) => reject(new Error(`trivial server exited with ${code}`)));
    lines.on('line', (line) => {
      const m = line.match(/(http:\/\/\S+)/);
      if (m) resolveEndpoint(m[1]!);
    });
  });
  return { endpoint, child };
}

const CREATE = {
  serviceName: 'bench-create',
  cpu: 1,
  memory: 2,
  deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1 }],
  keyConfig: { type: 'password' as const, adminPass: 'Bench@Pass123' },
};

export interface CallFigures {
  detail: Comparison;
  /** bec-sdk against the bare socket loop (informational). */
  detailSocket: Comparison;
  detail16: Comparison;
  create: Comparison;
  create16: Comparison;
  trivial: Comparison;
}

export async function measureCalls(rounds: number, calls: number): Promise<CallFigures> {
  const emu = await spawnEmulator([
    '--lifecycle',
    'immediate',
    '--account',
    `${credentials.accessKeyId}:${credentials.secretAccessKey}`,
  ]);
  let detail: Comparison;
  let detailSocket: Comparison;
  let detail16: Comparison;
  let create: Comparison;
  let create16: Comparison;
  try {
    const { endpoint } = emu;
    const client = new BecClient({ endpoint, credentials });
    const imageId =
      (await client.listVmImage({ pageNo: 1, pageSize: 1, type: 'becCommon' })).result[0]?.imageId ?? 'm-none';
    const created = await client.createVmService({ ...CREATE, serviceName: 'bench', imageId });
    const serviceId = created.details.serviceId;
    const getDetail = (): Promise<unknown> => client.getVmServiceDetail(serviceId);

    const detailRaw = rawLoop(await presign(endpoint, (c) => c.getVmServiceDetail(serviceId)), 16);
    detail = await compare(getDetail, detailRaw.send, rounds, calls, 1);
    detail16 = await compare(getDetail, detailRaw.send, rounds, calls, 16);
    detailRaw.close();
    const bare = await socketLoop(await presign(endpoint, (c) => c.getVmServiceDetail(serviceId)));
    detailSocket = await compare(getDetail, bare.send, rounds, calls, 1);
    bare.close();

    const createInput = { ...CREATE, imageId };
    const createRaw = rawLoop(await presign(endpoint, (c) => c.createVmService(createInput)), 16);
    const sdkCreate = (): Promise<unknown> => client.createVmService(createInput);
    create = await compare(sdkCreate, createRaw.send, rounds, calls, 1);
    create16 = await compare(sdkCreate, createRaw.send, rounds, calls, 16);
    createRaw.close();
    client.close();
  } finally {
    emu.child.kill('SIGTERM');
  }

  const triv = await spawnTrivial();
  let trivial: Comparison;
  try {
    const client = new BecClient({ endpoint: triv.endpoint, credentials });
    const raw = rawLoop(await presign(triv.endpoint, (c) => c.getVmServiceDetail('s-abc12345')), 16);
    trivial = await compare(() => client.getVmServiceDetail('s-abc12345'), raw.send, rounds, calls, 1);
    raw.close();
    client.close();
  } finally {
    triv.child.kill('SIGTERM');
  }
  return { detail, detailSocket, detail16, create, create16, trivial };
}

const fmt = (c: Cost): string => `${round(c.cpuUs, 1)} µs CPU, ${round(c.heapBytes, 0)} B heap, ${round(c.rate, 0)}/s`;

export async function callBenchmarks(rounds: number, calls: number): Promise<BenchRow[]> {
  const { detail, detailSocket, detail16, create, create16, trivial } = await measureCalls(rounds, calls);
  const createVsGet = create.sdk.cpuUs / detail.sdk.cpuUs;
  return [
    {
      name: 'call-vs-raw',
      value: round(detail.sdk.rate, 0),
      unit: 'calls/s',
      baseline: round(detail.raw.rate, 0),
      ratio: round(detail.rateRatio),
      target: 'ratio >= 0.9',
      met: detail.rateRatio >= 0.9,
      note: `sequential getVmServiceDetail, emulator in its own process; client ${fmt(detail.sdk)}; raw ${fmt(detail.raw)}`,
    },
    {
      name: 'client-cpu-vs-raw',
      value: round(detail.sdk.cpuUs, 1),
      unit: 'µs CPU/call',
      baseline: round(detail.raw.cpuUs, 1),
      ratio: round(detail.cpuRatio),
      target: 'ratio <= 1.2',
      met: detail.cpuRatio <= 1.2,
      note: `heap per call: client ${round(detail.sdk.heapBytes, 0)} B, raw ${round(detail.raw.heapBytes, 0)} B`,
    },
    {
      name: 'client-cpu-us',
      value: round(detail.sdk.cpuUs, 1),
      unit: 'µs CPU/call',
      baseline: null,
      ratio: null,
      note: 'sequential getVmServiceDetail against the emulator, for the record',
    },
    {
      name: 'client-cpu-vs-socket',
      value: round(detailSocket.sdk.cpuUs, 1),
      unit: 'µs CPU/call',
      baseline: round(detailSocket.raw.cpuUs, 1),
      ratio: round(detailSocket.cpuRatio),
      note: `informational: sequential getVmServiceDetail against a bare kept-alive socket replaying the request bytes (no HTTP client at all); rate ratio ${round(detailSocket.rateRatio)}; client ${fmt(detailSocket.sdk)}; socket ${fmt(detailSocket.raw)}`,
    },
    {
      name: 'call-vs-raw-c16',
      value: round(detail16.sdk.rate, 0),
      unit: 'calls/s',
      baseline: round(detail16.raw.rate, 0),
      ratio: round(detail16.rateRatio),
      target: 'ratio >= 0.9',
      met: detail16.rateRatio >= 0.9,
      note: `16 in flight; client ${fmt(detail16.sdk)}; raw ${fmt(detail16.raw)}; CPU ratio ${round(detail16.cpuRatio)}`,
    },
    {
      name: 'call-vs-raw-trivial',
      value: round(trivial.sdk.rate, 0),
      unit: 'calls/s',
      baseline: round(trivial.raw.rate, 0),
      ratio: round(trivial.rateRatio),
      target: 'ratio >= 0.85',
      met: trivial.rateRatio >= 0.85,
      note: `sequential, fixed-response server in its own process; client ${fmt(trivial.sdk)}; raw ${fmt(trivial.raw)}; CPU ratio ${round(trivial.cpuRatio)}`,
    },
    {
      name: 'create-vs-get',
      value: round(create.sdk.cpuUs, 1),
      unit: 'µs CPU/call',
      baseline: round(detail.sdk.cpuUs, 1),
      ratio: round(createVsGet),
      target: 'ratio <= 1.3',
      met: createVsGet <= 1.3,
      note: `createVmService with a JSON body (the raw loop replays one pre-signed create, accepted by the emulator); client ${fmt(create.sdk)}; raw replay ${fmt(create.raw)}; CPU ratio to raw ${round(create.cpuRatio)}`,
    },
    {
      name: 'create-vs-raw-c16',
      value: round(create16.sdk.rate, 0),
      unit: 'calls/s',
      baseline: round(create16.raw.rate, 0),
      ratio: round(create16.rateRatio),
      note: `informational: createVmService with 16 in flight against the raw replay; client ${fmt(create16.sdk)}; raw replay ${fmt(create16.raw)}; CPU ratio ${round(create16.cpuRatio)}`,
    },
  ];
}
