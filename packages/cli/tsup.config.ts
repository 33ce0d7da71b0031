import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { bin: 'src/bin.ts' },
  format: ['esm'],
  dts: false,
  clean: true,
  sourcemap: true,
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  target: 'node20',
  platform: 'node',
  splitting: false,
  banner: { js: '#!/usr/bin/env node' },
  external: ['bec-sdk', 'bec-emulator', 'commander', 'jmespath'],
});
