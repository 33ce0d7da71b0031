import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

const common: Options = {
  format: ['esm', 'cjs'],
  // Readable output with source maps, so a user's stack trace points at real lines.
  sourcemap: true,
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  treeshake: true,
};

/**
 * The build for every runtime but Node (browsers, Cloudflare Workers, Deno, Bun): every source
 * file on its own (so bundlers drop whole unused modules: the package is side-effect free), with
 * the two Node-only modules replaced by their fetch/WebCrypto counterparts under the same names
 * (the Node transport's HTTP/1.1 files, which only it imports, are left out).
 */
const sources = readdirSync(fileURLToPath(new URL('src', import.meta.url)), { recursive: true })
  .map(String)
  .filter(
    (f) =>
      f.endsWith('.ts') &&
      !f.endsWith('.web.ts') &&
      f !== 'platform/web.ts' &&
      f !== 'spec.ts' &&
      f !== 'auth/signer.ts' &&
      !f.startsWith('internal/http1/'),
  );
const webEntries: Record<string, string> = {};
for (const file of sources) webEntries[`web/${file.slice(0, -3)}`] = `src/${file}`;
webEntries['web/platform/index'] = 'src/platform/web.ts';
webEntries['web/internal/transport'] = 'src/internal/transport.web.ts';

export default defineConfig([
  {
    ...common,
    entry: ['src/index.ts', 'src/spec.ts'],
    // Node: one CommonJS build; scripts/esm-face.mjs then writes dist/index.js and dist/spec.js,
    // ES module entries that re-export it (one copy of the code, whichever way it is loaded).
    format: ['cjs'],
    dts: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    // One copy of shared code for both entries: an error class from bec-sdk/spec is the one bec-sdk exports.
    splitting: true,
  },
  {
    ...common,
    entry: webEntries,
    // ES modules only: `require` resolves the Node build (CommonJS means a Node-like runtime).
    format: ['esm'],
    // Minified, without source maps: bundlers minify it again anyway, and the package's install
    // size stays within its budget (scripts/pack-test.mjs). Error names come from brands, not
    // class names, so they survive.
    sourcemap: false,
    minify: true,
    // Same API: the types are dist/index.d.ts and dist/index.d.cts.
    dts: false,
    target: 'es2022',
    platform: 'neutral',
    bundle: false,
    splitting: false,
  },
]);
