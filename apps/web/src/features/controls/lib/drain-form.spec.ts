import { MAX_DEADLINE_MS, MAX_REASON_LENGTH } from '@drainboard/contracts';

import { parseDrainForm } from './drain-form.js';

describe('parseDrainForm', () => {
  it('sends nothing for empty fields (server defaults)', () => {
    expect(parseDrainForm({ reason: '  ', deadlineSeconds: '' })).toEqual({ ok: true, body: {} });
  });

  it('trims the reason and converts seconds to milliseconds', () => {
    expect(parseDrainForm({ reason: ' deploy 42 ', deadlineSeconds: '2.5' })).toEqual({
      ok: true,
      body: { reason: 'deploy 42', deadlineMs: 2500 },
    });
  });

  it('names each bad field', () => {
    const result = parseDrainForm({ reason: 'x'.repeat(MAX_REASON_LENGTH + 1), deadlineSeconds: 'soon' });
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual(['deadlineSeconds', 'reason']);
  });

  it.each(['0', '-1', String(MAX_DEADLINE_MS / 1000 + 1)])(
    'refuses a deadline of %s seconds',
    (deadlineSeconds) => {
      expect(parseDrainForm({ reason: '', deadlineSeconds }).ok).toBe(false);
    },
  );
});
