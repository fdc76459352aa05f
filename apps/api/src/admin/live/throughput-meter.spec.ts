import { ThroughputMeter } from './throughput-meter.js';

describe('ThroughputMeter', () => {
  it('reports zero before any time has passed', () => {
    const meter = new ThroughputMeter();
    meter.add(5);
    expect(meter.rate(1000)).toBe(0);
  });

  it('reports requests per second over the sliding window', () => {
    const meter = new ThroughputMeter(1000);
    let now = 0;
    meter.rate(now);
    for (let tick = 0; tick < 8; tick++) {
      meter.add(25);
      now += 250;
      meter.rate(now);
    }
    // 25 requests every 250 ms is 100 per second.
    expect(meter.rate(now)).toBeCloseTo(100, 5);
  });

  it('forgets bursts older than the window', () => {
    const meter = new ThroughputMeter(1000);
    meter.rate(0);
    meter.add(1000);
    for (let now = 250; now <= 3000; now += 250) {
      meter.rate(now);
    }
    expect(meter.rate(3250)).toBe(0);
  });
});
