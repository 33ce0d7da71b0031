import { defineConfig } from 'tsup';

export default defineConfig({
  // The library, for `import` and `require` alike; bin/bec-emulator.js runs its emulatorMain.
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
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
