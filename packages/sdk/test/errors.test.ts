import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BceAbortError,
  BceCredentialsError,
  BceError,
  BceNetworkError,
  BceServiceError,
  BceTimeoutError,
  BceValidationError,
  BecClient,
  type BecClientOptions,
  type CreateVmServiceArgs,
  type Credentials,
} from '../src/index.js';
import { parseServiceError } from '../src/spec.js';
import {
  closedPort,
  type Handler,
  type LoopbackServer,
  SECRETS,
  sendJson,
  startServer,
  UUID_V4,
  vmServiceInput,
} from './support/loopback.js';

const stsCredentials: Credentials = {
  accessKeyId: SECRETS.accessKeyId,
  secretAccessKey: SECRETS.secretAccessKey,
  sessionToken: SECRETS.sessionToken,
};
const servers: LoopbackServer[] = [];
const clients: BecClient[] = [];

async function serve(handler: Handler): Promise<LoopbackServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

function clientFor(endpoint: string, options: BecClientOptions = {}): BecClient {
  const client = new BecClient({
    endpoint,
    credentials: stsCredentials,
    maxRetries: 0,
    retryBaseDelayMs: 1,
    ...options,
  });
  clients.push(client);
  return client;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}

/** Every rendering of a value a user might print or ship to a log service. */
function renderings(value: unknown): string[] {
  const out = [
    inspect(value),
    inspect(value, { depth: 10, showHidden: true }),
    inspect(value, { customInspect: false, depth: 10 }),
    JSON.stringify(value) ?? '',
    String(value),
  ];
  if (value instanceof Error) out.push(value.message, value.stack ?? '');
  return out;
}

/** Fails when any rendering contains a secret; `extra` are values known only to the test. */
function expectNoSecrets(value: unknown, extra: string[] = []): void {
  const secrets = [SECRETS.secretAccessKey, SECRETS.sessionToken, SECRETS.adminPass, ...extra];
  for (const text of renderings(value)) {
    for (const secret of secrets) {
      expect(text, `a rendering contains ${secret.slice(0, 6)}...`).not.toContain(secret);
    }
  }
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('service error shapes', () => {
  it('{code, message, requestId}: the body wins over the header', async () => {
    const server = await serve((_req, res) =>
      sendJson(
        res,
        404,
        { code: 'NoSuchObject', message: 'The vm service s-x does not exist', requestId: 'body-req-1' },
        { 'x-bce-request-id': 'header-req-1' },
      ),
    );
    const err = (await rejection(clientFor(server.endpoint).getVmServiceDetail('s-x'))) as BceServiceError;
    expect(err).toBeInstanceOf(BceServiceError);
    expect(err).toBeInstanceOf(BceError);
    expect(err.name).toBe('BceServiceError');
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('NoSuchObject');
    expect(err.serviceMessage).toBe('The vm service s-x does not exist');
    expect(err.requestId).toBe('body-req-1');
    expect(err.operation).toBe('GetVmServiceDetail');
    expect(err.message).toBe('[404 NoSuchObject] The vm service s-x does not exist (request id body-req-1)');
  });

  it('{code, msg, data} (API 1.0 form): msg is the message, the header gives the request id', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 400, { code: 1001, msg: 'param error: pageSize', data: null }, { 'x-bce-request-id': 'hdr-2' }),
    );
    const err = (await rejection(clientFor(server.endpoint).getVmServiceDetail('s-x'))) as BceServiceError;
    expect(err.code).toBe('1001');
    expect(err.serviceMessage).toBe('param error: pageSize');
    expect(err.requestId).toBe('hdr-2');
    expect(err.message).toContain('hdr-2');
  });

  it('X-Bce-Error-Code / X-Bce-Error-Message headers with an empty body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(403, {
        'x-bce-error-code': 'SignatureDoesNotMatch',
        'x-bce-error-message': 'The request signature we calculated does not match',
        'content-length': '0',
      });
      res.end();
    });
    const err = (await rejection(clientFor(server.endpoint).getVmServiceDetail('s-x'))) as BceServiceError;
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(err.serviceMessage).toBe('The request signature we calculated does not match');
    // No request id from the server: the client's own x-bce-request-id is reported.
    expect(err.requestId).toBe(server.requests[0]!.headers['x-bce-request-id']);
    expect(err.requestId).toMatch(UUID_V4);
    expect(err.message).toContain(err.requestId!);
  });

  it('a non-JSON body: the status and the first 256 bytes', async () => {
    const html = `<html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(1000)}</body></html>`;
    const server = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html', 'x-bce-request-id': 'gw-3' });
      res.end(html);
    });
    const err = (await rejection(clientFor(server.endpoint).getVmServiceDetail('s-x'))) as BceServiceError;
    expect(err.statusCode).toBe(502);
    expect(err.code).toBe('BadGateway');
    expect(err.serviceMessage).toBe(`HTTP 502: ${html.slice(0, 256)}`);
    expect(err.message).not.toContain(html.slice(0, 257));
    expect(err.message).toContain('gw-3');
  });

  it.each([
    [400, 'InvalidHTTPRequest'],
    [403, 'AccessDenied'],
    [404, 'NotFound'],
    [412, 'PreconditionFailed'],
    [500, 'InternalError'],
    [503, 'ServiceUnavailable'],
    [418, 'Http418'],
  ])('an empty %i body gets the status-derived code %s', async (status, code) => {
    const server = await serve((_req, res) => {
      res.writeHead(status, { 'content-length': '0' });
      res.end();
    });
    const err = (await rejection(clientFor(server.endpoint).getVmServiceDetail('s-x'))) as BceServiceError;
    expect(err.statusCode).toBe(status);
    expect(err.code).toBe(code);
    expect(err.serviceMessage).toBe(`HTTP ${status}`);
    expect(err.message).toContain(err.requestId!);
  });

  it('a JSON value that is not an object, and a JSON object without a message', () => {
    expect(parseServiceError(500, {}, Buffer.from('"oops"'))).toEqual({
      code: 'InternalError',
      message: 'HTTP 500: "oops"',
      requestId: undefined,
    });
    expect(parseServiceError(409, { 'x-bce-request-id': 'h' }, Buffer.from('{"code":"Conflict"}'))).toEqual({
      code: 'Conflict',
      message: 'HTTP 409',
      requestId: 'h',
    });
  });

  it('a 2xx body that is not JSON is a MalformedJSON error with the request id', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('not json at all');
    });
    const err = (await rejection(clientFor(server.endpoint).getVmServiceDetail('s-x'))) as BceServiceError;
    expect(err.code).toBe('MalformedJSON');
    expect(err.message).toContain('not json at all');
    expect(err.message).toContain(err.requestId!);
  });
});

describe('every error of a call that was sent carries the request id', () => {
  it('network, timeout, abort and credentials errors; validation errors (nothing sent) carry none', async () => {
    const port = await closedPort();
    const refused = await rejection(clientFor(`http://127.0.0.1:${port}`).getVmServiceDetail('s-x'));
    expect(refused).toBeInstanceOf(BceNetworkError);

    const stalled = await serve(() => {});
    const timeout = await rejection(clientFor(stalled.endpoint, { timeoutMs: 100 }).getVmServiceDetail('s-x'));
    expect(timeout).toBeInstanceOf(BceTimeoutError);

    const controller = new AbortController();
    controller.abort();
    const aborted = await rejection(
      clientFor(stalled.endpoint).getVmServiceDetail('s-x', { signal: controller.signal }),
    );
    expect(aborted).toBeInstanceOf(BceAbortError);

    const invalid = await rejection(clientFor(stalled.endpoint).getVmServiceDetail('a/b'));
    expect(invalid).toBeInstanceOf(BceValidationError);

    const noCreds = await rejection(
      clientFor(stalled.endpoint, {
        credentials: async () => {
          throw new Error('token service unreachable');
        },
      }).getVmServiceDetail('s-x'),
    );
    expect(noCreds).toBeInstanceOf(BceCredentialsError);
    expect(noCreds.message).toContain('token service unreachable');

    expect((invalid as BceError).requestId).toBeUndefined();
    expect(invalid.message).not.toContain('request id');
    expect((invalid as BceError).operation).toBe('GetVmServiceDetail');
    for (const err of [refused, timeout, aborted, noCreds] as BceError[]) {
      expect(err.requestId, err.name).toMatch(UUID_V4);
      expect(err.message, err.name).toContain(`request id ${err.requestId}`);
      expect(err.operation, err.name).toBe('GetVmServiceDetail');
    }
    // A call that never left the client: nothing reached the stalled server except the timed-out GET.
    expect(stalled.requests).toHaveLength(1);
  });
});

describe('no secret in errors, clients or credentials', () => {
  it('a server echoing the Authorization, token and body in its error message', async () => {
    let authorization = '';
    const server = await serve((req, res) => {
      authorization = String(req.headers.authorization);
      const canonical = `POST\n/v1/vm/service\n\nx-bce-security-token:${req.headers['x-bce-security-token']}`;
      sendJson(res, 400, {
        code: 'SignatureDoesNotMatch',
        message: `mismatch; got ${authorization}; canonical request ${canonical}; body ${req.body.toString('utf8')}; key ${SECRETS.secretAccessKey}`,
        requestId: 'echo-1',
      });
    });
    const err = (await rejection(clientFor(server.endpoint).createVmService(vmServiceInput()))) as BceServiceError;
    expect(err).toBeInstanceOf(BceServiceError);
    expect(authorization).toMatch(/^bce-auth-v1\//);
    expect(err.message).toContain('[REDACTED]');
    expect(err.message).toContain('echo-1');
    expectNoSecrets(err, [authorization, authorization.split('/').at(-1)!]);
  });

  it('the same in a non-JSON body and in an HTML 200 answer', async () => {
    let authorization = '';
    const server = await serve((req, res, i) => {
      authorization = String(req.headers.authorization);
      res.writeHead(i === 0 ? 401 : 200, { 'content-type': 'text/html' });
      res.end(`<pre>Authorization: ${authorization}\n${req.body.toString('utf8')}</pre>`);
    });
    const client = clientFor(server.endpoint);
    const e1 = await rejection(client.createVmService(vmServiceInput()));
    const e2 = await rejection(client.createVmService(vmServiceInput()));
    expect((e2 as BceServiceError).code).toBe('MalformedJSON');
    for (const err of [e1, e2]) expectNoSecrets(err, [authorization]);
  });

  it('a secret that straddles the 256-byte cut is removed before cutting', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`${'.'.repeat(250)}${SECRETS.secretAccessKey} and more`);
    });
    const err = (await rejection(clientFor(server.endpoint).getVmServiceDetail('s-x'))) as BceServiceError;
    expect(err.serviceMessage).toBe(`HTTP 500: ${'.'.repeat(250)}[REDAC`);
    expect(err.message).not.toContain(SECRETS.secretAccessKey.slice(0, 6));
  });

  it('validation errors never quote a password, whatever its type', async () => {
    const client = clientFor('http://127.0.0.1:9');
    const bad = { ...vmServiceInput('short'), keyConfig: { type: 'password', adminPass: 'short' } };
    const e1 = await rejection(client.createVmService(bad));
    expect(e1).toBeInstanceOf(BceValidationError);
    expectNoSecrets(e1, ['short']);
    const numeric = { ...vmServiceInput(), adminPass: 73519284 } as unknown as CreateVmServiceArgs;
    const e2 = await rejection(client.createVmService(numeric));
    expect(e2).toBeInstanceOf(BceValidationError);
    expectNoSecrets(e2, ['73519284']);
  });

  it('transport, timeout and abort errors of a create with secrets', async () => {
    const port = await closedPort();
    const controller = new AbortController();
    // The abort fires once the stalled server has the request: a mid-request abort.
    const stalled = await serve((_req, _res, i) => {
      if (i === 1) controller.abort();
    });
    const errors = [
      await rejection(clientFor(`http://127.0.0.1:${port}`).createVmService(vmServiceInput())),
      await rejection(clientFor(stalled.endpoint, { timeoutMs: 50 }).createVmService(vmServiceInput())),
      await rejection(clientFor(stalled.endpoint).createVmService(vmServiceInput(), { signal: controller.signal })),
    ];
    // An aborted call's error is named like fetch's: AbortError (and is a BceAbortError).
    expect(errors.map((e) => e.name)).toEqual(['BceNetworkError', 'BceTimeoutError', 'AbortError']);
    expect(errors[2]).toBeInstanceOf(BceAbortError);
    expect((errors[2] as BceAbortError).outcomeUnknown).toBe(true);
    for (const err of errors) {
      expectNoSecrets(err);
      expectNoSecrets((err as Error).cause);
    }
  });

  it('the client and its credentials print without secrets', async () => {
    const client = clientFor('http://127.0.0.1:9');
    expectNoSecrets(client);
    expect(inspect(client)).toContain('127.0.0.1:9');
    const resolved = await client.resolveCredentials();
    expect(resolved.secretAccessKey).toBe(SECRETS.secretAccessKey);
    expect(resolved.sessionToken).toBe(SECRETS.sessionToken);
    expectNoSecrets(resolved);
    expect(JSON.stringify(resolved)).toContain(SECRETS.accessKeyId);
    expect(inspect(resolved)).toContain('[REDACTED]');

    const withProvider = clientFor('http://127.0.0.1:9', { credentials: async () => stsCredentials });
    await withProvider.resolveCredentials();
    expectNoSecrets(withProvider);
    expectNoSecrets(await withProvider.resolveCredentials());
  });

  it('error toJSON is a plain, complete view', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 409, { code: 'Conflict', message: 'exists', requestId: 'q' }),
    );
    const err = (await rejection(clientFor(server.endpoint).getVmServiceDetail('s-x'))) as BceServiceError;
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      name: 'BceServiceError',
      message: '[409 Conflict] exists (request id q)',
      requestId: 'q',
      operation: 'GetVmServiceDetail',
      statusCode: 409,
      code: 'Conflict',
      serviceMessage: 'exists',
      outcomeUnknown: false,
      attempts: 1,
      $metadata: { httpStatusCode: 409, requestId: 'q', attempts: 1, totalRetryDelay: 0 },
    });
    expect(inspect(err)).toContain('BceServiceError: [409 Conflict] exists');
  });
});
