import { sparkline } from './sparkline.js';

describe('sparkline', () => {
  it('scales the series maximum to the top of the box', () => {
    expect(sparkline([0, 5, 10], 100, 50)).toEqual({ path: 'M0.0,50.0 L50.0,25.0 L100.0,0.0', max: 10 });
  });

  it('draws an empty series as nothing and keeps a scale of at least 1', () => {
    expect(sparkline([], 100, 50)).toEqual({ path: '', max: 1 });
    expect(sparkline([0, 0], 100, 50).path).toBe('M0.0,50.0 L100.0,50.0');
  });
});
