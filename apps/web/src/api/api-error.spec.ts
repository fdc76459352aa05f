import {
  ApiError,
  errorFromResponse,
  reportFailure,
  retryAfterSeconds,
  UNREACHABLE_MESSAGE,
  WRONG_TOKEN_MESSAGE,
} from './api-error.js';

describe('errorFromResponse', () => {
  it('turns a 401 into the wrong-token message', () => {
    expect(errorFromResponse(401, null)).toMatchObject({
      kind: 'unauthorized',
      message: WRONG_TOKEN_MESSAGE,
    });
  });

  it('shows the API message with its field errors', () => {
    const body = {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'Invalid body',
      errors: [{ field: 'deadlineMs', message: 'must be an integer' }],
    };
    expect(errorFromResponse(400, body)).toMatchObject({
      kind: 'rejected',
      message: 'Invalid body (deadlineMs: must be an integer)',
    });
  });

  it('treats a gateway error without an API body as unreachable', () => {
    expect(errorFromResponse(502, '<html>')).toMatchObject({
      kind: 'unreachable',
      message: UNREACHABLE_MESSAGE,
    });
  });
});

describe('reportFailure', () => {
  it('sends a wrong token to the token screen and anything else to the error line', () => {
    const unauthorized: string[] = [];
    const errors: string[] = [];
    const report = (failure: unknown) =>
      reportFailure(
        failure,
        (m) => unauthorized.push(m),
        (m) => errors.push(m),
      );
    report(errorFromResponse(401, { statusCode: 401, code: 'UNAUTHORIZED', message: 'wrong token' }));
    report(new ApiError('unreachable', UNREACHABLE_MESSAGE));
    report('plain text');
    expect(unauthorized).toEqual([WRONG_TOKEN_MESSAGE]);
    expect(errors).toEqual([UNREACHABLE_MESSAGE, 'plain text']);
  });
});

describe('rate limits', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(retryAfterSeconds('7', now)).toBe(7);
    expect(retryAfterSeconds('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds(null, now)).toBeNull();
    expect(retryAfterSeconds('soon', now)).toBeNull();
  });

  it('says when to try again after a 429', () => {
    const body = { statusCode: 429, code: 'RATE_LIMITED', message: 'Too many requests' };
    const error = errorFromResponse(429, body, 7);
    expect(error.message).toMatch(/^Too many requests: try again in 7 s \(at .+\)\.$/);
    expect(error.retryAfterSeconds).toBe(7);
    expect(errorFromResponse(429, null).message).toBe(
      'Too many requests: wait a few seconds, then try again.',
    );
  });
});
