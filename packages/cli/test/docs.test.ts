import { readFileSync } from 'node:fs';
import { DEFAULTS, WAITER_DEFAULTS } from 'bec-sdk';
import { describe, expect, it } from 'vitest';

const read = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const codeBlocks = (markdown: string): string[] =>
  [...markdown.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
/** Code with shell comments (`  # ...`) removed: those are translated, the code is not. */
const code = (markdown: string): string[] => codeBlocks(markdown).map((b) => b.replace(/ +# .*$/gm, ''));

/** `10000` -> `10 000`, as the tables write numbers. */
const spaced = (n: number): string => String(n).replace(/\B(?=(\d{3})+$)/g, ' ');

describe('the READMEs', () => {
  const en = read('README.md');
  const zh = read('README.zh-CN.md');

  it('agree: the same code, in the same order, in both languages', () => {
    expect(code(zh)).toEqual(code(en));
    expect(code(en).length).toBeGreaterThan(5);
  });

  it('show the emulator test example exactly as it runs', () => {
    const example = read('packages/cli/test/readme-example.test.ts');
    expect(codeBlocks(en)).toContain(example);
  });

  it('state the SDK defaults', () => {
    for (const text of [en, zh]) {
      const row = (option: string): string => text.split('\n').find((l) => l.startsWith(`| \`${option}\``)) ?? '';
      expect(row('endpoint')).toContain(DEFAULTS.endpoint);
      expect(row('connectTimeoutMs')).toContain(spaced(DEFAULTS.connectTimeoutMs));
      expect(row('timeoutMs')).toContain(spaced(DEFAULTS.timeoutMs));
      expect(row('maxRetries')).toMatch(new RegExp(`\\| ${DEFAULTS.maxRetries} \\|`));
      expect(row('retryBaseDelayMs')).toContain(
        `${spaced(DEFAULTS.retryBaseDelayMs)} / ${spaced(DEFAULTS.retryMaxDelayMs)}`,
      );
      expect(row('retryBudget')).toMatch(new RegExp(`\\| ${DEFAULTS.retryBudget} \\|`));
      expect(row('signatureExpirationSeconds')).toMatch(new RegExp(`\\| ${DEFAULTS.signatureExpirationSeconds} \\|`));
      expect(WAITER_DEFAULTS).toEqual({ maxWaitMs: 600_000, minDelayMs: 2_000, maxDelayMs: 30_000 });
    }
  });
});

describe('the guides', () => {
  it('agree: the same code, in the same order, in both languages', () => {
    const en = code(read('docs/guide.md'));
    expect(code(read('docs/guide.zh-CN.md'))).toEqual(en);
    expect(en.length).toBeGreaterThan(26);
  });

  it("show each example's code as the example file has it", () => {
    const guide = read('docs/guide.md');
    const examples = [...guide.matchAll(/\(\.\.\/examples\/(\d\d-[a-z0-9-]+\.ts)\)/g)].map((m) => m[1]!);
    const blocks = codeBlocks(guide).filter((b) => b.includes('try {') || b.includes('const args'));
    for (const block of blocks) {
      const tryBody = /try \{\n([\s\S]*?)\n\} catch/.exec(block)?.[1];
      if (!tryBody) continue;
      const found = examples.some((file) => read(`examples/${file}`).includes(tryBody));
      expect(found, `no example contains:\n${tryBody}`).toBe(true);
    }
  });
});
