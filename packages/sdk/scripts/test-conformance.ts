/**
 * Wire conformance with the official Go SDK: every record of the golden file (BEC_GOLDEN, or
 * spec/golden-requests.jsonl) is replayed through bec-sdk against a loopback recorder, and the
 * captured request is compared with the recorded one: method, path, query pairs, JSON body,
 * signed header names and the full Authorization (same host, clock and credentials).
 *
 * Arguments are mapped by one rule from spec/bec-api.json (see `mapArguments`). Differences are
 * allowed only where docs/deviations.md lists them.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { operations } from '../src/generated/operations.js';
import { modelSchemas } from '../src/generated/schemas.js';
import { BecClient, type RequestOptions } from '../src/index.js';
import { type HttpRequest, NodeHttpTransport, type Transport } from '../src/internal/transport.js';
import { callByName } from '../src/spec.js';
import { specFile } from './spec-file.js';

interface GoldenRecord {
  op: string;
  args: Record<string, unknown>;
  request: {
    method: string;
    path: string;
    decodedPath: string;
    query: [string, string][];
    headers: Record<string, string>;
    body: string;
  };
}
interface Captured {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const spec = JSON.parse(readFileSync(resolve(root, 'spec/bec-api.json'), 'utf8')) as {
  operations: Array<{
    name: string;
    goParams: Array<{ name: string; goType: string }>;
    pathParams: Array<{ from: string }>;
  }>;
};
const specOps = new Map(spec.operations.map((o) => [o.name, o]));
const deviations = readFileSync(resolve(root, 'docs/deviations.md'), 'utf8');

/** Deviation ids listed in docs/deviations.md (rows starting with `| D<n> |`). */
const listedDeviations = new Set([...deviations.matchAll(/^\|\s*(D\d+)\s*\|/gm)].map((m) => m[1]));

/**
 * The one mapping rule: path params from their Go argument; `clientToken` into RequestOptions;
 * a slice argument is the input array; struct fields and scalar Go arguments form the input
 * object. Struct fields the Go SDK never puts on the wire for this operation are left out
 * (deviation D3: bec-sdk rejects them instead of dropping them silently).
 */
function mapArguments(record: GoldenRecord): {
  pathArgs: string[];
  input: unknown;
  options: RequestOptions;
  dropped: string[];
} {
  const op = operations.find((o) => o.name === record.op)!;
  const goOp = specOps.get(record.op)!;
  const pathArgs = op.pathParams.map((p) => record.args[p.arg] as string);
  const options: RequestOptions = {};
  if (op.clientToken && typeof record.args.clientToken === 'string') options.clientToken = record.args.clientToken;
  const dropped: string[] = [];
  let input: unknown;
  if (op.input === 'array') {
    const param = goOp.goParams.find((p) => p.goType.startsWith('[]') || p.goType.startsWith('*[]'))!;
    input = record.args[param.name];
  } else if (op.input === 'object') {
    const fields = new Set(modelSchemas[op.inputSchema!]!.map((f) => f[0]));
    const object: Record<string, unknown> = {};
    for (const param of goOp.goParams) {
      const value = record.args[param.name];
      if (param.name === 'clientToken' || op.pathParams.some((p) => p.arg === param.name)) continue;
      if (param.goType.startsWith('*api.')) {
        for (const [k, v] of Object.entries((value as Record<string, unknown>) ?? {})) {
          if (fields.has(k)) object[k] = v;
          else dropped.push(k);
        }
      } else if (value !== undefined) object[param.name] = value;
    }
    input = object;
  }
  return { pathArgs, input, options, dropped };
}

function sortedPairs(pairs: Iterable<[string, string]>): string {
  return JSON.stringify([...pairs].map(([k, v]) => `${k}\u0000${v}`).sort());
}

function signedHeaders(authorization: string | undefined): string {
  return authorization?.split('/')[4] ?? '';
}

/** A loopback server that records every request it gets and answers 200 with an empty body. */
async function startRecorder(): Promise<{
  captured: Captured[];
  answerArrays: (yes: boolean) => void;
  transport: Transport;
  close: () => void;
}> {
  const captured: Captured[] = [];
  let arrayResponse = false;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(arrayResponse ? '[]' : '{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const inner = new NodeHttpTransport();
  // The client signs for the recorded host; the bytes go to this run's recorder port.
  const transport: Transport = {
    send: (request: HttpRequest) => {
      const url = new URL(request.url);
      url.port = String(port);
      return inner.send({ ...request, url });
    },
  };
  const close = (): void => {
    inner.close();
    server.close();
  };
  return { captured, answerArrays: (yes) => (arrayResponse = yes), transport, close };
}

/** How the captured request differs from the recorded one (nothing when they agree). */
function differences(got: Captured, want: GoldenRecord['request']): string[] {
  const url = new URL(got.url, 'http://x');
  const why: string[] = [];
  if (got.method !== want.method) why.push(`method ${got.method} != ${want.method}`);
  if (decodeURIComponent(url.pathname) !== want.decodedPath) why.push(`path ${url.pathname} != ${want.decodedPath}`);
  const gotQuery = [...url.searchParams.entries()];
  if (sortedPairs(gotQuery) !== sortedPairs(want.query))
    why.push(`query ${JSON.stringify(gotQuery)} != ${JSON.stringify(want.query)}`);
  const gotBody = got.body === '' ? undefined : JSON.parse(got.body);
  const wantBody = want.body === '' ? undefined : JSON.parse(want.body);
  if (!isDeepStrictEqual(gotBody, wantBody)) why.push(`body ${got.body} != ${want.body}`);
  const gotAuth = got.headers.authorization as string | undefined;
  if (signedHeaders(gotAuth) !== signedHeaders(want.headers.authorization)) {
    why.push(`signed headers ${signedHeaders(gotAuth)} != ${signedHeaders(want.headers.authorization)}`);
  }
  if (gotAuth !== want.headers.authorization) why.push('authorization differs');
  return why;
}

/** Replays one record through the client: why it does not conform (nothing when it does). */
async function replay(record: GoldenRecord, recorder: Awaited<ReturnType<typeof startRecorder>>): Promise<string[]> {
  const op = operations.find((o) => o.name === record.op);
  if (!op) return ['no such operation in bec-sdk'];
  const client = new BecClient({
    endpoint: `http://${record.request.headers.host}`,
    credentials: {
      accessKeyId: 'AKIDEXAMPLE0000000000000000000000',
      secretAccessKey: 'SKEXAMPLE00000000000000000000000',
    },
    now: () => 1_700_000_000_000,
    transport: recorder.transport,
    maxRetries: 0,
  });
  try {
    recorder.captured.length = 0;
    recorder.answerArrays(op.response?.startsWith('array of ') ?? false);
    const { pathArgs, input, options, dropped } = mapArguments(record);
    if (dropped.length > 0 && !listedDeviations.has('D3')) {
      return [`arguments ${dropped.join(', ')} not accepted and D3 is not listed`];
    }
    const path = Object.fromEntries(op.pathParams.map((p, i) => [p.arg, pathArgs[i]]));
    try {
      await callByName(client, op.name, { path, input }, options);
    } catch (err) {
      return [`call threw ${(err as Error).name}: ${(err as Error).message}`];
    }
    if (recorder.captured.length !== 1) return [`${recorder.captured.length} requests reached the recorder`];
    return differences(recorder.captured[0]!, record.request);
  } finally {
    client.close();
  }
}

async function main(): Promise<void> {
  const file = process.env.BEC_GOLDEN || specFile('golden-requests.jsonl');
  const records = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldenRecord);
  const recorder = await startRecorder();
  let passed = 0;
  let failed = 0;
  for (const record of records) {
    const why = await replay(record, recorder);
    if (why.length === 0) {
      passed++;
    } else {
      failed++;
      console.log(`FAIL ${record.op}: ${why.join('; ')}`);
    }
  }
  recorder.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && records.length > 0 ? 0 : 1;
}

await main();
