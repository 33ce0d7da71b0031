/**
 * Writes (or, with `--check`, compares) the generated files. Every file is formatted by Biome
 * exactly as `npm run format` formats hand-written code, so generated code reads like the rest.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const biome = resolve(dirname(new URL(import.meta.url).pathname), '../../node_modules/.bin/biome');

/** `source` as Biome formats a TypeScript file (the config ignores generated/, so a stand-in path is named). */
export function formatTypeScript(source: string, root: string): string {
  const result = spawnSync(biome, ['format', `--stdin-file-path=${resolve(root, 'packages/sdk/src/formatted.ts')}`], {
    input: source,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`biome format failed: ${result.stderr || result.error}`);
  return result.stdout;
}

/**
 * Writes each file when its content differs. With `check`, writes nothing and returns the files
 * that generating would change.
 */
export function emitFiles(files: ReadonlyMap<string, string>, root: string, check: boolean): string[] {
  const changed: string[] = [];
  for (const [path, source] of files) {
    const text = formatTypeScript(source, root);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === text) continue;
    changed.push(relative(root, path));
    if (check) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return changed;
}
