/**
 * import-cjs / import-esm: cold import of the built bec-sdk in a fresh Node process (median of
 * runs, measured inside the child around require/import).
 * pack: files and bytes of `npm pack --dry-run` for bec-sdk, and its runtime dependency count.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchRow, median, round } from './lib.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sdkDir = resolve(root, 'packages/sdk');

function importTime(kind: 'cjs' | 'esm'): number {
  const file = resolve(sdkDir, kind === 'cjs' ? 'dist/index.cjs' : 'dist/index.js');
  const code =
    kind === 'cjs'
      ? `const t=performance.now();require(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t))`
      : `const t=performance.now();await import(${JSON.stringify(`file://${file}`)});process.stdout.write(String(performance.now()-t))`;
  const args = kind === 'cjs' ? ['-e', code] : ['--input-type=module', '-e', code];
  // A clean environment: the bench itself runs under a loader that would otherwise follow into the child.
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return Number(execFileSync(process.execPath, args, { encoding: 'utf8', env }));
}

/** Wall time in ms of a fresh `node -e <code>` process (start-up included). */
function processTime(code: string): number {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-e', code], { env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`node -e ${code} exited with ${result.status}`);
  return performance.now() - started;
}

/**
 * import-vs-baidu: a fresh process requiring the built bec-sdk vs one requiring @baiducloud/sdk,
 * each minus a bare `node -e 0`, alternating; the median of the per-round ratios.
 */
function importVsBaidu(runs: number): BenchRow {
  const ours = `require(${JSON.stringify(resolve(sdkDir, 'dist/index.cjs'))})`;
  const theirs = `require(${JSON.stringify(createRequire(import.meta.url).resolve('@baiducloud/sdk'))})`;
  const bare = '0';
  for (const code of [ours, theirs, bare]) processTime(code);
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < runs; r++) {
    const base = processTime(bare);
    const o = Math.max(0.01, processTime(ours) - base);
    const t = Math.max(0.01, processTime(theirs) - base);
    a.push(o);
    b.push(t);
    ratios.push(o / t);
  }
  const ratio = median(ratios);
  return {
    name: 'import-vs-baidu',
    value: round(median(a)),
    unit: 'ms over node -e 0',
    baseline: round(median(b)),
    ratio: round(ratio),
    target: 'ratio <= 0.35',
    met: ratio <= 0.35,
    note: `cold require() in a fresh process minus a bare node -e 0, vs @baiducloud/sdk; median of ${runs} alternating rounds`,
  };
}

export function packageBenchmarks(runs: number): BenchRow[] {
  const rows: BenchRow[] = [];
  rows.push(importVsBaidu(runs));
  for (const kind of ['cjs', 'esm'] as const) {
    importTime(kind); // disk cache warm-up
    const times = Array.from({ length: runs }, () => importTime(kind));
    const value = median(times);
    const target = kind === 'cjs' ? 20 : 25;
    rows.push({
      name: `import-${kind}`,
      value: round(value),
      unit: 'ms',
      baseline: target,
      ratio: round(value / target),
      target: `<= ${target} ms`,
      met: value <= target,
      note: `median of ${runs} fresh processes`,
    });
  }

  const packOutput = execFileSync('npm', ['pack', '--dry-run', '--json'], {
    cwd: sdkDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  // The package's build (prepack) may print to stdout before npm's JSON.
  const packed = JSON.parse(packOutput.slice(Math.max(0, packOutput.search(/^\[/m)))) as Array<{
    entryCount: number;
    size: number;
    unpackedSize: number;
  }>;
  const info = packed[0]!;
  const manifest = JSON.parse(readFileSync(resolve(sdkDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const deps = Object.keys(manifest.dependencies ?? {}).length;
  const limit = 1.5 * 1024 * 1024;
  rows.push({
    name: 'pack',
    value: info.unpackedSize,
    unit: 'bytes installed',
    baseline: limit,
    ratio: round(info.unpackedSize / limit),
    target: '<= 1.5 MB installed, 0 dependencies',
    met: info.unpackedSize <= limit && deps === 0,
    note: `${info.entryCount} files, ${info.size} bytes packed, ${deps} runtime dependencies`,
  });
  return rows;
}
