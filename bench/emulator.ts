/**
 * emulator-rps / emulator-p99: signed getVmServiceDetail GETs against the built emulator running
 * in its own process, driven by autocannon with 64 concurrent connections.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { BecClient, type HttpRequest, NodeHttpTransport, type Transport } from '../packages/sdk/src/index.js';
import { type BenchRow, round } from './lib.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Starts `bec-emulator` from its build in a child process; resolves with the endpoint it prints. */
export async function spawnEmulator(args: string[]): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [resolve(root, 'packages/emulator/bin/bec-emulator.js'), '--port', '0', ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const endpoint = await new Promise<string>((resolveEndpoint, reject) => {
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    lines.on('line', (line) => {
      const m = line.match(/(http:\/\/\S+)/);
      if (m) resolveEndpoint(m[1]!);
    });
  });
  return { endpoint, child };
}

export async function emulatorBenchmarks(durationSeconds: number): Promise<BenchRow[]> {
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
    const created = await client.createVmService({
      serviceName: 'bench',
      imageId: (await firstImageId(client)) ?? 'm-bench',
      cpu: 1,
      memory: 2,
      deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1 }],
      keyConfig: { type: 'password', adminPass: 'Bench@Pass123' },
    });
    const serviceId = created.details.serviceId;

    let presigned: HttpRequest | undefined;
    const inner = new NodeHttpTransport();
    const capture: Transport = {
      send(request) {
        presigned = request;
        return inner.send(request);
      },
    };
    await new BecClient({ endpoint, credentials, transport: capture }).getVmServiceDetail(serviceId);
    inner.close();
    client.close();

    const result = await autocannon({
      url: `${endpoint}${presigned!.url.pathname}`,
      method: 'GET',
      headers: presigned!.headers as Record<string, string>,
      connections: 64,
      duration: durationSeconds,
    });
    const rps = result.requests.average;
    const p99 = result.latency.p99;
    const errors = result.non2xx + result.errors;
    return [
      {
        name: 'emulator-rps',
        value: round(rps, 0),
        unit: 'req/s',
        baseline: 5000,
        ratio: round(rps / 5000),
        target: '>= 5000 req/s',
        met: rps >= 5000 && errors === 0,
        note: `autocannon, 64 connections, ${durationSeconds} s, signed GET detail, ${errors} errors`,
      },
      {
        name: 'emulator-p99',
        value: p99,
        unit: 'ms',
        baseline: 20,
        ratio: round(p99 / 20),
        target: '<= 20 ms',
        met: p99 <= 20,
        note: `p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms`,
      },
    ];
  } finally {
    child.kill('SIGTERM');
  }
}

async function firstImageId(client: BecClient): Promise<string | undefined> {
  const images = await client.listVmImage({ pageNo: 1, pageSize: 10, type: 'becCommon' });
  return images.result?.[0]?.imageId;
}
