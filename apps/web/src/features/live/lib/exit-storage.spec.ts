import type { DrainRun } from '@drainboard/contracts';

import { clearExit, loadExit, saveExit } from './exit-storage.js';
import type { ProcessExit } from './live-view.js';

class MemoryStore {
  readonly items = new Map<string, string>();
  quota = Number.POSITIVE_INFINITY;
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (value.length > this.quota) {
      throw new Error('QuotaExceededError');
    }
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const run = { id: 'run-1', startedAt: '2026-11-27T10:00:00.000Z', stages: [] } as unknown as DrainRun;
const exit: ProcessExit = { instanceId: 'host:1:abc', code: 1, at: '2026-11-27T10:00:05.000Z', run, saidBye: true };

describe('exit storage', () => {
  it('keeps an exit with its final run across a reload, and forgets it on clear', () => {
    const store = new MemoryStore();
    saveExit(store, exit);
    expect(loadExit(store)).toEqual(exit);
    clearExit(store);
    expect(loadExit(store)).toBeNull();
  });

  it('keeps the exit without its run when the run does not fit', () => {
    const store = new MemoryStore();
    store.quota = 120;
    saveExit(store, exit);
    expect(loadExit(store)).toEqual({ ...exit, run: null });
  });

  it('does not throw when the store refuses everything', () => {
    const store = new MemoryStore();
    store.quota = 0;
    expect(() => saveExit(store, exit)).not.toThrow();
    expect(loadExit(store)).toBeNull();
  });

  it.each([
    ['not JSON', '{'],
    ['not an exit', JSON.stringify({ hello: 1 })],
    ['a bad time', JSON.stringify({ ...exit, at: 'yesterday' })],
    ['a bad code', JSON.stringify({ ...exit, code: '1' })],
  ])('drops a kept value that is %s', (_label, raw) => {
    const store = new MemoryStore();
    store.items.set('drainboard.lastExit', raw);
    expect(loadExit(store)).toBeNull();
    expect(store.items.size).toBe(0);
  });

  it('drops a malformed run but keeps the exit', () => {
    const store = new MemoryStore();
    store.items.set('drainboard.lastExit', JSON.stringify({ ...exit, run: { id: 3 } }));
    expect(loadExit(store)).toEqual({ ...exit, run: null });
  });
});
