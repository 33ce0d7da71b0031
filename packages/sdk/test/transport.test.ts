import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BceNetworkError,
  BceServiceError,
  BceValidationError,
  BecClient,
  type BecClientOptions,
  DEFAULTS,
  type HttpRequest,
  type HttpResponse,
  NodeHttpTransport,
  SDK_VERSION,
  type Transport,
  TransportError,
} from '../src/index.js';
import { parseEndpoint } from '../src/spec.js';
import {
  appBlbInput,
  BCE_DATE,
  type LoopbackServer,
  SECRETS,
  sendJson,
  signatureMatches,
  startServer,
  UUID_V4,
  vmServiceInput,
} from './support/loopback.js';

const credentials = { accessKeyId: SECRETS.accessKeyId, secretAccessKey: SECRETS.secretAccessKey };
let server: LoopbackServer;
const clients: BecClient[] = [];

function clientFor(options: BecClientOptions = {}): BecClient {
  const client = new BecClient({ endpoint: server.endpoint, credentials, maxRetries: 0, ...options });
  clients.push(client);
  return client;
}

beforeEach(async () => {
  server = await startServer((req, res) => {
    if (req.path === '/v1/vm/service/s-redirect') {
      res.writeHead(302, { location: '/v1/vm/service/s-1', 'content-length': '0' });
      res.end();
      return;
    }
    sendJson(
      res,
      200,
      { serviceId: 's-abc12345', details: { serviceId: 's-abc12345' } },
      {
        'x-bce-request-id': `srv-${req.method}`,
      },
    );
  });
});

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const c of clients.splice(0)) c.close();
  await server.close();
});

describe('endpoint', () => {
  it('defaults to https://bec.baidubce.com, or BEC_ENDPOINT', () => {
    vi.stubEnv('BEC_ENDPOINT', undefined);
    expect(DEFAULTS.endpoint).toBe('https://bec.baidubce.com');
    expect(new BecClient({ credentials }).endpoint.href).toBe('https://bec.baidubce.com/');
    vi.stubEnv('BEC_ENDPOINT', 'http://127.0.0.1:8080');
    expect(new BecClient({ credentials }).endpoint.origin).toBe('http://127.0.0.1:8080');
    // The option wins over the variable.
    expect(new BecClient({ credentials, endpoint: 'bec.example.com' }).endpoint.origin).toBe('https://bec.example.com');
  });

  it.each([
    ['bec.baidubce.com', 'https://bec.baidubce.com'],
    ['localhost:8443', 'https://localhost:8443'],
    ['127.0.0.1:9000', 'https://127.0.0.1:9000'],
    ['[::1]:9000', 'https://[::1]:9000'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['HTTPS://BEC.BAIDUBCE.COM', 'https://bec.baidubce.com'],
  ])('%s -> %s', (given, origin) => {
    expect(parseEndpoint(given).origin).toBe(origin);
  });

  it.each([
    '',
    'ftp://bec.baidubce.com',
    'ws://bec.baidubce.com',
    'https://bec.baidubce.com/v1',
    'https://bec.baidubce.com?x=1',
    'https://bec.baidubce.com#frag',
    'https://user:pw@bec.baidubce.com',
    'http://',
    'https://bad host',
  ])('rejects %j', (endpoint) => {
    expect(() => new BecClient({ credentials, endpoint })).toThrow(BceValidationError);
  });

  it('an endpoint without a scheme really speaks TLS on the wire', async () => {
    let firstByte: number | undefined;
    const raw = net.createServer((socket) => {
      socket.once('data', (chunk: Buffer) => {
        firstByte = chunk[0];
        socket.destroy();
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const { port } = raw.address() as AddressInfo;
    try {
      const client = new BecClient({ endpoint: `127.0.0.1:${port}`, credentials, maxRetries: 0 });
      clients.push(client);
      expect(client.endpoint.protocol).toBe('https:');
      const err = await client.getVmServiceDetail('s-1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BceNetworkError);
      expect(firstByte).toBe(0x16); // a TLS handshake record, not "GET "
    } finally {
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    }
  });
});

/** Test-only certificates (fixtures/tls/README.md): no tool is needed at test time. */
const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/tls/${name}`, import.meta.url));

describe('TLS', () => {
  async function tlsServer(
    key: string,
    cert: string,
  ): Promise<{ server: https.Server; port: number; requests: () => number; close: () => Promise<void> }> {
    let requests = 0;
    const server = https.createServer({ key: fixture(key), cert: fixture(cert) }, (_req, res) => {
      requests++;
      res.setHeader('content-type', 'application/json');
      res.end('{"serviceId":"s-1","serviceName":"tls"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      server,
      port,
      requests: () => requests,
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  it('certificates are verified: a self-signed server is refused before any request byte', async () => {
    const tls = await tlsServer('self-signed.key', 'self-signed.pem');
    try {
      const client = new BecClient({ endpoint: `https://127.0.0.1:${tls.port}`, credentials, maxRetries: 0 });
      clients.push(client);
      const err = (await client.createVmService(vmServiceInput()).catch((e: unknown) => e)) as BceNetworkError;
      expect(err).toBeInstanceOf(BceNetworkError);
      expect(err.code).toMatch(/SELF_SIGNED|CERT/);
      expect(err.requestSent).toBe(false);
      expect(err.outcomeUnknown).toBe(false);
      expect(tls.requests()).toBe(0);
    } finally {
      await tls.close();
    }
  });

  it('a CA given to the transport is trusted; calls reuse one TLS connection', async () => {
    const tls = await tlsServer('server.key', 'server.pem');
    let connections = 0;
    tls.server.on('secureConnection', () => connections++);
    try {
      const client = new BecClient({
        endpoint: `https://127.0.0.1:${tls.port}`,
        credentials,
        maxRetries: 0,
        transport: new NodeHttpTransport({ ca: fixture('ca.pem') }),
      });
      clients.push(client);
      for (let i = 0; i < 3; i++) expect((await client.getVmServiceDetail('s-1')).serviceName).toBe('tls');
      expect(tls.requests()).toBe(3);
      expect(connections).toBe(1);
      // The default transport trusts only the bundled CAs: the same server is refused.
      const plain = new BecClient({ endpoint: `https://127.0.0.1:${tls.port}`, credentials, maxRetries: 0 });
      clients.push(plain);
      const err = (await plain.getVmServiceDetail('s-1').catch((e: unknown) => e)) as BceNetworkError;
      expect(err).toBeInstanceOf(BceNetworkError);
      expect(err.requestSent).toBe(false);
    } finally {
      await tls.close();
    }
  });

  it('a certificate for another name is refused', async () => {
    const tls = await tlsServer('server.key', 'server.pem');
    try {
      // The certificate names 127.0.0.1 and localhost, not this address's other spelling.
      const client = new BecClient({
        endpoint: `https://[::ffff:127.0.0.1]:${tls.port}`,
        credentials,
        maxRetries: 0,
        transport: new NodeHttpTransport({ ca: fixture('ca.pem') }),
      });
      clients.push(client);
      const err = (await client.getVmServiceDetail('s-1').catch((e: unknown) => e)) as BceNetworkError;
      expect(err).toBeInstanceOf(BceNetworkError);
      expect(err.code).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID|CERT/);
      expect(tls.requests()).toBe(0);
    } finally {
      await tls.close();
    }
  });
});

describe('headers on the wire', () => {
  const userAgent = new RegExp(
    `^bec-sdk/${SDK_VERSION.replace(/\./g, '\\.')} node/${process.versions.node.replace(/\./g, '\\.')} ${process.platform}/${process.arch}$`,
  );

  it('a GET: host, user-agent, x-bce-date, request id, content-type; no body headers', async () => {
    const before = Date.now();
    await clientFor().getVmServiceDetail('s-abc12345');
    const [req] = server.requests;
    const h = req!.headers;
    expect(req!.method).toBe('GET');
    expect(req!.url).toBe('/v1/vm/service/s-abc12345');
    expect(h.host).toBe(`127.0.0.1:${server.port}`);
    expect(h['user-agent']).toMatch(userAgent);
    expect(h['x-bce-date']).toMatch(BCE_DATE);
    const date = Date.parse(String(h['x-bce-date']));
    expect(date).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(date).toBeLessThanOrEqual(Date.now());
    expect(h['x-bce-request-id']).toMatch(UUID_V4);
    expect(h['content-type']).toBe('application/json;charset=utf-8');
    expect(h['content-md5']).toBeUndefined();
    expect(h['content-length']).toBeUndefined();
    expect(String(h.authorization)).toMatch(
      new RegExp(
        `^bce-auth-v1/${SECRETS.accessKeyId}/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ/1800/content-type;host;x-bce-date/[0-9a-f]{64}$`,
      ),
    );
    expect(signatureMatches(req!, credentials)).toBe(true);
  });

  it('a POST: content-length and content-md5 match the bytes received, and are signed', async () => {
    await clientFor().createVmService(vmServiceInput());
    const [req] = server.requests;
    const h = req!.headers;
    expect(req!.body.length).toBeGreaterThan(100);
    expect(h['content-length']).toBe(String(req!.body.length));
    expect(h['content-md5']).toBe(createHash('md5').update(req!.body).digest('base64'));
    expect(JSON.parse(req!.body.toString('utf8')).serviceName).toBe('web-vm-service');
    expect(String(h.authorization).split('/')[4]).toBe('content-length;content-md5;content-type;host;x-bce-date');
    expect(signatureMatches(req!, credentials)).toBe(true);
  });

  it('a POST with a query string (clientToken) verifies too', async () => {
    await clientFor().createAppBlb(appBlbInput(), { clientToken: 'tok with spaces+and/slash' });
    const [req] = server.requests;
    expect(req!.query.get('clientToken')).toBe('tok with spaces+and/slash');
    expect(req!.url).toContain('clientToken=tok%20with%20spaces%2Band%2Fslash');
    expect(signatureMatches(req!, credentials)).toBe(true);
  });

  it('a PUT without a body says content-length: 0 (outside the signature)', async () => {
    await clientFor().restartPod('pod-abc12345');
    const [req] = server.requests;
    expect(req!.method).toBe('PUT');
    expect(req!.headers['content-length']).toBe('0');
    expect(req!.headers['content-md5']).toBeUndefined();
    expect(String(req!.headers.authorization).split('/')[4]).toBe('content-type;host;x-bce-date');
    expect(signatureMatches(req!, credentials)).toBe(true);
  });

  it('every call has its own request id; $metadata carries the response one', async () => {
    const client = clientFor();
    const a = await client.getVmServiceDetail('s-1');
    await client.getVmServiceDetail('s-2');
    const [r1, r2] = server.requests;
    expect(r1!.headers['x-bce-request-id']).not.toBe(r2!.headers['x-bce-request-id']);
    expect(a.$metadata.requestId).toBe('srv-GET');
    expect(a.$metadata.statusCode).toBe(200);
    expect(Object.keys(a)).not.toContain('$metadata');
  });

  it('path IDs are percent-encoded on the wire and signed in canonical form', async () => {
    await clientFor().getVmServiceDetail('s-a b+c%d');
    const [req] = server.requests;
    expect(req!.url).toBe('/v1/vm/service/s-a%20b%2Bc%25d');
    expect(signatureMatches(req!, credentials)).toBe(true);
  });

  it('userAgentSuffix is appended', async () => {
    await clientFor({ userAgentSuffix: 'my-app/1.2' }).getVmServiceDetail('s-1');
    expect(server.requests[0]!.headers['user-agent']).toMatch(/ my-app\/1\.2$/);
  });

  it('per-call headers: x-bce-* are signed, others are sent unsigned', async () => {
    await clientFor().getVmServiceDetail('s-1', { headers: { 'X-Bce-Trace': 'abc', 'x-custom': 'v' } });
    const [req] = server.requests;
    expect(req!.headers['x-bce-trace']).toBe('abc');
    expect(req!.headers['x-custom']).toBe('v');
    expect(String(req!.headers.authorization).split('/')[4]).toBe('content-type;host;x-bce-date;x-bce-trace');
    expect(signatureMatches(req!, credentials)).toBe(true);
  });

  it.each([
    [{ Authorization: 'x' }, /cannot be overridden/],
    [{ host: 'evil.example.com' }, /cannot be overridden/],
    [{ 'x-bce-trace': 'a\r\nx-injected: 1' }, /header/],
    [{ 'bad header': 'v' }, /header/],
  ])('per-call headers %j are refused before sending', async (headers, message) => {
    const err = await clientFor({ maxRetries: 3 })
      .createVmService(vmServiceInput(), { headers })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BceValidationError);
    expect((err as Error).message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });

  it('userAgentSuffix with control characters is refused at construction', () => {
    expect(() => new BecClient({ credentials, endpoint: server.endpoint, userAgentSuffix: 'a\r\nx: y' })).toThrow(
      BceValidationError,
    );
  });

  it('NodeHttpTransport: a header node:http refuses is a TransportError with nothing sent', async () => {
    const transport = new NodeHttpTransport();
    const err = (await transport
      .send({
        url: new URL(`${server.endpoint}/x`),
        method: 'POST',
        headers: { 'x-bad': 'a\nb' },
        body: Buffer.from('{}'),
        signal: new AbortController().signal,
        connectTimeoutMs: 1000,
      })
      .catch((e: unknown) => e)) as TransportError;
    transport.close();
    expect(err).toBeInstanceOf(TransportError);
    expect(err.requestSent).toBe(false);
    expect(server.requests).toHaveLength(0);
  });

  it('a redirect is not followed (the signature covers the old path)', async () => {
    const err = (await clientFor()
      .getVmServiceDetail('s-redirect')
      .catch((e: unknown) => e)) as BceServiceError;
    expect(err).toBeInstanceOf(BceServiceError);
    expect(err.statusCode).toBe(302);
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/vm/service/s-redirect']);
  });
});

describe('SDK_VERSION', () => {
  it('equals packages/sdk/package.json version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
  });
});

describe('connections', () => {
  it('keep-alive: sequential calls reuse one connection', async () => {
    const client = clientFor();
    for (let i = 0; i < 5; i++) await client.getVmServiceDetail(`s-${i}`);
    await client.createVmService(vmServiceInput());
    expect(server.requests).toHaveLength(6);
    expect(server.connections()).toBe(1);
    expect(new Set(server.requests.map((r) => r.remotePort)).size).toBe(1);
  });

  it('parallel calls open parallel connections, which are reused afterwards', async () => {
    const client = clientFor();
    await Promise.all([1, 2, 3].map((i) => client.getVmServiceDetail(`s-${i}`)));
    const opened = server.connections();
    expect(opened).toBeGreaterThanOrEqual(1);
    expect(opened).toBeLessThanOrEqual(3);
    await client.getVmServiceDetail('s-4');
    expect(server.connections()).toBe(opened);
  });

  it('close() releases pooled connections (the server sees them closed)', async () => {
    const client = clientFor();
    await client.getVmServiceDetail('s-1');
    client.close();
    await client.getVmServiceDetail('s-2');
    expect(server.connections()).toBe(2);
  });

  it('a custom transport is used for every attempt and is not closed by the client', async () => {
    const inner = new NodeHttpTransport();
    const seen: HttpRequest[] = [];
    let closed = 0;
    const transport: Transport = {
      async send(request): Promise<HttpResponse> {
        seen.push(request);
        return inner.send(request);
      },
      close() {
        closed++;
      },
    };
    const client = new BecClient({ endpoint: server.endpoint, credentials, transport });
    await client.getVmServiceDetail('s-1');
    client.close();
    inner.close();
    expect(closed).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe('GET');
    expect(seen[0]!.url.pathname).toBe('/v1/vm/service/s-1');
    expect(seen[0]!.connectTimeoutMs).toBe(DEFAULTS.connectTimeoutMs);
    expect(server.requests).toHaveLength(1);
  });

  it('a chunked response without content-length is read completely', async () => {
    await server.close();
    const big = {
      result: Array.from({ length: 2000 }, (_, i) => ({ serviceId: `s-${i}`, serviceName: 'x'.repeat(20) })),
    };
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const text = JSON.stringify(big);
      res.write(text.slice(0, 1000));
      setTimeout(() => res.end(text.slice(1000)), 10);
    });
    const result = await clientFor().getVmServiceList({});
    expect(result.result).toHaveLength(2000);
  });
});
