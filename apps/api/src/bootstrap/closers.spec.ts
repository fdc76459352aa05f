import { Closers } from './closers.js';

function recording(): { closers: Closers; order: string[]; errors: string[] } {
  const order: string[] = [];
  const errors: string[] = [];
  const closers = new Closers();
  for (const name of ['lock', 'database', 'admin app']) {
    closers.add({
      name,
      close: () => {
        order.push(name);
        return Promise.resolve();
      },
      skipWhenForced: name === 'admin app',
    });
  }
  return { closers, order, errors };
}

const logError = (errors: string[]) => (name: string, error: unknown) =>
  void errors.push(`${name}: ${(error as Error).message}`);

describe('Closers', () => {
  it('closes the last opened first, each once', async () => {
    const { closers, order, errors } = recording();
    const closed = await closers.closeAll({}, logError(errors));
    await closers.closeAll({}, logError(errors));
    expect(order).toEqual(['admin app', 'database', 'lock']);
    expect(closed.map((entry) => entry.name)).toEqual(['admin app', 'database', 'lock']);
    expect(errors).toEqual([]);
  });

  it('a forced close skips what asks to be skipped and closes the rest', async () => {
    const { closers, order, errors } = recording();
    const closed = await closers.closeAll({ forced: true }, logError(errors));
    expect(order).toEqual(['database', 'lock']);
    expect(closed[0]).toMatchObject({ name: 'admin app', skipped: true });
  });

  it('a failing close is reported and the others still close', async () => {
    const { closers, order, errors } = recording();
    closers.add({ name: 'broken', close: () => Promise.reject(new Error('boom')) });
    await closers.closeAll({}, logError(errors));
    expect(errors).toEqual(['broken: boom']);
    expect(order).toEqual(['admin app', 'database', 'lock']);
  });

  it('reports a loss from a closer, also after it closed', async () => {
    let lostRuns = 0;
    const closers = new Closers();
    closers.add({
      name: 'admin app',
      close: () => {
        lostRuns = 1;
        return Promise.resolve('last work 1 ms');
      },
      lost: () => lostRuns > 0,
    });
    expect(closers.lost()).toBe(false);
    const [closed] = await closers.closeAll({}, () => undefined);
    expect(closed).toMatchObject({ name: 'admin app', detail: 'last work 1 ms' });
    expect(closers.lost()).toBe(true);
  });
});
