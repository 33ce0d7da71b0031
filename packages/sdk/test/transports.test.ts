/**
 * The transport contract, run over both transports (node:http and fetch) against real loopback
 * servers: signed headers on the wire, bodies, redirects, chunked answers, abort, attempt timeout,
 * maxResponseBytes (announced and streamed), refused and reset connections, and what errors show.
 */
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BceAbortError,
  BceNetworkError,
  BceResponseTooLargeError,
  BceServiceError,
  BceTimeoutError,
  BecClient,
  type BecClientOptions,
  type Transport,
} from '../src/index.js';
import { FetchTransport } from '../src/internal/fetch-transport.js';
import { NodeHttpTransport } from '../src/internal/transport.js';
import {
  closedPort,
  type Handler,
  type LoopbackServer,
  SECRETS,
  sendJson,
  signatureMatches,
  startServer,
  vmServiceInput,
} from './support/loopback.js';

const credentials = { accessKeyId: SECRETS.accessKeyId, secretAccessKey: SECRETS.secretAccessKey };
const MiB = 1024 * 1024;

const transports: ReadonlyArray<readonly [string, () => Transport]> = [
  ['node:http', () => new NodeHttpTransport()],
  ['fetch', () => new FetchTransport()],
];

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe.each(transports)('over the %s transport', (_name, makeTransport) => {
  const servers: LoopbackServer[] = [];
  const clients: BecClient[] = [];

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    for (const s of servers.splice(0)) await s.close();
  });

  async function serve(handler: Handler): Promise<LoopbackServer> {
    const server = await startServer(handler);
    servers.push(server);
    return server;
  }

  function clientFor(endpoint: string, options: BecClientOptions = {}): BecClient {
    const client = new BecClient({ endpoint, credentials, maxRetries: 0, transport: makeTransport(), ...options });
    clients.push(client);
    return client;
  }

  const ok: Handler = (req, res) =>
    sendJson(
      res,
      200,
      { serviceId: 's-abc12345', details: { serviceId: 's-abc12345' } },
      {
        'x-bce-request-id': `srv-${req.method}`,
      },
    );

  it('a GET arrives signed, with the host of the endpoint and no body headers', async () => {
    const server = await serve(ok);
    const result = await clientFor(server.endpoint).getVmServiceDetail('s-abc12345');
    expect(result.$metadata.requestId).toBe('srv-GET');
    const [req] = server.requests;
    expect(req!.url).toBe('/v1/vm/service/s-abc12345');
    expect(req!.headers.host).toBe(`127.0.0.1:${server.port}`);
    expect(req!.headers['content-md5']).toBeUndefined();
    expect(String(req!.headers.authorization).split('/')[4]).toBe('content-type;host;x-bce-date');
    expect(signatureMatches(req!, credentials)).toBe(true);
  });

  it('a POST: content-length and content-md5 match the bytes received, and the signature verifies', async () => {
    const server = await serve(ok);
    await clientFor(server.endpoint).createVmService(vmServiceInput());
    const [req] = server.requests;
    expect(req!.headers['content-length']).toBe(String(req!.body.length));
    expect(req!.headers['content-md5']).toBe(createHash('md5').update(req!.body).digest('base64'));
    expect(JSON.parse(req!.body.toString('utf8')).serviceName).toBe('web-vm-service');
    expect(signatureMatches(req!, credentials)).toBe(true);
  });

  it('a BCE error answer is a BceServiceError with code and request id', async () => {
    const server = await serve((_req, res) =>
      sendJson(
        res,
        404,
        { code: 'NoSuchObject', message: 'not here', requestId: 'r-404' },
        { 'x-bce-request-id': 'r-404' },
      ),
    );
    const err = (await rejection(clientFor(server.endpoint).getVmServiceDetail('s-gone'))) as BceServiceError;
    expect(err).toBeInstanceOf(BceServiceError);
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('NoSuchObject');
  });

  it('a redirect is not followed', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: '/v1/vm/service/s-1', 'content-length': '0' });
      res.end();
    });
    const err = (await rejection(clientFor(server.endpoint).getVmServiceDetail('s-redirect'))) as BceServiceError;
    expect(err).toBeInstanceOf(BceServiceError);
    expect(err.statusCode).toBe(302);
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/vm/service/s-redirect']);
  });

  it('a chunked answer without content-length is read completely', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"serviceId":"s-chunk1",');
      setImmediate(() => res.end(`"serviceName":"${'n'.repeat(70_000)}"}`));
    });
    const result = await clientFor(server.endpoint).getVmServiceDetail('s-chunk1');
    expect(result.serviceName).toHaveLength(70_000);
  });

  it('field names that are also Object.prototype members are fields like any other', async () => {
    const server = await serve((_req, res) => {
      res.setHeader('constructor', 'c');
      res.setHeader('toString', 't');
      res.setHeader('__proto__', 'p');
      res.setHeader('hasOwnProperty', 'h');
      sendJson(res, 200, { serviceId: 's-1' });
    });
    const transport = makeTransport();
    const response = await transport.send({
      url: new URL(`${server.endpoint}/v1/vm/service/s-1`),
      method: 'GET',
      headers: {},
      body: undefined,
      signal: new AbortController().signal,
      connectTimeoutMs: 2000,
    });
    transport.close?.();
    expect(Object.getPrototypeOf(response.headers)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(response.headers, 'constructor')?.value).toBe('c');
    expect(Object.getOwnPropertyDescriptor(response.headers, 'tostring')?.value).toBe('t');
    expect(Object.getOwnPropertyDescriptor(response.headers, '__proto__')?.value).toBe('p');
    expect(Object.getOwnPropertyDescriptor(response.headers, 'hasownproperty')?.value).toBe('h');
    // Through the client, the call works as usual.
    const result = await clientFor(server.endpoint).getVmServiceDetail('s-1');
    expect(result.serviceId).toBe('s-1');
  });

  it('an abort while waiting for the answer stops the call with a BceAbortError', async () => {
    const server = await serve(() => undefined); // never answers
    const controller = new AbortController();
    const call = clientFor(server.endpoint).getVmServiceDetail('s-1', { signal: controller.signal });
    await expect.poll(() => server.requests.length).toBe(1);
    controller.abort();
    const err = await rejection(call);
    expect(err).toBeInstanceOf(BceAbortError);
  });

  it('an already aborted signal sends nothing', async () => {
    const server = await serve(ok);
    const err = await rejection(clientFor(server.endpoint).getVmServiceDetail('s-1', { signal: AbortSignal.abort() }));
    expect(err).toBeInstanceOf(BceAbortError);
    expect(server.requests).toHaveLength(0);
  });

  it('the attempt timeout ends a call the server never answers', async () => {
    const server = await serve(() => undefined);
    const err = (await rejection(
      clientFor(server.endpoint, { timeoutMs: 150 }).getVmServiceDetail('s-1'),
    )) as BceTimeoutError;
    expect(err).toBeInstanceOf(BceTimeoutError);
    expect(err.requestSent).toBe(true);
  });

  it('maxResponseBytes: an announced Content-Length over the limit is refused', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(200 * MiB) });
      res.write('{"serviceId":"'); // and nothing more
    });
    const err = (await rejection(
      clientFor(server.endpoint, { maxResponseBytes: MiB }).getVmServiceDetail('s-1'),
    )) as BceResponseTooLargeError;
    expect(err).toBeInstanceOf(BceResponseTooLargeError);
    expect(err.contentLength).toBe(200 * MiB);
    expect(err.limit).toBe(MiB);
  });

  it('maxResponseBytes: a streamed body growing past the limit is cut off and the connection closed', async () => {
    const state = { written: 0, closed: false };
    const server = await serve((_req, res, _i, raw) => {
      raw.socket.on('close', () => {
        state.closed = true;
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = (): void => {
        while (!state.closed && state.written < 64 * MiB) {
          state.written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    const err = (await rejection(
      clientFor(server.endpoint, { maxResponseBytes: MiB }).getVmServiceDetail('s-1'),
    )) as BceResponseTooLargeError;
    expect(err).toBeInstanceOf(BceResponseTooLargeError);
    expect(err.contentLength).toBeUndefined();
    await expect.poll(() => state.closed).toBe(true);
    expect(state.written).toBeLessThan(64 * MiB);
  });

  it('a refused connection is a BceNetworkError with nothing sent, and is retried', async () => {
    const port = await closedPort();
    const err = (await rejection(
      clientFor(`http://127.0.0.1:${port}`, { maxRetries: 2, retryBaseDelayMs: 1 }).createVmService(vmServiceInput()),
    )) as BceNetworkError;
    expect(err).toBeInstanceOf(BceNetworkError);
    expect(err.requestSent).toBe(false);
    expect(err.attempts).toBe(3);
  });

  it('a connection reset after the request is a BceNetworkError; a create is not repeated', async () => {
    const server = await serve((_req, _res, _i, raw) => {
      raw.socket.destroy();
    });
    const err = (await rejection(
      clientFor(server.endpoint, { maxRetries: 2, retryBaseDelayMs: 1 }).createVmService(vmServiceInput()),
    )) as BceNetworkError;
    expect(err).toBeInstanceOf(BceNetworkError);
    expect(err.requestSent).toBe(true);
    expect(err.outcomeUnknown).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('errors show no secret in message, JSON or inspect output', async () => {
    const server = await serve((_req, _res, _i, raw) => {
      raw.socket.destroy();
    });
    const err = await rejection(clientFor(server.endpoint).createVmService(vmServiceInput()));
    const shown = `${err.message}\n${JSON.stringify(err)}\n${inspect(err, { depth: 8 })}\n${String(err.stack)}`;
    for (const secret of [SECRETS.secretAccessKey, SECRETS.adminPass]) expect(shown).not.toContain(secret);
  });
});

describe('FetchTransport', () => {
  it("uses the caller's fetch for every request", async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, { serviceId: 's-1', details: {} }));
    const seen: string[] = [];
    const transport = new FetchTransport({
      fetch: (url, init) => {
        seen.push(`${init.method} ${url}`);
        return fetch(url, init);
      },
    });
    const client = new BecClient({ endpoint: server.endpoint, credentials, transport });
    try {
      await client.getVmServiceDetail('s-1');
      expect(seen).toEqual([`GET ${server.endpoint}/v1/vm/service/s-1`]);
      expect(server.requests).toHaveLength(1);
    } finally {
      client.close();
      await server.close();
    }
  });

  it("the global fetch fits the fetch option, and 'fetch' picks the fetch transport by name", async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, { serviceId: 's-1', details: {} }));
    const client = new BecClient({
      endpoint: server.endpoint,
      credentials,
      transport: 'fetch',
      fetch: globalThis.fetch,
    });
    try {
      await client.getVmServiceDetail('s-1');
      expect(server.requests).toHaveLength(1);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('refuses a fetch option that is not a function', () => {
    expect(() => new FetchTransport({ fetch: 'no' as never })).toThrow(TypeError);
  });
});
