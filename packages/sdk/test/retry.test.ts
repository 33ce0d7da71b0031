import { describe, expect, it, vi } from 'vitest';
import { BceAbortError, BceNetworkError, BceServiceError, BceTimeoutError, BecClient, DEFAULTS } from '../src/index.js';
import { parseRetryAfter } from '../src/pipeline/retry-policy.js';
import {
  appBlbInput,
  BCE_DATE,
  closedPort,
  type Handler,
  sendJson,
  signatureMatches,
  UUID_V4,
  vmServiceInput,
} from './support/loopback.js';
import { credentials, loopbackSession, rejection as rejectionOf } from './support/session.js';

const { serve, clientFor, track } = loopbackSession();
const rejection = rejectionOf;
/** Answers `statuses` in turn (then the last one forever); 2xx gets `okBody`. */
function sequence(statuses: number[], okBody: unknown = {}, headers: Record<string, string> = {}): Handler {
  return (_req, res, i) => {
    const status = statuses[Math.min(i, statuses.length - 1)]!;
    if (status < 300) sendJson(res, status, okBody);
    else sendJson(res, status, { code: `Status${status}`, message: `failure ${i}`, requestId: `srv-${i}` }, headers);
  };
}

describe('creates without clientToken are never repeated once sent', () => {
  it('HTTP 500 on createVmService reaches the server once and reports an unknown outcome', async () => {
    const server = await serve(sequence([500]));
    const err = await rejection(clientFor(server.endpoint).createVmService(vmServiceInput()));
    expect(server.requests).toHaveLength(1);
    expect(err).toBeInstanceOf(BceServiceError);
    const e = err as BceServiceError;
    expect(e.statusCode).toBe(500);
    expect(e.code).toBe('Status500');
    expect(e.outcomeUnknown).toBe(true);
    expect(e.attempts).toBe(1);
    expect(e.message).toMatch(/outcome is unknown/);
    expect(e.message).toContain('srv-0');
  });

  it.each([502, 503, 504])('HTTP %i on createVmService is not retried either', async (status) => {
    const server = await serve(sequence([status, 200]));
    const err = (await rejection(clientFor(server.endpoint).createVmService(vmServiceInput()))) as BceServiceError;
    expect(server.requests).toHaveLength(1);
    expect(err.outcomeUnknown).toBe(true);
  });

  it.each([
    ['operateVmDeployment', (c: BecClient) => c.operateVmDeployment('vm-abc', 'restart')],
    ['restartPod', (c: BecClient) => c.restartPod('sts-abc-1-m-hangzhou-0')],
    [
      'reinstallVmInstance',
      (c: BecClient) => c.reinstallVmInstance('vm-abc', { imageId: 'm-abc', adminPass: 'Re@Pass1234' }),
    ],
  ])('HTTP 500 on the action PUT %s is not repeated (a second restart would restart again)', async (_name, call) => {
    const server = await serve(sequence([500, 200]));
    const err = (await rejection(call(clientFor(server.endpoint)))) as BceServiceError;
    expect(server.requests).toHaveLength(1);
    expect(err.outcomeUnknown).toBe(true);
  });

  it('a state-setting PUT (updateVmService) is retried after HTTP 500', async () => {
    const server = await serve(sequence([500, 200]));
    await clientFor(server.endpoint).updateVmService('s-abc', { type: 'serviceName', serviceName: 'renamed' });
    expect(server.requests).toHaveLength(2);
  });

  it('a server that reads the POST then destroys the socket: one POST, outcome unknown', async () => {
    const server = await serve((_req, res) => {
      res.socket?.destroy();
    });
    const err = await rejection(clientFor(server.endpoint).createVmService(vmServiceInput()));
    expect(server.requests).toHaveLength(1);
    expect(err).toBeInstanceOf(BceNetworkError);
    expect(err).not.toBeInstanceOf(BceTimeoutError);
    const e = err as BceNetworkError;
    expect(e.requestSent).toBe(true);
    expect(e.outcomeUnknown).toBe(true);
    expect(e.attempts).toBe(1);
    expect(e.message).toMatch(/outcome is unknown/);
  });

  it('the same holds on a kept-alive socket that already carried a request', async () => {
    const server = await serve((req, res) => {
      if (req.method === 'GET') sendJson(res, 200, { result: [], totalCount: 0 });
      else res.socket?.destroy();
    });
    const client = clientFor(server.endpoint);
    await client.getVmServiceList({});
    const err = (await rejection(client.createVmService(vmServiceInput()))) as BceNetworkError;
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(server.connections()).toBe(1); // the POST really went over the reused socket
    expect(err).toBeInstanceOf(BceNetworkError);
    expect(err.outcomeUnknown).toBe(true);
  });

  it('connection refused on a create IS retried (nothing was sent)', async () => {
    const port = await closedPort();
    const lines: Array<Record<string, unknown>> = [];
    const client = clientFor(`http://127.0.0.1:${port}`, {
      maxRetries: 2,
      logLevel: 'debug',
      logger: {
        debug: (_m, f) => lines.push(f ?? {}),
        info: () => {},
        warn: () => {},
        error: () => {},
      },
    });
    const err = (await rejection(client.createVmService(vmServiceInput()))) as BceNetworkError;
    expect(err).toBeInstanceOf(BceNetworkError);
    expect(err.code).toBe('ECONNREFUSED');
    expect(err.requestSent).toBe(false);
    expect(err.outcomeUnknown).toBe(false);
    expect(err.attempts).toBe(3);
    expect(lines.map((l) => l.attempt)).toEqual([1, 2, 3]);
    expect(new Set(lines.map((l) => l.requestId))).toEqual(new Set([err.requestId]));
  });

  it('429 on a create is retried: throttling means it was not acted on', async () => {
    const server = await serve(
      sequence([429, 200], { result: true, action: 'create', details: { serviceId: 's-abc12345' } }),
    );
    const result = await clientFor(server.endpoint).createVmService(vmServiceInput());
    expect(server.requests).toHaveLength(2);
    expect(result.details.serviceId).toBe('s-abc12345');
    expect(result.$metadata.attempts).toBe(2);
  });

  it('RequestExpired is retried, even on a create, with a fresh signature', async () => {
    let t = Date.parse('2024-05-01T10:00:00Z');
    const server = await serve((_req, res, i) => {
      if (i === 0) sendJson(res, 403, { code: 'RequestExpired', message: 'expired', requestId: 'r0' });
      else sendJson(res, 200, { serviceId: 's-xyz98765' });
    });
    const client = clientFor(server.endpoint, { now: () => (t += 5_000) });
    const result = await client.createVmService(vmServiceInput());
    expect(result.$metadata.attempts).toBe(2);
    const [a, b] = server.requests;
    expect(a!.headers['x-bce-date']).not.toBe(b!.headers['x-bce-date']);
    expect(a!.headers.authorization).not.toBe(b!.headers.authorization);
    expect(signatureMatches(b!, credentials)).toBe(true);
  });
});

describe('operations with clientToken are retried with one token', () => {
  it('HTTP 500 on createAppBlb: every attempt carries the caller token', async () => {
    const server = await serve(sequence([500]));
    const err = (await rejection(
      clientFor(server.endpoint).createAppBlb(appBlbInput(), { clientToken: 'my-token-0001' }),
    )) as BceServiceError;
    expect(server.requests).toHaveLength(1 + DEFAULTS.maxRetries);
    for (const r of server.requests) {
      expect(r.method).toBe('POST');
      expect(r.query.getAll('clientToken')).toEqual(['my-token-0001']);
    }
    expect(err).toBeInstanceOf(BceServiceError);
    expect(err.attempts).toBe(1 + DEFAULTS.maxRetries);
    // A 500 does not say whether the BLB was created: unknown, with the token to repeat the call safely.
    expect(err.outcomeUnknown).toBe(true);
    expect(err.clientToken).toBe('my-token-0001');
    expect(err.message).toContain('same clientToken ("my-token-0001"');
  });

  it('without a caller token one UUID is generated and reused on every attempt', async () => {
    const server = await serve(sequence([500, 502, 200], { blbId: 'lb-abc12345' }));
    const result = await clientFor(server.endpoint).createAppBlb(appBlbInput());
    expect(result.blbId).toBe('lb-abc12345');
    expect(result.$metadata.attempts).toBe(3);
    const tokens = server.requests.map((r) => r.query.get('clientToken'));
    expect(tokens).toHaveLength(3);
    expect(tokens[0]).toMatch(UUID_V4);
    expect(new Set(tokens).size).toBe(1);
  });

  it('two calls get two different generated tokens', async () => {
    const server = await serve(sequence([200], { blbId: 'lb-abc12345' }));
    const client = clientFor(server.endpoint);
    await client.createAppBlb(appBlbInput());
    await client.createAppBlb(appBlbInput());
    const [a, b] = server.requests.map((r) => r.query.get('clientToken'));
    expect(a).not.toBe(b);
  });
});

describe('GET retries', () => {
  it('503 then 200: exactly one retry and $metadata.attempts === 2', async () => {
    const server = await serve(sequence([503, 200], { serviceId: 's-abc12345', serviceName: 'web' }));
    const result = await clientFor(server.endpoint).getVmServiceDetail('s-abc12345');
    expect(server.requests).toHaveLength(2);
    expect(result.serviceName).toBe('web');
    expect(result.$metadata.attempts).toBe(2);
    expect(result.$metadata.statusCode).toBe(200);
  });

  it('every attempt is re-signed with a fresh x-bce-date; the request id stays the same', async () => {
    let t = Date.parse('2024-05-01T10:00:00Z');
    const server = await serve(sequence([500, 502, 503, 200]));
    const client = clientFor(server.endpoint, { now: () => (t += 1_000) });
    const result = await client.getVmServiceDetail('s-abc12345');
    expect(result.$metadata.attempts).toBe(4);
    const dates = server.requests.map((r) => r.headers['x-bce-date']);
    expect(dates).toEqual([
      '2024-05-01T10:00:01Z',
      '2024-05-01T10:00:02Z',
      '2024-05-01T10:00:03Z',
      '2024-05-01T10:00:04Z',
    ]);
    for (const r of server.requests) {
      expect(r.headers['x-bce-date']).toMatch(BCE_DATE);
      expect(String(r.headers.authorization)).toContain(`/${r.headers['x-bce-date']}/`);
      expect(signatureMatches(r, credentials)).toBe(true);
    }
    const ids = new Set(server.requests.map((r) => r.headers['x-bce-request-id']));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(UUID_V4);
  });

  it.each([400, 401, 403, 404, 409, 412])('HTTP %i is not retried', async (status) => {
    const server = await serve(sequence([status, 200]));
    const err = (await rejection(clientFor(server.endpoint).getVmServiceDetail('s-abc12345'))) as BceServiceError;
    expect(server.requests).toHaveLength(1);
    expect(err.statusCode).toBe(status);
    expect(err.outcomeUnknown).toBe(false);
  });

  it('maxRetries is honoured from the client and per call', async () => {
    const server = await serve(sequence([503]));
    const client = clientFor(server.endpoint, { maxRetries: 1 });
    expect(((await rejection(client.getVmServiceDetail('s-a'))) as BceServiceError).attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    await rejection(client.getVmServiceDetail('s-a', { maxRetries: 0 }));
    expect(server.requests).toHaveLength(3);
    await rejection(client.getVmServiceDetail('s-a', { maxRetries: 4 }));
    expect(server.requests).toHaveLength(8);
  });

  it('Retry-After (seconds) is honoured', async () => {
    const server = await serve(sequence([429, 200], {}, { 'retry-after': '1' }));
    const started = performance.now();
    const result = await clientFor(server.endpoint, { retryMaxDelayMs: 2_000 }).getVmServiceDetail('s-abc12345');
    expect(result.$metadata.attempts).toBe(2);
    const [a, b] = server.requests;
    // Timers may fire up to a millisecond early; the wait starts after the response arrived.
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(995);
    expect(performance.now() - started).toBeGreaterThanOrEqual(995);
  });

  it('a Retry-After longer than retryMaxDelayMs ends the call instead of hanging', async () => {
    const server = await serve(sequence([503, 200], {}, { 'retry-after': '3600' }));
    const started = performance.now();
    const err = (await rejection(clientFor(server.endpoint).getVmServiceDetail('s-a'))) as BceServiceError;
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(1);
    expect(err.statusCode).toBe(503);
  });

  it('parseRetryAfter reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2024-05-01T10:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 May 2024 10:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 01 May 2024 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('an exhausted retry budget stops retrying, for later calls too', async () => {
    const server = await serve(sequence([503]));
    const warnings: string[] = [];
    const client = clientFor(server.endpoint, {
      retryBudget: 10,
      maxRetries: 10,
      logger: { debug: () => {}, info: () => {}, warn: (m) => warnings.push(m), error: () => {} },
    });
    const err = (await rejection(client.getVmServiceDetail('s-a'))) as BceServiceError;
    // Each retry costs 5: two retries, then the budget is empty.
    expect(server.requests).toHaveLength(3);
    expect(err.attempts).toBe(3);
    expect(warnings.some((w) => /budget/.test(w))).toBe(true);
    await rejection(client.getVmServiceDetail('s-a'));
    expect(server.requests).toHaveLength(4);
  });

  it('the overall deadline stops retries', async () => {
    const server = await serve(sequence([503]));
    const client = clientFor(server.endpoint, { maxRetries: 1000, retryBaseDelayMs: 50, retryMaxDelayMs: 50 });
    const started = performance.now();
    const err = await rejection(client.getVmServiceDetail('s-a', { deadlineMs: 400 }));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(400 + 300);
    expect(err).toSatisfy((e) => e instanceof BceServiceError || e instanceof BceTimeoutError);
    expect(server.requests.length).toBeGreaterThan(1);
    expect(server.requests.at(-1)!.at - server.requests[0]!.at).toBeLessThan(400);
  });

  it('the overall deadline cuts a stalled attempt short', async () => {
    const server = await serve(() => {}); // never answers
    const client = clientFor(server.endpoint, { deadlineMs: 300 });
    const started = performance.now();
    const err = (await rejection(client.getVmServiceDetail('s-a'))) as BceTimeoutError;
    const elapsed = performance.now() - started;
    expect(err).toBeInstanceOf(BceTimeoutError);
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(300 + 300);
    expect(server.requests).toHaveLength(1);
    expect(err.outcomeUnknown).toBe(false);
  });

  it('a per-attempt timeout on a GET is retried', async () => {
    const server = await serve((_req, res, i) => {
      if (i > 0) sendJson(res, 200, { serviceId: 's-a' });
    });
    const result = await clientFor(server.endpoint, { timeoutMs: 150 }).getVmServiceDetail('s-a');
    expect(result.$metadata.attempts).toBe(2);
  });
});

describe('abort', () => {
  it('aborted before sending: nothing reaches the server', async () => {
    const server = await serve(sequence([200]));
    const controller = new AbortController();
    controller.abort(new Error('changed my mind'));
    const err = await rejection(
      clientFor(server.endpoint).createVmService(vmServiceInput(), { signal: controller.signal }),
    );
    expect(err).toBeInstanceOf(BceAbortError);
    expect((err as BceAbortError).cause).toBeInstanceOf(Error);
    expect(server.requests).toHaveLength(0);
  });

  it('aborted mid-request: settles promptly; a create says its outcome is unknown', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const server = await serve(() => {
      setTimeout(() => {
        abortedAt = performance.now();
        controller.abort();
      }, 20);
    });
    const err = (await rejection(
      clientFor(server.endpoint).createVmService(vmServiceInput(), { signal: controller.signal }),
    )) as BceAbortError;
    expect(performance.now() - abortedAt).toBeLessThan(200);
    expect(err).toBeInstanceOf(BceAbortError);
    expect(err.requestSent).toBe(true);
    expect(err.outcomeUnknown).toBe(true);
    expect(err.message).toMatch(/outcome is unknown/);
    expect(server.requests).toHaveLength(1);
  });

  it('aborted mid-request on a GET: no unknown outcome', async () => {
    const controller = new AbortController();
    const server = await serve(() => {
      setTimeout(() => controller.abort(), 20);
    });
    const err = (await rejection(
      clientFor(server.endpoint).getVmServiceDetail('s-a', { signal: controller.signal }),
    )) as BceAbortError;
    expect(err).toBeInstanceOf(BceAbortError);
    expect(err.outcomeUnknown).toBe(false);
  });

  it('aborted while a slow credentials provider is pending: settles promptly, nothing sent', async () => {
    const server = await serve(sequence([200]));
    const controller = new AbortController();
    const client = clientFor(server.endpoint, { credentials: () => new Promise(() => {}) });
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    const err = await rejection(client.getVmServiceDetail('s-a', { signal: controller.signal }));
    expect(err).toBeInstanceOf(BceAbortError);
    expect(performance.now() - started).toBeLessThan(300);
    expect(server.requests).toHaveLength(0);
    // The deadline covers the provider too.
    const timedOut = await rejection(client.getVmServiceDetail('s-a', { deadlineMs: 50 }));
    expect(timedOut).toBeInstanceOf(BceTimeoutError);
    expect(timedOut.message).toMatch(/credentials/);
  });

  it('aborted during a backoff wait: settles well before the wait would end, no further attempt', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const server = await serve((_req, res) => {
      sendJson(res, 503, { code: 'ServiceUnavailable', message: 'busy' }, { 'retry-after': '5' });
      setTimeout(() => {
        abortedAt = performance.now();
        controller.abort();
      }, 50);
    });
    const started = performance.now();
    const err = await rejection(
      clientFor(server.endpoint, { retryMaxDelayMs: 10_000 }).getVmServiceDetail('s-a', {
        signal: controller.signal,
      }),
    );
    expect(err).toBeInstanceOf(BceAbortError);
    expect(err.message).toMatch(/retry wait/);
    expect(performance.now() - abortedAt).toBeLessThan(200);
    expect(performance.now() - started).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.requests).toHaveLength(1);
  });
});

describe('default per-attempt timeout', () => {
  it(`a server that accepts and never answers fails with BceTimeoutError after DEFAULTS.timeoutMs (${DEFAULTS.timeoutMs} ms), on a fake clock`, async () => {
    const server = await serve(() => {}); // reads the request, never answers
    const client = new BecClient({ endpoint: server.endpoint, credentials });
    track(client);
    // Timers only: the sockets stay real, the 30 s pass on the fake clock.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let settled = false;
      const outcome = rejection(client.createVmService(vmServiceInput())).finally(() => {
        settled = true;
      });
      while (server.requests.length === 0) await new Promise((r) => setImmediate(r));
      await vi.advanceTimersByTimeAsync(DEFAULTS.timeoutMs - 1);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const err = (await outcome) as BceTimeoutError;
      expect(err).toBeInstanceOf(BceTimeoutError);
      expect(err.code).toBe('ETIMEDOUT');
      expect(err.outcomeUnknown).toBe(true);
      expect(err.attempts).toBe(1);
      expect(err.message).toContain(`${DEFAULTS.timeoutMs} ms`);
      expect(server.requests).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
