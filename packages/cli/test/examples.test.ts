import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from 'bec-emulator';
import { BecClient } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXAMPLES = readdirSync(new URL('../../../examples/', import.meta.url))
  .filter((f) => /^\d\d-.*\.ts$/.test(f))
  .sort();

let emulator: RunningEmulator;

/** Runs one example with tsx, as `npx tsx examples/<file>` would, with its own emulator account. */
function runExample(file: string, index: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const account = emulator.accounts[index]!;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `examples/${file}`], {
      cwd: ROOT,
      env: childEnv({
        BEC_ENDPOINT: emulator.endpoint,
        BCE_ACCESS_KEY_ID: account.accessKeyId,
        BCE_SECRET_ACCESS_KEY: account.secretAccessKey,
        BEC_POLL_MS: '20',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  emulator = await startEmulator({
    // One account per example: nothing one example creates is seen by another.
    accounts: EXAMPLES.map((_, i) => ({ accessKeyId: `AKEXAMPLE${i}`, secretAccessKey: `SKEXAMPLE${i}` })),
    // Transitions end at once, so the examples' waiters (default poll interval 2 s) return at the first poll.
    lifecycle: { mode: 'immediate' },
    log: () => {},
  });
});

afterAll(async () => {
  await emulator?.close();
});

describe('examples/', () => {
  it('holds the seed guide examples (client, HTTPS, 22 operations, both error kinds)', () => {
    expect(EXAMPLES).toHaveLength(26);
  });

  it('is linked from both guides, in order', () => {
    for (const guide of ['guide.md', 'guide.zh-CN.md']) {
      const text = readFileSync(new URL(`../../../docs/${guide}`, import.meta.url), 'utf8');
      const linked = [...text.matchAll(/\(\.\.\/examples\/(\d\d-[a-z0-9-]+\.ts)\)/g)].map((m) => m[1]);
      expect(linked, guide).toEqual(EXAMPLES);
    }
  });

  it('runs every example against the emulator', { timeout: 180_000 }, async () => {
    const results: Array<{ file: string; code: number | null; stdout: string; stderr: string }> = [];
    const queue = EXAMPLES.map((file, i) => ({ file, i }));
    // A few at a time: each one is a Node process compiling TypeScript.
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          results.push({ file: job.file, ...(await runExample(job.file, job.i)) });
        }
      }),
    );
    const failures = results
      .filter((r) => r.code !== 0 || /failed:/.test(r.stdout))
      .map((r) => `${r.file} (exit ${r.code})\n${r.stdout}\n${r.stderr}`);
    expect(failures.join('\n----\n')).toBe('');
    expect(results).toHaveLength(EXAMPLES.length);
    const byFile = Object.fromEntries(results.map((r) => [r.file, r.stdout]));
    expect(byFile['03-create-vm-service.ts']).toMatch(/create bec success/);
    expect(byFile['25-client-error.ts']).toMatch(/validation: .*\nnetwork: ECONNREFUSED/);
    expect(byFile['26-service-error.ts']).toMatch(/status: 404\ncode: NoSuchObject/);

    // Every example deletes what it created (each has its own account, so its leftovers are its own).
    const leftovers: string[] = [];
    await Promise.all(
      EXAMPLES.map(async (file, i) => {
        const account = emulator.accounts[i]!;
        const bec = new BecClient({ endpoint: emulator.endpoint, credentials: account, maxRetries: 0 });
        try {
          const vms = (await bec.getVmServiceList({})).result.map((s) => s.serviceId);
          const services = (await bec.listService({})).result.map((s) => s.serviceId);
          const blbs = (await bec.getBlbList({})).result.map((b) => b.blbId);
          const images = (await bec.listVmImage({})).result.map((im) => im.imageId);
          const left = [...vms, ...services, ...blbs, ...images];
          if (left.length > 0) leftovers.push(`${file}: ${left.join(', ')}`);
        } finally {
          bec.close();
        }
      }),
    );
    expect(leftovers).toEqual([]);
  });

  it('every example that creates something cleans up in a finally block', () => {
    for (const file of EXAMPLES) {
      const text = readFileSync(new URL(`../../../examples/${file}`, import.meta.url), 'utf8');
      if (!/\bcreate[A-Z]\w*\(/.test(text)) continue;
      expect(text, file).toMatch(
        /const created = trackCreations\(client\);[\s\S]*\} finally \{\n {2}await created\.cleanUp\(\);/,
      );
    }
  });
});
