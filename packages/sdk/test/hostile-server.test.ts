/**
 * Issue 12, items 1 and 2: a server (or proxy) that streams an endless body, announces a huge one,
 * or asks for an absurd Retry-After; and time options past the 32-bit timer limit. Everything runs
 * over real loopback sockets, bounded in time (the limits cut the exchange short) and in memory.
 */
import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  BceClientError,
  BceResponseTooLargeError,
  BceServiceError,
  BceValidationError,
  BecClient,
  type BecClientOptions,
  MAX_TIMER_MS,
} from '../src/index.js';
import { parseRetryAfter } from '../src/pipeline/retry-policy.js';
import { type Handler, sendJson } from './support/loopback.js';
import { credentials, loopbackSession, rejection as rejectionOf } from './support/session.js';

const { serve, clientFor } = loopbackSession();
const rejection = rejectionOf;
const MiB = 1024 * 1024;
/** Streams up to `total` bytes of a JSON-looking body with backpressure, stopping when the client goes away. */
function endlessBody(total: number, written: { bytes: number; closed: boolean; peakRss: number }): Handler {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"serviceId":"');
    res.on('close', () => {
      written.closed = true;
    });
    let n = 0;
    const pump = (): void => {
      while (!written.closed && written.bytes < total) {
        written.bytes += chunk.length;
        if (++n % 32 === 0) written.peakRss = Math.max(written.peakRss, process.memoryUsage().rss);
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!written.closed) res.end('"}');
    };
    pump();
  };
}

describe('maxResponseBytes (issue 12, item 1)', () => {
  it('a 200 MB streamed body against a 1 MiB limit: typed error, not retried, memory stays bounded', async () => {
    const written = { bytes: 0, closed: false, peakRss: 0 };
    // BEC_HOSTILE_BODY_MB=2048 replays it with a 2 GB body; the client stops reading at 1 MiB either way.
    const server = await serve(endlessBody(Number(process.env.BEC_HOSTILE_BODY_MB ?? 200) * MiB, written));
    const client = clientFor(server.endpoint, { maxResponseBytes: MiB, maxRetries: 3 });
    globalThis.gc?.();
    const before = process.memoryUsage();
    written.peakRss = before.rss;
    const err = (await rejection(client.getVmServiceDetail('s-1'))) as BceResponseTooLargeError;
    const after = process.memoryUsage();
    const rssGrowthMiB = (Math.max(written.peakRss, after.rss) - before.rss) / MiB;
    const heapGrowthMiB = (after.heapUsed - before.heapUsed) / MiB;
    if (process.env.BEC_REPORT_MEMORY) {
      console.info(
        `hostile body: server wrote ${(written.bytes / MiB).toFixed(1)} MiB before the client hung up; peak RSS growth ${rssGrowthMiB.toFixed(1)} MiB; heap growth ${heapGrowthMiB.toFixed(1)} MiB`,
      );
    }
    expect(err).toBeInstanceOf(BceResponseTooLargeError);
    expect(err).toBeInstanceOf(BceClientError);
    expect(err.limit).toBe(MiB);
    expect(err.statusCode).toBe(200);
    expect(err.message).toMatch(/maxResponseBytes \(1048576 bytes\)/);
    // Not retried: the next answer would be as large.
    expect(server.requests).toHaveLength(1);
    expect(err.attempts).toBe(1);
    // The client hung up long before the 200 MB: the server saw the connection close.
    await expect.poll(() => written.closed).toBe(true);
    expect(written.bytes).toBeLessThan(64 * MiB);
    expect(rssGrowthMiB).toBeLessThan(100);
    expect(heapGrowthMiB).toBeLessThan(32);
  });

  it('a Content-Length over the limit is refused before the body is read, and the connection closed', async () => {
    let socketClosed = false;
    const server = await serve((_req, res, _i, raw) => {
      raw.socket.on('close', () => {
        socketClosed = true;
      });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(200 * MiB) });
      res.write('{"serviceId":"'); // and then nothing: only the announced size can end this call
    });
    const client = clientFor(server.endpoint, { maxResponseBytes: MiB, timeoutMs: MAX_TIMER_MS });
    const err = (await rejection(client.getVmServiceDetail('s-1'))) as BceResponseTooLargeError;
    expect(err).toBeInstanceOf(BceResponseTooLargeError);
    expect(err.contentLength).toBe(200 * MiB);
    expect(err.message).toContain(`announced ${200 * MiB} bytes`);
    expect(server.requests).toHaveLength(1);
    await expect.poll(() => socketClosed).toBe(true);
  });

  it('applies to error answers too, and per call in either direction', async () => {
    const big = { serviceId: 's-1', filler: 'x'.repeat(4096) };
    const server = await serve((_req, res, i) => {
      if (i === 0) sendJson(res, 500, { code: 'InternalError', message: 'y'.repeat(8192) });
      else sendJson(res, 200, big);
    });
    const small = clientFor(server.endpoint, { maxResponseBytes: 1024, maxRetries: 0 });
    const onError = (await rejection(small.getVmServiceDetail('s-1'))) as BceResponseTooLargeError;
    expect(onError).toBeInstanceOf(BceResponseTooLargeError);
    expect(onError.statusCode).toBe(500);
    // The client-wide limit is raised for one call ...
    const result = await small.getVmServiceDetail('s-1', { maxResponseBytes: 64 * 1024 });
    expect(result.serviceId).toBe('s-1');
    // ... and lowered for one call on a client with the default.
    const roomy = clientFor(server.endpoint);
    await expect(roomy.getVmServiceDetail('s-1', { maxResponseBytes: 100 })).rejects.toThrow(BceResponseTooLargeError);
    await expect(roomy.getVmServiceDetail('s-1')).resolves.toMatchObject({ serviceId: 's-1' });
  });

  it('is checked like the other options', () => {
    for (const value of [0, -1, 1.5, Number.NaN, '1000']) {
      expect(
        () => new BecClient({ endpoint: 'http://127.0.0.1:9', credentials, maxResponseBytes: value as number }),
      ).toThrow(/maxResponseBytes/);
    }
  });
});

describe('timer overflow (issue 12, item 2)', () => {
  it.each<[keyof BecClientOptions, number]>([
    ['timeoutMs', 2 ** 31],
    ['connectTimeoutMs', 2 ** 31],
    ['deadlineMs', 2 ** 32],
    ['retryBaseDelayMs', 2 ** 40],
    ['retryMaxDelayMs', 2 ** 31],
  ])('%s = %s is refused at construction, naming the limit', (name, value) => {
    const make = () => new BecClient({ endpoint: 'http://127.0.0.1:9', credentials, [name]: value });
    expect(make).toThrow(BceValidationError);
    expect(make).toThrow(new RegExp(`${name}.*at most 2147483647 ms`));
  });

  it('2^31 - 1 ms is the largest accepted value', () => {
    expect(() =>
      clientFor('http://127.0.0.1:9', {
        timeoutMs: MAX_TIMER_MS,
        connectTimeoutMs: MAX_TIMER_MS,
        deadlineMs: MAX_TIMER_MS,
        retryMaxDelayMs: MAX_TIMER_MS,
      }),
    ).not.toThrow();
  });

  it('per call: timeoutMs or deadlineMs of 2^31 is refused before sending', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { serviceId: 's-1' }));
    const client = clientFor(server.endpoint);
    for (const options of [{ timeoutMs: 2 ** 31 }, { deadlineMs: 2 ** 31 }]) {
      const err = await rejection(client.getVmServiceDetail('s-1', options));
      expect(err).toBeInstanceOf(BceValidationError);
      expect(err.message).toMatch(/at most 2147483647 ms/);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('waiter delays past the timer limit are refused', async () => {
    const client = clientFor('http://127.0.0.1:9');
    await expect(client.waitUntilVmServiceRunning('s-1', { maxWaitMs: 2 ** 31 })).rejects.toThrow(/at most 2147483647/);
    await expect(client.waitUntilVmServiceRunning('s-1', { maxDelayMs: 2 ** 32 })).rejects.toThrow(/maxDelayMs/);
  });

  it('a server-supplied Retry-After past the timer limit counts as longer than any allowed wait', () => {
    expect(parseRetryAfter('99999999999', 0)).toBe(Number.POSITIVE_INFINITY);
    expect(parseRetryAfter('2147484', 0)).toBe(Number.POSITIVE_INFINITY);
    expect(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', Date.now())).toBe(Number.POSITIVE_INFINITY);
    expect(parseRetryAfter('2147483', 0)).toBe(2_147_483_000);
    expect(parseRetryAfter('2', 0)).toBe(2000);
  });

  it('a Retry-After longer than retryMaxDelayMs ends the call at once, even at the largest setting', async () => {
    const server = await serve((_req, res: http.ServerResponse) =>
      sendJson(res, 503, { code: 'ServiceUnavailable', message: 'later' }, { 'retry-after': '4294968' }),
    );
    const client = clientFor(server.endpoint, { retryMaxDelayMs: MAX_TIMER_MS, maxRetries: 3 });
    const err = (await rejection(client.getVmServiceDetail('s-1'))) as BceServiceError;
    expect(err).toBeInstanceOf(BceServiceError);
    expect(err.statusCode).toBe(503);
    expect(server.requests).toHaveLength(1);
  });
});
