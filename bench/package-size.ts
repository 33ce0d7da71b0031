/**
 * import-cjs / import-esm: cold import of the built bec-sdk in a fresh Node process (median of
 * runs, measured inside the child around require/import).
 * pack: files and bytes of `npm pack --dry-run` for bec-sdk, and its runtime dependency count.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

export function packageBenchmarks(runs: number): BenchRow[] {
  const rows: BenchRow[] = [];
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

  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json'], {
      cwd: sdkDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as Array<{ entryCount: number; size: number; unpackedSize: number }>;
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
