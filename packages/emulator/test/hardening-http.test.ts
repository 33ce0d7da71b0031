/**
 * Issue 12, item 9 (HTTP side): the body limit is enforced before buffering and before
 * authentication; silent, slow and idle connections are closed; connections are capped.
 * Every timeout here is set short through the options; the defaults are checked as values.
 */
import { connect, type Socket } from 'node:net';
import { DEFAULT_LIMITS, type RunningEmulator, startEmulator } from 'bec-emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { send, signed, toyHandlers } from './core-helpers.js';

const running: RunningEmulator[] = [];

async function start(limits: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> {
  const emu = await startEmulator({ handlers: toyHandlers(), lifecycle: { mode: 'immediate' }, ...limits });
  running.push(emu);
  return emu;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

function open(endpoint: string): Promise<Socket> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the connection. */
function untilClosed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

describe('body limit (before buffering, before auth)', () => {
  it('a declared 2 GB body is refused from its Content-Length, unsigned, without sending it', async () => {
    const emu = await start();
    const socket = await open(emu.endpoint);
    const answer = untilClosed(socket);
    socket.write(
      `POST /v2/appblb HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${2 * 1024 ** 3}\r\n\r\n{"name":`,
    );
    const text = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toMatch(/connection: close/i);
    expect(text).toContain('"code":"LimitExceeded"');
    expect(emu.journal.at(-1)).toMatchObject({ status: 413, code: 'LimitExceeded', account: undefined });
  });

  it('a streamed (chunked) 2 GB body is cut after the limit: the sender is stopped, not read to the end', async () => {
    const emu = await start();
    const socket = await open(emu.endpoint);
    const answer = untilClosed(socket);
    socket.write('POST /v2/appblb HTTP/1.1\r\nhost: 127.0.0.1\r\ntransfer-encoding: chunked\r\n\r\n');
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    let sent = 0;
    let closed = false;
    socket.once('close', () => {
      closed = true;
    });
    // Send up to 2 GB, respecting flow control, until the server closes the connection.
    while (!closed && sent < 2 * 1024 ** 3) {
      sent += chunk.length;
      if (!socket.write(frame)) {
        await new Promise<void>((r) => {
          socket.once('drain', r);
          socket.once('close', r);
        });
      }
    }
    const text = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    // The server stopped reading: what got through is the limit plus socket buffers, not 2 GB.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('the limit is an option; bodies within it still work', async () => {
    const emu = await start({ limits: { maxBodyBytes: 2048 } });
    const ok = await send(
      emu.endpoint,
      signed(emu.endpoint, emu.credentials, {
        method: 'POST',
        path: '/v2/appblb',
        body: JSON.stringify({ name: 'small', regionId: 'cn-hangzhou-cm' }),
      }),
    );
    expect(ok.status).toBe(200);
    const big = await send(
      emu.endpoint,
      signed(emu.endpoint, emu.credentials, {
        method: 'POST',
        path: '/v2/appblb',
        body: JSON.stringify({ name: 'big', regionId: 'cn-hangzhou-cm', desc: 'x'.repeat(2048) }),
      }),
    );
    expect([big.status, big.json?.code]).toEqual([413, 'LimitExceeded']);
  });
});

describe('timeouts and the connection cap', () => {
  it('the defaults: 1 MiB, headers 10 s, request 30 s, keep-alive 15 s, 512 connections', async () => {
    expect(DEFAULT_LIMITS).toMatchObject({
      maxBodyBytes: 1024 * 1024,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 15_000,
      maxConnections: 512,
    });
    const emu = await start();
    expect(emu.limits).toEqual(DEFAULT_LIMITS);
    // A connection that sends nothing is closed within 30 s by default.
    expect(Math.max(DEFAULT_LIMITS.headersTimeoutMs, DEFAULT_LIMITS.keepAliveTimeoutMs)).toBeLessThanOrEqual(30_000);
  });

  it('a connection that sends nothing is closed after headersTimeoutMs', async () => {
    const emu = await start({ limits: { headersTimeoutMs: 200, requestTimeoutMs: 400 } });
    const socket = await open(emu.endpoint);
    const text = await untilClosed(socket);
    expect(text === '' || text.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('a body trickled slower than requestTimeoutMs allows is cut', async () => {
    const emu = await start({ limits: { headersTimeoutMs: 200, requestTimeoutMs: 400 } });
    const socket = await open(emu.endpoint);
    const answer = untilClosed(socket);
    socket.write('POST /v2/appblb HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 100000\r\n\r\n{');
    const timer = setInterval(() => socket.writable && socket.write(' '), 20);
    try {
      const text = await answer;
      expect(text === '' || text.startsWith('HTTP/1.1 408')).toBe(true);
    } finally {
      clearInterval(timer);
    }
  });

  it('an idle keep-alive connection is closed after keepAliveTimeoutMs', async () => {
    const emu = await start({ limits: { keepAliveTimeoutMs: 200 } });
    const socket = await open(emu.endpoint);
    const answer = untilClosed(socket);
    const req = signed(emu.endpoint, emu.credentials, { method: 'GET', path: '/v2/appblb' });
    const head = Object.entries(req.headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    socket.write(`GET ${req.target} HTTP/1.1\r\n${head}\r\n\r\n`);
    const text = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('connections beyond maxConnections are closed at once; the others keep working', async () => {
    const emu = await start({ limits: { maxConnections: 4 } });
    const held = await Promise.all([1, 2, 3, 4].map(() => open(emu.endpoint)));
    // The fifth is accepted after the four (one backlog, in order), so it is the one refused.
    const extra = await open(emu.endpoint);
    expect(await untilClosed(extra)).toBe('');
    for (const s of held) s.destroy();
    // Once the server has seen the four go, a new connection is served again.
    let status = 0;
    for (let i = 0; i < 200 && status !== 200; i++) {
      const req = signed(emu.endpoint, emu.credentials, { method: 'GET', path: '/v2/appblb' });
      status = await send(emu.endpoint, req).then(
        (r) => r.status,
        () => new Promise<number>((r) => setTimeout(() => r(0), 10)),
      );
    }
    expect(status).toBe(200);
  });

  it('invalid limits are refused at start', async () => {
    await expect(startEmulator({ limits: { maxBodyBytes: 0 } })).rejects.toThrow(/limits.maxBodyBytes/);
    await expect(startEmulator({ limits: { headersTimeoutMs: 5000, requestTimeoutMs: 1000 } })).rejects.toThrow(
      /headersTimeoutMs/,
    );
    await expect(startEmulator({ limits: { nope: 1 } as never })).rejects.toThrow(/not a known limit/);
  });
});
