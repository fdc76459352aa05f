import { parseBearer, tokensMatch } from './token-compare.js';

describe('tokensMatch', () => {
  it('accepts the exact token', () => {
    expect(tokensMatch('s3cret-token', 's3cret-token')).toBe(true);
  });

  it.each([
    ['a different token of the same length', 's3cret-tokex'],
    ['a prefix of the token', 's3cret'],
    ['the token with a suffix', 's3cret-token!'],
    ['an empty string', ''],
  ])('rejects %s', (_label, presented) => {
    expect(tokensMatch(presented, 's3cret-token')).toBe(false);
  });

  it('never accepts anything when the expected token is empty', () => {
    expect(tokensMatch('', '')).toBe(false);
  });
});

describe('parseBearer', () => {
  it.each([
    [undefined, { kind: 'missing' }],
    ['', { kind: 'missing' }],
    ['Bearer abc.DEF-123', { kind: 'token', token: 'abc.DEF-123' }],
    ['bearer abc', { kind: 'token', token: 'abc' }],
    ['Basic dXNlcjpwYXNz', { kind: 'malformed' }],
    ['Bearer', { kind: 'malformed' }],
    ['Bearer a b', { kind: 'malformed' }],
    ['abc', { kind: 'malformed' }],
    [['Bearer a', 'Bearer b'], { kind: 'malformed' }],
  ])('reads %j', (header, expected) => {
    expect(parseBearer(header)).toEqual(expected);
  });
});
