import { run, stage } from '@web/test-support/fixtures.js';

import { axisTicks, timelineLayout } from './timeline-layout.js';

describe('timelineLayout', () => {
  it('places stages on one axis from the run start, scaled to the width', () => {
    const layout = timelineLayout(
      run({
        stages: [
          stage('unready', 1, 100, 300),
          stage('trigger', 0, 0, 100),
          stage('close-listener', 2, 400, 600),
        ],
      }),
      1000,
    );
    expect(layout.spanMs).toBe(1000);
    expect(layout.bars.map((b) => [b.name, b.x, b.width])).toEqual([
      ['trigger', 0, 100],
      ['unready', 100, 300],
      ['close-listener', 400, 600],
    ]);
  });

  it('keeps instant stages visible and runs an unfinished stage to the end', () => {
    const layout = timelineLayout(
      run({
        stages: [
          stage('trigger', 0, 0, 0),
          stage('unready', 1, 0, 500),
          stage('close-listener', 2, 500, null),
        ],
      }),
      100,
      2,
    );
    expect(layout.bars[0]?.width).toBe(2);
    expect(layout.bars[2]).toMatchObject({ x: 98, width: 2, outcome: 'running' });
  });

  it('lays out a run without stages as nothing', () => {
    expect(timelineLayout(run(), 100).bars).toEqual([]);
  });
});

describe('axisTicks', () => {
  it('places round ticks from zero over the span', () => {
    expect(axisTicks(1000, 6)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(axisTicks(4210, 5)).toEqual([0, 2000, 4000]);
    expect(axisTicks(30_000, 4)).toEqual([0, 10_000, 20_000, 30_000]);
  });

  it('uses fewer ticks when told to (narrow screens)', () => {
    expect(axisTicks(1000, 3).length).toBeLessThanOrEqual(3);
    expect(axisTicks(0, 5)[0]).toBe(0);
  });
});
