/**
 * Issue 12, item 5: a server that echoes the request back (headers into x-bce-error-code,
 * x-bce-error-message or any other header, the body into its own) must not get the client's
 * secrets into a log line or an error, whatever the header or field is called.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type BceError, BecClient, type Logger } from '../src/index.js';
import { type LoopbackServer, SECRETS, startServer, vmServiceInput } from './support/loopback.js';

const servers: LoopbackServer[] = [];
const clients: BecClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function recorder(): { logger: Required<Logger>; text: () => string } {
  const lines: string[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${JSON.stringify(fields)} ${inspect(fields, { depth: 20 })}`);
  };
  return {
    logger: { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    text: () => lines.join('\n'),
  };
}

/** Everything anyone could print of an error. */
function renderings(err: BceError): string {
  return [err.message, String(err.stack), JSON.stringify(err), inspect(err, { depth: 20 }), String(err)].join('\n');
}

type Echo = 'json' | 'text';

/** Echoes Authorization, the session token and the request body everywhere a server can put text. */
async function echoServer(shape: Echo, status: number): Promise<{ server: LoopbackServer; seen: () => string[] }> {
  const auths: string[] = [];
  const server = await startServer((req, res) => {
    const auth = String(req.headers.authorization);
    const token = String(req.headers['x-bce-security-token']);
    auths.push(auth);
    const echo = `auth=${auth} token=${token} body=${req.body.toString('utf8')}`;
    const body =
      shape === 'json'
        ? JSON.stringify({ code: `Bad-${token}`, message: echo, requestId: `rid-${auth.split('/').at(-1)}` })
        : `<pre>${echo}</pre>`;
    res.writeHead(status, {
      'content-type': shape === 'json' ? 'application/json' : 'text/html',
      'x-bce-error-code': `Echo-${token}`,
      'x-bce-error-message': echo.slice(0, 2000),
      'x-debug-echo': auth,
      'x-bce-request-id': `req-${token}`,
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
  servers.push(server);
  return { server, seen: () => auths };
}

describe('secrets echoed back by a server (item 5)', () => {
  it.each<[Echo, number]>([
    ['json', 400],
    ['text', 400],
    ['json', 500],
    ['json', 200],
  ])('%s answer with status %i: no secret in trace logs or the error', async (shape, status) => {
    const { server, seen } = await echoServer(shape, status);
    const log = recorder();
    const client = new BecClient({
      endpoint: server.endpoint,
      credentials: {
        accessKeyId: SECRETS.accessKeyId,
        secretAccessKey: SECRETS.secretAccessKey,
        sessionToken: SECRETS.sessionToken,
      },
      logger: log.logger,
      logLevel: 'trace',
      maxRetries: 1,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 5,
    });
    clients.push(client);
    // A GET for the 200 case (a 200 with this body is not the JSON the call expects); a create otherwise.
    let err: BceError | undefined;
    try {
      if (status === 200) await client.getVmServiceDetail('s-1');
      else await client.createVmService(vmServiceInput());
    } catch (e) {
      err = e as BceError;
    }
    const auths = seen();
    expect(auths.length).toBeGreaterThan(0);
    const secrets = [
      SECRETS.secretAccessKey,
      SECRETS.sessionToken,
      SECRETS.adminPass,
      ...auths,
      ...auths.map((a) => a.split('/').at(-1)!),
    ];
    const shown = `${log.text()}\n${err ? renderings(err) : ''}`;
    for (const secret of secrets) expect(shown, `leaked ${secret.slice(0, 8)}...`).not.toContain(secret);
    expect(shown).toContain('[REDACTED]');
    if (status !== 200) expect(err).toBeDefined();
  });
});
