import type { DrainRun, InstanceStateResponse, RunsPage } from '@drainboard/contracts';
import { pollUntil } from '@drainboard/test-support';

import { networkError, send, sendJson } from './support/admin-http.js';
import { type ApiProcess, startApi } from './support/api-process.js';
import { useTestDatabase } from './support/test-database.js';

const db = useTestDatabase();

const boot = (): Promise<ApiProcess> =>
  startApi({ env: { DATABASE_URL: db.url, DRAIN_DEADLINE_MS: '5000', DEMO_JOB_INTERVAL_MS: '0' } });

async function state(api: ApiProcess): Promise<InstanceStateResponse> {
  return (await send(`${api.adminUrl}/admin/state`, { token: api.token })).json as InstanceStateResponse;
}

describe('admin drain, resume and stop', () => {
  it('drains and resumes with the admin port up, then stops, exits 0 and keeps the run for the next boot', async () => {
    const api = await boot();
    const agent = { headers: { 'user-agent': 'drainboard-e2e/1' }, token: api.token };
    expect((await send(`${api.trafficUrl}/demo/fast`)).status).toBe(200);
    expect((await send(`${api.adminUrl}/health/ready`)).status).toBe(200);

    const drain = await sendJson(`${api.adminUrl}/admin/drain`, { reason: 'e2e drain' }, agent);
    expect(drain.status).toBe(202);
    expect(drain.json).toMatchObject({
      kind: 'drain',
      reason: 'e2e drain',
      trigger: {
        source: 'admin',
        reason: 'e2e drain',
        userAgent: 'drainboard-e2e/1',
        ip: expect.any(String),
      },
    });
    await pollUntil(async () => (await state(api)).state === 'drained', { description: 'state drained' });
    const again409 = await sendJson(`${api.adminUrl}/admin/drain`, {}, agent);
    expect({ status: again409.status, body: again409.json }).toEqual({
      status: 409,
      body: { statusCode: 409, code: 'ALREADY_DRAINING', message: 'The instance is drained' },
    });
    expect((await send(`${api.adminUrl}/health/ready`)).status).toBe(503);
    expect((await send(`${api.adminUrl}/health/live`)).status).toBe(200);
    expect(await networkError(`${api.trafficUrl}/demo/fast`)).toBe('ECONNREFUSED');
    expect((await state(api)).currentRun).toMatchObject({ id: (drain.json as DrainRun).id });

    const resume = await send(`${api.adminUrl}/admin/resume`, { method: 'POST', token: api.token });
    expect(resume.status).toBe(200);
    expect(resume.json).toMatchObject({ state: 'serving', instanceId: expect.any(String) });
    expect((await send(`${api.adminUrl}/health/ready`)).status).toBe(200);
    expect((await send(`${api.trafficUrl}/demo/fast`)).status).toBe(200);

    const stop = await sendJson(`${api.adminUrl}/admin/stop`, { reason: 'e2e stop' }, agent);
    expect(stop.status).toBe(202);
    const stopRun = stop.json as DrainRun;
    expect(stopRun).toMatchObject({ kind: 'stop', reason: 'e2e stop', trigger: { source: 'admin' } });
    expect(await api.exited).toEqual({ code: 0, signal: null });

    const again = await boot();
    const stored = await send(`${again.adminUrl}/admin/runs/${stopRun.id}`, { token: again.token });
    expect(stored.status).toBe(200);
    const run = stored.json as DrainRun;
    expect(run).toMatchObject({ id: stopRun.id, kind: 'stop', outcome: 'clean', reason: 'e2e stop' });
    const names = run.stages.map((stage) => stage.name);
    expect(names).toEqual(
      expect.arrayContaining(['trigger', 'unready', 'close-listener', 'drain-requests', 'app-hooks']),
    );
    for (const stage of run.stages.filter((s) => s.name !== 'exit')) {
      expect({ name: stage.name, duration: typeof stage.durationMs }).toEqual({
        name: stage.name,
        duration: 'number',
      });
    }
    const drained = await send(`${again.adminUrl}/admin/runs/${(drain.json as DrainRun).id}`, {
      token: again.token,
    });
    expect(drained.json).toMatchObject({ kind: 'drain', outcome: 'clean', resumedAt: expect.any(String) });
    // The history filters, through the real process: each run found by its own kind/outcome/instance only.
    const listed = async (query: string): Promise<string[]> => {
      const page = await send(`${again.adminUrl}/admin/runs?${query}`, { token: again.token });
      expect(page.status).toBe(200);
      return (page.json as RunsPage).runs.map((r) => r.id);
    };
    const drainId = (drain.json as DrainRun).id;
    const instance = encodeURIComponent(run.instanceId);
    expect(await listed(`kind=stop&instance=${instance}`)).toEqual([stopRun.id]);
    expect(await listed(`kind=drain&outcome=clean&instance=${instance}`)).toEqual([drainId]);
    expect(await listed(`kind=drain&outcome=aborted&instance=${instance}`)).toEqual([]);
    expect(await listed(`instance=${instance}&limit=1`)).toEqual([stopRun.id]);
    expect((await again.stop()).code).toBe(0);
  }, 90_000);
});
