import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BecClient,
  type BecClientOptions,
  type Credentials,
  type Logger,
  type LogLevel,
  redact,
} from '../src/index.js';
import {
  appBlbInput,
  closedPort,
  type LoopbackServer,
  SECRETS,
  sendJson,
  startServer,
  UUID_V4,
  vmServiceInput,
} from './support/loopback.js';

interface Line {
  level: LogLevel;
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps every line, with trace support. */
function capture(): { logger: Required<Logger>; lines: Line[]; text: () => string } {
  const lines: Line[] = [];
  const at =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, fields: fields ?? {} });
    };
  return {
    logger: { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    lines,
    // Everything a log shipper could see: messages, JSON and inspected fields.
    text: () =>
      lines
        .map((l) => `${l.level} ${l.message} ${JSON.stringify(l.fields)} ${inspect(l.fields, { depth: 20 })}`)
        .join('\n'),
  };
}

const servers: LoopbackServer[] = [];
const clients: BecClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function clientFor(endpoint: string, options: BecClientOptions): BecClient {
  const client = new BecClient({ endpoint, retryBaseDelayMs: 1, retryMaxDelayMs: 5, ...options });
  clients.push(client);
  return client;
}

describe('trace logging of a realistic session leaks no secret', () => {
  it('creates with adminPass, STS credentials, errors, retries, timeouts and echoes', async () => {
    const authorizations: string[] = [];
    const userData = 'IyEvYmluL2Jhc2gKZWNobyBzM2NyM3QtdXNlcmRhdGE=';
    const server = await startServer((req, res, i) => {
      authorizations.push(String(req.headers.authorization));
      const echo = `${req.headers.authorization} ${req.headers['x-bce-security-token']} ${req.body.toString('utf8')}`;
      switch (req.path) {
        case '/v1/vm/service':
          // First create: the server echoes everything back in an error; then it succeeds.
          if (req.method === 'POST' && i === 0) return sendJson(res, 400, { code: 'BadRequest', message: echo });
          if (req.method === 'POST') return sendJson(res, 200, { result: true, action: 'create', details: {} });
          return sendJson(res, 200, { result: [], totalCount: 0, pageNo: 1, pageSize: 10 });
        case '/v2/appblb':
          // 500 twice (retried with the same clientToken), then OK.
          if (i < 4) return sendJson(res, 500, { code: 'InternalError', message: `oops ${echo}` });
          return sendJson(res, 200, { blbId: 'lb-abc12345' });
        case '/v1/vm/instance/vm-abc12345/config':
          // A response carrying a password: redacted in the trace of the response.
          return sendJson(res, 200, { adminPass: SECRETS.adminPass, keyConfig: { adminPass: SECRETS.adminPass } });
        case '/v1/vm/service/s-html':
          res.writeHead(502, { 'content-type': 'text/html' });
          res.end(`<h1>Bad gateway</h1><pre>${echo}</pre>`);
          return;
        case '/v1/vm/service/s-stall':
          return; // never answers
        default:
          return sendJson(res, 404, { code: 'NoSuchObject', message: 'not found', requestId: 'srv-404' });
      }
    });
    servers.push(server);
    const sts: Credentials = {
      accessKeyId: SECRETS.accessKeyId,
      secretAccessKey: SECRETS.secretAccessKey,
      sessionToken: SECRETS.sessionToken,
      expiration: new Date(Date.now() + 3_600_000),
    };
    const { logger, lines, text } = capture();
    const client = clientFor(server.endpoint, { credentials: async () => sts, logger, logLevel: 'trace' });

    const input = { ...vmServiceInput(), userData };
    await expect(client.createVmService(input)).rejects.toThrow(/BadRequest/);
    await client.createVmService(input);
    await client.createAppBlb(appBlbInput());
    await client.getVmConfig('vm-abc12345');
    await client.getVmServiceList({ pageNo: 1, pageSize: 10 });
    await expect(client.getVmServiceDetail('s-missing')).rejects.toThrow(/NoSuchObject/);
    await expect(client.getVmServiceDetail('s-html', { maxRetries: 1 })).rejects.toThrow(/502/);
    await expect(client.getVmServiceDetail('s-stall', { timeoutMs: 50, maxRetries: 1 })).rejects.toThrow(/50 ms/);
    const refused = clientFor(`http://127.0.0.1:${await closedPort()}`, {
      credentials: sts,
      logger,
      logLevel: 'trace',
      maxRetries: 1,
    });
    await expect(refused.createVmService(input)).rejects.toThrow(/ECONNREFUSED/);

    // The session really produced lines of every kind.
    const levels = new Set(lines.map((l) => l.level));
    expect(levels).toEqual(new Set(['trace', 'debug', 'info']));
    expect(lines.filter((l) => l.level === 'info').length).toBeGreaterThanOrEqual(4);

    const all = text();
    const signingKeys = authorizations.map((a) => {
      const prefix = a.split('/').slice(0, 4).join('/');
      return createHmac('sha256', SECRETS.secretAccessKey).update(prefix).digest('hex');
    });
    const forbidden = [
      SECRETS.secretAccessKey,
      SECRETS.sessionToken,
      SECRETS.adminPass,
      userData,
      ...authorizations,
      ...authorizations.map((a) => a.split('/').at(-1)!),
      ...signingKeys,
    ];
    expect(authorizations.length).toBeGreaterThanOrEqual(9);
    for (const secret of forbidden) expect(all).not.toContain(secret);
    // Redacted, not dropped: the trace shows where the secrets were.
    expect(all).toContain('[REDACTED]');
    expect(all).toContain('web-vm-service');
  });
});

describe('debug lines', () => {
  it('carry method, path, status, request id, attempt and duration', async () => {
    const server = await startServer((_req, res, i) =>
      i === 0 ? sendJson(res, 503, { code: 'ServiceUnavailable', message: 'busy' }) : sendJson(res, 200, {}),
    );
    servers.push(server);
    const { logger, lines } = capture();
    const client = clientFor(server.endpoint, {
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK-secret' },
      logger,
      logLevel: 'debug',
    });
    await client.getVmServiceDetail('s-abc12345');
    const debug = lines.filter((l) => l.level === 'debug');
    expect(debug).toHaveLength(2);
    const sentId = server.requests[0]!.headers['x-bce-request-id'];
    expect(sentId).toMatch(UUID_V4);
    debug.forEach((line, i) => {
      expect(line.message).toBe(`GET /v1/vm/service/s-abc12345 -> ${i === 0 ? 503 : 200}`);
      expect(line.fields).toMatchObject({
        operation: 'GetVmServiceDetail',
        method: 'GET',
        path: '/v1/vm/service/s-abc12345',
        statusCode: i === 0 ? 503 : 200,
        requestId: sentId,
        attempt: i + 1,
      });
      expect(line.fields.durationMs).toEqual(expect.any(Number));
      expect(line.fields.durationMs as number).toBeGreaterThanOrEqual(0);
    });
    // No trace at debug level.
    expect(lines.some((l) => l.level === 'trace')).toBe(false);
    const retry = lines.find((l) => l.level === 'info');
    expect(retry?.message).toMatch(/^retrying GetVmServiceDetail in \d+ ms after BceServiceError$/);
    expect(retry?.fields).toMatchObject({ attempt: 1, requestId: sentId });
  });

  it('a transport failure line names the error', async () => {
    const { logger, lines } = capture();
    const port = await closedPort();
    const client = clientFor(`http://127.0.0.1:${port}`, {
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK-secret' },
      logger,
      logLevel: 'debug',
      maxRetries: 0,
    });
    await expect(client.getVmServiceDetail('s-1')).rejects.toThrow();
    expect(lines).toHaveLength(1);
    expect(lines[0]!.message).toBe('GET /v1/vm/service/s-1 -> BceNetworkError');
    expect(lines[0]!.fields).toMatchObject({ method: 'GET', path: '/v1/vm/service/s-1', attempt: 1 });
    expect(String(lines[0]!.fields.error)).toContain('ECONNREFUSED');
  });
});

describe('levels and sinks', () => {
  it('nothing is logged below the level, and a logger without trace() gets trace lines on debug()', async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, {}));
    servers.push(server);
    const creds = { accessKeyId: 'AK', secretAccessKey: 'SK-secret' };
    const quiet = capture();
    await clientFor(server.endpoint, { credentials: creds, logger: quiet.logger }).getVmServiceDetail('s-1');
    expect(quiet.lines).toHaveLength(0); // default level is info, and a success logs nothing at info

    const debugOnly: string[] = [];
    const noTrace: Logger = { debug: (m) => debugOnly.push(m), info: () => {}, warn: () => {}, error: () => {} };
    await clientFor(server.endpoint, { credentials: creds, logger: noTrace, logLevel: 'trace' }).getVmServiceDetail(
      's-1',
    );
    expect(debugOnly.some((m) => m.endsWith(' request'))).toBe(true);
    expect(debugOnly.some((m) => m.includes('response 200'))).toBe(true);

    const silent = capture();
    await clientFor(server.endpoint, {
      credentials: creds,
      logger: silent.logger,
      logLevel: 'silent',
    }).getVmServiceDetail('s-1');
    expect(silent.lines).toHaveLength(0);
  });

  it('a logger that throws does not fail the call', async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, { serviceId: 's-1' }));
    servers.push(server);
    const broken: Logger = {
      trace: () => {
        throw new Error('log sink down');
      },
      debug: () => {
        throw new Error('log sink down');
      },
      info: () => {},
      warn: () => {},
      error: () => {},
    };
    const client = clientFor(server.endpoint, {
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK-secret' },
      logger: broken,
      logLevel: 'trace',
    });
    const result = await client.getVmServiceDetail('s-1');
    expect(result.$metadata.statusCode).toBe(200);
  });

  it('redact() replaces sensitive keys at any depth and keeps the rest', () => {
    const value = {
      name: 'vm',
      adminPass: 'p',
      keyConfig: { type: 'password', adminPass: 'p', password: 'p' },
      list: [{ secretAccessKey: 's', accessKeyId: 'AK', sessionToken: 't', userData: 'u' }],
      Authorization: 'a',
    };
    expect(redact(value)).toEqual({
      name: 'vm',
      adminPass: '[REDACTED]',
      keyConfig: { type: 'password', adminPass: '[REDACTED]', password: '[REDACTED]' },
      list: [
        {
          secretAccessKey: '[REDACTED]',
          accessKeyId: '[REDACTED]',
          sessionToken: '[REDACTED]',
          userData: '[REDACTED]',
        },
      ],
      Authorization: '[REDACTED]',
    });
  });
});
