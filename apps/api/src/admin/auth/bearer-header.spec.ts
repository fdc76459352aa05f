import { parseBearer } from './bearer-header.js';

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
