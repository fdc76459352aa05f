import { run } from '@web/test-support/fixtures.js';

import { deadlineProgress } from './deadline.js';

const start = Date.UTC(2026, 0, 1);

describe('deadlineProgress', () => {
  it('counts down while the run is in progress', () => {
    expect(deadlineProgress(run({ deadlineMs: 10_000 }), start + 2500)).toEqual({
      elapsedMs: 2500,
      remainingMs: 7500,
      fraction: 0.25,
      finished: false,
    });
  });

  it('stops the clock when the run finished and caps past the deadline', () => {
    const finished = run({ deadlineMs: 1000, finishedAt: new Date(start + 3000).toISOString() });
    expect(deadlineProgress(finished, start + 60_000)).toEqual({
      elapsedMs: 3000,
      remainingMs: 0,
      fraction: 1,
      finished: true,
    });
  });
});
