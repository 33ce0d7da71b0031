/**
 * The dashboard in a real browser: Debian's chromium (never a downloaded one), driven by
 * playwright-core. A missing chromium fails this file (CI installs it in .ci/run); it is not skipped.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from 'bec-emulator';
import { BceServiceError, BecClient } from 'bec-sdk';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
const HOSTILE = '<img src=x onerror=alert(1)>';
const REGION = 'cn-hangzhou-cm';

let emu: RunningEmulator;
let client: BecClient;
let context: BrowserContext;
let page: Page;
let profile: string;
const dialogs: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  }
  emu = await startEmulator({
    clock: { mode: 'frozen', startMs: Date.parse('2025-06-01T08:00:00Z') },
    lifecycle: { mode: 'timed', durationMs: 30_000 },
  });
  client = new BecClient({ endpoint: emu.endpoint, credentials: emu.credentials, maxRetries: 0 });
  profile = mkdtempSync(join(tmpdir(), 'bec-dashboard-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 960 },
    reducedMotion: 'reduce',
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await emu?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const row = (name: string | RegExp) => page.locator('#resource-groups tr', { has: page.getByRole('button', { name }) });

describe('dashboard in chromium', () => {
  it('refuses the page without the token, or with a wrong one', async () => {
    const other = await context.newPage();
    try {
      const bare = await other.goto(`${emu.endpoint}/_emulator/ui`);
      expect(bare?.status()).toBe(401);
      await expect(other.locator('body').textContent()).resolves.toContain('needs the admin token');
      expect(await other.locator('#resources').count()).toBe(0);
      const wrong = await other.goto(`${emu.endpoint}/_emulator/ui?token=${'x'.repeat(43)}`);
      expect(wrong?.status()).toBe(401);
      expect(await other.locator('#resources').count()).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('opens with the token, keeps it out of the address bar, and sends strict headers', async () => {
    const res = await page.goto(emu.dashboardUrl);
    expect(res?.status()).toBe(200);
    const headers = res!.headers();
    const csp = headers['content-security-policy']!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:|\*|'unsafe-inline'|'unsafe-eval'/);
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
    await page.waitForFunction("!location.search.includes('token')");
    expect(page.url()).toBe(`${emu.endpoint}/_emulator/ui`);
    expect(await page.evaluate("sessionStorage.getItem('bec-emulator-admin-token')")).toBe(emu.adminToken);
    await expect(page.locator('#updated').textContent()).resolves.toBeTruthy();
  });

  it('shows resources created through the SDK as they appear, hostile names as text', async () => {
    const web = await client.createAppBlb({ name: 'web-frontend', regionId: REGION });
    await client.createAppBlb({ name: 'api-gateway', regionId: REGION });
    const evil = await client.createAppBlb({ name: HOSTILE, regionId: REGION });
    await row(/Show web-frontend/).waitFor();
    await expect(row(/Show web-frontend/).textContent()).resolves.toContain(web.blbId);
    await expect(row(/Show web-frontend/).textContent()).resolves.toContain('PENDING');
    const hostile = page.getByRole('button', { name: `Show ${HOSTILE} (${evil.blbId})` });
    await hostile.waitFor();
    await expect(hostile.textContent()).resolves.toBe(HOSTILE);
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('adds a fault rule in the page; the next SDK call fails with it', async () => {
    const [first] = (emu.state()[emu.credentials.accessKeyId]!.appBlb ?? []) as Array<{ blbId: string }>;
    await page.getByLabel('Operation', { exact: true }).last().fill('GetAppBlbDetails');
    await page.getByLabel('Action').selectOption('error');
    await page.getByRole('spinbutton', { name: 'Status' }).fill('503');
    await page.getByLabel('Times').fill('1');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.locator('#fault-msg', { hasText: /Added fault-\d+/ }).waitFor();
    await page.locator('#fault-list td', { hasText: 'GetAppBlbDetails' }).waitFor();
    const err = await client.getAppBlbDetails(first!.blbId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BceServiceError);
    expect([(err as BceServiceError).statusCode, (err as BceServiceError).code]).toEqual([503, 'ServiceUnavailable']);
    // The failed call shows in the journal, marked as a fault; its detail has the Authorization redacted.
    await page.getByRole('combobox', { name: 'Status' }).selectOption('5xx');
    const failedCall = page.getByRole('button', { name: /Open request GetAppBlbDetails, status 503/ });
    await failedCall.waitFor();
    await failedCall.press('Enter');
    const detail = page.locator('#detail');
    await detail.getByText('ServiceUnavailable').first().waitFor();
    const text = await detail.textContent();
    expect(text).toContain('[redacted]');
    expect(text).not.toMatch(/bce-auth-v1\//);
    expect(text).not.toContain(emu.credentials.secretAccessKey);
    await page.getByRole('button', { name: 'Clear filters' }).click();
  });

  it('advances the virtual clock from the page; the resource moves on and its history shows it', async () => {
    await page.getByRole('button', { name: '+1 min' }).click();
    await row(/Show web-frontend/)
      .locator('.badge', { hasText: 'RUNNING' })
      .waitFor();
    await expect(page.locator('#announce').textContent()).resolves.toContain('web-frontend is now RUNNING');
    await page.getByRole('button', { name: /Show web-frontend/ }).click();
    const detail = page.locator('#detail');
    await detail.getByText('changed · RUNNING').waitFor();
    const text = await detail.textContent();
    expect(text).toContain('created · PENDING');
    expect(text).toContain('2025-06-01 08:00:30'); // dated when the step was due, not when it was seen
    expect(text).toContain('"name": "web-frontend"');
    await expect(page.locator('#clock-now').textContent()).resolves.toContain('2025-06-01 08:01:00');
  });

  it('survives a reload (token kept in the tab), works from the keyboard, looks calm (screenshot)', async () => {
    // The address bar no longer holds the token: the refusal page asks again with the kept one.
    await page.reload();
    await page.waitForURL(`${emu.endpoint}/_emulator/ui`);
    await row(/Show web-frontend/).waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Skip to resources');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /Show web-frontend/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction("document.activeElement.id === 'inspector-h'");
    await page.locator('#detail', { hasText: 'changed · RUNNING' }).waitFor();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.evaluate('document.activeElement.blur(); window.scrollTo(0, 0)');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png') });
    // The reload's refusal (401) is the only expected console error; a CSP violation would show here.
    expect(consoleErrors.filter((e) => !e.includes('status of 401'))).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('removes the fault rule and resets from the page', async () => {
    await page.getByRole('button', { name: /Remove fault rule fault-/ }).click();
    await page.locator('#fault-list', { hasText: 'No fault rules' }).waitFor();
    await page.getByRole('button', { name: 'Reset…' }).click();
    await page.getByRole('button', { name: 'Clear state and journal' }).click();
    await page.locator('#resource-groups', { hasText: 'No resources in this account yet' }).waitFor();
    expect(emu.state()[emu.credentials.accessKeyId] ?? {}).toEqual({});
  });
});
