import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BecClient } from '../../src/index.js';

/** A request as the stand-in saw it. */
export interface Seen {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
}
export type Reply = { status?: number; body: unknown };
export type Route = (req: Seen, index: number) => Reply;

const servers: http.Server[] = [];
const clients: BecClient[] = [];

/**
 * A real loopback BEC stand-in and a client for it (no retries). Answers the i-th request with
 * `replies[i]` (the last one forever after), or with what `replies(request, i)` returns.
 */
export async function serve(replies: Reply[] | Route): Promise<{ client: BecClient; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request = { method: req.method ?? '', path: url.pathname, query: url.searchParams };
    seen.push(request);
    const i = seen.length - 1;
    const { status = 200, body } =
      typeof replies === 'function' ? replies(request, i) : replies[Math.min(i, replies.length - 1)]!;
    res.writeHead(status, { 'content-type': 'application/json', 'x-bce-request-id': `rid-${i + 1}` });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  const client = new BecClient({
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'ak-stand-in', secretAccessKey: 'sk-stand-in' },
    maxRetries: 0,
  });
  clients.push(client);
  return { client, seen };
}

/** Closes every client and server `serve` made (call from afterEach). */
export async function closeStandIns(): Promise<void> {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
}
