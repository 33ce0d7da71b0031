/**
 * Issue 12, items 3 and 4: every operation that sends a clientToken puts that token on every error
 * and says `outcomeUnknown` whenever the request may have reached BEC; a retried DELETE that finds
 * the resource gone counts as deleted. Real loopback sockets throughout.
 */
import { describe, expect, it } from 'vitest';
import { type BceError, BceNetworkError, BceServiceError, BceTimeoutError, type BecClient } from '../src/index.js';
import { operations } from '../src/spec.js';
import { appBlbInput, sendJson, UUID_V4 } from './support/loopback.js';
import { loopbackSession, rejection as rejectionOf } from './support/session.js';

const { serve, clientFor } = loopbackSession({ retryMaxDelayMs: 5 });
const rejection = (p: Promise<unknown>): Promise<BceError> => rejectionOf<BceError>(p);
type Invoke = (client: BecClient, options: Record<string, unknown>) => Promise<unknown>;

/** Calls an operation by its table row with placeholder IDs; the input is sent as given (validation off). */
function callOf(op: (typeof operations)[number]): Invoke {
  return (client, options) => {
    const method = (client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[op.clientMethod]!;
    const ids = op.pathParams.map((_, i) => `lb-id${i}`);
    const input = op.input === 'none' ? [] : op.input === 'array' ? [['x']] : [{}];
    return method.call(client, ...ids, ...input, { validation: false, ...options });
  };
}

const tokenOps = operations.filter((op) => op.clientToken);

describe('every clientToken operation: the token on every error, outcomeUnknown when it may have acted (item 3)', () => {
  it('the table covers the app-BLB writes, create included', () => {
    expect(tokenOps.map((op) => op.name)).toContain('CreateAppBlb');
    expect(tokenOps.length).toBeGreaterThanOrEqual(19);
  });

  it.each(tokenOps.map((op) => [op.name, op] as const))('%s', async (_name, op) => {
    const call = callOf(op);
    // 1. 500 on every attempt: one generated token on all of them, and on the error.
    const failing = await serve((_req, res) => sendJson(res, 500, { code: 'InternalError', message: 'boom' }));
    const e500 = (await rejection(call(clientFor(failing.endpoint, { maxRetries: 1 }), {}))) as BceServiceError;
    const tokens = failing.requests.map((r) => r.query.get('clientToken'));
    expect(failing.requests).toHaveLength(2);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toMatch(UUID_V4);
    expect(e500).toBeInstanceOf(BceServiceError);
    expect(e500.clientToken).toBe(tokens[0]);
    expect(e500.outcomeUnknown).toBe(true);
    expect(e500.message).toContain(`same clientToken ("${tokens[0]}"`);

    // 2. The connection dies after the request arrived: sent, unknown, the caller's token on the error.
    const resetting = await serve((_req, _res, _i, raw) => {
      raw.socket.destroy();
    });
    const eReset = (await rejection(
      call(clientFor(resetting.endpoint, { maxRetries: 0 }), { clientToken: 'caller-token-1' }),
    )) as BceNetworkError;
    expect(eReset).toBeInstanceOf(BceNetworkError);
    expect(eReset.requestSent).toBe(true);
    expect(eReset.outcomeUnknown).toBe(true);
    expect(eReset.clientToken).toBe('caller-token-1');
    expect(resetting.requests[0]!.query.get('clientToken')).toBe('caller-token-1');

    // 3. No answer in time after sending: a timeout with an unknown outcome and the token.
    const silent = await serve(() => {});
    const eTimeout = (await rejection(
      call(clientFor(silent.endpoint, { maxRetries: 0, timeoutMs: 50 }), { clientToken: 'caller-token-2' }),
    )) as BceTimeoutError;
    expect(eTimeout).toBeInstanceOf(BceTimeoutError);
    expect(eTimeout.outcomeUnknown).toBe(true);
    expect(eTimeout.clientToken).toBe('caller-token-2');

    // 4. A plain refusal (400) is a known outcome, and still names the token.
    const refusing = await serve((_req, res) => sendJson(res, 400, { code: 'InvalidParameter', message: 'no' }));
    const e400 = (await rejection(
      call(clientFor(refusing.endpoint), { clientToken: 'caller-token-3' }),
    )) as BceServiceError;
    expect(e400.outcomeUnknown).toBe(false);
    expect(e400.clientToken).toBe('caller-token-3');
  });

  it('createAppBlb created the BLB, the answer was lost, the retry was refused: unknown, with the token', async () => {
    const server = await serve((_req, res, i, raw) => {
      if (i === 0)
        raw.socket.destroy(); // created, then the connection died
      else sendJson(res, 409, { code: 'BlbExist', message: 'exists' });
    });
    const err = (await rejection(clientFor(server.endpoint).createAppBlb(appBlbInput()))) as BceServiceError;
    const token = server.requests[0]!.query.get('clientToken');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.query.get('clientToken')).toBe(token);
    expect(err).toBeInstanceOf(BceServiceError);
    expect(err.statusCode).toBe(409);
    expect(err.outcomeUnknown).toBe(true);
    expect(err.clientToken).toBe(token);
    expect(JSON.parse(JSON.stringify(err)).clientToken).toBe(token);
  });

  it('a write without a token that may have acted says so too (a PUT after a reset)', async () => {
    const server = await serve((_req, _res, _i, raw) => {
      raw.socket.destroy();
    });
    const err = (await rejection(
      clientFor(server.endpoint, { maxRetries: 1 }).updatePodDeploymentReplicas('sts-1', { replicas: 2 }),
    )) as BceNetworkError;
    expect(server.requests).toHaveLength(2);
    expect(err.outcomeUnknown).toBe(true);
    expect(err.clientToken).toBeUndefined();
    // A read has no outcome to be unsure of.
    const get = (await rejection(
      clientFor(server.endpoint, { maxRetries: 0 }).getVmServiceDetail('s-1'),
    )) as BceNetworkError;
    expect(get.outcomeUnknown).toBe(false);
  });
});

describe('a retried DELETE that finds the resource gone (item 4)', () => {
  it('404 after a reset: the earlier attempt deleted it; success, recorded on $metadata', async () => {
    const server = await serve((_req, res, i, raw) => {
      if (i === 0)
        raw.socket.destroy(); // deleted, then the answer was lost
      else sendJson(res, 404, { code: 'NoSuchObject', message: 'The vm service s-1 does not exist' });
    });
    const result = await clientFor(server.endpoint).deleteVmService('s-1');
    expect(server.requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
    expect(result.$metadata.deletedByEarlierAttempt).toBe(true);
    expect(result.$metadata.attempts).toBe(2);
    expect(result.$metadata.statusCode).toBe(404);
  });

  it('404 after a 500 also counts (the 500 may have come after the delete)', async () => {
    const server = await serve((_req, res, i) =>
      i === 0 ? sendJson(res, 500, { code: 'InternalError', message: 'x' }) : sendJson(res, 404, {}),
    );
    const result = await clientFor(server.endpoint).deleteAppBlbInstance('lb-1');
    expect(result.$metadata.deletedByEarlierAttempt).toBe(true);
  });

  it('404 on the first attempt, or after a 429 (refused before acting), stays an error', async () => {
    const first = await serve((_req, res) => sendJson(res, 404, { code: 'NoSuchObject', message: 'gone' }));
    const e1 = (await rejection(clientFor(first.endpoint).deleteVmService('s-1'))) as BceServiceError;
    expect(e1.statusCode).toBe(404);
    const throttled = await serve((_req, res, i) =>
      i === 0 ? sendJson(res, 429, { code: 'TooManyRequests', message: 'slow' }) : sendJson(res, 404, {}),
    );
    const e2 = (await rejection(clientFor(throttled.endpoint).deleteVmService('s-1'))) as BceServiceError;
    expect(e2.statusCode).toBe(404);
    expect(throttled.requests).toHaveLength(2);
  });

  it('a successful first DELETE carries no such mark', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { result: true }));
    const result = await clientFor(server.endpoint).deleteVmService('s-1');
    expect(result.$metadata.deletedByEarlierAttempt).toBeUndefined();
  });
});
