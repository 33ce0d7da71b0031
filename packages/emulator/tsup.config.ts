import { defineConfig } from 'tsup';

// One CommonJS build; ../../scripts/esm-face.mjs then writes the ESM entry that re-exports it.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['cjs'],
  dts: true,
  clean: true,
  shims: true,
  target: 'node20',
  platform: 'node',
  // Readable output; source maps give original file and line without shipping the sources.
  sourcemap: true,
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  external: ['bec-sdk', 'better-sqlite3'],
});
