import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Path of a file in ../shared/spec beside the repository checkout. */
export function sharedSpecFile(name: string): string {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  const candidates = [resolve(repoRoot, '../shared/spec', name), resolve(repoRoot, 'spec', name)];
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}
