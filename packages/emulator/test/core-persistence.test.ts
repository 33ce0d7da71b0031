import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataDirInUseError, DEFAULT_ACCOUNT, type EmulatorOptions, startEmulator } from 'bec-emulator';
import { BecClient } from 'bec-sdk';
import { afterAll, afterEach, expect, it } from 'vitest';
import { TOY_KIND, toyHandlers } from './core-helpers.js';
import { describeEachSqlite, describeSqliteDrivers } from './support/sqlite.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'packages/emulator/src/bin.ts');
const REGION = 'cn-hangzhou-cm';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bec-emu-persist-'));
  dirs.push(dir);
  return dir;
}

const children = new Set<ChildProcess>();

interface Child {
  child: ChildProcess;
  endpoint: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `bec-emulator` as its own process and waits for the endpoint on its first line. */
function spawnEmulator(args: string[]): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no endpoint within 20 s: ${out}${err}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const newline = out.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      const m = out.slice(0, newline).match(/^BEC emulator listening on (http:\/\/\S+)$/);
      if (m) resolve({ child, endpoint: m[1]!, exited });
      else reject(new Error(`unexpected first line: ${out}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}: ${err}`));
    });
  });
}

function sdk(endpoint: string): BecClient {
  return new BecClient({ endpoint, credentials: DEFAULT_ACCOUNT, maxRetries: 0, timeoutMs: 5000 });
}

afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeSqliteDrivers();

describeEachSqlite('a separate emulator process with --data-dir', (backend) => {
  const spawnWith = (args: string[]): Promise<Child> => spawnEmulator([...args, '--sqlite', backend]);

  it('kill -9 in the middle of a stream of creates: every acknowledged create survives, nothing partial', async () => {
    const dir = tempDir();
    const first = await spawnWith(['--port', '0', '--data-dir', dir, '--lifecycle', 'immediate']);
    const client = sdk(first.endpoint);
    const acknowledged = new Map<string, string>(); // deploySetId -> name
    const attempted = new Set<string>();
    let n = 0;
    let killed = false;
    const worker = async (): Promise<void> => {
      while (!killed) {
        const name = `stream-${n++}`;
        attempted.add(name);
        let ids: string[] | undefined;
        try {
          ids = (await client.createDeploySet({ name, desc: `desc of ${name}` })).deploysetIdList;
        } catch {
          return; // the process is gone
        }
        expect(ids).toHaveLength(1);
        acknowledged.set(ids![0]!, name);
        if (acknowledged.size === 60 && !killed) {
          killed = true;
          first.child.kill('SIGKILL'); // other workers still have requests in flight
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(60);

    const second = await spawnWith(['--port', '0', '--data-dir', dir, '--lifecycle', 'immediate']);
    const after = sdk(second.endpoint);
    const list = await after.getDeploySetList({ pageNo: 1, pageSize: 1000 });
    const found = new Map(list.result.map((d) => [d.deploysetId, d]));
    for (const [id, name] of acknowledged) {
      expect(found.get(id)?.name, id).toBe(name);
    }
    for (const d of list.result) {
      // Everything there was at least sent, and is whole.
      expect(attempted.has(d.name)).toBe(true);
      expect(d.desc).toBe(`desc of ${d.name}`);
      expect(d.createTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const detail = await after.getDeploySetDetail(d.deploysetId);
      expect(detail.name).toBe(d.name);
    }
    expect(list.result.length).toBeLessThanOrEqual(attempted.size);
    // The restarted process keeps working on the same data.
    await after.createDeploySet({ name: 'after-restart', desc: 'x' });
    expect((await after.getDeploySetList({})).totalCount).toBe(list.result.length + 1);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });

  it('a clean shutdown (SIGTERM) keeps everything too', async () => {
    const dir = tempDir();
    const first = await spawnWith(['--port', '0', '--data-dir', dir, '--lifecycle', 'immediate']);
    const c1 = sdk(first.endpoint);
    const vpc = await c1.createVpc({ name: 'kept-vpc', regionId: REGION, cidr: '192.168.0.0/16' });
    const vpcId = String(vpc.details.vpcId);
    const ds = (await c1.createDeploySet({ name: 'kept-ds', desc: '' })).deploysetIdList![0]!;
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });

    const second = await spawnWith(['--port', '0', '--data-dir', dir, '--lifecycle', 'immediate']);
    const c2 = sdk(second.endpoint);
    expect((await c2.getVpcDetail(vpcId)).vpc.name).toBe('kept-vpc');
    expect((await c2.getDeploySetDetail(ds)).name).toBe('kept-ds');
    second.child.kill('SIGTERM');
    await second.exited;
  });
});

describeEachSqlite('one emulator per data dir', (sqlite) => {
  it('a second process on the same dir fails at start naming the holder; kill -9 of the holder frees it', async () => {
    const dir = tempDir();
    const first = await spawnEmulator(['--port', '0', '--data-dir', dir, '--sqlite', sqlite]);
    const pid = first.child.pid;
    const second = spawn(
      process.execPath,
      ['--import', 'tsx', BIN, '--port', '0', '--data-dir', dir, '--sqlite', sqlite],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.add(second);
    let stderr = '';
    let stdout = '';
    second.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    second.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    children.delete(second);
    expect(code).toBe(1);
    expect(stdout).toBe(''); // never said it was listening
    expect(stderr).toContain(`data dir ${dir} is in use by another bec-emulator (pid ${pid} on `);
    // The acknowledged writes of the holder are intact and it keeps serving.
    const c = sdk(first.endpoint);
    await c.createDeploySet({ name: 'holder-write', desc: '' });
    first.child.kill('SIGKILL');
    await first.exited;
    // The operating system dropped the lock with the process: a new one starts and sees the write.
    const third = await spawnEmulator(['--port', '0', '--data-dir', dir, '--sqlite', sqlite]);
    const list = await sdk(third.endpoint).getDeploySetList({});
    expect(list.result.map((d) => d.name)).toEqual(['holder-write']);
    third.child.kill('SIGTERM');
    await third.exited;
  });

  it('in one process: the second startEmulator on the dir rejects with DataDirInUseError; close releases it', async () => {
    const dir = tempDir();
    const first = await startEmulator({ dataDir: dir, sqlite });
    await expect(startEmulator({ dataDir: dir, sqlite })).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(startEmulator({ dataDir: dir, sqlite })).rejects.toThrow(`pid ${process.pid}`);
    expect(first.storage).toBe(sqlite);
    await first.close();
    const again = await startEmulator({ dataDir: dir, sqlite });
    await again.close();
  });
});

describeEachSqlite('in-process restarts on the same dataDir', (sqlite) => {
  const options = (dataDir: string, extra: EmulatorOptions = {}): EmulatorOptions => ({
    dataDir,
    sqlite,
    handlers: toyHandlers(),
    ...extra,
  });

  it('records, clientTokens and pending lifecycle steps survive; reset clears the file', async () => {
    const dir = tempDir();
    let emu = await startEmulator(options(dir, { lifecycle: { mode: 'manual' } }));
    let c = new BecClient({ endpoint: emu.endpoint, credentials: emu.credentials, maxRetries: 0 });
    const made = await c.createAppBlb({ name: 'persisted', regionId: REGION }, { clientToken: 'persist-token' });
    await emu.close();

    emu = await startEmulator(options(dir, { lifecycle: { mode: 'manual' } }));
    c = new BecClient({ endpoint: emu.endpoint, credentials: emu.credentials, maxRetries: 0 });
    expect((await c.getAppBlbDetails(made.blbId)).name).toBe('persisted');
    const replay = await c.createAppBlb({ name: 'persisted', regionId: REGION }, { clientToken: 'persist-token' });
    expect(replay.blbId).toBe(made.blbId);
    expect(emu.journal.at(-1)!.replayed).toBe(true);
    emu.reset();
    await emu.close();

    emu = await startEmulator(options(dir));
    expect(emu.state()).toEqual({});
    await emu.close();
  });

  it('a manual step (waiting at infinity) and a timed one survive a restart', async () => {
    const dir = tempDir();
    const handlers = toyHandlers({
      CreateAppBlb(ctx) {
        const input = ctx.input as { name: string };
        const blbId = `lb-${input.name}`;
        ctx.state.put(
          TOY_KIND,
          blbId,
          ctx.lifecycle.start(TOY_KIND, { blbId, name: input.name }, { via: 'CREATING', to: 'RUNNING' }),
        );
        return { blbId };
      },
    });
    const lifecycle = {
      mode: 'timed' as const,
      durationMs: 60_000,
      kinds: { [TOY_KIND]: { mode: 'manual' as const } },
    };
    let emu = await startEmulator({ dataDir: dir, sqlite, handlers, lifecycle });
    let c = new BecClient({ endpoint: emu.endpoint, credentials: emu.credentials, maxRetries: 0 });
    await c.createAppBlb({ name: 'waiting', regionId: REGION });
    await emu.close();

    emu = await startEmulator({ dataDir: dir, sqlite, handlers, lifecycle });
    c = new BecClient({ endpoint: emu.endpoint, credentials: emu.credentials, maxRetries: 0 });
    expect((await c.getAppBlbDetails('lb-waiting')).status).toBe('CREATING');
    expect(emu.lifecycle.complete({ kind: TOY_KIND })).toBe(1);
    expect((await c.getAppBlbDetails('lb-waiting')).status).toBe('RUNNING');
    await emu.close();
  });

  it('virtual time moved by advance() continues after a restart', async () => {
    const dir = tempDir();
    let emu = await startEmulator(options(dir));
    emu.clock.advance(48 * 3600 * 1000);
    const advanced = emu.clock.now();
    await emu.close();
    emu = await startEmulator(options(dir));
    expect(emu.clock.now()).toBeGreaterThanOrEqual(advanced);
    await emu.close();
  });

  it('a seeded emulator does not hand out the same IDs again after a restart', async () => {
    const dir = tempDir();
    const handlers = toyHandlers({
      CreateAppBlb(ctx) {
        const blbId = ctx.ids.next('lb-');
        if (ctx.state.get(TOY_KIND, blbId)) throw new Error(`duplicate id ${blbId}`);
        ctx.state.put(TOY_KIND, blbId, { blbId, name: (ctx.input as { name: string }).name });
        return { blbId };
      },
    });
    const ids: string[] = [];
    for (let run = 0; run < 2; run++) {
      const emu = await startEmulator({ dataDir: dir, sqlite, seed: 42, handlers });
      const c = new BecClient({ endpoint: emu.endpoint, credentials: emu.credentials, maxRetries: 0 });
      for (let i = 0; i < 3; i++) ids.push((await c.createAppBlb({ name: `r${run}-${i}`, regionId: REGION })).blbId);
      await emu.close();
    }
    expect(new Set(ids).size).toBe(6);
    // Same seed, fresh directory: the same first IDs (reproducible runs).
    const fresh = await startEmulator({ dataDir: tempDir(), sqlite, seed: 42, handlers });
    const c = new BecClient({ endpoint: fresh.endpoint, credentials: fresh.credentials, maxRetries: 0 });
    expect((await c.createAppBlb({ name: 'again', regionId: REGION })).blbId).toBe(ids[0]);
    await fresh.close();
  });

  it('a port already in use fails the start and releases the database', async () => {
    const dir = tempDir();
    const running = await startEmulator(options(tempDir()));
    const port = Number(new URL(running.endpoint).port);
    await expect(startEmulator(options(dir, { port }))).rejects.toThrow(/EADDRINUSE/);
    await running.close();
    const emu = await startEmulator(options(dir));
    await emu.close();
  });
});
