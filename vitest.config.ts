import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      // Before 'bec-sdk': an alias also matches the subpaths of its name.
      'bec-sdk/spec': src('./packages/sdk/src/spec.ts'),
      'bec-sdk': src('./packages/sdk/src/index.ts'),
      'bec-emulator': src('./packages/emulator/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
