/**
 * Error identity and metadata: `instanceof` holds across two copies of the built package (the
 * Node CommonJS build and the web ES module build: two separate sets of classes in one program),
 * on Node `import` and `require` give the very same classes, an aborted call's error is named
 * AbortError, and `$metadata` records status, request id, attempts and retry delay.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BceAbortError, BceError, BceServiceError, BecClient } from '../src/index.js';
import { SECRETS, sendJson, startServer } from './support/loopback.js';

type Sdk = typeof import('../src/index.js');
// The web build has the same API as the source (its types are dist/index.d.ts).
const esm = (await import(new URL('../dist/web/index.js', import.meta.url).href)) as Sdk;
const cjs = createRequire(import.meta.url)('../dist/index.cjs') as Sdk;
const credentials = { accessKeyId: SECRETS.accessKeyId, secretAccessKey: SECRETS.secretAccessKey };

describe('one identity across copies', () => {
  it('the Node CommonJS build and the web ES module build are two copies with their own classes', () => {
    expect(cjs.BceServiceError).not.toBe(esm.BceServiceError);
  });

  it('on Node, import and require of the package give the same classes (one copy)', () => {
    const dist = fileURLToPath(new URL('../dist/', import.meta.url));
    const script = `
      const viaRequire = require(${JSON.stringify(`${dist}index.cjs`)});
      import(${JSON.stringify(`${dist}index.js`)}).then((viaImport) => {
        const same = ['BecClient', 'BceServiceError', 'BceAbortError', 'DEFAULTS'].every((n) => viaImport[n] === viaRequire[n]);
        process.stdout.write(String(same));
      });`;
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })).toBe('true');
  });

  it("an error of one copy is an instance of the other copy's classes, and of the source's", () => {
    const fromCjs = new cjs.BceServiceError('gone', { statusCode: 404, code: 'NoSuchObject', requestId: 'r-1' });
    const fromEsm = new esm.BceAbortError('stopped');
    expect(fromCjs instanceof esm.BceServiceError).toBe(true);
    expect(fromCjs instanceof esm.BceError).toBe(true);
    expect(fromCjs instanceof BceServiceError).toBe(true);
    expect(fromEsm instanceof cjs.BceAbortError).toBe(true);
    expect(fromEsm instanceof cjs.BceClientError).toBe(true);
    // Brands do not make unrelated classes match.
    expect(fromCjs instanceof esm.BceClientError).toBe(false);
    expect(fromEsm instanceof cjs.BceServiceError).toBe(false);
    expect(fromEsm instanceof esm.BceNetworkError).toBe(false);
    expect({} instanceof esm.BceError).toBe(false);
    expect(new Error('plain') instanceof cjs.BceError).toBe(false);
    expect((null as unknown as object) instanceof BceError).toBe(false);
  });

  it('a subclass of your own is checked by its prototype', () => {
    class MyError extends BceServiceError {}
    const mine = new MyError('x', { statusCode: 500, code: 'InternalError' });
    expect(mine instanceof MyError).toBe(true);
    expect(mine instanceof BceServiceError).toBe(true);
    expect(new BceServiceError('x', { statusCode: 500, code: 'InternalError' }) instanceof MyError).toBe(false);
  });
});

describe('$metadata and AbortError', () => {
  it('a failed call records status, request id, attempts and the time waited between them', async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 503, { code: 'ServiceUnavailable', message: 'busy', requestId: 'r-503' }, { 'retry-after': '0' }),
    );
    const client = new BecClient({ endpoint: server.endpoint, credentials, maxRetries: 2, retryBaseDelayMs: 5 });
    try {
      const err = (await client.getVmServiceDetail('s-1').catch((e: unknown) => e)) as BceServiceError;
      expect(err).toBeInstanceOf(BceServiceError);
      expect(err.$metadata.httpStatusCode).toBe(503);
      expect(err.$metadata.requestId).toBe('r-503');
      expect(err.$metadata.attempts).toBe(3);
      expect(server.requests).toHaveLength(3);
      expect(err.$metadata.totalRetryDelay).toBeGreaterThanOrEqual(0);
    } finally {
      client.close();
      await server.close();
    }
  });

  it("an aborted call's error is named AbortError and records that nothing was sent", async () => {
    const client = new BecClient({ endpoint: 'http://127.0.0.1:9', credentials });
    const err = (await client
      .getVmServiceDetail('s-1', { signal: AbortSignal.abort() })
      .catch((e: unknown) => e)) as BceAbortError;
    expect(err.name).toBe('AbortError');
    expect(err).toBeInstanceOf(BceAbortError);
    expect(err.$metadata).toEqual({ httpStatusCode: undefined, requestId: undefined, attempts: 0, totalRetryDelay: 0 });
  });
});
