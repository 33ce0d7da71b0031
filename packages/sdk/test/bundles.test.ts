/**
 * The package as bundlers see it (the built dist, through its conditional exports): esbuild
 * bundles for the browser and the neutral platform succeed with no Node builtin, the package
 * tree-shakes, and the minified size of what a program imports stays within budget. Run after
 * `npm run build`. BEC_REPORT_SIZES=1 prints the sizes.
 */
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Budgets in bytes of minified output (measured, plus room to grow). */
const BUDGET = {
  whole: 200_000,
  clientAndError: 195_000,
  errorOnly: 4_000,
  signerOnly: 6_000,
};

async function bundle(
  code: string,
  platform: 'browser' | 'neutral' | 'node',
  conditions: string[] = [],
): Promise<{ bytes: number; metafile: Metafile; text: string }> {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: 'js' },
    absWorkingDir: root,
    // The repository's tsconfig maps bec-sdk to its sources; a user's project resolves the package.
    tsconfigRaw: '{}',
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform,
    conditions,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0]!;
  return { bytes: file.contents.length, metafile: result.metafile, text: file.text };
}

function nodeImports(metafile: Metafile): string[] {
  const found: string[] = [];
  for (const input of Object.values(metafile.inputs)) {
    for (const imp of input.imports) if (imp.path.startsWith('node:') || imp.external) found.push(imp.path);
  }
  return found;
}

const sizes: Record<string, number> = {};

describe('bundles of bec-sdk', () => {
  it.each([
    ['browser', []],
    ['neutral', ['workerd', 'worker']],
    ['neutral', []],
  ] as const)(
    'esbuild --platform=%s (conditions %j) bundles the whole SDK with no Node builtin',
    async (platform, conditions) => {
      const { bytes, metafile } = await bundle("export * from 'bec-sdk';", platform, [...conditions]);
      expect(nodeImports(metafile)).toEqual([]);
      expect(Object.keys(metafile.inputs).filter((f) => f !== '<stdin>' && !f.includes('dist/web/'))).toEqual([]);
      sizes[`whole SDK (${platform})`] = bytes;
      expect(bytes).toBeLessThan(BUDGET.whole);
    },
  );

  it('the client and one error class fit the budget', async () => {
    const { bytes, metafile } = await bundle(
      "import { BecClient, BceServiceError } from 'bec-sdk'; export const make = () => [new BecClient({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }), BceServiceError];",
      'browser',
    );
    expect(nodeImports(metafile)).toEqual([]);
    sizes['BecClient + BceServiceError'] = bytes;
    expect(bytes).toBeLessThan(BUDGET.clientAndError);
  });

  it('tree-shakes: one error class alone, or the signer alone, is small', async () => {
    const error = await bundle("export { BceServiceError } from 'bec-sdk';", 'browser');
    sizes['BceServiceError alone'] = error.bytes;
    expect(error.bytes).toBeLessThan(BUDGET.errorOnly);
    expect(error.text).not.toContain('createVmService');
    const signer = await bundle("export { BceV1WebSigner } from 'bec-sdk';", 'browser');
    sizes['BceV1WebSigner alone'] = signer.bytes;
    expect(signer.bytes).toBeLessThan(BUDGET.signerOnly);
    if (process.env.BEC_REPORT_SIZES) console.info(sizes);
  });

  it('Node resolves the Node build, which loads node:http only when sending', async () => {
    const { metafile } = await bundle("export * from 'bec-sdk';", 'node');
    expect(Object.keys(metafile.inputs).some((f) => f.includes('dist/web/'))).toBe(false);
  });
});
