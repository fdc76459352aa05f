import type { InFlightRequest } from '@drainboard/contracts';

import { predictRequest } from './predict-request.js';

const START = Date.UTC(2026, 0, 1);
const request: InFlightRequest = {
  id: 'r1',
  method: 'GET',
  route: '/demo/slow',
  startedAt: new Date(START).toISOString(),
  bytesWritten: 0,
};

describe('predictRequest', () => {
  it('predicts a cut when the expected time left exceeds the deadline', () => {
    const prediction = predictRequest(request, START + 500, [3000, 3000, 3100], 1000);
    expect(prediction).toMatchObject({ ageMs: 500, expectedRemainingMs: 2500, verdict: 'cut' });
  });

  it('predicts a finish when the expected time left fits the deadline', () => {
    expect(predictRequest(request, START + 500, [3000], 5000)).toMatchObject({
      expectedRemainingMs: 2500,
      verdict: 'finishes',
    });
  });

  it('uses only the durations longer than the age: a request that outlived the fast ones is a slow one', () => {
    const durations = [10, 12, 15, 11, 9000];
    expect(predictRequest(request, START + 200, durations, 1000)).toMatchObject({
      expectedRemainingMs: 8800,
      verdict: 'cut',
    });
    expect(predictRequest(request, START + 5, durations, 1000).verdict).toBe('finishes');
  });

  it('has no estimate without a recent duration longer than the age', () => {
    expect(predictRequest(request, START + 500, [], 1000)).toMatchObject({
      expectedRemainingMs: null,
      verdict: 'unknown',
    });
    expect(predictRequest(request, START + 5000, [3000], 1000).verdict).toBe('unknown');
  });
});
