// Writes dist/index.js, the ESM entry of bec-emulator, as a re-export of dist/index.cjs (the one
// build of the emulator), and its types as a copy of dist/index.d.cts. Run after tsup.
// One copy on disk and in memory whichever way the emulator is loaded; it runs on server
// runtimes only, which all import CommonJS.
import { copyFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const dist = new URL('../dist/', import.meta.url);
const names = Object.keys(createRequire(dist)('./index.cjs')).sort();
const source = [
  '// ESM entry of bec-emulator: the same module as index.cjs (written by scripts/esm-face.mjs).',
  "import emulator from './index.cjs';",
  '',
  `export const { ${names.join(', ')} } = emulator;`,
  '',
].join('\n');
writeFileSync(new URL('index.js', dist), source);
copyFileSync(new URL('index.d.cts', dist), new URL('index.d.ts', dist));
