import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from 'bec-emulator';
import { operations } from 'bec-sdk/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, childEnv, EMPTY_HOME, type RunResult, runBec, startBec } from './helpers.js';

let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;
const bec = (args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> =>
  runBec(args, { env: options.env ?? env, ...(options.stdin === undefined ? {} : { stdin: options.stdin }) });

const json = (r: RunResult): unknown => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
};

const ADMIN_PASS = 'Cli2025!secret';
/** Flags of a small VM service in Hangzhou (the public image comes from the emulator). */
const createFlags = (name: string): string[] => [
  '--service-name',
  name,
  '--cpu',
  '1',
  '--memory',
  '2',
  '--image-id',
  'm-Ubun2204',
  '--image-type',
  'bcc',
  '--system-volume',
  '{"volumeType":"NVME","sizeInGB":40}',
  '--deploy-instances',
  '[{"regionId":"cn-hangzhou-cm","replicas":1}]',
  '--key-config',
  JSON.stringify({ type: 'password', adminPass: ADMIN_PASS }),
];

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ lifecycle: { mode: 'immediate' }, log: () => {} });
  env = childEnv({
    BEC_ENDPOINT: emulator.endpoint,
    BCE_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
    BCE_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
  });
});

afterAll(async () => {
  await emulator?.close();
});

describe('the command list', () => {
  it('has one uniquely named command per operation of the SDK table (115/115)', async () => {
    const rows = json(await bec(['commands', '--output', 'json'])) as Array<{ command: string; operation: string }>;
    expect(rows).toHaveLength(operations.length);
    expect(operations).toHaveLength(115);
    expect(new Set(rows.map((r) => r.operation))).toEqual(new Set(operations.map((o) => o.name)));
    expect(new Set(rows.map((r) => r.command)).size).toBe(115);
    for (const row of rows) expect(row.command).toMatch(/^bec [a-z]+(-[a-z]+)* [a-z]+(-[a-z]+)*$/);
  });

  it('lists every group in `bec --help` and every action in `bec <group> --help`', async () => {
    const rows = json(await bec(['commands', '--output', 'json'])) as Array<{ command: string }>;
    const byGroup = new Map<string, string[]>();
    for (const { command } of rows) {
      const [, group, action] = command.split(' ') as [string, string, string];
      byGroup.set(group, [...(byGroup.get(group) ?? []), action]);
    }
    const top = await bec(['--help']);
    expect(top.code).toBe(0);
    for (const group of [...byGroup.keys(), 'commands', 'emulator', 'demo']) {
      expect(top.stdout).toMatch(new RegExp(`^  ${group} `, 'm'));
    }
    const helps = await Promise.all([...byGroup.keys()].map((g) => bec([g, '--help'])));
    [...byGroup.entries()].forEach(([group, actions], i) => {
      const help = helps[i]!;
      expect(help.code, group).toBe(0);
      const listed = [...help.stdout.matchAll(/^ {2}([a-z-]+)(?= )/gm)].map((m) => m[1]).filter((a) => a !== 'help');
      expect(listed.sort(), group).toEqual([...actions].sort());
    });
  });
});

describe('commands against the emulator', () => {
  let serviceId: string;
  let vmId: string;

  it('creates a VM service from flags and reads it back', async () => {
    const created = json(await bec(['vm-service', 'create', ...createFlags('cli-web')])) as {
      details: { serviceId: string; serviceName: string };
    };
    serviceId = created.details.serviceId;
    expect(serviceId).toMatch(/^s-/);
    const detail = json(await bec(['vm-service', 'get', serviceId])) as { serviceName: string; totalInstances: number };
    expect(detail.serviceName).toBe('cli-web');
    expect(detail.totalInstances).toBe(1);
  });

  it('lists instances with filters, stops one with --wait and sees it stopped', async () => {
    const list = json(await bec(['vm-instance', 'list', '--keyword-type', 'serviceId', '--keyword', serviceId])) as {
      result: Array<{ vmId: string; status: string }>;
    };
    expect(list.result).toHaveLength(1);
    vmId = list.result[0]!.vmId;
    const stop = await bec(['vm-instance', 'operate', vmId, 'stop', '--wait']);
    expect(stop.code, stop.stderr).toBe(0);
    const vm = json(await bec(['vm-instance', 'get', vmId])) as { status: string };
    expect(vm.status).toBe('STOPPED');
  });

  it('prints tables when asked, and collects every page with --all', async () => {
    const table = await bec(['vm-service', 'list', '--output', 'table']);
    expect(table.code).toBe(0);
    const [header, rule, ...rows] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^serviceId\s+serviceName\s+status/);
    expect(rule).toMatch(/^-+ +-+/);
    expect(rows.some((r) => r.startsWith(serviceId) && r.includes('cli-web'))).toBe(true);
    expect(table.stdout).toMatch(/totalCount=\d+/);

    const detail = await bec(['vm-instance', 'get', vmId, '--output', 'table']);
    expect(detail.stdout).toMatch(new RegExp(`^vmId\\s+${vmId}$`, 'm'));

    const all = json(await bec(['vm-service', 'list', '--all', '--page-size', '1'])) as Array<{ serviceId: string }>;
    expect(all.map((s) => s.serviceId)).toContain(serviceId);
  });

  it('reads input from a file and from stdin; flags override file fields', async () => {
    const input = {
      serviceName: 'from-file',
      cpu: 1,
      memory: 2,
      imageId: 'm-Ubun2204',
      imageType: 'bcc',
      deployInstances: [{ regionId: 'cn-hangzhou-cm', replicas: 1 }],
      keyConfig: { type: 'password', adminPass: ADMIN_PASS },
    };
    const file = join(EMPTY_HOME, 'create.json');
    writeFileSync(file, JSON.stringify(input));
    const fromFile = json(await bec(['vm-service', 'create', '--input', file, '--service-name', 'flag-wins'])) as {
      details: { serviceId: string };
    };
    const a = json(await bec(['vm-service', 'get', fromFile.details.serviceId])) as { serviceName: string };
    expect(a.serviceName).toBe('flag-wins');

    const fromStdin = json(
      await bec(['vm-service', 'create', '--input', '-'], {
        stdin: JSON.stringify({ ...input, serviceName: 'piped' }),
      }),
    ) as { details: { serviceId: string } };
    const b = json(await bec(['vm-service', 'get', fromStdin.details.serviceId])) as { serviceName: string };
    expect(b.serviceName).toBe('piped');

    const deleted = await bec(['vm-service', 'batch-delete', fromFile.details.serviceId, fromStdin.details.serviceId]);
    expect(deleted.code, deleted.stderr).toBe(0);
    const gone = await bec(['vm-service', 'get', fromFile.details.serviceId]);
    expect(gone.code).toBe(4);
  });
});

describe('--dry-run', () => {
  it('prints the signed request with secrets redacted and sends nothing', async () => {
    const token = 'sts-session-token-value-0123456789';
    const before = emulator.journal.length;
    const r = await bec(['vm-service', 'create', '--dry-run', '--output', 'json', ...createFlags('dry')], {
      env: { ...env, BCE_SECURITY_TOKEN: token },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(emulator.journal.length).toBe(before);
    const req = JSON.parse(r.stdout) as {
      method: string;
      url: string;
      headers: Record<string, string>;
      body: { serviceName: string; keyConfig: { adminPass: string } };
    };
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`${emulator.endpoint}/v1/vm/service`);
    expect(req.headers.authorization).toBe('[REDACTED]');
    expect(req.headers['x-bce-security-token']).toBe('[REDACTED]');
    expect(req.headers['content-md5']).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(req.body.serviceName).toBe('dry');
    expect(req.body.keyConfig.adminPass).toBe('[REDACTED]');
    for (const secret of [ADMIN_PASS, token, emulator.credentials.secretAccessKey, 'bce-auth-v1']) {
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
  });

  it('shows HTTP text on request and works without credentials', async () => {
    const r = await bec(['--dry-run', '--output', 'table', 'vm-instance', 'operate', 'vm-abc', 'restart'], {
      env: childEnv({ BEC_ENDPOINT: emulator.endpoint }),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^PUT ${emulator.endpoint}/v1/vm/instance/vm-abc/restart$`, 'm'));
    expect(r.stdout).toMatch(/^authorization: \[REDACTED\]$/m);
    expect(r.stderr).toContain('placeholder keys');
  });
});

describe('errors and exit codes', () => {
  it('2 for usage errors: unknown command, bad flag value, bad JSON, missing argument, bad choice', async () => {
    const cases: string[][] = [
      ['vm-service', 'frobnicate'],
      ['vm-service', 'create', '--cpu', 'two'],
      ['vm-service', 'create', '--key-config', '{not json'],
      ['vm-service', 'get'],
      ['vm-instance', 'operate', 'vm-1', 'explode'],
      ['vm-service', 'create', '--input', join(EMPTY_HOME, 'missing.json')],
      ['--output', 'yaml', 'vm-service', 'list'],
      ['vm-image', 'delete'],
    ];
    const results = await Promise.all(cases.map((args) => bec(args)));
    results.forEach((r, i) => {
      expect(r.code, cases[i]!.join(' ')).toBe(2);
      expect(r.stderr, cases[i]!.join(' ')).toMatch(/error/i);
      expect(r.stdout).toBe('');
    });
  });

  it('3 for client errors: validation, credentials, network', async () => {
    const invalid = await bec(['vm-service', 'get', 'a/b']);
    expect(invalid.code).toBe(3);
    expect(invalid.stderr).toContain('BceValidationError');

    const noCredentials = await bec(['vm-service', 'list'], { env: childEnv({ BEC_ENDPOINT: emulator.endpoint }) });
    expect(noCredentials.code).toBe(3);
    expect(noCredentials.stderr).toContain('BceCredentialsError');

    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const network = await bec(['vm-service', 'list', '--endpoint', `http://127.0.0.1:${closedPort}`]);
    expect(network.code).toBe(3);
    expect(network.stderr).toMatch(/BceNetworkError[\s\S]*code: ECONNREFUSED/);
  });

  it('4 for service errors, with code, message and request id on stderr', async () => {
    const r = await bec(['vm-service', 'get', 's-doesnotexist']);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/NoSuchObject/);
    expect(r.stderr).toMatch(/s-doesnotexist/);
    expect(r.stderr).toMatch(/request id: [0-9a-f-]{36}/);
    const requestId = /request id: ([0-9a-f-]{36})/.exec(r.stderr)![1];
    expect(emulator.journal.some((e) => JSON.stringify(e).includes(requestId!))).toBe(true);
  });

  it('--debug logs the exchange to stderr without secrets', async () => {
    const r = await bec(['--debug', 'vm-service', 'create', ...createFlags('debugged')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/bec-sdk (trace|debug): POST \/v1\/vm\/service/);
    expect(r.stderr).not.toContain(ADMIN_PASS);
    expect(r.stderr).not.toContain(emulator.credentials.secretAccessKey);
  });
});

describe('bec emulator', () => {
  it('runs the emulator from the CLI and answers commands', async () => {
    const { child, match } = await startBec(
      ['emulator', '--port', '0', '--lifecycle', 'immediate', '--account', 'AKCLITEST:SKCLITEST'],
      childEnv({}),
      /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    );
    try {
      const r = await bec(['node', 'list', 'vm'], {
        env: childEnv({ BEC_ENDPOINT: match[1], BCE_ACCESS_KEY_ID: 'AKCLITEST', BCE_SECRET_ACCESS_KEY: 'SKCLITEST' }),
      });
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { nodeSum: number }).nodeSum).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
