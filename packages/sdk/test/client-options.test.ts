import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BceCredentialsError,
  BceValidationError,
  BecClient,
  type BecClientOptions,
  DEFAULTS,
  type RequestOptions,
} from '../src/index.js';
import { type LoopbackServer, SECRETS, sendJson, startServer } from './support/loopback.js';

const credentials = { accessKeyId: SECRETS.accessKeyId, secretAccessKey: SECRETS.secretAccessKey };
let server: LoopbackServer;
const clients: BecClient[] = [];

function clientFor(options: BecClientOptions = {}): BecClient {
  const client = new BecClient({ endpoint: server.endpoint, credentials, ...options });
  clients.push(client);
  return client;
}

beforeEach(async () => {
  server = await startServer((_req, res) => sendJson(res, 200, { serviceId: 's-1' }));
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.close();
});

describe('client options are checked at construction', () => {
  it.each<[keyof BecClientOptions, unknown]>([
    ['timeoutMs', 0],
    ['timeoutMs', -1],
    ['timeoutMs', Number.NaN],
    ['timeoutMs', Number.POSITIVE_INFINITY],
    ['connectTimeoutMs', 0],
    ['deadlineMs', 0],
    ['deadlineMs', -5],
    ['maxRetries', -1],
    ['maxRetries', 1.5],
    ['retryBudget', -1],
    ['retryBaseDelayMs', -1],
    ['retryMaxDelayMs', Number.NaN],
    ['signatureExpirationSeconds', 0],
    ['signatureExpirationSeconds', 1.5],
    ['signatureExpirationSeconds', -2],
    ['logLevel', 'verbose'],
  ])('%s = %s is a BceValidationError naming the option', (name, value) => {
    const make = () => new BecClient({ endpoint: server.endpoint, credentials, [name]: value });
    expect(make).toThrow(BceValidationError);
    expect(make).toThrow(name);
  });

  it('boundary values are accepted', () => {
    expect(() =>
      clientFor({
        maxRetries: 0,
        retryBudget: 0,
        retryBaseDelayMs: 0,
        retryMaxDelayMs: 0,
        signatureExpirationSeconds: -1,
      }),
    ).not.toThrow();
  });

  it('constructing a client reads no credentials yet', async () => {
    const client = new BecClient({
      endpoint: server.endpoint,
      credentials: async () => Promise.reject(new Error('no')),
    });
    clients.push(client);
    await expect(client.getVmServiceDetail('s-1')).rejects.toThrow(BceCredentialsError);
  });

  it('DEFAULTS are the documented values', () => {
    expect(DEFAULTS).toEqual({
      endpoint: 'https://bec.baidubce.com',
      connectTimeoutMs: 10_000,
      timeoutMs: 30_000,
      maxRetries: 3,
      retryBaseDelayMs: 300,
      retryMaxDelayMs: 20_000,
      retryBudget: 500,
      signatureExpirationSeconds: 1800,
      maxResponseBytes: 64 * 1024 * 1024,
    });
  });
});

describe('per-call options', () => {
  it.each<[keyof RequestOptions, unknown]>([
    ['timeoutMs', 0],
    ['timeoutMs', -10],
    ['timeoutMs', Number.NaN],
    ['deadlineMs', 0],
    ['deadlineMs', -1],
    ['maxRetries', -1],
    ['maxRetries', 2.5],
  ])('%s = %s is refused before sending (no request id: nothing was sent)', async (name, value) => {
    const err = await clientFor()
      .getVmServiceDetail('s-1', { [name]: value })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BceValidationError);
    expect((err as BceValidationError).field).toBe(`options.${name}`);
    expect((err as BceValidationError).requestId).toBeUndefined();
    expect((err as BceValidationError).message).not.toContain('request id');
    expect(server.requests).toHaveLength(0);
  });

  it('a clientToken on an operation that takes none is refused', async () => {
    await expect(clientFor().getVmServiceDetail('s-1', { clientToken: 'x' })).rejects.toThrow(BceValidationError);
    expect(server.requests).toHaveLength(0);
  });

  it('signatureExpirationSeconds is what the Authorization says', async () => {
    await clientFor({ signatureExpirationSeconds: 600 }).getVmServiceDetail('s-1');
    expect(String(server.requests[0]!.headers.authorization).split('/')[3]).toBe('600');
  });

  it('the now option is the signing clock', async () => {
    await clientFor({ now: () => Date.parse('2030-01-02T03:04:05.678Z') }).getVmServiceDetail('s-1');
    expect(server.requests[0]!.headers['x-bce-date']).toBe('2030-01-02T03:04:05Z');
    expect(String(server.requests[0]!.headers.authorization)).toContain('/2030-01-02T03:04:05Z/');
  });
});
