import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_ACCOUNT,
  EmulatorArgsError,
  parseEmulatorArgs,
  type RunningEmulator,
  runEmulatorCli,
  startEmulator,
} from 'bec-emulator';
import { type BceServiceError, BecClient } from 'bec-sdk';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'packages/emulator/src/bin.ts');

/** Runs bec-emulator to completion (for commands that exit on their own). */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bec-emulator ${args.join(' ')} did not exit: ${stdout}${stderr}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('bec-emulator as a command', () => {
  it('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: bec-emulator [options]');
    for (const option of ['--port', '--data-dir', '--account', '--auth', '--lifecycle', '--fault', '--seed']) {
      expect(stdout).toContain(option);
    }
  });

  it('a bad argument exits 2 with a message on stderr', async () => {
    const { code, stdout, stderr } = await run(['--port', 'eighty']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^bec-emulator: --port must be an integer/);
    expect(stderr).toContain('--help');
  });

  it('a port in use is a runtime failure: exit 1', async () => {
    const busy = await startEmulator();
    try {
      const { code, stderr } = await run(['--port', new URL(busy.endpoint).port]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/EADDRINUSE/);
    } finally {
      await busy.close();
    }
  });
});

describe('argument parsing', () => {
  it.each([
    [['--port', '-1'], /--port/],
    [['--port', '65536'], /--port must be an integer from 0 to 65535/],
    [['--auth', 'lax'], /--auth must be strict, loose or off/],
    [['--lifecycle', 'slow'], /--lifecycle must be immediate, timed or manual/],
    [['--clock', 'stopped'], /--clock must be flowing or frozen/],
    [['--account', 'no-colon'], /--account must be AK:SK/],
    [['--account', ':secret'], /--account must be AK:SK/],
    [['--account', 'AK:'], /--account must be AK:SK/],
    [['--fault', '{not json'], /--fault must be a JSON object/],
    [['--fault', '[1]'], /--fault must be a JSON object/],
    [['--seed', '1.5'], /--seed/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['positional'], /Unexpected argument 'positional'/],
    [['--port'], /argument missing/],
  ])('%j -> EmulatorArgsError', (argv, message) => {
    expect(() => parseEmulatorArgs(argv)).toThrow(EmulatorArgsError);
    expect(() => parseEmulatorArgs(argv)).toThrow(message);
  });

  it('maps every option onto startEmulator options', () => {
    expect(
      parseEmulatorArgs([
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--data-dir',
        '/tmp/x',
        '--account',
        'AK1:SK:with:colons',
        '--account',
        'AK2:SK2',
        '--auth',
        'loose',
        '--lifecycle',
        'manual',
        '--lifecycle-ms',
        '500',
        '--clock',
        'frozen',
        '--fault',
        '{"operation":"GetVpcList","action":"error","status":503}',
        '--seed',
        '9',
        '--journal-size',
        '10',
      ]),
    ).toEqual({
      port: 0,
      host: '127.0.0.1',
      dataDir: '/tmp/x',
      accounts: [
        { accessKeyId: 'AK1', secretAccessKey: 'SK:with:colons' },
        { accessKeyId: 'AK2', secretAccessKey: 'SK2' },
      ],
      auth: 'loose',
      lifecycle: { mode: 'manual', durationMs: 500 },
      clock: { mode: 'frozen' },
      seed: 9,
      faults: { rules: [{ operation: 'GetVpcList', action: 'error', status: 503 }], seed: 9 },
      journalSize: 10,
    });
    expect(parseEmulatorArgs([])).toEqual({ port: 8080 });
    expect(parseEmulatorArgs(['-h'])).toEqual({ help: true });
  });
});

describe('runEmulatorCli', () => {
  async function runCli(argv: string[]): Promise<{ emulator: RunningEmulator; lines: string[] }> {
    const lines: string[] = [];
    const emulator = await runEmulatorCli(argv, (l) => lines.push(l), { handleSignals: false });
    if (!emulator) throw new Error('no emulator');
    return { emulator, lines };
  }

  it('prints the endpoint first, then the built-in credentials', async () => {
    const { emulator, lines } = await runCli(['--port', '0', '--lifecycle', 'immediate']);
    try {
      expect(lines[0]).toBe(`BEC emulator listening on ${emulator.endpoint}`);
      expect(emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(Number(new URL(emulator.endpoint).port)).toBeGreaterThan(0);
      const text = lines.join('\n');
      expect(text).toContain(DEFAULT_ACCOUNT.accessKeyId);
      expect(text).toContain(DEFAULT_ACCOUNT.secretAccessKey);
      expect(text).toContain(`${emulator.endpoint}/_emulator/health`);
      const client = new BecClient({ endpoint: emulator.endpoint, credentials: DEFAULT_ACCOUNT, maxRetries: 0 });
      expect((await client.getBecAvailableNodeInfoVo('vm')).nodeSum).toBeGreaterThan(0);
    } finally {
      await emulator.close();
    }
  });

  it('--account AK:SK: that key works, the built-in one does not, the secret is not printed', async () => {
    const mine = { accessKeyId: 'AKMYOWNKEY0000000000000000000001', secretAccessKey: 'SKmy-own-secret-key' };
    const { emulator, lines } = await runCli([
      '--port',
      '0',
      '--account',
      `${mine.accessKeyId}:${mine.secretAccessKey}`,
    ]);
    try {
      const text = lines.join('\n');
      expect(text).toContain(mine.accessKeyId);
      expect(text).not.toContain(mine.secretAccessKey);
      expect(emulator.credentials).toEqual(mine);
      const ok = new BecClient({ endpoint: emulator.endpoint, credentials: mine, maxRetries: 0 });
      await expect(ok.getBecAvailableNodeInfoVo('vm')).resolves.toBeDefined();
      const other = new BecClient({ endpoint: emulator.endpoint, credentials: DEFAULT_ACCOUNT, maxRetries: 0 });
      const err = (await other.getBecAvailableNodeInfoVo('vm').catch((e: unknown) => e)) as BceServiceError;
      expect([err.statusCode, err.code]).toEqual([403, 'InvalidAccessKeyId']);
    } finally {
      await emulator.close();
    }
  });

  it('--fault rules are active from the start; an invalid one is an argument error', async () => {
    const { emulator } = await runCli([
      '--port',
      '0',
      '--fault',
      '{"operation":"GetBecAvailableNodeInfoVo","action":"error","status":503,"count":1}',
    ]);
    try {
      const client = new BecClient({ endpoint: emulator.endpoint, credentials: DEFAULT_ACCOUNT, maxRetries: 0 });
      const err = (await client.getBecAvailableNodeInfoVo('vm').catch((e: unknown) => e)) as BceServiceError;
      expect(err.statusCode).toBe(503);
      await expect(client.getBecAvailableNodeInfoVo('vm')).resolves.toBeDefined();
    } finally {
      await emulator.close();
    }
    await expect(runCli(['--port', '0', '--fault', '{"action":"error"}'])).rejects.toThrow(EmulatorArgsError);
  });

  it('--help returns nothing and prints the usage', async () => {
    const lines: string[] = [];
    expect(await runEmulatorCli(['--help'], (l) => lines.push(l), { handleSignals: false })).toBeUndefined();
    expect(lines.join('\n')).toContain('Usage: bec-emulator');
  });
});
