/**
 * The runtime test set: run as-is on Node, Bun and Deno (importing `bec-sdk` through the package's
 * conditional exports), and bundled for workerd and Chromium. `runSuite` returns one result per
 * check; nothing here is runtime-specific.
 */
import {
  BceAbortError,
  BceServiceError,
  BceTimeoutError,
  BceV1WebSigner,
  BecClient,
  DiskType,
  ImageType,
  Region,
  SDK_BUILD,
  ServiceProvider,
} from 'bec-sdk';

const HANGZHOU = {
  region: Region.EAST_CHINA,
  city: 'HANGZHOU',
  serviceProvider: ServiceProvider.CHINA_MOBILE,
  regionId: 'cn-hangzhou-cm',
};

async function check(results, name, fn) {
  try {
    const detail = await fn();
    results.push({ name, ok: true, detail: detail ?? '' });
  } catch (err) {
    results.push({ name, ok: false, detail: `${err?.name}: ${err?.message}` });
  }
}

function expect(condition, what) {
  if (!condition) throw new Error(`expected ${what}`);
}

function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}

const sortedPairs = (pairs) => JSON.stringify(pairs.map(([k, v]) => `${k}\u0000${v}`).sort());

/** One golden request through the client (signed with the recorded clock and keys), captured by a transport: what differs. */
async function replayGolden(g) {
  const captured = [];
  const answer = new TextEncoder().encode(g.arrayAnswer ? '[]' : '{}');
  const transport = {
    async send(request) {
      captured.push(request);
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: answer };
    },
  };
  const client = new BecClient({
    endpoint: `http://${g.want.headers.host}`,
    credentials: {
      accessKeyId: 'AKIDEXAMPLE0000000000000000000000',
      secretAccessKey: 'SKEXAMPLE00000000000000000000000',
    },
    now: () => 1_700_000_000_000,
    transport,
    maxRetries: 0,
  });
  await client[g.method](...g.pathArgs, ...(g.takesInput ? [g.input] : []), g.options);
  if (captured.length !== 1) return [`${captured.length} requests sent`];
  const got = captured[0];
  const why = [];
  if (got.method !== g.want.method) why.push(`method ${got.method}`);
  if (decodeURIComponent(got.url.pathname) !== g.want.decodedPath) why.push(`path ${got.url.pathname}`);
  if (sortedPairs([...got.url.searchParams.entries()]) !== sortedPairs(g.want.query))
    why.push(`query ${got.url.search}`);
  const body = got.body ? JSON.parse(new TextDecoder().decode(got.body)) : undefined;
  const wantBody = g.want.body === '' ? undefined : JSON.parse(g.want.body);
  if (!deepEqual(body, wantBody)) why.push('body');
  if (got.headers.authorization !== g.want.headers.authorization) why.push('authorization');
  return why;
}

/**
 * config: { endpoint, accessKeyId, secretAccessKey, vectors (spec/auth-vectors.json cases),
 * golden (the golden requests as calls, from run.mjs),
 * expectBuild ('node' | 'web'), slowOperation (a Go operation the emulator answers after a delay) }
 */
export async function runSuite(config) {
  const results = [];
  await check(results, 'build', async () => {
    expect(SDK_BUILD === config.expectBuild, `the ${config.expectBuild} build, got ${SDK_BUILD}`);
    return SDK_BUILD;
  });

  await check(results, 'signing vectors (WebCrypto signer)', async () => {
    const signer = new BceV1WebSigner();
    let passed = 0;
    const failed = [];
    for (const c of config.vectors) {
      const r = await signer
        .sign(
          { method: c.method, path: c.path, query: c.query ?? {}, headers: c.headers ?? {} },
          { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken },
          {
            timestamp: Date.parse(c.timestamp) / 1000,
            expirationSeconds: c.expirationSeconds,
            headersToSign: c.headersToSign,
          },
        )
        .catch((e) => ({ error: e }));
      if (
        r.canonicalRequest === c.expected.canonicalRequest &&
        r.signingKey === c.expected.signingKey &&
        r.authorization === c.expected.authorization
      )
        passed++;
      else failed.push(c.name);
    }
    expect(
      failed.length === 0 && passed === config.vectors.length,
      `all vectors to pass; failed: ${failed.slice(0, 5).join(', ')}`,
    );
    return `${passed}/${config.vectors.length}`;
  });

  await check(results, "golden requests (the Go SDK's wire format)", async () => {
    let passed = 0;
    const failed = [];
    for (const g of config.golden) {
      const why = await replayGolden(g).catch((err) => [`threw ${err?.name}: ${err?.message}`]);
      if (why.length === 0) passed++;
      else failed.push(`${g.name}: ${why.join('; ')}`);
    }
    expect(
      failed.length === 0 && passed === config.golden.length,
      `all golden requests to match; ${failed.slice(0, 3).join(' | ')}`,
    );
    return `${passed}/${config.golden.length}`;
  });

  const bec = new BecClient({
    endpoint: config.endpoint,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    ...(config.transport ? { transport: config.transport } : {}),
  });
  let serviceId;
  await check(results, 'create a VM service', async () => {
    const images = await bec.listVmImage({ type: 'becCommon', pageNo: 1, pageSize: 100 });
    const image = images.result[0];
    expect(image, 'a public image');
    const created = await bec.createVmService({
      serviceName: 'runtime-test',
      vmName: 'runtime-vm',
      imageId: image.imageId,
      imageType: ImageType.BCC,
      cpu: 1,
      memory: 2,
      systemVolume: { volumeType: DiskType.NVME, sizeInGB: 40 },
      deployInstances: [{ ...HANGZHOU, replicas: 2 }],
      keyConfig: { type: 'password', adminPass: 'Runtime2025!edge' },
    });
    serviceId = created.details.serviceId;
    expect(typeof serviceId === 'string', 'a service id');
    return serviceId;
  });
  await check(results, 'wait until it runs', async () => {
    const r = await bec.waitUntilVmServiceRunning(serviceId, { minDelayMs: 50, maxDelayMs: 200 });
    return String(r.status ?? 'ok');
  });
  await check(results, 'list with a paginator', async () => {
    const ids = [];
    for await (const vm of bec.paginateGetVmInstanceList({ keywordType: 'serviceId', keyword: serviceId, pageSize: 1 }))
      ids.push(vm.vmId);
    expect(ids.length === 2, `2 instances over 2 pages, got ${ids.length}`);
    return `${ids.length} instances`;
  });
  await check(results, 'a service error', async () => {
    const err = await bec.getVmServiceDetail('s-doesnotexist').then(
      () => undefined,
      (e) => e,
    );
    expect(err instanceof BceServiceError, `a BceServiceError, got ${err?.name}`);
    expect(err.statusCode === 404 && err.$metadata.httpStatusCode === 404, `404, got ${err.statusCode}`);
    return `${err.statusCode} ${err.code}`;
  });
  await check(results, 'a timeout', async () => {
    const err = await bec[config.slowMethod]({}, { timeoutMs: 200, maxRetries: 0 }).then(
      () => undefined,
      (e) => e,
    );
    expect(err instanceof BceTimeoutError, `a BceTimeoutError, got ${err?.name}: ${err?.message}`);
    return err.name;
  });
  await check(results, 'an abort', async () => {
    const controller = new AbortController();
    const call = bec[config.slowMethod]({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const err = await call.then(
      () => undefined,
      (e) => e,
    );
    expect(err instanceof BceAbortError && err.name === 'AbortError', `an AbortError, got ${err?.name}`);
    return err.name;
  });
  bec.close();
  return results;
}
