import { UNREACHABLE_MESSAGE, WRONG_TOKEN_MESSAGE, errorFromResponse } from './api-error.js';

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
