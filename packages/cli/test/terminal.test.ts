import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from 'bec-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN } from './helpers.js';

/**
 * `bec` as a terminal program: tmux runs it in a real pseudo-terminal, and the tests read the
 * screen (with its colour attributes) as a user would see it. tmux is required: without it these
 * tests fail (CI installs it, see .ci/run).
 */
const SOCKET = `bec-test-${process.pid}`;
let emulator: RunningEmulator;
let home: string;
let session = 0;

const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...args]).toString();

/** Starts `bec ...args` in a new 120x30 tmux window; the shell prints EXIT=<code> when it ends. */
function start(args: readonly string[], env: Record<string, string>): string {
  const name = `s${++session}`;
  const vars = Object.entries({
    PATH: process.env.PATH ?? '',
    HOME: home,
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    ...env,
  })
    .map(([k, v]) => `${k}='${v}'`)
    .join(' ');
  const command = `env -i ${vars} '${process.execPath}' '${BIN}' ${args.map((a) => `'${a}'`).join(' ')}; echo "EXIT=$?"; sleep 600`;
  tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '30', command);
  return name;
}

/** The screen and what scrolled off it, with `-e` its colours as SGR escape sequences. */
const screen = (name: string): string => tmux('capture-pane', '-p', '-e', '-S', '-', '-t', name);

/** Reads the screen until `test` holds; every screen seen on the way is kept. */
async function until(name: string, test: (text: string) => boolean, seen: string[] = []): Promise<string> {
  for (;;) {
    const text = screen(name);
    seen.push(text);
    if (test(text)) return text;
    if (/EXIT=\d+/.test(text) && !test(text)) throw new Error(`bec ended before the screen matched:\n${text}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

const createArgs = [
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
  '{"type":"password","adminPass":"env:VM_PASSWORD"}',
  '--wait',
];

beforeAll(async () => {
  assertBuilt();
  // Fails (not skips) without tmux.
  execFileSync('tmux', ['-V']);
  home = mkdtempSync(join(tmpdir(), 'bec-tty-home-'));
  emulator = await startEmulator({ lifecycle: { mode: 'timed', durationMs: 2500 }, log: () => {} });
});

afterAll(async () => {
  try {
    tmux('kill-server');
  } catch {
    // no server was started
  }
  await emulator?.close();
});

const env = (): Record<string, string> => ({
  BEC_ENDPOINT: emulator.endpoint,
  BCE_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
  BCE_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
  VM_PASSWORD: 'Term1nal!pw',
});
const SPINNER_LINE = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏].* s-[a-z0-9]{8}: NORMAL, 0\/2 instances running · \d+\.\d s/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: colour escape sequences are what is looked for
const SGR_COLOUR = /\x1b\[[0-9;]*3[0-7]m/;

describe('bec in a terminal', { timeout: 30_000 }, () => {
  it('--wait draws a spinner that moves, in colour, then the final table', async () => {
    const name = start(createArgs, env());
    const seen: string[] = [];
    const first = await until(name, (t) => SPINNER_LINE.test(t), seen);
    const firstLine = first.split('\n').find((l) => SPINNER_LINE.test(l))!;
    // The same line is redrawn with another frame or time: it moves while the state stays.
    await until(name, (t) => {
      const line = t.split('\n').find((l) => SPINNER_LINE.test(l));
      return line !== undefined && line !== firstLine;
    });
    const done = await until(name, (t) => /EXIT=\d+/.test(t), seen);
    expect(done).toContain('EXIT=0');
    expect(first).toMatch(SGR_COLOUR);
    expect(done).toMatch(/✓.* s-[a-z0-9]{8}: NORMAL, 2\/2 instances running \(running, \d+\.\d s\)/);
    // The spinner line was replaced in place: no spinner remains on the final screen.
    expect(done).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(done).toMatch(/^\S*instances:$/m);
    expect(done.match(/vm-[a-z0-9]+-1-m-hangzhou-[a-z0-9]+/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('NO_COLOR and FORCE_COLOR=0 turn colour off; the spinner still moves', async () => {
    for (const extra of [{ NO_COLOR: '1' }, { FORCE_COLOR: '0' }]) {
      const name = start(createArgs, { ...env(), ...extra });
      const seen: string[] = [];
      await until(name, (t) => SPINNER_LINE.test(t), seen);
      const done = await until(name, (t) => /EXIT=\d+/.test(t), seen);
      expect(done, JSON.stringify(extra)).toContain('EXIT=0');
      for (const text of seen) expect(text, JSON.stringify(extra)).not.toMatch(SGR_COLOUR);
    }
  });

  it('bec configure asks for the secret key without echoing it', async () => {
    const name = start(['configure', '--profile', 'typed', '--access-key-id', 'AKTYPED'], {});
    await until(name, (t) => t.includes('Secret access key (not shown):'));
    tmux('send-keys', '-t', name, '-l', 'Typed5ecret!');
    tmux('send-keys', '-t', name, 'Enter');
    const done = await until(name, (t) => /EXIT=\d+/.test(t));
    expect(done).toContain('EXIT=0');
    expect(done).not.toContain('Typed5ecret!');
    const config = JSON.parse(readFileSync(join(home, '.bce', 'config.json'), 'utf8')) as {
      profiles: Array<{ name: string; secret_access_key: string }>;
    };
    expect(config.profiles.find((p) => p.name === 'typed')?.secret_access_key).toBe('Typed5ecret!');
  });
});
