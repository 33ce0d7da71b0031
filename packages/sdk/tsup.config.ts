import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/spec.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  // Readable output with source maps, so a user's stack trace points at real lines.
  sourcemap: true,
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  target: 'node20',
  platform: 'node',
  // One copy of shared code for both entries: an error class from bec-sdk/spec is the one bec-sdk exports.
  splitting: true,
  treeshake: true,
});
