import { toStorable, toStorableText, unstorableText } from './storable-text.js';

describe('text Postgres can store', () => {
  it.each([
    ['a NUL', 'a\u0000b', 'must not contain NUL characters', 'a\ufffdb'],
    ['a lone high surrogate', 'a\ud800b', 'must be well-formed Unicode (no lone surrogates)', 'a\ufffdb'],
    ['a lone low surrogate', 'a\udc00', 'must be well-formed Unicode (no lone surrogates)', 'a\ufffd'],
  ])('finds and replaces %s', (_name, text, problem, stored) => {
    expect(unstorableText(text)).toBe(problem);
    expect(toStorableText(text)).toBe(stored);
  });

  it('leaves well-formed text alone, surrogate pairs included', () => {
    expect(unstorableText('caf\u00e9 \ud83d\ude00')).toBeNull();
    expect(toStorableText('caf\u00e9 \ud83d\ude00')).toBe('caf\u00e9 \ud83d\ude00');
  });

  it('makes every string of a JSON value storable, keys included', () => {
    expect(toStorable({ a: ['x\u0000', 1, null], ['k\ud800']: { b: 'ok' } })).toEqual({
      a: ['x\ufffd', 1, null],
      'k\ufffd': { b: 'ok' },
    });
  });
});
