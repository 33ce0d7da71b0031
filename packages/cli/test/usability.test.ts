import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from 'bec-emulator';
import { BceNetworkError, BceServiceError } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportError } from '../src/errors.js';
import { formatOutput } from '../src/output.js';
import { colorEnabled } from '../src/terminal.js';
import { assertBuilt, childEnv, type RunResult, runBec } from './helpers.js';

let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;
const bec = (args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> =>
  runBec(args, { env: options.env ?? env, ...(options.stdin === undefined ? {} : { stdin: options.stdin }) });

const PASSWORD = 'Usab1lity!pw';
/** Any control character a terminal acts on (C0 but tab and newline, DEL, C1) or a bidi override. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;
const vmFlags = (keyConfig: string): string[] => [
  'vm-service',
  'create',
  '--cpu',
  '1',
  '--memory',
  '2',
  '--image-id',
  'm-Ubun2204',
  '--deploy-instances',
  '[{"regionId":"cn-hangzhou-cm","replicas":1}]',
  '--key-config',
  keyConfig,
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

describe('secrets never echoed (issue 12, item 14)', () => {
  it('an unparseable --key-config is reported without its value', async () => {
    const r = await bec(vmFlags(`{"type":"password","adminPass":"${PASSWORD}"`));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--key-config is not valid JSON/);
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it('an unparseable --input file is reported without its content', async () => {
    const r = await bec(['vm-service', 'create', '--input', '-'], { stdin: `{"adminPass":"${PASSWORD}",` });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain(PASSWORD);
  });
});

describe('server text neutralised (issue 12, item 15)', () => {
  const hostile = 'web\u001b[2J\u001b]0;owned\u0007\u009b31m\u202egnp.exe';

  it('table and text output show control characters as escapes', () => {
    const list = { result: [{ serviceId: 's-1', serviceName: hostile, status: 'RUNNING' }], totalCount: 1 };
    for (const format of ['table', 'text'] as const) {
      const out = formatOutput(format, 'GetVmServiceList', list);
      expect(out, format).toContain('web\\x1b[2J\\x1b]0;owned\\x07\\x9b31m\\u202egnp.exe');
      expect(out, format).not.toMatch(CONTROL);
    }
    const detail = formatOutput('table', 'GetVmServiceDetail', {
      serviceName: hostile,
      instances: [{ vmName: hostile }],
    });
    expect(detail).not.toMatch(CONTROL);
  });

  it('error messages from the service are neutralised too', () => {
    let err = '';
    const io = {
      stdout: () => {},
      stderr: (t: string) => (err += t),
      stdoutIsTTY: false,
      stderrIsTTY: true,
      readStdin: async () => '',
    };
    const e = new BceServiceError(`name ${hostile}`, { statusCode: 400, code: 'Bad\u001b[31m', requestId: 'r-1' });
    expect(reportError(e, io)).toBe(4);
    expect(err.replace(/\n/g, '')).not.toMatch(CONTROL);
    expect(err).toContain('\\x1b[2J');
  });
});

describe('secret inputs', () => {
  it('takes a password from a variable or stdin without a warning, and warns for a plain argument', async () => {
    const fromEnv = await bec(vmFlags('{"type":"password","adminPass":"env:VM_PASSWORD"}'), {
      env: { ...env, VM_PASSWORD: PASSWORD },
    });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(fromEnv.stderr).not.toMatch(/warning/);
    const fromStdin = await bec(vmFlags('{"type":"password","adminPass":"-"}'), { stdin: `${PASSWORD}\n` });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    const plain = await bec(vmFlags(`{"type":"password","adminPass":"${PASSWORD}"}`));
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toMatch(/warning: --key-config holds a password on the command line/);
    for (const r of [fromEnv, fromStdin, plain]) expect(r.stderr + r.stdout).not.toContain(PASSWORD);
    const id = (JSON.parse(fromEnv.stdout) as { details: { serviceId: string } }).details.serviceId;
    const reset = await bec(['vm-service', 'update', id, '--type', 'password', '--admin-pass', '-'], {
      stdin: PASSWORD,
    });
    expect(reset.code, reset.stderr).toBe(0);
    const literal = await bec(['vm-service', 'update', id, '--type', 'password', '--admin-pass', PASSWORD]);
    expect(literal.stderr).toMatch(/warning: --admin-pass given as an argument/);
    expect(literal.stderr).not.toContain(PASSWORD);
  });
});

describe('help, skeleton, query, output', () => {
  it('help marks required options, shows JSON shapes with enum values, and an example', async () => {
    const r = await bec(['vm-service', 'update', '--help']);
    expect(r.stdout).toMatch(/--type <string>\s+\(required\) type \(string\); one of: /);
    expect(r.stdout).toMatch(/--key-config {2}\{"type": string \(required\), "adminPass": string \(secret\)/);
    expect(r.stdout).toMatch(/"volumeType": "NVME"\|"SATA"/);
    expect(r.stdout).toMatch(/^Example:\n {2}bec vm-service update/m);
    const operate = await bec(['vm-instance', 'operate', '--help']);
    expect(operate.stdout).toMatch(/^Example:\n {2}bec vm-instance operate <vm-id> start$/m);
  });

  it('--skeleton prints an input template that --input accepts once filled in', async () => {
    const r = await bec(['vm-service', 'create', '--skeleton']);
    const skeleton = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(skeleton).toMatchObject({ serviceName: '', cpu: 0, keyConfig: { type: '', adminPass: '' } });
    expect((skeleton.deployInstances as unknown[])[0]).toHaveProperty('replicas', 0);
    const array = await bec(['vm-service', 'batch-delete', '--skeleton']);
    expect(JSON.parse(array.stdout)).toEqual(['']);
  });

  it('--query selects with JMESPath; --output text prints tab-separated lines', async () => {
    const q = await bec(['vm-service', 'list', '--query', 'result[].serviceId']);
    const ids = JSON.parse(q.stdout) as string[];
    expect(ids.length).toBeGreaterThan(0);
    const text = await bec(['vm-service', 'list', '--query', 'result[].[serviceId,status]', '--output', 'text']);
    expect(text.stdout.trimEnd().split('\n')[0]).toMatch(/^s-[a-z0-9]+\t[A-Z]+$/);
    const bad = await bec(['vm-service', 'list', '--query', 'result[']);
    expect(bad.code).toBe(2);
  });
});

describe('retries and unreachable endpoints', () => {
  it('names the endpoint and the timeouts, and says each retry at the default verbosity', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const r = await bec(['vm-service', 'list', '--endpoint', `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`bec: cannot reach http://127.0.0.1:${port} (ECONNREFUSED): connect timeout 10 s`);
    expect(r.stderr).toMatch(/bec: GetVmServiceList: attempt 2\/4 after ECONNREFUSED, next in \d+(\.\d)? s/);
    expect(r.stderr).toMatch(/attempt 4\/4/);
    const quiet = await bec(['-q', 'vm-service', 'list', '--endpoint', `http://127.0.0.1:${port}`]);
    expect(quiet.stderr).not.toMatch(/attempt/);
  });
});

describe('bec configure and bec completion', () => {
  it('writes ~/.bce/config.json that the credential chain reads', async () => {
    const home = mkdtempSync(join(tmpdir(), 'bec-configure-'));
    const base = childEnv({ HOME: home, BEC_ENDPOINT: emulator.endpoint, SK: emulator.credentials.secretAccessKey });
    const w = await bec(
      [
        'configure',
        '--profile',
        'emu',
        '--access-key-id',
        emulator.credentials.accessKeyId,
        '--secret-access-key',
        'env:SK',
      ],
      { env: base },
    );
    expect(w.code, w.stderr).toBe(0);
    const file = join(home, '.bce', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      current: 'emu',
      profiles: [
        {
          name: 'emu',
          mode: 'AkSk',
          access_key_id: emulator.credentials.accessKeyId,
          secret_access_key: emulator.credentials.secretAccessKey,
        },
      ],
    });
    expect(w.stderr + w.stdout).not.toContain(emulator.credentials.secretAccessKey);
    const list = await bec(['vm-service', 'list'], { env: base });
    expect(list.code, list.stderr).toBe(0);
  });

  it('prints completion scripts; the bash one completes groups, actions and flags', async () => {
    const script = (await bec(['completion', 'bash'])).stdout;
    const complete = (...words: string[]): string =>
      execFileSync('bash', [
        '-c',
        `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _bec_complete; echo "\${COMPREPLY[*]}"`,
      ]).toString();
    expect(complete('bec', 'vm-s').trim()).toBe('vm-service');
    expect(complete('bec', 'vm-service', 'cre').trim()).toBe('create');
    expect(complete('bec', 'vm-service', 'create', '--key-c').trim()).toBe('--key-config');
    const zsh = (await bec(['completion', 'zsh'])).stdout;
    expect(zsh).toMatch(/^#compdef bec/);
    const fish = (await bec(['completion', 'fish'])).stdout;
    expect(fish).toContain('complete -c bec -n __fish_use_subcommand -a vm-service');
    expect(fish).toMatch(
      /__fish_seen_subcommand_from vm-service; and __fish_seen_subcommand_from create' -l key-config/,
    );
  });
});

describe('colour conventions', () => {
  it('FORCE_COLOR decides when set (0 and false mean off), else NO_COLOR turns colour off', () => {
    expect(colorEnabled({}, true)).toBe(true);
    expect(colorEnabled({}, false)).toBe(false);
    expect(colorEnabled({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: '' }, true)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '' }, false)).toBe(true);
    expect(colorEnabled({ TERM: 'dumb' }, true)).toBe(false);
  });
});

describe('errors of a write that may have taken effect', () => {
  function capture(): { io: Parameters<typeof reportError>[1]; text: () => string } {
    let err = '';
    return {
      io: {
        stdout: () => {},
        stderr: (t: string) => {
          err += t;
        },
        stdoutIsTTY: false,
        stderrIsTTY: false,
        readStdin: async () => '',
      },
      text: () => err,
    };
  }

  it('say how to repeat them safely with the same --client-token', () => {
    const network = capture();
    const e = new BceNetworkError('socket hang up. The outcome is unknown.', {
      code: 'ECONNRESET',
      requestSent: true,
      outcomeUnknown: true,
      clientToken: 'tok-123',
      requestId: 'r-1',
    });
    expect(reportError(e, network.io)).toBe(3);
    expect(network.text()).toContain('--client-token tok-123');
    const service = capture();
    const s = new BceServiceError('internal', {
      statusCode: 500,
      code: 'InternalError',
      requestId: 'r-2',
      outcomeUnknown: true,
      clientToken: 'tok-456',
    });
    expect(reportError(s, service.io)).toBe(4);
    expect(service.text()).toContain('--client-token tok-456');
  });

  it('say nothing of a token when nothing can have happened', () => {
    const out = capture();
    const e = new BceNetworkError('connect ECONNREFUSED', {
      code: 'ECONNREFUSED',
      requestSent: false,
      outcomeUnknown: false,
      clientToken: 'tok-789',
    });
    expect(reportError(e, out.io)).toBe(3);
    expect(out.text()).not.toContain('--client-token');
  });
});
