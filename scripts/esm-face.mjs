#!/usr/bin/env node
// Writes the ES module entries of a package built once as CommonJS: for each name given,
// dist/<name>.js re-exports dist/<name>.cjs, and dist/<name>.d.ts is a copy of dist/<name>.d.cts.
// One copy of the code on disk and in memory whichever way the package is loaded on Node (and a
// class is the same class through `import` and `require`). Run in the package folder after tsup:
//   node ../../scripts/esm-face.mjs index spec
import { copyFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const dist = resolve('dist');
const load = createRequire(join(dist, 'noop.cjs'));
const entries = process.argv.slice(2);
if (entries.length === 0) throw new Error('usage: esm-face.mjs <entry> [<entry>...]');
for (const entry of entries) {
  const names = Object.keys(load(`./${entry}.cjs`))
    .filter((n) => n !== 'default' && n !== '__esModule')
    .sort();
  const source = [
    `// ES module entry: the same module as ${entry}.cjs (written by scripts/esm-face.mjs).`,
    `import cjs from './${entry}.cjs';`,
    '',
    `export const { ${names.join(', ')} } = cjs;`,
    '',
  ].join('\n');
  writeFileSync(join(dist, `${entry}.js`), source);
  copyFileSync(join(dist, `${entry}.d.cts`), join(dist, `${entry}.d.ts`));
}
