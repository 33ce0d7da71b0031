import { readFileSync } from 'node:fs';
import { DEFAULTS, WAITER_DEFAULTS } from 'bec-sdk';
import { operations } from 'bec-sdk/spec';
import { describe, expect, it } from 'vitest';
import { buildCommandTable } from '../src/naming.js';
import { WAIT_RULES } from '../src/waits.js';

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
      /** The default column of an option's row. */
      const byDefault = (option: string): string =>
        (text.split('\n').find((l) => new RegExp(`^\\| \`${option}\``).test(l)) ?? '').split('|')[2]?.trim() ?? '';
      expect(byDefault('endpoint')).toContain(DEFAULTS.endpoint);
      expect(byDefault('connectTimeoutMs')).toContain(spaced(DEFAULTS.connectTimeoutMs));
      expect(byDefault('timeoutMs')).toContain(spaced(DEFAULTS.timeoutMs));
      expect(byDefault('maxRetries')).toBe(String(DEFAULTS.maxRetries));
      expect(byDefault('retryBaseDelayMs')).toBe(
        `${spaced(DEFAULTS.retryBaseDelayMs)} / ${spaced(DEFAULTS.retryMaxDelayMs)}`,
      );
      expect(byDefault('retryBudget')).toBe(String(DEFAULTS.retryBudget));
      expect(byDefault('signatureExpirationSeconds')).toBe(String(DEFAULTS.signatureExpirationSeconds));
    }
    expect(WAITER_DEFAULTS).toEqual({ maxWaitMs: 600_000, minDelayMs: 2_000, maxDelayMs: 30_000 });
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
      // Examples nest this block in their try/finally clean-up, so indentation is not compared.
      const flat = (text: string): string => text.replace(/^[ \t]+/gm, '');
      const found = examples.some((file) => flat(read(`examples/${file}`)).includes(flat(tryBody)));
      expect(found, `no example contains:\n${tryBody}`).toBe(true);
    }
  });
});

describe('the CLI README', () => {
  const text = read('packages/cli/README.md');

  it('lists every command with its operation and HTTP request', () => {
    const cells = (line: string): string[] => line.split('|').map((c) => c.trim());
    const rows = text
      .split('\n')
      .filter((l) => l.startsWith('| `bec '))
      .map((l) => cells(l).join('|'));
    const expected = [...buildCommandTable(operations).values()]
      .flat()
      .map(
        (e) => `|\`bec ${e.group} ${e.action}\`|\`${e.operation.name}\`|\`${e.operation.method} ${e.operation.path}\`|`,
      );
    expect(rows).toEqual(expected);
    expect(rows).toHaveLength(115);
  });

  it('counts the --wait commands right', () => {
    expect(text).toContain(`the ${Object.keys(WAIT_RULES).length} commands that start asynchronous work`);
  });
});
