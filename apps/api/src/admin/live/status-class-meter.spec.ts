import { StatusClassMeter, statusClassOf } from './status-class-meter.js';

describe('statusClassOf', () => {
  it.each([
    [101, '1xx'],
    [200, '2xx'],
    [304, '3xx'],
    [429, '4xx'],
    [503, '5xx'],
    [0, '5xx'],
    [999, '5xx'],
  ])('puts %p in %s', (code, name) => {
    expect(statusClassOf(code)).toBe(name);
  });
});

describe('StatusClassMeter', () => {
  it('reports each class per second over the window', () => {
    const meter = new StatusClassMeter();
    meter.rates(0);
    for (let i = 0; i < 4; i++) {
      meter.add(200);
    }
    meter.add(503);
    meter.add(404);
    expect(meter.rates(500)).toEqual({ '1xx': 0, '2xx': 8, '3xx': 0, '4xx': 2, '5xx': 2 });
  });
});
