import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI; tests run it exactly as a user would (`npm run build` first). */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(BIN)) {
    throw new Error(`${BIN} does not exist: run \`npm run build\` (or \`npm test\`, which builds first)`);
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A HOME without ~/.bce/config.json, so only the environment can supply credentials. */
export const EMPTY_HOME = mkdtempSync(join(tmpdir(), 'bec-cli-home-'));

/** Environment for a child: nothing inherited that could point at real BEC. */
export function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: EMPTY_HOME, USERPROFILE: EMPTY_HOME };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/** Runs `node dist/bin.js ...args` asynchronously (the emulator answers from this process). */
export function runBec(
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; stdin?: string; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bec ${args.join(' ')} did not finish; stderr: ${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** Starts a long-running `bec` (e.g. `bec emulator`) and resolves once stdout matches `ready`. */
export function startBec(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bec ${args.join(' ')} never printed ${ready}; stderr: ${stderr}`));
    }, 15_000);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const match = stdout.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bec ${args.join(' ')} exited with ${code}; stderr: ${stderr}`));
    });
  });
}
