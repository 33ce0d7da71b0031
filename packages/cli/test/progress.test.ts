import { type RunningEmulator, startEmulator } from 'bec-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, main } from '../src/cli.js';
import { WaitProgress } from '../src/progress.js';
import { painter } from '../src/terminal.js';

// In-process: what `--wait` shows while it waits, and what it prints at the end.
let timed: RunningEmulator;
let manual: RunningEmulator;

beforeAll(async () => {
  timed = await startEmulator({ lifecycle: { mode: 'timed', durationMs: 300 }, log: () => {} });
  manual = await startEmulator({ lifecycle: { mode: 'manual' }, log: () => {} });
});

afterAll(async () => {
  await timed?.close();
  await manual?.close();
});

function fakeTerminal(tty: boolean, emulator: RunningEmulator): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    env: {
      BCE_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
      BCE_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
      NO_COLOR: '1',
    },
    readStdin: async () => '',
  };
  return io;
}

const createArgs = (emulator: RunningEmulator, replicas: number): string[] => [
  '--endpoint',
  emulator.endpoint,
  'vm-service',
  'create',
  '--cpu',
  '1',
  '--memory',
  '2',
  '--image-id',
  'm-Ubun2204',
  '--deploy-instances',
  JSON.stringify([{ regionId: 'cn-hangzhou-cm', replicas }]),
  '--key-config',
  '{"type":"password","adminPass":"env:VM_PASSWORD"}',
  '--wait',
];

describe('--wait', () => {
  it('shows a spinner with the state on a terminal and prints the final resource with its instance ids', async () => {
    const io = fakeTerminal(true, timed);
    process.env.VM_PASSWORD = 'Progress1!pw';
    const code = await main(createArgs(timed, 2), { ...io, env: { ...io.env, VM_PASSWORD: 'Progress1!pw' } });
    expect(code, io.err).toBe(0);
    // The spinner line is redrawn in place: carriage return, erase line, frame, state, elapsed time.
    const redraws = io.err.split('\r\u001b[2K');
    expect(redraws.some((r) => /^[|/\\-] s-[a-z0-9]{8}: NORMAL, 0\/2 instances running · \d+\.\d s$/.test(r))).toBe(
      true,
    );
    expect(redraws.at(-1)).toMatch(/^✓ s-[a-z0-9]{8}: NORMAL, 2\/2 instances running \(running, \d+\.\d s\)\n$/);
    // stdout: the resource as it is now, with the IDs of its instances, not the create response.
    expect(io.out).toMatch(/^runningInstances\s+2$/m);
    expect(io.out).toMatch(/^instances:\n(vmId|vmName)\s/m);
    expect(io.out.match(/^vm-[a-z0-9-]+\s/gm)).toHaveLength(2);
  });

  it('prints the last state seen and exits with 5 when the wait times out', async () => {
    const io = fakeTerminal(false, manual);
    const code = await main(['--timeout', '1s', ...createArgs(manual, 1)], {
      ...io,
      env: { ...io.env, VM_PASSWORD: 'Progress1!pw' },
    });
    expect(code, io.err).toBe(5);
    const last = JSON.parse(io.out) as { serviceId: string; status: string; runningInstances: number };
    expect(last.serviceId).toMatch(/^s-/);
    expect(last.runningInstances).toBe(0);
    expect(io.err).toMatch(/^bec: waiting until s-[a-z0-9]{8} is running$/m);
    expect(io.err).toMatch(/timed out/);
    expect(io.err).toContain('exit code 5');
    expect(io.err).not.toContain('Progress1!pw');
  });
});

describe('WaitProgress without a terminal', () => {
  it('prints a plain line at every change and periodically while nothing changes', async () => {
    let err = '';
    const progress = new WaitProgress(
      { ...fakeTerminal(false, timed), stderr: (t) => (err += t) },
      'running',
      ['s-1'],
      {
        tty: false,
        paint: painter(false),
        frames: ['|'],
        plainEveryMs: 300,
      },
    );
    progress.update('s-1', 'CREATING');
    progress.update('s-1', 'CREATING');
    while (err.split('\n').filter((l) => l.startsWith('bec: s-1: CREATING')).length < 3) {
      await new Promise((r) => setTimeout(r, 50));
    }
    progress.update('s-1', 'RUNNING\x1b[2J');
    progress.finish('done');
    const lines = err.trimEnd().split('\n');
    expect(lines[0]).toBe('bec: waiting until s-1 is running');
    expect(lines.filter((l) => /^bec: s-1: CREATING \(\d+\.\d s\)$/.test(l)).length).toBeGreaterThanOrEqual(3);
    expect(lines.at(-1)).toMatch(/^bec: s-1: RUNNING\\x1b\[2J \(running, \d+\.\d s\)$/);
    expect(err).not.toContain('\x1b');
  });
});
