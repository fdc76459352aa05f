import { PendingReplies, ReplyTimeout } from './pending-replies.js';

describe('PendingReplies', () => {
  it('resolves a request with the answer settled for its id, and only once', async () => {
    const replies = new PendingReplies<string>();
    const waiting = replies.wait('a', 1000);
    expect(replies.settle('b', 'other')).toBe(false);
    expect(replies.settle('a', 'answer')).toBe(true);
    expect(replies.settle('a', 'again')).toBe(false);
    await expect(waiting).resolves.toBe('answer');
    expect(replies.size).toBe(0);
  });

  it('rejects with ReplyTimeout when no answer comes in time, and drops a late one', async () => {
    const replies = new PendingReplies<string>();
    await expect(replies.wait('slow', 10)).rejects.toBeInstanceOf(ReplyTimeout);
    expect(replies.settle('slow', 'late')).toBe(false);
  });
});
