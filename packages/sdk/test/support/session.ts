/**
 * Loopback servers and clients for one test file: `serve` starts a server, `clientFor` a client
 * with short backoff (retry tests stay fast), `track` registers a client made by hand; all of
 * them are closed after each test.
 */
import { afterEach } from 'vitest';
import { BecClient, type BecClientOptions } from '../../src/index.js';
import { type Handler, type LoopbackServer, SECRETS, startServer } from './loopback.js';

export const credentials = { accessKeyId: SECRETS.accessKeyId, secretAccessKey: SECRETS.secretAccessKey };

export interface LoopbackSession {
  serve(handler: Handler): Promise<LoopbackServer>;
  clientFor(endpoint: string, options?: BecClientOptions): BecClient;
  track(client: BecClient): BecClient;
}

export function loopbackSession(defaults: BecClientOptions = {}): LoopbackSession {
  const servers: LoopbackServer[] = [];
  const clients: BecClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const track = (client: BecClient): BecClient => {
    clients.push(client);
    return client;
  };
  return {
    async serve(handler) {
      const server = await startServer(handler);
      servers.push(server);
      return server;
    },
    clientFor: (endpoint, options = {}) =>
      track(
        new BecClient({ endpoint, credentials, retryBaseDelayMs: 1, retryMaxDelayMs: 10, ...defaults, ...options }),
      ),
    track,
  };
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection<T extends Error = Error>(promise: Promise<unknown>): Promise<T> {
  try {
    await promise;
  } catch (err) {
    return err as T;
  }
  throw new Error('expected the call to fail');
}
