import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Path of a file in the repository's spec/ folder; throws (never skips) when it is missing. */
export function specFile(name: string): string {
  const path = resolve(dirname(fileURLToPath(import.meta.url)), '../../../spec', name);
  if (!existsSync(path)) throw new Error(`spec/${name} is missing: the repository's spec/ folder must hold it`);
  return path;
}
