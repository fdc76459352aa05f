// The console's Fleet page in a real browser, served by instance A of a two-instance fleet: both instances listed,
// B drained and resumed from A's page, B marked LOST after kill -9.
import type { Browser, Page } from 'playwright-core';

import { type ApiProcess, killStartedApis } from './support/api-process.js';
import { ensureConsoleBuilt, launchBrowser } from './support/browser.js';
import { startFleet } from './support/fleet.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

let db: TestDatabase;
let browser: Browser;
let page: Page;
let a: ApiProcess;
let b: ApiProcess;

const row = (id: string) => page.locator(`tr[data-instance="${id}"]`);

beforeAll(async () => {
  ensureConsoleBuilt();
  db = await createTestDatabase();
  [a, b] = (await startFleet(db.url, ['console-a', 'console-b'])) as [ApiProcess, ApiProcess];
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${a.adminUrl}/#/fleet`);
  await page.getByLabel('Admin token').fill(a.token);
  await page.getByRole('button', { name: 'Open console' }).click();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await killStartedApis();
  await db?.drop();
});

describe('the Fleet page', () => {
  it('lists both instances, drains and resumes B from A, and marks B lost after kill -9', async () => {
    await page.getByRole('link', { name: 'Fleet' }).click();
    await row('console-b').getByText('serving').waitFor({ timeout: 10_000 });
    await row('console-a').getByText('(this console)').waitFor();

    await row('console-b').getByRole('button', { name: 'Drain' }).click();
    await row('console-b').getByText('drained', { exact: true }).waitFor({ timeout: 10_000 });
    await row('console-b').getByRole('button', { name: 'Resume' }).click();
    await row('console-b').getByText('serving', { exact: true }).waitFor({ timeout: 10_000 });

    b.proc.kill('SIGKILL');
    await row('console-b').getByText('LOST').waitFor({ timeout: 10_000 });
    expect(await row('console-b').getByRole('button', { name: 'Drain' }).isDisabled()).toBe(true);
    expect(await row('console-a').getByText('serving', { exact: true }).count()).toBe(1);
  }, 60_000);
});
