import {
  ApiError,
  UNREACHABLE_MESSAGE,
  WRONG_TOKEN_MESSAGE,
  errorFromResponse,
  reportFailure,
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
