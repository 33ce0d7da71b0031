/**
 * Issue 12, item 6: validation errors that list every problem, say the rule, carry no request id;
 * a switch to turn client-side validation off (path IDs stay checked); endpoint mistakes that say
 * what to write instead.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  BceNetworkError,
  BceValidationError,
  BecClient,
  type BecClientOptions,
  type CreateVmServiceArgs,
} from '../src/index.js';
import { type LoopbackServer, SECRETS, sendJson, startServer, vmServiceInput } from './support/loopback.js';

const credentials = { accessKeyId: SECRETS.accessKeyId, secretAccessKey: SECRETS.secretAccessKey };
const servers: LoopbackServer[] = [];
const clients: BecClient[] = [];

async function okServer(): Promise<LoopbackServer> {
  const server = await startServer((_req, res) => sendJson(res, 200, { result: true, details: { serviceId: 's-1' } }));
  servers.push(server);
  return server;
}

function clientFor(endpoint: string, options: BecClientOptions = {}): BecClient {
  const client = new BecClient({ endpoint, credentials, maxRetries: 0, ...options });
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

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Three problems at once: replicas 0, a weak password, an unknown field. */
function threeProblems(): CreateVmServiceArgs {
  const input = vmServiceInput('weak');
  return {
    ...input,
    deployInstances: [{ ...input.deployInstances![0]!, replicas: 0 }],
    keyConfig: { type: 'password', adminPass: 'weak' },
    colour: 'blue',
  } as unknown as CreateVmServiceArgs;
}

describe('validation errors (item 6)', () => {
  it('list every invalid field, say the rule for replicas: 0, and carry no request id', async () => {
    const server = await okServer();
    const err = (await rejection(clientFor(server.endpoint).createVmService(threeProblems()))) as BceValidationError;
    expect(err).toBeInstanceOf(BceValidationError);
    const fields = err.issues.map((i) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining(['colour', 'adminPass', 'keyConfig.adminPass', 'deployInstances[0].replicas']),
    );
    const replicas = err.issues.find((i) => i.field === 'deployInstances[0].replicas')!;
    expect(replicas.rule).toBe('must be a replica count of at least 1');
    expect(err.message).not.toMatch(/replicas: is required/);
    for (const issue of err.issues) expect(err.message).toContain(`invalid ${issue.field}: ${issue.rule}`);
    expect(err.field).toBe(err.issues[0]!.field);
    expect(err.requestId).toBeUndefined();
    expect(err.message).not.toContain('request id');
    expect(server.requests).toHaveLength(0);
  });
});

describe('validation: false (item 6)', () => {
  it('on the client: the input goes out as given, unknown fields included', async () => {
    const server = await okServer();
    await clientFor(server.endpoint, { validation: false }).createVmService(threeProblems());
    expect(server.requests).toHaveLength(1);
    const body = JSON.parse(server.requests[0]!.body.toString('utf8'));
    expect(body.deployInstances[0].replicas).toBeUndefined(); // Go's omitempty: 0 is not sent
    expect(body.keyConfig.adminPass).toBe('weak');
    expect(body.colour).toBe('blue');
  });

  it('per call, in either direction', async () => {
    const server = await okServer();
    const validating = clientFor(server.endpoint);
    await validating.createVmService(threeProblems(), { validation: false });
    expect(server.requests).toHaveLength(1);
    const lax = clientFor(server.endpoint, { validation: false });
    await expect(lax.createVmService(threeProblems(), { validation: true })).rejects.toThrow(BceValidationError);
    expect(server.requests).toHaveLength(1);
  });

  it('path IDs are still checked: an ID can never address another resource', async () => {
    const server = await okServer();
    const lax = clientFor(server.endpoint, { validation: false });
    for (const id of ['a/b', '..', '', 's-1\n']) {
      await expect(lax.getVmServiceDetail(id)).rejects.toThrow(BceValidationError);
    }
    // ... but a closed enum in the path is a rule, and is skipped.
    await lax.vmServiceAction('s-1', 'hibernate' as never);
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/vm/service/s-1/hibernate']);
  });

  it('must be a boolean', () => {
    expect(() => new BecClient({ endpoint: 'http://127.0.0.1:9', credentials, validation: 'no' as never })).toThrow(
      /validation: must be true or false/,
    );
  });
});

describe('endpoint mistakes (item 6)', () => {
  it.each<[string, unknown]>([
    ['a number', 8080],
    ['an object', { host: 'bec.baidubce.com' }],
    ['a URL object', new URL('http://127.0.0.1:8080')],
  ])('%s is a BceValidationError that shows the expected form', (_what, endpoint) => {
    const make = () => new BecClient({ endpoint: endpoint as string, credentials });
    expect(make).toThrow(BceValidationError);
    expect(make).toThrow(/endpoint: must be a string such as "https:\/\/bec.baidubce.com"/);
  });

  it('a bare host pointed at a plain-HTTP server says to write http://, and is not retried', async () => {
    const server = await okServer();
    const host = `127.0.0.1:${server.port}`;
    const client = clientFor(host, { maxRetries: 3, retryBaseDelayMs: 1 });
    expect(client.endpoint.protocol).toBe('https:');
    const err = (await rejection(client.getVmServiceDetail('s-1'))) as BceNetworkError;
    expect(err).toBeInstanceOf(BceNetworkError);
    expect(err.message).toContain(`The endpoint "${host}" has no scheme, which means https://`);
    expect(err.message).toContain(`write the endpoint as "http://${host}"`);
    expect(server.connections()).toBe(1);
  });
});
