import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import type { AbortedRequest, DrainPreview, DrainRun, InstanceStateResponse } from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { send } from './support/admin-http.js';
import { type ApiProcess, killStartedApis, startApi } from './support/api-process.js';
import {
  axeViolations,
  ensureConsoleBuilt,
  launchBrowser,
  screenshot,
  scrollsSideways,
  VIEWPORTS,
} from './support/browser.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

// One browser, one page per viewport, one API process (and its successor) for the whole journey: an operator
// watching load, previewing a drain, draining, reading the record, stopping, and the next process coming up.
const UI_TIMEOUT = 15_000;
/** No ADMIN_TOKEN: the API generates the development token and keeps it in DATA_DIR, shared by both processes. */
const DATA_DIR = mkdtempSync(join(tmpdir(), 'drainboard-journeys-'));
let TOKEN = '';
const DEADLINE_MS = 5000;
/**
 * Long enough that the load requests still need well over DEADLINE_MS when the drain starts, after the checks
 * before it (axe on two pages takes seconds on a busy machine): the prediction must not be borderline.
 */
const LONG_MS = 25_000;

let db: TestDatabase;
let api: ApiProcess;
let browser: Browser;
const pages: Record<keyof typeof VIEWPORTS, Page | null> = { desktop: null, mobile: null };

const desktop = (): Page => pages.desktop!;
const mobile = (): Page => pages.mobile!;

async function getJson<T>(path: string): Promise<T> {
  const res = await send(`${api.adminUrl}${path}`, { token: TOKEN });
  if (res.status !== 200) {
    throw new Error(`${path} answered ${res.status}: ${res.text}`);
  }
  return res.json as T;
}

/** Runs axe on both viewports and expects no violation, naming the state in the failure. */
async function expectAccessible(state: string): Promise<void> {
  for (const [name, page] of Object.entries(pages)) {
    const violations = await axeViolations(page!);
    expect({ state, viewport: name, violations }).toEqual({ state, viewport: name, violations: [] });
    expect({ state, viewport: name, sideways: await scrollsSideways(page!) }).toEqual({
      state,
      viewport: name,
      sideways: false,
    });
  }
}

async function waitForBanner(page: Page, label: string): Promise<void> {
  await page
    .getByTestId('state-banner')
    .filter({ hasText: new RegExp(`^${label}$`, 'i') })
    .waitFor({ timeout: UI_TIMEOUT });
}

async function signIn(page: Page): Promise<void> {
  await page.getByLabel('Admin token').fill(TOKEN);
  await page.getByRole('button', { name: 'Open console' }).click();
  await waitForBanner(page, 'serving');
}

// /demo/slow gives up (503) when its AbortSignal fires before the cut-off; /demo/stream does not and is cut.
const slow = (ms: number) => send(`${api.trafficUrl}/demo/slow?ms=${ms}`).catch(() => null);
const stream = (ms: number) => send(`${api.trafficUrl}/demo/stream?ms=${ms}`).catch(() => null);

beforeAll(async () => {
  ensureConsoleBuilt();
  db = await createTestDatabase();
  [api, browser] = await Promise.all([
    startApi({ env: { DATABASE_URL: db.url, DEMO_JOB_INTERVAL_MS: '0', DATA_DIR, ADMIN_TOKEN: '' } }),
    launchBrowser(),
  ]);
  TOKEN = readFileSync(join(DATA_DIR, 'admin-token'), 'utf8').trim();
  expect(api.stdout()).toContain(`${TOKEN}  (kept in ${join(DATA_DIR, 'admin-token')}`);
  for (const name of ['desktop', 'mobile'] as const) {
    // A context per viewport (axe-core needs pages made through a context).
    const context = await browser.newContext({ viewport: VIEWPORTS[name] });
    pages[name] = await context.newPage();
  }
});

afterAll(async () => {
  await browser?.close();
  await killStartedApis();
  await db?.drop();
  rmSync(DATA_DIR, { recursive: true, force: true });
});

describe('the console through a drain and a stop (browser, 1440x900 and 390x844)', () => {
  it('refuses a wrong token clearly, then shows the idle live view, all without accessibility violations', async () => {
    // Finished requests teach the dry run how long each route takes.
    const warmUp = Promise.all([slow(LONG_MS), slow(LONG_MS), stream(LONG_MS)]);
    await Promise.all([desktop().goto(`${api.adminUrl}/`), mobile().goto(`${api.adminUrl}/`)]);
    await expect(desktop().title()).resolves.toMatch(/Sign in/);
    await screenshot(desktop(), 'token');
    await expectAccessible('token screen');
    await desktop().getByLabel('Admin token').fill(`${TOKEN}-wrong`);
    await desktop().getByRole('button', { name: 'Open console' }).click();
    await desktop().getByRole('alert').filter({ hasText: 'admin token was refused (401)' }).waitFor({
      timeout: UI_TIMEOUT,
    });
    await Promise.all([signIn(desktop()), signIn(mobile())]);
    await expect(desktop().title()).resolves.toMatch(/^SERVING · /);
    expect(api.stdout()).toMatch(
      /grace check: LB delay 0 ms \+ longest expected request 0 ms \+ hooks 5000 ms/,
    );
    await warmUp;
    await desktop()
      .getByTestId('in-flight-count')
      .filter({ hasText: /^0$/ })
      .waitFor({ timeout: UI_TIMEOUT });
    await expectAccessible('live idle');
  }, 40_000);

  it('predicts which requests a drain would cut, names them while draining, and the record agrees', async () => {
    const long = [slow(LONG_MS), slow(LONG_MS), stream(LONG_MS)];
    const group = desktop().getByTestId('in-flight-group').filter({ hasText: 'GET /demo/slow' });
    await group.filter({ hasText: '2' }).waitFor({ timeout: UI_TIMEOUT });
    // With the default 30 s deadline, these requests all finish.
    await group.filter({ hasText: 'all finish' }).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(desktop(), 'live-under-load');
    await expectAccessible('live under load');

    await desktop().getByRole('button', { name: 'Drain', exact: true }).click();
    const dialog = desktop().getByRole('dialog');
    await expect(
      dialog.getByLabel('Reason').evaluate((el) => el === el.ownerDocument.activeElement),
    ).resolves.toBe(true);
    await dialog.getByLabel('Reason').fill('journey');
    await dialog.getByLabel(/Deadline in seconds/).fill(String(DEADLINE_MS / 1000));
    await dialog
      .getByTestId('dry-run')
      .filter({ hasText: '3 of the 3 requests in flight will be cut' })
      .waitFor({
        timeout: UI_TIMEOUT,
      });
    // Each estimate says where it came from: a fresh database has no stored durations, so this process's own.
    await expect(dialog.getByTestId('dry-run').textContent()).resolves.toContain(
      'estimate from this process’s finished requests',
    );
    await expect(dialog.getByTestId('estimates-note').textContent()).resolves.toMatch(
      /^Estimates for 2 routes: 2 from this process\.$/,
    );
    await mobile().getByRole('button', { name: 'Drain', exact: true }).click();
    await mobile().getByRole('dialog').getByTestId('dry-run').filter({ hasText: 'will be cut' }).waitFor();
    await screenshot(desktop(), 'drain-dialog');
    await expectAccessible('drain dialog');
    await mobile().keyboard.press('Escape');
    await mobile().getByRole('dialog').waitFor({ state: 'detached', timeout: UI_TIMEOUT });

    const dryRun = await getJson<DrainPreview>(`/admin/drain/preview?deadlineMs=${DEADLINE_MS}`);
    await dialog.getByRole('button', { name: 'Confirm drain' }).click();
    const prediction = desktop().getByTestId('cut-prediction');
    await prediction.filter({ hasText: 'will be cut' }).filter({ hasText: 'GET /demo/slow' }).waitFor({
      timeout: DEADLINE_MS,
    });
    await expect(desktop().title()).resolves.toMatch(/^DRAINING/);
    await screenshot(desktop(), 'draining');
    await expect(prediction.textContent()).resolves.toContain('3 of the 3 requests in flight will be cut');
    await expectAccessible('draining');

    await waitForBanner(desktop(), 'drained');
    const [slowA, slowB, cutStream] = await Promise.all(long);
    const run = (await getJson<InstanceStateResponse>('/admin/state')).currentRun!;
    const routes = (list: { route: string }[]) => list.map((r) => r.route).sort();
    const predicted = routes(dryRun.requests.filter((request) => request.verdict === 'cut'));
    expect(predicted).toEqual(['/demo/slow', '/demo/slow', '/demo/stream']);
    // What the drain did to them: none finished. The slow ones gave up with 503 when their AbortSignal fired, the
    // stream was cut off mid-body, and the record lists it (and only predicted routes) as cut at the deadline.
    expect([slowA?.status, slowB?.status, cutStream]).toEqual([503, 503, null]);
    // The dry run's list is exactly what the drain cut: the stream cut off, the slow ones giving up (503).
    expect(routes(run.abortedRequests)).toEqual(predicted);
    expect(
      run.abortedRequests.map((r) => [r.route, r.kind ?? 'aborted', r.statusCode ?? null].join(' ')).sort(),
    ).toEqual(['/demo/slow gave-up 503', '/demo/slow gave-up 503', '/demo/stream aborted ']);
    expect(run.abortedRequests.every((r: AbortedRequest) => r.ageMs >= DEADLINE_MS - 500)).toBe(true);
    await desktop()
      .getByTestId('deadline-countdown')
      .filter({ hasText: new RegExp(`${run.abortedCount} requests? cut`) })
      .waitFor();
    await screenshot(desktop(), 'drained');
    await expectAccessible('drained');

    await desktop().getByRole('link', { name: 'Open in history' }).click();
    await desktop()
      .getByTestId('run-details')
      .filter({ hasText: 'journey' })
      .waitFor({ timeout: UI_TIMEOUT });
    await mobile().goto(`${api.adminUrl}/#/history/${run.id}`);
    await mobile().getByTestId('run-details').filter({ hasText: 'journey' }).waitFor({ timeout: UI_TIMEOUT });
    await desktop().getByLabel('Outcome').selectOption('aborted');
    await expect(desktop().getByTestId('run-row').count()).resolves.toBe(1);
    // The filters are applied by the API to the whole history: an instance without runs empties the list.
    const instanceFilter = desktop().getByLabel('Instance');
    const asked = desktop().waitForRequest(
      (request) => request.url().includes('/admin/runs?') && request.url().includes('instance=nobody'),
    );
    await instanceFilter.fill('nobody');
    await instanceFilter.press('Enter');
    await asked;
    await desktop().getByText('No recorded run matches these filters.').waitFor({ timeout: UI_TIMEOUT });
    await instanceFilter.fill(run.instanceId);
    await instanceFilter.press('Enter');
    await desktop().getByTestId('run-row').first().waitFor({ timeout: UI_TIMEOUT });
    await screenshot(desktop(), 'history');
    await screenshot(mobile(), 'history-mobile');
    await expectAccessible('history');
  }, 60_000);

  it('shows the exit code within 2 s of a stop, clears in-flight, and reconnects to the next process with the kept dev token', async () => {
    await desktop().getByRole('link', { name: 'Live' }).click();
    await desktop().getByRole('button', { name: 'Resume', exact: true }).click();
    await desktop().getByRole('dialog').getByRole('button', { name: 'Confirm resume' }).click();
    await waitForBanner(desktop(), 'serving');
    const cut = stream(LONG_MS);
    await desktop()
      .getByTestId('in-flight-count')
      .filter({ hasText: /^1$/ })
      .waitFor({ timeout: UI_TIMEOUT });

    await desktop().getByRole('button', { name: 'Stop', exact: true }).click();
    const dialog = desktop().getByRole('dialog');
    await dialog.getByLabel(/Deadline in seconds/).fill('1');
    const confirm = dialog.getByRole('button', { name: 'Confirm stop' });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    const { instanceId } = await getJson<InstanceStateResponse>('/admin/state');
    await dialog.getByLabel(/Type the instance id/).fill(instanceId);
    const adminPort = new URL(api.adminUrl).port;
    // The console's service worker is active on both pages (it keeps the app shell for the reload below).
    for (const page of [desktop(), mobile()]) {
      await expect(page.evaluate('navigator.serviceWorker.ready.then((r) => r.active !== null)')).resolves.toBe(
        true,
      );
    }
    await confirm.click();
    const exit = await api.exited;
    const exitedAt = Date.now();
    await desktop()
      .getByTestId('exit-line')
      .filter({ hasText: `exited with code ${exit.code}` })
      .waitFor({
        timeout: 2000,
      });
    expect(Date.now() - exitedAt).toBeLessThan(2000);
    await expect(desktop().getByTestId('in-flight-count').textContent()).resolves.toBe('0');
    await expect(desktop().title()).resolves.toMatch(/^EXITED/);
    expect(exit.code).not.toBe(0);
    await cut;
    await screenshot(desktop(), 'exited');

    // Reload while no process listens: the service worker serves the console, which still shows how the process
    // ended (kept for the tab), does not ask for the token, and keeps trying to reach the next process.
    await expect(send(`${api.adminUrl}/`)).rejects.toThrow(/ECONNREFUSED/);
    // The phone stays on the run's history page: it says the API cannot be reached, under the EXITED state.
    await Promise.all([desktop().reload(), mobile().reload()]);
    await desktop()
      .getByTestId('exit-line')
      .filter({ hasText: `exited with code ${exit.code}` })
      .waitFor({ timeout: UI_TIMEOUT });
    await expect(desktop().getByTestId('in-flight-count').textContent()).resolves.toBe('0');
    await mobile().getByRole('alert').filter({ hasText: 'cannot be reached' }).first().waitFor({ timeout: UI_TIMEOUT });
    for (const page of [desktop(), mobile()]) {
      await expect(page.getByLabel('Admin token').count()).resolves.toBe(0);
      await expect(page.title()).resolves.toMatch(/^EXITED/);
    }
    await expectAccessible('exited, reloaded while no process listens');

    // The next process runs under an orchestrator whose grace period (20 s) is shorter than the 30 s deadline.
    api = await startApi({
      env: {
        DATABASE_URL: db.url,
        DEMO_JOB_INTERVAL_MS: '0',
        DATA_DIR,
        ADMIN_TOKEN: '',
        ADMIN_PORT: adminPort,
        DRAIN_GRACE_PERIOD_MS: '20000',
      },
    });
    await waitForBanner(desktop(), 'serving');
    // The history page reloads by itself once a process answers: it now lists the stop's run.
    await mobile()
      .locator('.top-state')
      .filter({ hasText: /^serving$/i })
      .waitFor({ timeout: UI_TIMEOUT });
    await mobile().getByTestId('run-row').filter({ hasText: 'stop' }).first().waitFor({ timeout: UI_TIMEOUT });
    await expect(mobile().getByRole('alert').count()).resolves.toBe(0);
    expect(api.stdout()).toContain('grace period 20000 ms DOES NOT FIT');
    // The next process estimates the routes the previous one learnt, from the durations it stored at its stop.
    const { routes } = await getJson<DrainPreview>('/admin/drain/preview');
    expect(routes.find((route) => route.route === '/demo/slow')).toMatchObject({ source: 'history', liveSamples: 0 });
    const { grace } = await getJson<InstanceStateResponse>('/admin/state');
    expect(grace).toMatchObject({ gracePeriodMs: 20_000, fitsGracePeriod: false });
    await desktop()
      .locator('.health .warning', { hasText: 'the grace period is 20000 ms' })
      .waitFor({ timeout: UI_TIMEOUT });
    await expect(desktop().getByLabel('Admin token').count()).resolves.toBe(0);
    await desktop()
      .getByTestId('previous-exit')
      .filter({ hasText: `code ${exit.code}` })
      .waitFor();
    const final = await pollUntil(async () => {
      const runs = await getJson<{ runs: DrainRun[] }>('/admin/runs?limit=1');
      return runs.runs[0]?.kind === 'stop' ? runs.runs[0] : null;
    });
    expect(final.abortedCount).toBe(1);
  }, 60_000);
});
