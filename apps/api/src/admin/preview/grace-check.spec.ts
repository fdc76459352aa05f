import type { RouteEstimate } from '@drainboard/contracts';

import { graceCheck, graceLogLine } from './grace-check.js';

const slow: RouteEstimate = {
  route: '/demo/slow',
  samples: 20,
  liveSamples: 5,
  historySamples: 15,
  source: 'blended',
  historyUpdatedAt: '2026-11-27T10:00:00.000Z',
  medianMs: 8000,
  p90Ms: 12_000,
  maxMs: 15_000,
};
const base = {
  deadlineMs: 30_000,
  lbDelayMs: 5000,
  hooksBudgetMs: 5000,
  gracePeriodMs: null,
  routes: [slow],
};

describe('graceCheck', () => {
  it('adds LB delay, the slowest route p90 and the hooks budget, and fits them to the deadline', () => {
    const check = graceCheck(base);
    expect(check).toMatchObject({
      requiredMs: 22_000,
      longestExpectedMs: 12_000,
      longestExpectedRoute: '/demo/slow',
      longestExpectedSource: 'blended',
      fitsDeadline: true,
      fitsGracePeriod: null,
      warnings: [],
    });
    expect(graceLogLine(check)).toContain('= 22000 ms fits the deadline of 30000 ms');
    expect(graceLogLine(check)).toContain('12000 ms (from this process and stored history)');
  });

  it('warns when the sum does not fit the deadline, naming the route', () => {
    const check = graceCheck({ ...base, deadlineMs: 20_000 });
    expect(check.fitsDeadline).toBe(false);
    expect(check.warnings).toEqual([expect.stringContaining('(/demo/slow, from this process and stored history)')]);
    expect(graceLogLine(check)).toContain('DOES NOT FIT the deadline');
  });

  it('warns when the grace period would kill the process before the drain ends', () => {
    const check = graceCheck({ ...base, gracePeriodMs: 30_000 });
    expect(check.fitsGracePeriod).toBe(false);
    expect(check.warnings).toEqual([expect.stringContaining('grace period is 30000 ms')]);
    expect(graceCheck({ ...base, gracePeriodMs: 31_000 }).fitsGracePeriod).toBe(true);
  });

  it('counts nothing for requests before any has finished', () => {
    expect(graceCheck({ ...base, routes: [] })).toMatchObject({
      longestExpectedMs: 0,
      longestExpectedRoute: null,
      longestExpectedSource: null,
      requiredMs: 10_000,
    });
  });
});
