/**
 * The built-in Node transport's HTTP/1.1 (src/internal/http1/) against servers that write exact
 * bytes on real loopback sockets: every framing a server may use, delivered in pieces of any
 * size; malformed and hostile answers (each fails the call and closes the connection); connection
 * reuse, its limits and its end; and what the request looks like on the wire.
 */
import { spawn } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { BceNetworkError, BceResponseTooLargeError, BecClient } from '../src/index.js';
import { NodeHttpTransport, TransportError } from '../src/internal/transport.js';
import { SECRETS } from './support/loopback.js';

const credentials = { accessKeyId: SECRETS.accessKeyId, secretAccessKey: SECRETS.secretAccessKey };

interface RawServer {
  readonly endpoint: string;
  readonly port: number;
  /** Connections accepted so far. */
  connections: number;
  /** Every request head received, in order. */
  readonly heads: string[];
  close(): Promise<void>;
}

/**
 * A server that answers each request (head and any Content-Length body read) with the bytes
 * `answer` returns, written in pieces of `pieces` bytes when given.
 */
async function rawServer(
  answer: (index: number, socket: net.Socket) => string | Buffer | undefined,
  pieces?: number,
): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const state = { connections: 0, heads: [] as string[] };
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = pending.toString('latin1', 0, end);
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        pending = pending.subarray(end + 4 + length);
        const index = state.heads.push(head) - 1;
        const bytes = answer(index, socket);
        if (bytes === undefined) continue;
        const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1');
        if (!pieces) socket.write(buf);
        else for (let i = 0; i < buf.length; i += pieces) socket.write(buf.subarray(i, i + pieces));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

const JSON_BODY = '{"serviceId":"s-1","serviceName":"web"}';

function response(head: string[], body = ''): string {
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

const withLength = (body = JSON_BODY, extra: string[] = []): string =>
  response(['HTTP/1.1 200 OK', 'content-type: application/json', `content-length: ${body.length}`, ...extra], body);

function chunked(body: string, sizes: number[], trailer = ''): string {
  let out = '';
  let at = 0;
  for (const n of sizes) {
    if (at >= body.length) break;
    const part = body.slice(at, at + n);
    out += `${part.length.toString(16)};ext=1\r\n${part}\r\n`;
    at += part.length;
  }
  if (at < body.length) out += `${(body.length - at).toString(16)}\r\n${body.slice(at)}\r\n`;
  return response(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked'], `${out}0\r\n${trailer}\r\n`);
}

const servers: RawServer[] = [];
const transports: NodeHttpTransport[] = [];

afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  for (const s of servers.splice(0)) await s.close();
});

async function serve(answer: Parameters<typeof rawServer>[0], pieces?: number): Promise<RawServer> {
  const server = await rawServer(answer, pieces);
  servers.push(server);
  return server;
}

function transport(options?: ConstructorParameters<typeof NodeHttpTransport>[0]): NodeHttpTransport {
  const t = new NodeHttpTransport(options);
  transports.push(t);
  return t;
}

function get(t: NodeHttpTransport, server: RawServer, path = '/v1/x', maxResponseBytes?: number) {
  return t.send({
    url: new URL(`${server.endpoint}${path}`),
    method: 'GET',
    headers: { host: `127.0.0.1:${server.port}` },
    body: undefined,
    signal: new AbortController().signal,
    connectTimeoutMs: 2000,
    maxResponseBytes,
  });
}

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransportError);
  return err as TransportError;
}

describe('framing, whatever the pieces', () => {
  it('Content-Length, chunked (with extensions and trailers) and close-delimited bodies, split anywhere', async () => {
    const body = JSON.stringify({ items: Array.from({ length: 40 }, (_, i) => ({ id: `vm-${i}`, note: 'é\u00ff' })) });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('length', 'chunked', 'close'),
        fc.integer({ min: 1, max: 700 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }),
        async (framing, pieces, sizes) => {
          // One character per byte of the UTF-8 body, so that lengths and chunk sizes count bytes.
          const octets = Buffer.from(body, 'utf8').toString('latin1');
          const bytes = Buffer.from(
            framing === 'length'
              ? response(['HTTP/1.1 200 OK', `Content-Length: ${octets.length}`], octets)
              : framing === 'chunked'
                ? chunked(octets, sizes, 'x-checksum: 1\r\n')
                : response(['HTTP/1.1 200 OK', 'Connection: close'], octets),
            'latin1',
          );
          const server = await rawServer((_i, socket) => {
            for (let i = 0; i < bytes.length; i += pieces) socket.write(bytes.subarray(i, i + pieces));
            if (framing === 'close') socket.end();
            return undefined;
          });
          const t = new NodeHttpTransport();
          try {
            const res = await get(t, server);
            expect(res.statusCode).toBe(200);
            expect(Buffer.from(res.body).toString('utf8')).toBe(body);
            // Kept alive unless the body ran to the connection's end.
            const again = await get(t, server).catch(() => undefined);
            if (framing !== 'close') expect(again?.statusCode).toBe(200);
            expect(server.connections).toBe(framing === 'close' ? 2 : 1);
          } finally {
            t.close();
            await server.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('interim 1xx answers are skipped; 204 and a HEAD answer have no body', async () => {
    const server = await serve((i) =>
      i === 0
        ? `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n${withLength()}`
        : i === 1
          ? 'HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n'
          : 'HTTP/1.1 200 OK\r\ncontent-length: 999\r\n\r\n',
    );
    const t = transport();
    expect(Buffer.from((await get(t, server)).body).toString()).toBe(JSON_BODY);
    expect((await get(t, server)).statusCode).toBe(204);
    const head = await t.send({
      url: new URL(`${server.endpoint}/v1/x`),
      method: 'HEAD',
      headers: {},
      body: undefined,
      signal: new AbortController().signal,
      connectTimeoutMs: 2000,
    });
    expect(head.body.byteLength).toBe(0);
    expect(server.connections).toBe(1);
  });

  it('repeated fields are joined; names are lower-cased; values keep inner spaces and lose outer ones', async () => {
    const server = await serve(() =>
      response(['HTTP/1.1 200 OK', 'X-Bce-Request-Id:  r-1 ', 'Via: a', 'via:\tb c', 'Content-Length: 2'], '{}'),
    );
    const res = await get(transport(), server);
    expect(res.headers['x-bce-request-id']).toBe('r-1');
    expect(res.headers.via).toBe('a, b c');
  });

  it('an HTTP/1.0 answer closes the connection unless it says keep-alive', async () => {
    const server = await serve((i) =>
      i === 0
        ? 'HTTP/1.0 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\n{}'
        : 'HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\n{}',
    );
    const t = transport();
    await get(t, server);
    await get(t, server);
    await get(t, server);
    expect(server.connections).toBe(2);
  });
});

describe('hostile and broken answers fail the call and close the connection', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['not HTTP at all', 'SSH-2.0-OpenSSH\r\n\r\n', 'HPE_INVALID_STATUS'],
    ['a status line without a code', 'HTTP/1.1 OK\r\n\r\n', 'HPE_INVALID_STATUS'],
    ['HTTP/2 framing', 'HTTP/2 200\r\n\r\n', 'HPE_INVALID_STATUS'],
    ['a protocol switch', 'HTTP/1.1 101 Switching Protocols\r\n\r\n', 'HPE_INVALID_STATUS'],
    ['a header without a colon', 'HTTP/1.1 200 OK\r\nbroken\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['a space in a field name', 'HTTP/1.1 200 OK\r\nx bad: 1\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    [
      'obsolete line folding',
      'HTTP/1.1 200 OK\r\nx-a: 1\r\n  folded\r\ncontent-length: 0\r\n\r\n',
      'HPE_INVALID_HEADER_TOKEN',
    ],
    ['a bare LF inside a value', 'HTTP/1.1 200 OK\r\nx-a: 1\ncontent-length: 5\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['a NUL in a value', 'HTTP/1.1 200 OK\r\nx-a: a\0b\r\ncontent-length: 0\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    [
      'Content-Length with Transfer-Encoding',
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
      'HPE_UNEXPECTED_CONTENT_LENGTH',
    ],
    [
      'two different Content-Lengths',
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}',
      'HPE_INVALID_CONTENT_LENGTH',
    ],
    ['a negative Content-Length', 'HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n', 'HPE_INVALID_CONTENT_LENGTH'],
    ['a Content-Length with a sign', 'HTTP/1.1 200 OK\r\ncontent-length: +2\r\n\r\n{}', 'HPE_INVALID_CONTENT_LENGTH'],
    ['a Content-Length in hex', 'HTTP/1.1 200 OK\r\ncontent-length: 0x2\r\n\r\n{}', 'HPE_INVALID_CONTENT_LENGTH'],
    [
      'a chunk size that is not hex',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n',
      'HPE_INVALID_CHUNK_SIZE',
    ],
    [
      'a chunk size with a sign',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n-2\r\n{}\r\n',
      'HPE_INVALID_CHUNK_SIZE',
    ],
    [
      'a chunk size line ending in a bare LF',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\n{}\r\n',
      'HPE_INVALID_CHUNK_SIZE',
    ],
    [
      'chunk data longer than its size',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\n{}\r\n0\r\n\r\n',
      'HPE_STRICT',
    ],
    [
      'a chunk size past 2^52',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nfffffffffffffff\r\n',
      'HPE_INVALID_CHUNK_SIZE',
    ],
    ['a head past 16 KiB', `HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(17 * 1024)}\r\n\r\n`, 'HPE_HEADER_OVERFLOW'],
    ['an endless head that never ends', `HTTP/1.1 200 OK\r\n${'x-a: 1\r\n'.repeat(3000)}`, 'HPE_HEADER_OVERFLOW'],
    [
      'trailers past 16 KiB',
      `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\n${'x-t: 1\r\n'.repeat(3000)}\r\n`,
      'HPE_HEADER_OVERFLOW',
    ],
  ];

  it.each(cases)('%s', async (_name, bytes, code) => {
    const server = await serve((i) => (i === 0 ? bytes : withLength()));
    const t = transport();
    const err = await failure(get(t, server));
    expect(err.code).toBe(code);
    expect(err.kind).toBe('network');
    expect(err.requestSent).toBe(true);
    // The broken connection is gone; the next request opens a new one and works.
    expect((await get(t, server)).statusCode).toBe(200);
    expect(server.connections).toBe(2);
  });

  it('through the client: a BceNetworkError with the code, not retried for a create', async () => {
    const server = await serve(() => 'HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\n{}');
    const client = new BecClient({ endpoint: server.endpoint, credentials, transport: transport() });
    const err = (await client
      .createVmService({
        serviceName: 'web',
        imageId: 'm-1',
        cpu: 1,
        memory: 2,
        deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1 }],
      })
      .catch((e: unknown) => e)) as BceNetworkError;
    expect(err).toBeInstanceOf(BceNetworkError);
    expect(err.code).toBe('HPE_INVALID_CONTENT_LENGTH');
    expect(err.outcomeUnknown).toBe(true);
    expect(server.heads).toHaveLength(1);
  });

  it('bytes after the answer are never read as the next answer', async () => {
    // A smuggled second response rides on the first; the next request must not receive it.
    const server = await serve((i) =>
      i === 0 ? `${withLength('{"a":1}')}${withLength('{"smuggled":true}')}` : withLength('{"a":2}'),
    );
    const t = transport();
    expect(Buffer.from((await get(t, server)).body).toString()).toBe('{"a":1}');
    expect(Buffer.from((await get(t, server)).body).toString()).toBe('{"a":2}');
    expect(server.connections).toBe(2);
  });

  it('bytes on an idle connection close it; the next request gets a fresh one', async () => {
    let first: net.Socket | undefined;
    const server = await serve((i, socket) => {
      if (i === 0) {
        first = socket;
        setTimeout(() => socket.write(withLength('{"unasked":1}')), 20);
      }
      return withLength(`{"n":${i}}`);
    });
    const t = transport();
    await get(t, server);
    await new Promise((r) => setTimeout(r, 80));
    expect(first?.destroyed || first?.readableEnded).toBeTruthy();
    expect(Buffer.from((await get(t, server)).body).toString()).toBe('{"n":1}');
    expect(server.connections).toBe(2);
  });

  it('a close mid-body is an error, not a short body', async () => {
    const server = await serve((_i, socket) => {
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"half":');
      return undefined;
    });
    const err = await failure(get(transport(), server));
    expect(err.code).toBe('ECONNRESET');
    expect(err.requestSent).toBe(true);
    expect(err.message).toMatch(/mid-response/);
  });

  it('a close before any answer byte is "socket hang up", sent', async () => {
    const server = await serve((_i, socket) => {
      socket.destroy();
      return undefined;
    });
    const err = await failure(get(transport(), server));
    expect(err.code).toBe('ECONNRESET');
    expect(err.requestSent).toBe(true);
  });

  it('maxResponseBytes bounds chunked bodies by their sizes, before the data arrives', async () => {
    const server = await serve((_i, socket) => {
      socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n100000\r\n');
      return undefined;
    });
    const err = await failure(get(transport(), server, '/v1/x', 1024));
    expect(err.kind).toBe('too-large');
    const client = new BecClient({
      endpoint: server.endpoint,
      credentials,
      maxResponseBytes: 1024,
      transport: transport(),
    });
    await expect(client.getVmServiceDetail('s-1')).rejects.toBeInstanceOf(BceResponseTooLargeError);
  });
});

describe('connections', () => {
  it('maxSockets bounds the connections; the requests beyond wait and all complete', async () => {
    const server = await serve((i) => withLength(`{"n":${i}}`));
    const t = transport({ maxSockets: 2 });
    const answers = await Promise.all(Array.from({ length: 9 }, () => get(t, server)));
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    expect(server.connections).toBe(2);
  });

  it('a request that times out while waiting for a connection leaves the queue; nothing is sent for it', async () => {
    let hold: (() => void) | undefined;
    const server = await serve((i, socket) => {
      if (i === 0) {
        hold = () => socket.write(withLength());
        return undefined;
      }
      return withLength();
    });
    const t = transport({ maxSockets: 1 });
    const first = get(t, server);
    const controller = new AbortController();
    const second = t.send({
      url: new URL(`${server.endpoint}/v1/y`),
      method: 'GET',
      headers: {},
      body: undefined,
      signal: controller.signal,
      connectTimeoutMs: 2000,
    });
    await new Promise((r) => setTimeout(r, 30));
    controller.abort();
    const err = await failure(second);
    expect(err.kind).toBe('aborted');
    expect(err.requestSent).toBe(false);
    hold?.();
    expect((await first).statusCode).toBe(200);
    expect(server.heads).toHaveLength(1);
    // The connection is free again for the next request.
    expect((await get(t, server)).statusCode).toBe(200);
    expect(server.connections).toBe(1);
  });

  it("the server's Keep-Alive timeout is respected: a connection is not reused within a second of it", async () => {
    const server = await serve((i) =>
      withLength('{}', [i < 2 ? 'keep-alive: timeout=1' : 'keep-alive: timeout=30, max=100']),
    );
    const t = transport();
    await get(t, server);
    await get(t, server);
    expect(server.connections).toBe(2);
    await get(t, server);
    await get(t, server);
    expect(server.connections).toBe(3);
  });

  it('a connection the server closed while idle is not used; the call does not fail', async () => {
    const server = await serve((_i, socket) => {
      setTimeout(() => socket.end(), 10);
      return withLength();
    });
    const t = transport();
    await get(t, server);
    await new Promise((r) => setTimeout(r, 60));
    expect((await get(t, server)).statusCode).toBe(200);
    expect(server.connections).toBe(2);
  });

  it('close() fails requests in flight and the transport can be used again', async () => {
    const server = await serve((i) => (i === 0 ? undefined : withLength()));
    const t = transport();
    const pending = get(t, server);
    await new Promise((r) => setTimeout(r, 30));
    t.close();
    const err = await failure(pending);
    expect(err.requestSent).toBe(true);
    expect((await get(t, server)).statusCode).toBe(200);
  });

  it('idle connections do not keep the process alive', async () => {
    // The server lets connections idle for ten minutes: only an unreferenced socket lets the child end.
    const server = await serve(() => withLength('{}', ['keep-alive: timeout=600']));
    const script = `
      const { NodeHttpTransport } = await import(${JSON.stringify(new URL('../src/internal/transport.ts', import.meta.url).href)});
      const t = new NodeHttpTransport();
      const res = await t.send({ url: new URL('${server.endpoint}/v1/x'), method: 'GET', headers: {}, body: undefined,
        signal: new AbortController().signal, connectTimeoutMs: 2000 });
      console.log('status', res.statusCode);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = await new Promise<number | 'hung'>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('hung');
      }, 15_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code ?? -1);
      });
    });
    expect(out).toContain('status 200');
    expect(exited).toBe(0);
    // The connection was still open (idle) when the process ended by itself.
    expect(server.connections).toBe(1);
  }, 20_000);
});

describe('the request on the wire', () => {
  it('one request line, the headers as given, content-length and keep-alive added, the body after', async () => {
    let wire = '';
    const server = net.createServer((socket) => {
      socket.on('data', (d: Buffer) => {
        wire += d.toString('latin1');
        if (wire.endsWith('{"a":1}')) socket.end(withLength());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await transport().send({
        url: new URL(`http://127.0.0.1:${port}/v1/vm/service/s%2F1?clientToken=a&flag`),
        method: 'POST',
        headers: { host: `127.0.0.1:${port}`, 'x-bce-date': '2026-12-04T00:00:00Z' },
        body: Buffer.from('{"a":1}'),
        signal: new AbortController().signal,
        connectTimeoutMs: 2000,
      });
      expect(wire).toBe(
        `POST /v1/vm/service/s%2F1?clientToken=a&flag HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n` +
          'x-bce-date: 2026-12-04T00:00:00Z\r\ncontent-length: 7\r\nconnection: keep-alive\r\n\r\n{"a":1}',
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("a request without a host header gets the URL's host (HTTP/1.1 requires one)", async () => {
    const server = await serve(() => withLength());
    await transport().send({
      url: new URL(`${server.endpoint}/v1/x`),
      method: 'GET',
      headers: { 'x-a': '1' },
      body: undefined,
      signal: new AbortController().signal,
      connectTimeoutMs: 2000,
    });
    expect(server.heads[0]).toBe(
      `GET /v1/x HTTP/1.1\r\nx-a: 1\r\nhost: 127.0.0.1:${server.port}\r\nconnection: keep-alive`,
    );
  });

  it.each([
    ['CR LF in a value', { 'x-a': 'a\r\nx-smuggled: 1' }],
    ['a bare LF in a value', { 'x-a': 'a\nb' }],
    ['a NUL in a value', { 'x-a': 'a\0b' }],
    ['a character past latin1', { 'x-a': 'a\u0100' }],
    ['a space in a name', { 'x a': '1' }],
    ['a colon in a name', { 'x:a': '1' }],
  ])('refuses %s before connecting', async (_name, headers) => {
    const server = await serve(() => withLength());
    const err = await failure(
      transport().send({
        url: new URL(`${server.endpoint}/v1/x`),
        method: 'GET',
        headers,
        body: undefined,
        signal: new AbortController().signal,
        connectTimeoutMs: 2000,
      }),
    );
    expect(err.requestSent).toBe(false);
    expect(err.code).toBe('ERR_INVALID_CHAR');
    expect(server.connections).toBe(0);
  });

  it('refuses an invalid method and a non-HTTP URL', async () => {
    const server = await serve(() => withLength());
    const t = transport();
    const base = { headers: {}, body: undefined, signal: new AbortController().signal, connectTimeoutMs: 2000 };
    expect(
      (await failure(t.send({ ...base, url: new URL(`${server.endpoint}/x`), method: 'GET /y' }))).requestSent,
    ).toBe(false);
    expect((await failure(t.send({ ...base, url: new URL('ftp://127.0.0.1/x'), method: 'GET' }))).code).toBe(
      'ERR_INVALID_PROTOCOL',
    );
    expect(server.connections).toBe(0);
  });

  it('refuses bad options', () => {
    expect(() => new NodeHttpTransport({ maxSockets: 0 })).toThrow(RangeError);
    expect(() => new NodeHttpTransport({ maxSockets: 1.5 })).toThrow(RangeError);
  });
});
