import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { type Browser, chromium, type Page } from 'playwright-core';

import { pollUntil } from '@drainboard/test-support';

import { sendJson } from './support/admin-http.js';
import { type ApiProcess, startApi } from './support/api-process.js';
import { useTestDatabase } from './support/test-database.js';

const CHROMIUM = '/usr/bin/chromium';
const WEB_DIR = resolve(__dirname, '../../web');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-component-update'];
const UI_TIMEOUT = 15_000;
/** A named operator token: the run it starts shows her name in the history. */
const DANA = 'dana-operator-token-0123456789';

/** A Content-Security-Policy violation as the page reported it (DOM event or console message). */
interface Violation {
  directive: string;
  blocked: string;
}

/** Runs in the page before its own scripts (a string: this project's TypeScript has no DOM types). */
const RECORD_VIOLATIONS = `
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.cspViolations.push({ directive: event.effectiveDirective, blocked: event.blockedURI });
  });
`;

/** Appends an inline script to the page; true if it ran. */
const RUN_INLINE_SCRIPT = `(() => {
  const script = document.createElement('script');
  script.textContent = 'window.inlineRan = true';
  document.body.append(script);
  return window.inlineRan === true;
})()`;

const db = useTestDatabase();
let api: ApiProcess;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(resolve(WEB_DIR, 'dist/index.html'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: WEB_DIR, encoding: 'utf8' });
    if (build.status !== 0) {
      throw new Error(`building the console failed:\n${build.stderr}`);
    }
  }
  api = await startApi({
    env: { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0', ADMIN_TOKENS: `dana:operator:${DANA}` },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** A page that records every CSP violation from its first script on, plus Chromium's "Refused to ..." lines. */
async function watchedPage(): Promise<{
  page: Page;
  violations: () => Promise<Violation[]>;
  refusals: string[];
}> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const refusals: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) {
      refusals.push(message.text());
    }
  });
  await page.addInitScript({ content: RECORD_VIOLATIONS });
  return { page, violations: () => page.evaluate<Violation[]>('window.cspViolations'), refusals };
}

describe('the console under its Content-Security-Policy (browser)', () => {
  it('loads, signs in, goes live over socket.io and shows every page (the caller of a run included) without a single violation', async () => {
    const run = await sendJson(`${api.adminUrl}/admin/drain`, { reason: 'csp check' }, { token: DANA });
    expect(run.status).toBe(202);
    await pollUntil(async () => {
      const res = await sendJson(`${api.adminUrl}/admin/resume`, {}, { token: api.token });
      return res.status === 200;
    });

    const { page, violations, refusals } = await watchedPage();
    const response = await page.goto(`${api.adminUrl}/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('Admin token').fill(api.token);
    await page.getByRole('button', { name: 'Open console' }).click();
    await page
      .getByTestId('state-banner')
      .filter({ hasText: /^serving$/ })
      .waitFor({ timeout: UI_TIMEOUT });

    // Every page of the navigation (links or tab buttons, whichever the console uses), then a run in History.
    const pages = page.locator('nav a, nav button');
    const count = await pages.count();
    expect(count).toBeGreaterThan(1);
    for (let i = 0; i < count; i++) {
      const link = pages.nth(i);
      await link.click();
      await pollUntil(async () => {
        const current = await link.getAttribute('aria-current');
        return current === 'page' || (await link.getAttribute('aria-pressed')) === 'true';
      });
    }
    await page.locator('nav').getByText('History').click();
    await page.getByText('csp check').first().waitFor({ timeout: UI_TIMEOUT });
    await page
      .getByText(/\bdana\b/)
      .first()
      .waitFor({ timeout: UI_TIMEOUT });

    await page.goto(`${api.adminUrl}/docs`);
    await page.locator('.swagger-ui .info').waitFor({ timeout: UI_TIMEOUT });

    expect({ violations: await violations(), refusals }).toEqual({ violations: [], refusals: [] });
    await page.close();
  }, 90_000);

  it('reports a violation when the page breaks the policy (the check above can fail)', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${api.adminUrl}/`);
    const ran = await page.evaluate<boolean>(RUN_INLINE_SCRIPT);
    expect(ran).toBe(false);
    const seen = await pollUntil(async () => {
      const found = await violations();
      return found.length > 0 && found;
    });
    expect(seen).toContainEqual({ directive: 'script-src-elem', blocked: 'inline' });
    await page.close();
  });
});
