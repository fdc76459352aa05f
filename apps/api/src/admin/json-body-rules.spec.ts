import { bodyProblem, MAX_BODY_DEPTH } from './json-body-rules.js';

const nested = (depth: number): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) {
    value = { reason: value };
  }
  return value;
};

describe('bodyProblem', () => {
  it.each([
    ['an empty object', {}],
    ['ordinary fields', { reason: 'rolling deploy \u{1F680}', deadlineMs: 5000 }],
    [`nesting ${MAX_BODY_DEPTH} deep`, nested(MAX_BODY_DEPTH)],
    ['a well-formed surrogate pair', { reason: '\ud83d\ude00' }],
  ])('accepts %s', (_name, body) => {
    expect(bodyProblem(body)).toBeNull();
  });

  it.each([
    ['a null field', { deadlineMs: null }, { field: 'deadlineMs', message: 'deadlineMs must not be null' }],
    [
      'a null inside an array',
      { instances: ['a', null] },
      { field: 'instances[1]', message: 'instances[1] must not be null' },
    ],
    [
      'a NUL character',
      { reason: 'a\u0000b' },
      { field: 'reason', message: 'reason must not contain NUL characters' },
    ],
    [
      'a lone high surrogate',
      { reason: 'a\ud800' },
      { field: 'reason', message: 'reason must be well-formed Unicode (no lone surrogates)' },
    ],
    [
      'a lone low surrogate',
      { reason: '\udc00b' },
      { field: 'reason', message: 'reason must be well-formed Unicode (no lone surrogates)' },
    ],
    [
      'a NUL in a field name',
      { 'a\u0000': 1 },
      { field: 'body', message: 'field names must not contain NUL characters' },
    ],
  ])('rejects %s', (_name, body, expected) => {
    expect(bodyProblem(body)).toEqual(expected);
  });

  it.each([MAX_BODY_DEPTH + 1, 2_500, 8_000, 200_000])(
    'rejects nesting %i deep without overflowing',
    (depth) => {
      expect(bodyProblem(nested(depth))?.message).toBe(
        `body must not be nested deeper than ${MAX_BODY_DEPTH} levels`,
      );
    },
  );

  it('rejects deep arrays too', () => {
    expect(bodyProblem(JSON.parse('['.repeat(5000) + ']'.repeat(5000)))).toMatchObject({
      message: `body must not be nested deeper than ${MAX_BODY_DEPTH} levels`,
    });
  });
});
