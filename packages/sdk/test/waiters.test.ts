import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  BceAbortError,
  BceClientError,
  BceServiceError,
  BceWaiterError,
  BecClient,
  type BecResult,
  type VmImageVo,
  type VmInstanceDetailsVo,
} from '../src/index.js';
import { pollDelay } from '../src/pipeline/retry-policy.js';
import { deploymentStatus, operations, paginatorSpecs, waiterSpecs } from '../src/spec.js';
import { closeStandIns, type Reply, serve } from './support/stand-in.js';

afterEach(closeStandIns);

const fast = { minDelayMs: 1, maxDelayMs: 5 } as const;
const notFound: Reply = { status: 404, body: { code: 'NoSuchObject', message: 'The specified object is not found.' } };
const vm = (status: string, extra: Record<string, unknown> = {}): Reply => ({
  body: { vmId: 'vm-abc12345-1-m-hangzhou-xyzab', vmName: 'web-1', status, ...extra },
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

interface Progress {
  status: string | undefined;
  hasResource: boolean;
  elapsedMs: number;
  attempt: number;
}
function progressLog(): {
  log: Progress[];
  onProgress: (s: string | undefined, r: unknown, e: number, a: number) => void;
} {
  const log: Progress[] = [];
  return {
    log,
    onProgress: (status, resource, elapsedMs, attempt) =>
      log.push({ status, hasResource: resource !== undefined, elapsedMs, attempt }),
  };
}

// ---- the table ---------------------------------------------------------------------------------

describe('waiter table', () => {
  const byName = new Map(operations.map((op) => [op.name, op]));

  it.each(Object.entries(waiterSpecs))('%s reads through a real operation and has a client method', (name, spec) => {
    const op = byName.get(spec.operation);
    expect(op, spec.operation).toBeDefined();
    expect(op!.method).toBe('GET');
    if ('lookup' in spec) {
      expect(Object.keys(paginatorSpecs)).toContain(spec.operation);
    } else {
      expect(op!.pathParams).toHaveLength(1);
    }
    const deleted = 'deleted' in spec && spec.deleted;
    expect(spec.success.length > 0).toBe(!deleted);
    for (const state of [...spec.success, ...spec.failure]) expect(state).toBe(state.toUpperCase());
    expect(typeof (BecClient.prototype as unknown as Record<string, unknown>)[`waitUntil${name}`]).toBe('function');
  });

  it('covers every resource with an asynchronous status, running and (where deletable) deleted', () => {
    expect(Object.keys(waiterSpecs).sort()).toEqual(
      [
        'AppBlbDeleted',
        'AppBlbRunning',
        'BlbDeleted',
        'BlbRunning',
        'DeploymentDeleted',
        'DeploymentRunning',
        'PodRunning',
        'ServiceDeleted',
        'ServiceRunning',
        'ServiceStopped',
        'VmImageAvailable',
        'VmImageDeleted',
        'VmInstanceDeleted',
        'VmInstanceRunning',
        'VmInstanceStopped',
        'VmServiceDeleted',
        'VmServiceRunning',
      ].sort(),
    );
  });

  it('types the resolved value from the getter', () => {
    const client = new BecClient({
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    expectTypeOf(client.waitUntilVmInstanceRunning).returns.resolves.toEqualTypeOf<BecResult<VmInstanceDetailsVo>>();
    expectTypeOf(client.waitUntilVmImageAvailable).returns.resolves.toEqualTypeOf<VmImageVo>();
    expectTypeOf(client.waitUntilVmInstanceDeleted).returns.resolves.toEqualTypeOf<undefined>();
    client.close();
  });
});

// ---- success, progress, states -----------------------------------------------------------------

describe('waiting for a state', () => {
  it('polls the getter until RUNNING, reporting progress for every poll', async () => {
    const { client, seen } = await serve([vm('CREATING'), vm('CREATING'), vm('RUNNING', { publicIp: '1.2.3.4' })]);
    const { log, onProgress } = progressLog();
    const result = await client.waitUntilVmInstanceRunning('vm-abc12345-1-m-hangzhou-xyzab', { ...fast, onProgress });
    expect(result.status).toBe('RUNNING');
    expect(result.publicIp).toBe('1.2.3.4');
    expect(result.$metadata.requestId).toBe('rid-3');
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(
      Array(3).fill('GET /v1/vm/instance/vm-abc12345-1-m-hangzhou-xyzab'),
    );
    expect(log.map((p) => [p.status, p.attempt, p.hasResource])).toEqual([
      ['CREATING', 1, true],
      ['CREATING', 2, true],
      ['RUNNING', 3, true],
    ]);
    for (let i = 1; i < log.length; i++) expect(log[i]!.elapsedMs).toBeGreaterThanOrEqual(log[i - 1]!.elapsedMs);
  });

  it('compares states case-insensitively (v2 Title case, lower case)', async () => {
    const { client } = await serve([vm('Stopping'), vm('stopped')]);
    const result = await client.waitUntilVmInstanceStopped('vm-1', fast);
    expect(result.status).toBe('stopped');

    const failing = await serve([vm('Starting'), vm('Failed')]);
    const err = await rejection(failing.client.waitUntilVmInstanceRunning('vm-1', fast));
    expect(err).toBeInstanceOf(BceWaiterError);
    expect((err as BceWaiterError).lastStatus).toBe('Failed');
  });

  it('fails fast on a terminal failure state with the last resource attached (not enumerable)', async () => {
    const secretUserData = 'c2VjcmV0LXVzZXItZGF0YQ==';
    const { client, seen } = await serve([vm('STARTING'), vm('ERROR', { userData: secretUserData }), vm('RUNNING')]);
    const err = await rejection(client.waitUntilVmInstanceRunning('vm-1', { ...fast, maxWaitMs: 60_000 }));
    expect(err).toBeInstanceOf(BceWaiterError);
    expect(err).toBeInstanceOf(BceClientError);
    const e = err as BceWaiterError;
    expect(e.reason).toBe('failure-state');
    expect(e.lastStatus).toBe('ERROR');
    expect(e.waiter).toBe('VmInstanceRunning');
    expect(e.resourceId).toBe('vm-1');
    expect(e.attempts).toBe(2);
    expect(e.operation).toBe('GetVirtualMachine');
    expect(e.requestId).toBe('rid-2');
    expect((e.lastResource as { vmName: string }).vmName).toBe('web-1');
    expect(e.message).toMatch(/VM instance vm-1 reached ERROR/);
    expect(seen).toHaveLength(2);
    expect(Object.keys(e)).not.toContain('lastResource');
    expect(JSON.stringify(e)).not.toContain(secretUserData);
    expect(inspect(e)).not.toContain(secretUserData);
  });

  it('a VM service is running when NORMAL and every instance runs', async () => {
    const svc = (status: string, running: number, total: number): Reply => ({
      body: { serviceId: 's-abc12345', status, runningInstances: running, totalInstances: total },
    });
    const { client, seen } = await serve([svc('NORMAL', 0, 2), svc('NORMAL', 1, 2), svc('NORMAL', 2, 2)]);
    const result = await client.waitUntilVmServiceRunning('s-abc12345', fast);
    expect(result.runningInstances).toBe(2);
    expect(seen).toHaveLength(3);
    expect(seen[0]!.path).toBe('/v1/vm/service/s-abc12345');

    const failed = await serve([svc('NORMAL', 0, 2), svc('FAILED', 0, 2)]);
    const err = (await rejection(failed.client.waitUntilVmServiceRunning('s-abc12345', fast))) as BceWaiterError;
    expect(err.reason).toBe('failure-state');
  });

  it('container services: RUNNING and STOP, reading the documented {result: ...} wrapper too', async () => {
    const { client, seen } = await serve([
      { body: { serviceId: 's-1', status: 'starting' } },
      { body: { result: { serviceId: 's-1', status: 'RUNNING' }, success: true } },
    ]);
    await client.waitUntilServiceRunning('s-1', fast);
    expect(seen.map((r) => r.path)).toEqual(['/v1/service/s-1', '/v1/service/s-1']);

    const stop = await serve([{ body: { status: 'STOPPING' } }, { body: { status: 'STOP' } }]);
    const stopped = await stop.client.waitUntilServiceStopped('s-1', fast);
    expect(stopped.status).toBe('STOP');
  });

  it('deployments: the status is derived from the pod counts and pod states', async () => {
    const dep = (running: number, total: number, podStatuses: string[] = []): Reply => ({
      body: {
        resourceId: 'sts-abc',
        runningPods: running,
        totalPods: total,
        deployInstance: { replicas: 2 },
        podBriefVos: podStatuses.map((status, i) => ({ podName: `sts-abc-${i}`, status })),
      },
    });
    const { log, onProgress } = progressLog();
    const { client, seen } = await serve([
      dep(0, 0),
      dep(1, 2, ['RUNNING', 'PENDING']),
      dep(2, 2, ['RUNNING', 'RUNNING']),
    ]);
    await client.waitUntilDeploymentRunning('sts-abc', { ...fast, onProgress });
    expect(log.map((p) => p.status)).toEqual(['PENDING', 'PENDING', 'RUNNING']);
    expect(seen[0]!.path).toBe('/v1/deployment/sts-abc');

    const failing = await serve([dep(1, 2, ['RUNNING', 'Failed'])]);
    const err = (await rejection(failing.client.waitUntilDeploymentRunning('sts-abc', fast))) as BceWaiterError;
    expect(err.reason).toBe('failure-state');
    expect(err.lastStatus).toBe('FAILED');

    expect(deploymentStatus({ runningPods: 0, totalPods: 0 })).toBe('PENDING');
    expect(deploymentStatus({ runningPods: 0, totalPods: 0, deployInstance: { replicas: 0 } })).toBe('RUNNING');
  });

  it.each([
    ['waitUntilPodRunning', '/v1/pod/p-1', ['PENDING', 'Running']],
    ['waitUntilBlbRunning', '/v1/blb/p-1', ['PENDING', 'BINDING', 'RUNNING']],
    ['waitUntilAppBlbRunning', '/v2/appblb/p-1', ['PENDING', 'RUNNING']],
  ] as const)('%s polls %s until RUNNING', async (method, path, states) => {
    const { client, seen } = await serve(states.map((status) => ({ body: { status } })));
    const waitFor = client[method].bind(client) as (id: string, o: object) => Promise<{ status: string }>;
    const result = await waitFor('p-1', fast);
    expect(result.status.toUpperCase()).toBe('RUNNING');
    expect(seen.map((r) => r.path)).toEqual(Array(states.length).fill(path));
  });

  it('VM images are found by listing with keywordType=imageId and an exact ID match', async () => {
    const id = 'im-abc12345-1-m-hangzhou';
    const list = (status: string): Reply => ({
      body: {
        result: [
          { imageId: `${id}-copy`, status: 'FAILED' },
          { imageId: id, status },
        ],
        pageNo: 1,
        pageSize: 1000,
        totalCount: 2,
      },
    });
    const { client, seen } = await serve([list('IMAGING'), list('IMPORTING'), list('Succeeded')]);
    const image = await client.waitUntilVmImageAvailable(id, fast);
    expect(image.imageId).toBe(id);
    expect(seen).toHaveLength(3);
    for (const r of seen) {
      expect(r.path).toBe('/v1/vm/image');
      expect(r.query.get('keywordType')).toBe('imageId');
      expect(r.query.get('keyword')).toBe(id);
    }

    const broken = await serve([list('IMAGING'), list('ERROR')]);
    const err = (await rejection(broken.client.waitUntilVmImageAvailable(id, fast))) as BceWaiterError;
    expect(err.reason).toBe('failure-state');
    expect((err.lastResource as VmImageVo).imageId).toBe(id);
  });

  it('the generic waitUntil runs any waiter by name', async () => {
    const { client } = await serve([{ body: { blbId: 'applb-1', status: 'RUNNING' } }]);
    const blb = await client.waitUntil('AppBlbRunning', 'applb-1', fast);
    expect(blb.blbId).toBe('applb-1');
    await expect(client.waitUntil('Nope' as 'AppBlbRunning', 'x', fast)).rejects.toThrow(TypeError);
  });
});

// ---- deletion -----------------------------------------------------------------------------------

describe('deletion waiters', () => {
  it('resolve once the getter answers 404', async () => {
    const { log, onProgress } = progressLog();
    const { client, seen } = await serve([vm('RUNNING'), vm('Deleting'), notFound]);
    const result = await client.waitUntilVmInstanceDeleted('vm-1', { ...fast, onProgress });
    expect(result).toBeUndefined();
    expect(seen).toHaveLength(3);
    expect(log.map((p) => [p.status, p.hasResource])).toEqual([
      ['RUNNING', true],
      ['Deleting', true],
      [undefined, false],
    ]);
  });

  it.each([
    ['waitUntilVmServiceDeleted', '/v1/vm/service/x-1'],
    ['waitUntilServiceDeleted', '/v1/service/x-1'],
    ['waitUntilDeploymentDeleted', '/v1/deployment/x-1'],
    ['waitUntilBlbDeleted', '/v1/blb/x-1'],
    ['waitUntilAppBlbDeleted', '/v2/appblb/x-1'],
  ] as const)('%s polls %s until 404', async (method, path) => {
    const { client, seen } = await serve([{ body: { status: 'TERMINATING' } }, notFound]);
    await expect(client[method]('x-1', fast)).resolves.toBeUndefined();
    expect(seen.map((r) => r.path)).toEqual([path, path]);
  });

  it('an image is deleted once the list no longer has it', async () => {
    const { client, seen } = await serve([
      { body: { result: [{ imageId: 'im-1', status: 'DELETING' }], pageSize: 1000, totalCount: 1 } },
      { body: { result: [{ imageId: 'im-10', status: 'SUCCEEDED' }], pageSize: 1000, totalCount: 1 } },
    ]);
    await expect(client.waitUntilVmImageDeleted('im-1', fast)).resolves.toBeUndefined();
    expect(seen).toHaveLength(2);
  });

  it('other 4xx errors are not swallowed', async () => {
    const { client, seen } = await serve([
      vm('RUNNING'),
      { status: 403, body: { code: 'AccessDenied', message: 'denied' } },
    ]);
    const err = await rejection(client.waitUntilVmInstanceDeleted('vm-1', fast));
    expect(err).toBeInstanceOf(BceServiceError);
    expect((err as BceServiceError).statusCode).toBe(403);
    expect(seen).toHaveLength(2);
  });

  it('a 404 while waiting for a state is a not-found waiter error', async () => {
    const { client } = await serve([notFound]);
    const err = (await rejection(client.waitUntilBlbRunning('lb-gone', fast))) as BceWaiterError;
    expect(err).toBeInstanceOf(BceWaiterError);
    expect(err.reason).toBe('not-found');
    expect(err.cause).toBeInstanceOf(BceServiceError);
    expect(err.message).toMatch(/BLB lb-gone does not exist/);

    const list = await serve([{ body: { result: [], pageSize: 1000, totalCount: 0 } }]);
    const missing = (await rejection(list.client.waitUntilVmImageAvailable('im-none', fast))) as BceWaiterError;
    expect(missing.reason).toBe('not-found');
  });
});

// ---- errors, deadline, abort ------------------------------------------------------------------

describe('deadline, transient errors and abort', () => {
  it('polls through transient errors (5xx, 429) that outlast the client retries', async () => {
    const { log, onProgress } = progressLog();
    const { client, seen } = await serve([
      vm('CREATING'),
      { status: 503, body: { code: 'ServiceUnavailable', message: 'busy' } },
      { status: 429, body: { code: 'TooManyRequests', message: 'slow down' } },
      vm('RUNNING'),
    ]);
    const result = await client.waitUntilVmInstanceRunning('vm-1', { ...fast, onProgress });
    expect(result.status).toBe('RUNNING');
    expect(seen).toHaveLength(4);
    expect(log.map((p) => [p.status, p.attempt])).toEqual([
      ['CREATING', 1],
      ['RUNNING', 4],
    ]);
  });

  it('times out after maxWaitMs with the last status, resource and transient error', async () => {
    const { client, seen } = await serve((_req, i) =>
      i < 2 ? vm('PENDING', { seq: i }) : { status: 500, body: { code: 'InternalError', message: 'boom' } },
    );
    const err = (await rejection(
      client.waitUntilVmInstanceRunning('vm-1', { minDelayMs: 5, maxDelayMs: 20, maxWaitMs: 250 }),
    )) as BceWaiterError;
    expect(err).toBeInstanceOf(BceWaiterError);
    expect(err.reason).toBe('timeout');
    expect(err.lastStatus).toBe('PENDING');
    expect((err.lastResource as { seq: number }).seq).toBe(1);
    expect(err.elapsedMs).toBeGreaterThanOrEqual(250);
    expect(err.attempts).toBe(seen.length);
    expect(seen.length).toBeGreaterThan(2);
    expect(err.cause).toBeInstanceOf(BceServiceError);
    expect(err.message).toMatch(/was not RUNNING within 250 ms \(last status PENDING\)/);
  });

  it("a poll cut short by the wait's own deadline leaves the service's last error as the cause", async () => {
    // First poll: a transient 500. Every later poll: no answer at all, so the deadline cuts it.
    const held: http.ServerResponse[] = [];
    let answered = false;
    const server = http.createServer((_req, res) => {
      if (answered) {
        held.push(res);
        return;
      }
      answered = true;
      res.writeHead(500, { 'content-type': 'application/json', 'x-bce-request-id': 'rid-500' });
      res.end(JSON.stringify({ code: 'InternalError', message: 'boom', requestId: 'rid-500' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new BecClient({
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'ak-stand-in', secretAccessKey: 'sk-stand-in' },
      maxRetries: 0,
    });
    try {
      const err = (await rejection(
        client.waitUntilVmInstanceRunning('vm-1', { minDelayMs: 5, maxDelayMs: 5, maxWaitMs: 200 }),
      )) as BceWaiterError;
      expect(err.reason).toBe('timeout');
      expect(held.length).toBeGreaterThan(0); // a poll was in flight when the deadline came
      expect(err.cause).toBeInstanceOf(BceServiceError);
      expect((err.cause as BceServiceError).code).toBe('InternalError');
    } finally {
      client.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('abort during the sleep settles at once and cancels the pending poll', async () => {
    const { client, seen } = await serve([vm('CREATING')]);
    const controller = new AbortController();
    const waiting = client.waitUntilVmInstanceRunning('vm-1', {
      minDelayMs: 60_000,
      maxDelayMs: 60_000,
      signal: controller.signal,
      onProgress: () => setImmediate(() => controller.abort(new Error('user cancelled'))),
    });
    const outcome = await Promise.race([
      rejection(waiting),
      new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), 5_000)),
    ]);
    expect(outcome).toBeInstanceOf(BceAbortError);
    expect((outcome as BceAbortError).cause).toEqual(new Error('user cancelled'));
    expect(seen).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const { client, seen } = await serve([vm('RUNNING')]);
    const err = await rejection(client.waitUntilVmInstanceRunning('vm-1', { ...fast, signal: AbortSignal.abort() }));
    expect(err).toBeInstanceOf(BceAbortError);
    expect(seen).toHaveLength(0);
  });

  it('an exception from onProgress ends the wait', async () => {
    const { client } = await serve([vm('CREATING'), vm('RUNNING')]);
    const boom = new Error('progress handler failed');
    const err = await rejection(
      client.waitUntilVmInstanceRunning('vm-1', {
        ...fast,
        onProgress: () => {
          throw boom;
        },
      }),
    );
    expect(err).toBe(boom);
  });

  it('rejects invalid options before polling', async () => {
    const { client, seen } = await serve([vm('RUNNING')]);
    for (const bad of [{ maxWaitMs: 0 }, { minDelayMs: -1 }, { maxDelayMs: Number.NaN }]) {
      const err = await rejection(client.waitUntilVmInstanceRunning('vm-1', bad));
      expect(err).toBeInstanceOf(BceClientError);
    }
    expect(seen).toHaveLength(0);
  });
});

describe('poll delay', () => {
  it('grows exponentially from minDelayMs, jittered within [min, cap], capped at maxDelayMs', () => {
    expect([0, 1, 2, 3, 10].map((n) => pollDelay(n, 100, 1_000, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
    expect([0, 1, 5].map((n) => pollDelay(n, 100, 1_000, () => 0))).toEqual([100, 100, 100]);
    expect(pollDelay(2, 100, 1_000, () => 0.5)).toBe(250);
    expect(pollDelay(3, 0, 50, () => 1)).toBe(8);
  });
});
