import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { send } from './support/admin-http.js';
import { killStartedApis, startApi, type ApiProcess } from './support/api-process.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

const CHROMIUM = '/usr/bin/chromium';
const WEB_DIR = resolve(__dirname, '../../web');
const WEB_DIST = resolve(WEB_DIR, 'dist/index.html');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const UI_TIMEOUT = 15_000;

let db: TestDatabase;
let api: ApiProcess;
let browser: Browser;

async function openConsole(token: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${api.adminUrl}/`);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Open console' }).click();
  return page;
}

async function waitForState(page: Page, state: string): Promise<void> {
  await page
    .getByTestId('state-banner')
    .filter({ hasText: new RegExp(`^${state}$`) })
    .waitFor({ timeout: UI_TIMEOUT });
}

async function confirm(page: Page, action: 'Drain' | 'Resume', reason?: string): Promise<void> {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog');
  if (reason) await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByRole('button', { name: `Confirm ${action.toLowerCase()}` }).click();
}

beforeAll(async () => {
  // The API serves the console only if it was built before boot; build it when this run has not yet.
  if (!existsSync(WEB_DIST)) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: WEB_DIR, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`building the console failed:\n${build.stderr}`);
  }
  db = await createTestDatabase();
  api = await startApi({ env: { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0' } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

afterAll(async () => {
  await browser?.close();
  await killStartedApis();
  await db?.drop();
});

describe('the console (browser)', () => {
  it('tells the user clearly when the token is wrong', async () => {
    const page = await openConsole(`${api.token}-wrong`);
    await page
      .getByRole('alert')
      .filter({ hasText: 'admin token was refused (401)' })
      .waitFor({ timeout: UI_TIMEOUT });
    await page.close();
  });

  it('shows live state and in-flight requests, drains and resumes, and lists the run in History', async () => {
    const page = await openConsole(api.token);
    await waitForState(page, 'serving');

    const slow = send(`${api.trafficUrl}/demo/slow?ms=3000`);
    await page.locator('table.in-flight td', { hasText: '/demo/slow' }).waitFor({ timeout: UI_TIMEOUT });
    await page.screenshot({ path: '/tmp/console-live.png', fullPage: true });

    await confirm(page, 'Drain', 'console e2e');
    await waitForState(page, 'draining');
    expect((await slow).status).toBe(200);
    await waitForState(page, 'drained');
    await page.locator('.drain-progress', { hasText: 'drain-requests' }).waitFor({ timeout: UI_TIMEOUT });
    await page.screenshot({ path: '/tmp/console-drained.png', fullPage: true });

    await confirm(page, 'Resume');
    await waitForState(page, 'serving');

    await page.getByRole('link', { name: 'History' }).click();
    const details = page.getByTestId('run-details');
    await details.filter({ hasText: 'console e2e' }).waitFor({ timeout: UI_TIMEOUT });
    for (const stage of ['trigger', 'unready', 'close-listener', 'drain-requests']) {
      await details.locator('svg.timeline text', { hasText: stage }).first().waitFor({ timeout: UI_TIMEOUT });
    }
    await page.screenshot({ path: '/tmp/console-history.png', fullPage: true });
    await page.close();
  }, 60_000);
});
