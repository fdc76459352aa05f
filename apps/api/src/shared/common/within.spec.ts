import { within } from './within.js';

describe('within', () => {
  it('settles with the work when it finishes in time', async () => {
    await expect(within(Promise.resolve(42), 1000, 'too slow')).resolves.toBe(42);
    await expect(within(Promise.reject(new Error('broken')), 1000, 'too slow')).rejects.toThrow('broken');
  });

  it('rejects with the given message when the work takes longer', async () => {
    const never = new Promise<number>(() => undefined);
    await expect(within(never, 20, 'no answer within 20 ms')).rejects.toThrow('no answer within 20 ms');
  });
});
