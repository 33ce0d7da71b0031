import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BceCredentials,
  BceCredentialsError,
  BecClient,
  type BecClientOptions,
  bceCliConfigPath,
  type Credentials,
  cachedProvider,
  chain,
  defaultProvider,
  fromBceCliProfile,
  fromEnv,
} from '../src/index.js';
import {
  type LoopbackServer,
  type RecordedRequest,
  SECRETS,
  sendJson,
  signatureMatches,
  startServer,
} from './support/loopback.js';

const root = mkdtempSync(join(tmpdir(), 'bec-creds-'));
let server: LoopbackServer;
const clients: BecClient[] = [];

function clientFor(options: BecClientOptions): BecClient {
  const client = new BecClient({ endpoint: server.endpoint, maxRetries: 0, ...options });
  clients.push(client);
  return client;
}

/** The access key id a request was signed with. */
function akOf(request: RecordedRequest): string {
  return String(request.headers.authorization).split('/')[1] ?? '';
}

function signedHeaderNames(request: RecordedRequest): string[] {
  return (String(request.headers.authorization).split('/')[4] ?? '').split(';');
}

/** Writes a BCE CLI config file in a fresh home directory and returns that directory. */
let homes = 0;
async function homeWith(config: unknown): Promise<{ home: string; path: string }> {
  const home = join(root, `home-${++homes}`);
  await mkdir(join(home, '.bce'), { recursive: true });
  const path = join(home, '.bce', 'config.json');
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config, null, 2), { mode: 0o600 });
  return { home, path };
}

const cliConfig = {
  current: 'work',
  profiles: [
    {
      name: 'default',
      mode: 'AK',
      access_key_id: 'AKdefault000000000000000000000001',
      secret_access_key: 'SKdefault-secret-value-000000000001',
      region: 'bj',
      endpoint: 'bec.baidubce.com',
    },
    {
      name: 'work',
      mode: 'AK',
      access_key_id: 'AKwork00000000000000000000000001',
      secret_access_key: 'SKwork-secret-value-0000000000001',
      // Ignored in AK mode.
      security_token: 'leftover-token-should-not-be-sent',
      region: 'gz',
      endpoint: '',
    },
    {
      name: 'sts',
      mode: 'StsToken',
      access_key_id: 'AKsts000000000000000000000000001',
      secret_access_key: 'SKsts-secret-value-00000000000001',
      security_token: SECRETS.sessionToken,
      region: 'bj',
      endpoint: '',
    },
  ],
};

beforeEach(async () => {
  server = await startServer((_req, res) => sendJson(res, 200, { serviceId: 's-abc12345' }));
  // The default chain must see only what each test sets.
  vi.stubEnv('BCE_ACCESS_KEY_ID', undefined);
  vi.stubEnv('BCE_SECRET_ACCESS_KEY', undefined);
  vi.stubEnv('BCE_SECURITY_TOKEN', undefined);
  vi.stubEnv('BCE_PROFILE', undefined);
});

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const c of clients.splice(0)) c.close();
  await server.close();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('explicit credentials', () => {
  it('AK/SK: signed with that key, no security token header', async () => {
    const creds = { accessKeyId: SECRETS.accessKeyId, secretAccessKey: SECRETS.secretAccessKey };
    await clientFor({ credentials: creds }).getVmServiceDetail('s-abc12345');
    const [req] = server.requests;
    expect(akOf(req!)).toBe(SECRETS.accessKeyId);
    expect(req!.headers['x-bce-security-token']).toBeUndefined();
    expect(signedHeaderNames(req!)).not.toContain('x-bce-security-token');
    expect(signatureMatches(req!, creds)).toBe(true);
    expect(signatureMatches(req!, { ...creds, secretAccessKey: 'another-secret-key' })).toBe(false);
  });

  it('an STS session token goes out as a signed x-bce-security-token header', async () => {
    const creds = {
      accessKeyId: SECRETS.accessKeyId,
      secretAccessKey: SECRETS.secretAccessKey,
      sessionToken: SECRETS.sessionToken,
    };
    await clientFor({ credentials: creds }).getVmServiceDetail('s-abc12345');
    const [req] = server.requests;
    expect(req!.headers['x-bce-security-token']).toBe(SECRETS.sessionToken);
    expect(signedHeaderNames(req!)).toContain('x-bce-security-token');
    expect(signatureMatches(req!, creds)).toBe(true);
  });

  it('explicit credentials win over the environment', async () => {
    vi.stubEnv('BCE_ACCESS_KEY_ID', 'AKfromenv00000000000000000000001');
    vi.stubEnv('BCE_SECRET_ACCESS_KEY', 'SKfromenv');
    await clientFor({ credentials: { accessKeyId: 'AKexplicit', secretAccessKey: 'SKexplicit' } }).getVmServiceDetail(
      's-a',
    );
    expect(akOf(server.requests[0]!)).toBe('AKexplicit');
  });

  it.each([
    [{ accessKeyId: '', secretAccessKey: 'x' }, /accessKeyId/],
    [{ accessKeyId: 'AK', secretAccessKey: '' }, /secretAccessKey/],
  ])('incomplete explicit credentials are refused at construction (%o)', (credentials, message) => {
    expect(() => new BecClient({ endpoint: server.endpoint, credentials })).toThrow(BceCredentialsError);
    expect(() => new BecClient({ endpoint: server.endpoint, credentials })).toThrow(message);
  });
});

describe('environment', () => {
  it('fromEnv reads BCE_ACCESS_KEY_ID, BCE_SECRET_ACCESS_KEY and BCE_SECURITY_TOKEN', async () => {
    const creds = await fromEnv({
      BCE_ACCESS_KEY_ID: 'AKenv',
      BCE_SECRET_ACCESS_KEY: 'SKenv-secret',
      BCE_SECURITY_TOKEN: 'tok-env-123',
    })();
    expect(creds).toBeInstanceOf(BceCredentials);
    expect(creds.accessKeyId).toBe('AKenv');
    expect(creds.secretAccessKey).toBe('SKenv-secret');
    expect(creds.sessionToken).toBe('tok-env-123');
    expect(
      (await fromEnv({ BCE_ACCESS_KEY_ID: 'a', BCE_SECRET_ACCESS_KEY: 'b', BCE_SECURITY_TOKEN: '' })()).sessionToken,
    ).toBe(undefined);
  });

  it('fromEnv names both variables when one is missing', async () => {
    await expect(fromEnv({ BCE_ACCESS_KEY_ID: 'AKenv' })()).rejects.toThrow(
      /BCE_ACCESS_KEY_ID and BCE_SECRET_ACCESS_KEY/,
    );
  });

  it('a client without credentials uses the environment, token included', async () => {
    vi.stubEnv('BCE_ACCESS_KEY_ID', 'AKenv0000000000000000000000000001');
    vi.stubEnv('BCE_SECRET_ACCESS_KEY', SECRETS.secretAccessKey);
    vi.stubEnv('BCE_SECURITY_TOKEN', SECRETS.sessionToken);
    const { home } = await homeWith(cliConfig); // present, but the environment comes first
    vi.stubEnv('HOME', home);
    await clientFor({}).getVmServiceDetail('s-abc12345');
    const [req] = server.requests;
    expect(akOf(req!)).toBe('AKenv0000000000000000000000000001');
    expect(req!.headers['x-bce-security-token']).toBe(SECRETS.sessionToken);
    expect(
      signatureMatches(req!, {
        accessKeyId: 'AKenv0000000000000000000000000001',
        secretAccessKey: SECRETS.secretAccessKey,
      }),
    ).toBe(true);
  });
});

describe('BCE CLI ~/.bce/config.json', () => {
  it('uses the current profile; AK mode ignores a leftover security_token', async () => {
    const { path } = await homeWith(cliConfig);
    const creds = await fromBceCliProfile({ path, env: {} })();
    expect(creds.accessKeyId).toBe('AKwork00000000000000000000000001');
    expect(creds.secretAccessKey).toBe('SKwork-secret-value-0000000000001');
    expect(creds.sessionToken).toBeUndefined();
  });

  it('selects a profile by option, then BCE_PROFILE, then current, then "default"', async () => {
    const { path } = await homeWith(cliConfig);
    expect((await fromBceCliProfile({ path, profile: 'default', env: { BCE_PROFILE: 'sts' } })()).accessKeyId).toBe(
      'AKdefault000000000000000000000001',
    );
    expect((await fromBceCliProfile({ path, env: { BCE_PROFILE: 'sts' } })()).accessKeyId).toBe(
      'AKsts000000000000000000000000001',
    );
    const { path: noCurrent } = await homeWith({ ...cliConfig, current: undefined });
    expect((await fromBceCliProfile({ path: noCurrent, env: {} })()).accessKeyId).toBe(
      'AKdefault000000000000000000000001',
    );
  });

  it('StsToken mode sends the security token, signed, on the wire', async () => {
    const { path } = await homeWith(cliConfig);
    await clientFor({ credentials: fromBceCliProfile({ path, profile: 'sts' }) }).getVmServiceDetail('s-abc12345');
    const [req] = server.requests;
    expect(akOf(req!)).toBe('AKsts000000000000000000000000001');
    expect(req!.headers['x-bce-security-token']).toBe(SECRETS.sessionToken);
    expect(signedHeaderNames(req!)).toContain('x-bce-security-token');
    expect(
      signatureMatches(req!, {
        accessKeyId: 'AKsts000000000000000000000000001',
        secretAccessKey: 'SKsts-secret-value-00000000000001',
      }),
    ).toBe(true);
  });

  it('the client default chain reads ~/.bce/config.json when the environment has nothing', async () => {
    const { home } = await homeWith(cliConfig);
    vi.stubEnv('HOME', home);
    expect(bceCliConfigPath()).toBe(join(home, '.bce', 'config.json'));
    await clientFor({}).getVmServiceDetail('s-abc12345');
    expect(akOf(server.requests[0]!)).toBe('AKwork00000000000000000000000001');
    vi.stubEnv('BCE_PROFILE', 'default');
    await clientFor({}).getVmServiceDetail('s-abc12345');
    expect(akOf(server.requests[1]!)).toBe('AKdefault000000000000000000000001');
  });

  it('a profile named in the client options is used even when the environment has keys', async () => {
    const { home } = await homeWith(cliConfig);
    vi.stubEnv('HOME', home);
    vi.stubEnv('BCE_ACCESS_KEY_ID', 'AKenv0000000000000000000000000001');
    vi.stubEnv('BCE_SECRET_ACCESS_KEY', 'SKenv');
    await clientFor({ profile: 'sts' }).getVmServiceDetail('s-abc12345');
    const [req] = server.requests;
    expect(akOf(req!)).toBe('AKsts000000000000000000000000001');
    expect(req!.headers['x-bce-security-token']).toBe(SECRETS.sessionToken);
  });

  it.each([
    ['not JSON', '{"current": ', /not valid JSON/],
    ['JSON null', 'null', /not a JSON object/],
    ['profiles not an array', { current: 'x', profiles: { x: {} } }, /has no profile "x"/],
    ['an unknown profile', { current: 'nope', profiles: cliConfig.profiles }, /has no profile "nope"/],
    [
      'a profile without keys',
      { current: 'p', profiles: [{ name: 'p', mode: 'AK', access_key_id: 'AK' }] },
      /has no access_key_id\/secret_access_key/,
    ],
    [
      'StsToken mode without a token',
      { current: 'p', profiles: [{ name: 'p', mode: 'StsToken', access_key_id: 'AK', secret_access_key: 'SK' }] },
      /StsToken mode but has no security_token/,
    ],
  ])('a config file with %s is a BceCredentialsError naming the file', async (_what, config, message) => {
    const { path } = await homeWith(config);
    const err = await fromBceCliProfile({ path, env: {} })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BceCredentialsError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain(path);
  });
});

describe('async providers', () => {
  it('rotating STS credentials: the provider is asked again when expiration is near', async () => {
    let calls = 0;
    const provider = async (): Promise<Credentials> => {
      calls++;
      return {
        accessKeyId: `AKrotation${calls}`,
        secretAccessKey: `SKrotation-${calls}`,
        sessionToken: `token-${calls}`,
        // Outside the 60 s refresh margin by 300 ms: good for now, near expiry shortly after.
        expiration: new Date(Date.now() + 60_000 + 300),
      };
    };
    const client = clientFor({ credentials: provider });
    await client.getVmServiceDetail('s-1');
    await client.getVmServiceDetail('s-2');
    expect(calls).toBe(1);
    await new Promise((r) => setTimeout(r, 400));
    await client.getVmServiceDetail('s-3');
    expect(calls).toBe(2);
    expect(server.requests.map(akOf)).toEqual(['AKrotation1', 'AKrotation1', 'AKrotation2']);
    expect(server.requests.map((r) => r.headers['x-bce-security-token'])).toEqual(['token-1', 'token-1', 'token-2']);
    expect(signatureMatches(server.requests[2]!, { accessKeyId: 'AKrotation2', secretAccessKey: 'SKrotation-2' })).toBe(
      true,
    );
  });

  it('an expiration given as an ISO string or epoch ms (STS JSON) works like a Date', async () => {
    let calls = 0;
    const client = clientFor({
      credentials: async () => {
        calls++;
        const soon = Date.now() + 30_000; // inside the refresh margin: asked again every call
        return {
          accessKeyId: `AKs${calls}`,
          secretAccessKey: 'SK',
          expiration: calls === 1 ? new Date(soon).toISOString() : soon,
        };
      },
    });
    await client.getVmServiceDetail('s-1');
    await client.getVmServiceDetail('s-2');
    expect(server.requests.map(akOf)).toEqual(['AKs1', 'AKs2']);
    const far = await cachedProvider(async () => ({
      accessKeyId: 'AKfar',
      secretAccessKey: 'SK',
      expiration: '2999-01-01T00:00:00Z',
    }))();
    expect(far.expiration).toEqual(new Date('2999-01-01T00:00:00Z'));
    await expect(
      cachedProvider(async () => ({ accessKeyId: 'AK', secretAccessKey: 'SK', expiration: 'tomorrow-ish' }))(),
    ).rejects.toThrow(/not a date/);
  });

  it('credentials without expiration are fetched once', async () => {
    const provider = vi.fn(async () => ({ accessKeyId: 'AKonce', secretAccessKey: 'SKonce' }));
    const client = clientFor({ credentials: provider });
    for (let i = 0; i < 3; i++) await client.getVmServiceDetail('s-1');
    expect(provider).toHaveBeenCalledTimes(1);
  });

  it('concurrent calls share one provider call', async () => {
    const provider = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 30));
      return { accessKeyId: 'AKshared', secretAccessKey: 'SKshared' };
    });
    const client = clientFor({ credentials: provider });
    await Promise.all([1, 2, 3, 4, 5].map((i) => client.getVmServiceDetail(`s-${i}`)));
    expect(provider).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(5);
  });

  it('a failing provider is asked again on the next call', async () => {
    let calls = 0;
    const cached = cachedProvider(async () => {
      calls++;
      if (calls === 1) throw new Error('sts unavailable');
      return { accessKeyId: 'AKretry', secretAccessKey: 'SKretry' };
    });
    await expect(cached()).rejects.toThrow('sts unavailable');
    expect((await cached()).accessKeyId).toBe('AKretry');
  });

  it('a provider returning incomplete credentials is a BceCredentialsError', async () => {
    const client = clientFor({ credentials: async () => ({ accessKeyId: 'AK', secretAccessKey: '' }) });
    await expect(client.getVmServiceDetail('s-1')).rejects.toThrow(BceCredentialsError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('nothing found', () => {
  it('the error lists every place that was looked at, and nothing is sent', async () => {
    const emptyHome = join(root, 'empty-home');
    await mkdir(emptyHome, { recursive: true });
    vi.stubEnv('HOME', emptyHome);
    const err = (await clientFor({})
      .getVmServiceDetail('s-1')
      .catch((e: unknown) => e)) as BceCredentialsError;
    expect(err).toBeInstanceOf(BceCredentialsError);
    expect(err.message).toContain('BCE_ACCESS_KEY_ID');
    expect(err.message).toContain('BCE_SECRET_ACCESS_KEY');
    expect(err.message).toContain(join(emptyHome, '.bce', 'config.json'));
    expect(err.message).toContain('ENOENT');
    expect(err.message).toMatch(/\(1\).*\(2\)/);
    expect(server.requests).toHaveLength(0);
  });

  it('defaultProvider with an explicit env and path', async () => {
    const { path } = await homeWith(cliConfig);
    expect((await defaultProvider({ env: {}, path })()).accessKeyId).toBe('AKwork00000000000000000000000001');
    const env = { BCE_ACCESS_KEY_ID: 'AKe', BCE_SECRET_ACCESS_KEY: 'SKe' };
    expect((await defaultProvider({ env, path })()).accessKeyId).toBe('AKe');
    const missing = join(root, 'missing', 'config.json');
    await expect(defaultProvider({ env: {}, path: missing })()).rejects.toThrow(missing);
    // A home directory from `env` decides where the file is looked for.
    const { home } = await homeWith(cliConfig);
    expect((await defaultProvider({ env: { HOME: home } })()).accessKeyId).toBe('AKwork00000000000000000000000001');
  });

  it('chain() reports each provider in order', async () => {
    const err = await chain(
      async () => {
        throw new Error('first place');
      },
      async () => {
        throw new BceCredentialsError('second place');
      },
    )().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BceCredentialsError);
    expect((err as Error).message).toBe('no BEC credentials found. Looked at: (1) first place; (2) second place');
  });
});
