import { ClientFlow } from './client-flow.js';

describe('ClientFlow', () => {
  it('admits messages while the write buffer is below the bound', () => {
    const flow = new ClientFlow(3);
    expect(flow.admit({ buffered: 2, writable: false })).toBe(true);
    expect(flow.isBehind).toBe(false);
  });

  it('drops everything once the bound is reached, until the buffer has drained', () => {
    const flow = new ClientFlow(3);
    expect(flow.admit({ buffered: 3, writable: false })).toBe(false);
    expect(flow.admit({ buffered: 0, writable: true })).toBe(false);
    expect(flow.caughtUp({ buffered: 1, writable: true })).toBe(false);
    expect(flow.caughtUp({ buffered: 0, writable: false })).toBe(false);
    expect(flow.caughtUp({ buffered: 0, writable: true })).toBe(true);
    expect(flow.admit({ buffered: 0, writable: true })).toBe(true);
  });

  it('refuses a group of packets that would take the buffer past the bound', () => {
    expect(new ClientFlow(3).admit({ buffered: 1, writable: false }, 2)).toBe(true);
    const flow = new ClientFlow(3);
    expect(flow.admit({ buffered: 2, writable: false }, 2)).toBe(false);
    expect(flow.isBehind).toBe(true);
  });

  it('does not report a client that was never behind as caught up', () => {
    expect(new ClientFlow(3).caughtUp({ buffered: 0, writable: true })).toBe(false);
  });

  it('honours at most one resync request per period', () => {
    const flow = new ClientFlow(3, 1000);
    expect(flow.allowResync(10_000)).toBe(true);
    expect(flow.allowResync(10_500)).toBe(false);
    expect(flow.allowResync(11_000)).toBe(true);
  });
});
