/**
 * `npm run bench` — prints every figure as a table; `npm run bench -- --json` prints one JSON
 * array of {name, value, unit, baseline, ratio}. `--only a,b` runs a subset; `--quick` shortens runs.
 */
import { callBenchmarks } from './calls.js';
import { emulatorBenchmarks } from './emulator.js';
import type { BenchRow } from './lib.js';
import { packageBenchmarks } from './package-size.js';
import { paginateBenchmark } from './paginate.js';
import { signingBenchmarks } from './signing.js';
import { transportBenchmarks } from './transports.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const onlyArg =
  args.find((a) => a.startsWith('--only='))?.slice(7) ??
  (args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined);
const only = onlyArg ? new Set(onlyArg.split(',')) : undefined;

const suites: Array<{ names: string[]; run: () => Promise<BenchRow[]> | BenchRow[] }> = [
  { names: ['sign-vs-baidu', 'sign-vs-floor'], run: () => signingBenchmarks(quick ? 3 : 9) },
  {
    names: [
      'call-vs-raw',
      'client-cpu-vs-raw',
      'client-cpu-us',
      'client-cpu-vs-socket',
      'call-vs-raw-c16',
      'call-vs-raw-trivial',
      'create-vs-get',
      'create-vs-raw-c16',
    ],
    run: () => callBenchmarks(quick ? 3 : 5, quick ? 400 : 1000),
  },
  { names: ['fetch-vs-node'], run: () => transportBenchmarks(quick ? 3 : 7, quick ? 500 : 2000) },
  { names: ['import-cjs', 'import-esm', 'import-vs-baidu', 'pack'], run: () => packageBenchmarks(quick ? 5 : 15) },
  { names: ['paginate-100k'], run: () => paginateBenchmark(100_000) },
  { names: ['emulator-rps', 'emulator-p99'], run: () => emulatorBenchmarks(quick ? 5 : 15) },
];

const rows: BenchRow[] = [];
for (const suite of suites) {
  if (only && !suite.names.some((n) => only.has(n))) continue;
  if (!json) process.stderr.write(`running ${suite.names.join(', ')} ...\n`);
  rows.push(...(await suite.run()));
}

if (json) {
  console.log(
    JSON.stringify(rows.map(({ name, value, unit, baseline, ratio }) => ({ name, value, unit, baseline, ratio }))),
  );
} else {
  const header = ['name', 'value', 'unit', 'baseline', 'ratio', 'target', 'met', 'note'];
  const table = rows.map((r) => [
    r.name,
    String(r.value),
    r.unit,
    String(r.baseline ?? ''),
    String(r.ratio ?? ''),
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
  console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}`);
}
