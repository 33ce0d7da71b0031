#!/usr/bin/env node
// The packages as a user gets them: packed with `npm pack`, installed from the tarballs into empty
// folders with `npm install --ignore-scripts`, then used. Checks publint --strict and
// arethetypeswrong on each tarball, `npx bec demo`, `npx bec-emulator`, require and import of
// bec-sdk and bec-emulator, and TypeScript consumers (module node16 as CommonJS and as ESM, and
// bundler resolution). Prints package count and installed size; fails on the first problem.
// Run after `npm run build` (npm test does). Usage: node scripts/pack-test.mjs [--keep]
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules/.bin', name);
const work = mkdtempSync(join(tmpdir(), 'bec-pack-'));
const started = Date.now();
const npmEnv = {
  ...process.env,
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};
// Nothing from the repository may leak in: run consumers with a clean NODE_PATH.
delete npmEnv.NODE_PATH;

function run(cmd, args, cwd, options = {}) {
  try {
    return execFileSync(cmd, args, {
      cwd,
      env: npmEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      ...options,
    });
  } catch (err) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}
function step(name, fn) {
  const t = Date.now();
  const result = fn();
  console.log(`ok ${name} (${Date.now() - t} ms)`);
  return result;
}

// 1. Pack (the build already ran; prepack would run it again).
const packages = ['packages/sdk', 'packages/emulator', 'packages/cli'];
const tarballs = step('npm pack', () => {
  const out = JSON.parse(
    run(
      'npm',
      ['pack', '--json', '--ignore-scripts', '--pack-destination', work, ...packages.flatMap((p) => ['-w', p])],
      root,
    ),
  );
  const byName = {};
  for (const p of out) {
    const files = p.files.map((f) => f.path);
    for (const must of ['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md']) {
      if (!files.includes(must)) throw new Error(`${p.name}: tarball lacks ${must}`);
    }
    if (!files.some((f) => f.startsWith('dist/'))) throw new Error(`${p.name}: tarball has no dist/`);
    if (files.some((f) => f.startsWith('src/') || f.startsWith('test/')))
      throw new Error(`${p.name}: tarball ships src/ or test/`);
    byName[p.name] = join(work, p.filename);
  }
  return byName;
});

// 2. Lint the packages as published.
for (const [name, tarball] of Object.entries(tarballs)) {
  step(`publint --strict ${name}`, () => run(bin('publint'), ['run', '--strict', tarball], root));
  const attwArgs = name === 'bec-cli' ? ['--entrypoints', '.', '--ignore-rules', 'no-resolution'] : [];
  if (name !== 'bec-cli')
    step(`attw ${name}`, () => run(bin('attw'), [tarball, '--format', 'ascii', ...attwArgs], root));
}

// 3. Install into empty folders, scripts off.
function install(dir, files) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  run('npm', ['install', '--ignore-scripts', '--prefer-offline', '--no-package-lock', ...files], dir);
  const modules = join(dir, 'node_modules');
  const names = [];
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) for (const sub of readdirSync(join(modules, entry))) names.push(`${entry}/${sub}`);
    else names.push(entry);
  }
  const native = run('find', [modules, '-name', '*.node', '-o', '-name', 'binding.gyp'], dir).trim();
  if (native) throw new Error(`native code installed:\n${native}`);
  return { names, bytes: sizeOf(modules) };
}
function sizeOf(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, e) => sum + sizeOf(join(path, e)), 0);
}
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;

const sdkOnly = step('install bec-sdk alone', () => install(join(work, 'sdk-only'), [tarballs['bec-sdk']]));
console.log(`   bec-sdk: ${sdkOnly.names.length} package(s) [${sdkOnly.names.join(', ')}], ${mb(sdkOnly.bytes)}`);
if (sdkOnly.names.length !== 1) throw new Error('bec-sdk must install as one package (zero runtime dependencies)');

const emulatorOnly = step('install bec-emulator (with bec-sdk from its tarball)', () =>
  install(join(work, 'emulator-only'), [tarballs['bec-emulator'], tarballs['bec-sdk']]),
);
console.log(
  `   bec-emulator: ${emulatorOnly.names.length} packages [${emulatorOnly.names.join(', ')}], ${mb(emulatorOnly.bytes)}`,
);

const app = join(work, 'app');
const cli = step('install bec-cli (with bec-sdk and bec-emulator from their tarballs)', () =>
  install(app, [tarballs['bec-cli'], tarballs['bec-emulator'], tarballs['bec-sdk']]),
);
console.log(`   bec-cli: ${cli.names.length} packages [${cli.names.join(', ')}], ${mb(cli.bytes)}`);
if (cli.names.length > 5) throw new Error(`bec-cli installs ${cli.names.length} packages (budget 5)`);
// 3 MB, with bec-sdk's second (web) build; on Node each package ships its code once, as
// CommonJS, with a thin ES module entry over it (scripts/esm-face.mjs).
if (cli.bytes > 3e6) throw new Error(`bec-cli installs ${mb(cli.bytes)} (budget 3 MB)`);
if (sdkOnly.bytes > 1.5e6) throw new Error(`bec-sdk installs ${mb(sdkOnly.bytes)} (budget 1.5 MB)`);

// 4. Use it.
step('npx --no-install bec --version', () => {
  const v = run('npx', ['--no-install', 'bec', '--version'], app).trim();
  const version = JSON.parse(run('node', ['-p', 'JSON.stringify(require("bec-cli/package.json").version)'], app));
  if (!v.startsWith(`bec ${version}`)) {
    throw new Error(`bec --version printed ${v}`);
  }
});
step('npx bec demo', () => {
  const out = run('npx', ['--no-install', 'bec', 'demo'], app);
  if (!/^Done: \d+ steps in /m.test(out)) throw new Error(`bec demo output looks incomplete:\n${out}`);
});
{
  const t = Date.now();
  await startEmulatorOnce(app);
  console.log(`ok npx bec-emulator starts and answers (${Date.now() - t} ms)`);
}
step('require and import of bec-sdk and bec-emulator', () => {
  run(
    'node',
    [
      '-e',
      "const s=require('bec-sdk'); const e=require('bec-emulator'); if(typeof s.BecClient!=='function'||typeof e.startEmulator!=='function') process.exit(1)",
    ],
    app,
  );
  run(
    'node',
    [
      '--input-type=module',
      '-e',
      "import {BecClient} from 'bec-sdk'; import {startEmulator} from 'bec-emulator'; if(typeof BecClient!=='function'||typeof startEmulator!=='function') process.exit(1)",
    ],
    app,
  );
  run(
    'node',
    [
      '-e',
      `(async()=>{const {startEmulator}=require('bec-emulator');const {BecClient}=require('bec-sdk');const e=await startEmulator();const c=new BecClient({endpoint:e.endpoint,credentials:e.credentials});await c.createDeploySet({name:'from-cjs',desc:''});const l=await c.getDeploySetList({});c.close();await e.close();if(l.result.length!==1)process.exit(1)})().catch(e=>{console.error(e);process.exit(1)})`,
    ],
    app,
  );
});

// A program bundled for Node (esbuild, as ES module and as CommonJS output) with the installed
// packages inlined: the bundle runs from another folder, with no node_modules beside it, and makes
// a real signed call against the emulator (bundled too).
const REQUIRE_BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";
step('bundled for Node with esbuild (esm and cjs), run away from node_modules', () => {
  // CommonJS output: the SDK and the emulator, a real signed call (no top-level await there).
  writeFileSync(
    join(app, 'bundle-cjs.mjs'),
    `import { BecClient, SDK_VERSION } from 'bec-sdk';
import { operations } from 'bec-sdk/spec';
import { startEmulator } from 'bec-emulator';
(async () => {
  const e = await startEmulator();
  const c = new BecClient({ endpoint: e.endpoint, credentials: e.credentials });
  await c.createDeploySet({ name: 'from-a-bundle', desc: '' });
  const l = await c.getDeploySetList({});
  c.close();
  await e.close();
  if (l.result.length !== 1 || operations.length !== 115 || !SDK_VERSION) process.exit(1);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
`,
  );
  // ES module output: the SDK against a plain server in the same program.
  writeFileSync(
    join(app, 'bundle-esm.mjs'),
    `import http from 'node:http';
import { BecClient } from 'bec-sdk';
import { operations } from 'bec-sdk/spec';
const server = http.createServer((req, res) => {
  const signed = /^bce-auth-v1\\/AK\\//.test(req.headers.authorization ?? '');
  res.writeHead(signed ? 200 : 403, { 'content-type': 'application/json', 'x-bce-request-id': 'r-bundle' });
  res.end(JSON.stringify({ result: [], pageNo: 1, pageSize: 10, totalCount: 0 }));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const c = new BecClient({ endpoint: 'http://127.0.0.1:' + server.address().port, credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' } });
const l = await c.getDeploySetList({});
c.close();
server.close();
if (l.$metadata.requestId !== 'r-bundle' || operations.length !== 115) process.exit(1);
`,
  );
  const away = mkdtempSync(join(tmpdir(), 'bec-bundle-'));
  for (const format of ['esm', 'cjs']) {
    const out = join(away, format === 'esm' ? 'app.mjs' : 'app.cjs');
    // The optional SQLite driver stays outside: the emulator loads it only for --data-dir. An ES
    // module bundle of CommonJS code needs `require` defined (esbuild's usual banner; the README says so).
    const args = ['--bundle', '--platform=node', `--format=${format}`, '--log-level=warning', `--outfile=${out}`];
    if (format === 'esm') args.push(`--banner:js=${REQUIRE_BANNER}`);
    run(bin('esbuild'), [join(app, `bundle-${format}.mjs`), ...args, '--external:better-sqlite3'], app);
    run('node', [out], away);
  }
  rmSync(away, { recursive: true, force: true });
});

// 5. TypeScript consumers.
const source = `import { BecClient, BceServiceError } from 'bec-sdk';
import { startEmulator, type RunningEmulator } from 'bec-emulator';
export async function demo(): Promise<string> {
  const emu: RunningEmulator = await startEmulator();
  const client = new BecClient({ endpoint: emu.endpoint, credentials: emu.credentials });
  try {
    const list = await client.getDeploySetList({ pageNo: 1, pageSize: 10 });
    const n: number = list.totalCount;
    return String(n);
  } catch (err) {
    if (err instanceof BceServiceError) return err.code;
    throw err;
  } finally {
    client.close();
    await emu.close();
  }
}
`;
const tsc = join(root, 'node_modules/typescript/bin/tsc');
for (const [label, type, compilerOptions] of [
  ['node16 CommonJS', 'commonjs', { module: 'node16', moduleResolution: 'node16' }],
  ['node16 ESM', 'module', { module: 'node16', moduleResolution: 'node16' }],
  ['bundler', 'module', { module: 'esnext', moduleResolution: 'bundler' }],
]) {
  step(`tsc consumer: ${label}`, () => {
    const dir = join(app, `ts-${label.replace(/\W+/g, '-')}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `ts-${type}`, private: true, type }));
    writeFileSync(join(dir, 'index.ts'), source);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          ...compilerOptions,
          target: 'es2022',
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
        },
        files: ['index.ts'],
      }),
    );
    run('node', [tsc, '-p', dir], dir);
  });
}

function startEmulatorOnce(cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'bec-emulator', '--port', '0'], {
      cwd,
      env: npmEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: npx and the emulator under it stop together
    });
    const stop = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {}
    };
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      stop('SIGKILL');
      reject(new Error(`bec-emulator printed no endpoint in 30 s: ${out}${err}`));
    }, 30_000);
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.stdout.on('data', async (d) => {
      out += d;
      const m = out.match(/^BEC emulator listening on (http:\/\/\S+)\n/);
      if (!m) return;
      clearTimeout(timer);
      try {
        const res = await fetch(`${m[1]}/_emulator/health`);
        if (res.status >= 500) throw new Error(`health answered ${res.status}`);
        resolve();
      } catch (e) {
        reject(e);
      } finally {
        stop('SIGTERM');
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!/listening/.test(out)) reject(new Error(`bec-emulator exited ${code}: ${err}`));
    });
  });
}

if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
console.log(
  `packaging: ${Object.keys(tarballs).length} packages checked on Node ${process.versions.node} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
