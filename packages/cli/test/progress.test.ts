import { type RunningEmulator, startEmulator } from 'bec-emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CliIo, main } from '../src/cli.js';

// In-process, with a terminal on stderr: what `--wait` shows while it waits.
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ lifecycle: { mode: 'timed', durationMs: 300 }, log: () => {} });
  process.env.BCE_ACCESS_KEY_ID = emulator.credentials.accessKeyId;
  process.env.BCE_SECRET_ACCESS_KEY = emulator.credentials.secretAccessKey;
});

afterAll(async () => {
  delete process.env.BCE_ACCESS_KEY_ID;
  delete process.env.BCE_SECRET_ACCESS_KEY;
  await emulator?.close();
});

function terminal(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
    stdoutIsTTY: true,
    stderrIsTTY: true,
    readStdin: async () => '',
  };
  return io;
}

it('--wait reports each change on a terminal until the service runs', async () => {
  const io = terminal();
  const code = await main(
    [
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
      '[{"regionId":"cn-hangzhou-cm","replicas":2}]',
      '--key-config',
      '{"type":"password","adminPass":"Progress1!pw"}',
      '--wait',
    ],
    io,
  );
  expect(code, io.err).toBe(0);
  const lines = io.err.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^ {2}s-[a-z0-9]{8}: NORMAL, 0\/2 instances running \(\d+\.\d s\)$/);
  expect(lines.at(-2)).toMatch(/: NORMAL, 2\/2 instances running \(\d+\.\d s\)$/);
  expect(lines.at(-1)).toMatch(/: done \(VmServiceRunning\)$/);
  // A terminal on stdout gets the table form of the response.
  expect(io.out).toMatch(/^FIELD\s+VALUE$/m);
  expect(io.out).toMatch(/^details\.totalInstances\s+2$/m);
});
