#!/usr/bin/env node
// Fails when package-lock.json and the package manifests disagree: the workspace entries of the
// lockfile (name, version, bin, dependency ranges, engines, license) must equal each package.json,
// and every dependency range of the root must be recorded. `npm ci` alone does not notice a stale
// `bin` path, which leaves a command unlinked (and `npx` then asks the registry for it).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (file) => JSON.parse(readFileSync(join(root, file), 'utf8'));
const lock = read('package-lock.json');
const rootManifest = read('package.json');
const KEYS = [
  'name',
  'version',
  'license',
  'bin',
  'dependencies',
  'optionalDependencies',
  'peerDependencies',
  'engines',
];
const problems = [];

function normaliseBin(manifest) {
  if (typeof manifest.bin === 'string') return { [manifest.name]: manifest.bin.replace(/^\.\//, '') };
  if (!manifest.bin) return undefined;
  return Object.fromEntries(Object.entries(manifest.bin).map(([k, v]) => [k, v.replace(/^\.\//, '')]));
}

function compare(where, manifest, entry, keys) {
  if (!entry) {
    problems.push(`${where}: no entry in package-lock.json`);
    return;
  }
  for (const key of keys) {
    const want = key === 'bin' ? normaliseBin(manifest) : manifest[key];
    const have = entry[key];
    if (JSON.stringify(want ?? null) !== JSON.stringify(have ?? null)) {
      problems.push(
        `${where}: "${key}" is ${JSON.stringify(want)} in package.json but ${JSON.stringify(have)} in the lockfile`,
      );
    }
  }
}

if (lock.name !== rootManifest.name) problems.push(`root: lockfile name ${lock.name} != ${rootManifest.name}`);
compare('root', rootManifest, lock.packages?.[''], ['dependencies', 'devDependencies', 'workspaces', 'engines']);
for (const ws of rootManifest.workspaces) {
  const manifest = read(join(ws, 'package.json'));
  compare(ws, manifest, lock.packages?.[ws], KEYS);
  const link = lock.packages?.[`node_modules/${manifest.name}`];
  if (!link || link.resolved !== ws || link.link !== true) {
    problems.push(`${ws}: node_modules/${manifest.name} must be a link to ${ws} in the lockfile`);
  }
}

if (problems.length) {
  console.error(`package-lock.json is out of sync with the manifests (run \`npm install\` and commit the lockfile):`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(`lockfile in sync: root and ${rootManifest.workspaces.length} workspaces`);
