/**
 * A real HTTP server on 127.0.0.1 (port 0) that records every request it receives. Tests give it
 * a handler per request; nothing about the client or node:http is replaced.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { CreateAppBlbRequest, CreateVmServiceArgs } from '../../src/index.js';
import { BceV1Signer } from '../../src/spec.js';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query exactly as received. */
  readonly url: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case names, as node:http gives them. */
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  /** Client port of the TCP connection (equal ports = the same kept-alive socket). */
  readonly remotePort: number;
  /** performance.now() when the request head arrived. */
  readonly at: number;
}

export type Handler = (
  request: RecordedRequest,
  res: http.ServerResponse,
  index: number,
  raw: http.IncomingMessage,
) => void | Promise<void>;

export interface LoopbackServer {
  readonly endpoint: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Number of TCP connections accepted so far. */
  readonly connections: () => number;
  close(): Promise<void>;
}

/** Starts a server that reads each full request body, records it, then calls `handler`. */
export async function startServer(handler: Handler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = http.createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
        remotePort: req.socket.remotePort ?? 0,
        at,
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res, requests.length - 1, req)).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(599);
        res.end(String(err));
      });
    });
  });
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON response. */
export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Distinctive secrets: if any of them shows up in output, something leaked. */
export const SECRETS = {
  accessKeyId: 'AKIDtest0000000000000000000000001',
  secretAccessKey: 'SKsecret-7f3a9c1e5b2d4f6a8c0e2b4d6f8a0c1e',
  sessionToken: 'STStoken-Zq81mN4vX7pL2wR9tY6uH3jK5sD0fG1a',
  adminPass: 'Adm1n#Pass5731xq',
} as const;

/** The x-bce-date / UUID shapes. */
export const BCE_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A create-VM input the SDK accepts (no clientToken: POST /v1/vm/service). */
export function vmServiceInput(adminPass: string = SECRETS.adminPass): CreateVmServiceArgs {
  return {
    serviceName: 'web-vm-service',
    vmName: 'web-vm',
    needPublicIp: true,
    bandwidth: 100,
    deployInstances: [
      {
        region: 'EAST_CHINA',
        serviceProvider: 'CHINA_MOBILE',
        replicas: 1,
        city: 'HANGZHOU',
        regionId: 'cn-hangzhou-cm',
      },
    ],
    spec: 'bec.g1.cpu2.mem4',
    cpu: 2,
    memory: 4,
    imageId: 'm-f0ZRR9qB',
    imageType: 'bec',
    systemVolume: { volumeType: 'NVME', sizeInGB: 40, name: 'sys' },
    keyConfig: { type: 'password', adminPass },
    adminPass,
  };
}

/** A create-app-BLB input (takes a clientToken: POST /v2/appblb?clientToken=). */
export function appBlbInput(): CreateAppBlbRequest {
  return {
    desc: 'edge app blb for web',
    name: 'web-applb-01',
    regionId: 'cn-hangzhou-cm',
    subServiceProviders: ['cm'],
    needPublicIp: true,
    subnetId: 'sbn-abc123',
    vpcId: 'vpc-abc123',
  };
}

/**
 * Recomputes the bce-auth-v1 signature of a received request from what arrived on the wire and
 * returns whether it matches the Authorization header (as a verifying server would).
 */
export function signatureMatches(
  request: RecordedRequest,
  credentials: { accessKeyId: string; secretAccessKey: string },
): boolean {
  const auth = String(request.headers.authorization ?? '');
  const parts = auth.split('/');
  if (parts.length !== 6 || parts[0] !== 'bce-auth-v1' || parts[1] !== credentials.accessKeyId) return false;
  const [, , date, expiration, signedHeaders] = parts as [string, string, string, string, string, string];
  const names = signedHeaders.split(';');
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = request.headers[name];
    if (typeof value !== 'string') return false;
    headers[name] = value;
  }
  const signed = new BceV1Signer().sign(
    { method: request.method, path: decodeURIComponent(request.path), query: [...request.query], headers },
    credentials,
    { timestamp: Date.parse(date) / 1000, expirationSeconds: Number(expiration), headersToSign: names },
  );
  return signed.authorization === auth;
}
