#!/usr/bin/env node
// Writes the ES module entries of a package built once as CommonJS: for each name given,
// dist/<name>.js re-exports dist/<name>.cjs for Node, dist/<name>.module.js does the same for
// bundlers (the `module` export condition), and dist/<name>.d.ts is a copy of dist/<name>.d.cts.
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
  const exported = `export const { ${names.join(', ')} } = cjs;`;
  const banner = `// ES module entry: the same module as ${entry}.cjs (written by scripts/esm-face.mjs).`;
  // For Node: loaded with require, not `import ... from './x.cjs'`, because importing CommonJS
  // makes Node lex the whole bundle for its export names first, which costs more than loading it.
  const forNode = [
    banner,
    "import { createRequire } from 'node:module';",
    '',
    `const cjs = createRequire(import.meta.url)('./${entry}.cjs');`,
    '',
    exported,
    '',
  ];
  // For bundlers (which follow a static import but not a require made at run time).
  const forBundlers = [banner, `import cjs from './${entry}.cjs';`, '', exported, ''];
  writeFileSync(join(dist, `${entry}.js`), forNode.join('\n'));
  writeFileSync(join(dist, `${entry}.module.js`), forBundlers.join('\n'));
  copyFileSync(join(dist, `${entry}.d.cts`), join(dist, `${entry}.d.ts`));
}
