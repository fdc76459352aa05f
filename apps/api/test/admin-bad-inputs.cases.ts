import {
  API_ERROR_STATUS,
  type ApiErrorBody,
  type ApiErrorCode,
  DRAIN_RUN_OUTCOMES,
} from '@drainboard/contracts';

/** A run id that exists nowhere. */
export const UNKNOWN_RUN = '8d0f4a52-6c1e-4c55-9a57-0d8f1f1b2c3d';

const MISSING = 'Missing Authorization header: send "Authorization: Bearer <ADMIN_TOKEN>"';
const MALFORMED = 'Malformed Authorization header: expected "Bearer <ADMIN_TOKEN>"';
const NOT_JSON = 'Request body is not valid JSON';

/** One bad request and the exact error body it must get. `token: null` sends no admin token. */
export interface BadInput {
  name: string;
  path: string;
  method?: string;
  token?: null;
  headers?: Record<string, string>;
  body?: string;
  expected: ApiErrorBody;
}

const error = (code: ApiErrorCode, message: string): ApiErrorBody => ({
  statusCode: API_ERROR_STATUS[code],
  code,
  message,
});
const invalid = (field: string, message: string): ApiErrorBody => ({
  ...error('VALIDATION_FAILED', 'Request is invalid'),
  errors: [{ field, message }],
});
const auth = (name: string, authorization: string | null, message: string): BadInput => ({
  name,
  path: '/admin/state',
  ...(authorization === null ? { token: null } : { headers: { authorization } }),
  expected: error('UNAUTHORIZED', message),
});
const post = (
  name: string,
  path: string,
  body: string,
  expected: ApiErrorBody,
  type = 'application/json',
) => ({
  name,
  path,
  method: 'POST',
  headers: { 'content-type': type },
  body,
  expected,
});
const get = (name: string, path: string, expected: ApiErrorBody): BadInput => ({ name, path, expected });

// Body cases alternate between /admin/drain and /admin/stop: each endpoint is rate-limited on its own.
const D = '/admin/drain';
const S = '/admin/stop';
/** The bad-input table of admin-bad-inputs.e2e-spec.ts: each request and the exact error body it must get. */
export const BAD_INPUTS: BadInput[] = [
  auth('no Authorization header', null, MISSING),
  auth('a Basic credential', 'Basic YWRtaW46YWRtaW4=', MALFORMED),
  auth('Bearer without a token', 'Bearer', MALFORMED),
  auth('two tokens', 'Bearer a b', MALFORMED),
  auth('a wrong token', 'Bearer wrong-token', 'Invalid admin token'),
  {
    ...post('a bad body without a token (auth first)', D, '{"x":1}', error('UNAUTHORIZED', MISSING)),
    token: null,
  },
  post('malformed JSON', D, '{"reason":', error('BAD_REQUEST', NOT_JSON)),
  post('a JSON scalar at the top level', S, 'true', error('BAD_REQUEST', NOT_JSON)),
  post(
    'a text/plain body',
    D,
    'drain',
    error('UNSUPPORTED_MEDIA_TYPE', 'Request body must be application/json'),
    'text/plain',
  ),
  post(
    'a form body',
    S,
    'reason=x',
    error('UNSUPPORTED_MEDIA_TYPE', 'Request body must be application/json'),
    'application/x-www-form-urlencoded',
  ),
  post(
    'JSON in latin-1',
    D,
    '{}',
    error('UNSUPPORTED_MEDIA_TYPE', 'Request body charset is not supported'),
    'application/json; charset=iso-8859-1',
  ),
  post(
    'a 17 kB body',
    S,
    JSON.stringify({ reason: 'x'.repeat(17 * 1024) }),
    error('PAYLOAD_TOO_LARGE', 'Request body is larger than 16384 bytes'),
  ),
  post(
    'an unknown field',
    D,
    '{"reason":"ok","force":true}',
    invalid('force', 'property force should not exist'),
  ),
  post(
    'a JSON array',
    S,
    '[{"reason":"x"}]',
    error('VALIDATION_FAILED', 'Request body must be a JSON object'),
  ),
  post('a numeric reason', D, '{"reason":42}', invalid('reason', 'reason must be a string')),
  post(
    'deadlineMs as a string',
    S,
    '{"deadlineMs":"5000"}',
    invalid('deadlineMs', 'deadlineMs must be an integer number'),
  ),
  post(
    'a negative deadlineMs',
    D,
    '{"deadlineMs":-1}',
    invalid('deadlineMs', 'deadlineMs must not be less than 1'),
  ),
  post(
    'an absurd deadlineMs',
    S,
    '{"deadlineMs":1e12}',
    invalid('deadlineMs', 'deadlineMs must not be greater than 3600000'),
  ),
  post(
    'a fractional deadlineMs',
    D,
    '{"deadlineMs":1.5}',
    invalid('deadlineMs', 'deadlineMs must be an integer number'),
  ),
  post(
    'a 501-character reason',
    S,
    JSON.stringify({ reason: 'r'.repeat(501) }),
    invalid('reason', 'reason must be shorter than or equal to 500 characters'),
  ),
  post(
    'a reason with a NUL character',
    D,
    JSON.stringify({ reason: 'a\u0000b' }),
    invalid('reason', 'reason must not contain NUL characters'),
  ),
  post('a null deadlineMs', S, '{"deadlineMs":null}', invalid('deadlineMs', 'deadlineMs must not be null')),
  post('a null reason', D, '{"reason":null}', invalid('reason', 'reason must not be null')),
  post(
    'a reason nested 8,000 levels deep',
    S,
    `{"reason":${'['.repeat(8000)}${']'.repeat(8000)}}`,
    invalid(`reason${'[0]'.repeat(7)}`, 'body must not be nested deeper than 8 levels'),
  ),
  post(
    'a reason with a lone surrogate',
    D,
    '{"reason":"a\\ud800b"}',
    invalid('reason', 'reason must be well-formed Unicode (no lone surrogates)'),
  ),
  {
    name: 'resume while serving',
    path: '/admin/resume',
    method: 'POST',
    expected: error('NOT_DRAINING', 'The instance is serving'),
  },
  get(
    'an unknown run id',
    `/admin/runs/${UNKNOWN_RUN}`,
    error('RUN_NOT_FOUND', `No run with id ${UNKNOWN_RUN}`),
  ),
  get(
    'a malformed run id',
    "/admin/runs/1'%20OR%20'1'='1",
    error('RUN_NOT_FOUND', "No run with id 1' OR '1'='1"),
  ),
  get('limit 0', '/admin/runs?limit=0', invalid('limit', 'limit must not be less than 1')),
  get('a non-numeric limit', '/admin/runs?limit=ten', invalid('limit', 'limit must be an integer number')),
  get(
    'a limit over the maximum',
    '/admin/runs?limit=101',
    invalid('limit', 'limit must not be greater than 100'),
  ),
  ...['yesterday', '2024-W01-1', '2024-W01', '20240101', '2024-02-30', '2024-01-01T12:00:00'].map((before) =>
    get(
      `before=${before}`,
      `/admin/runs?before=${before}`,
      invalid(
        'before',
        'before must be an RFC 3339 date or date-time with an offset, e.g. 2024-01-31T12:00:00Z',
      ),
    ),
  ),
  ...['resume', 'Drain', '', 'drain&kind=stop'].map((kind) =>
    get(
      `run filter kind=${kind}`,
      `/admin/runs?kind=${kind}`,
      invalid('kind', 'kind must be one of drain, stop'),
    ),
  ),
  ...['ok', 'CLEAN', '', 'clean&outcome=aborted'].map((outcome) =>
    get(
      `run filter outcome=${outcome}`,
      `/admin/runs?outcome=${outcome}`,
      invalid('outcome', `outcome must be one of ${DRAIN_RUN_OUTCOMES.join(', ')}`),
    ),
  ),
  ...['', 'has%20space', "a'%20OR%20'1'='1", 'x'.repeat(129), 'a&instance=b'].map((instance) =>
    get(
      `run filter instance=${instance.slice(0, 20)}`,
      `/admin/runs?instance=${instance}`,
      invalid('instance', 'instance must be an instance id (1 to 128 of A-Z a-z 0-9 _ . : -)'),
    ),
  ),
  get(
    'a valid run filter with a cursor it did not issue',
    '/admin/runs?kind=stop&cursor=nope',
    invalid('cursor', "cursor must be a previous page's nextCursor"),
  ),
  get(
    'an unknown query parameter',
    '/admin/runs?order=asc',
    invalid('order', 'property order should not exist'),
  ),
  get(
    'a preview deadline that is not a number',
    '/admin/drain/preview?deadlineMs=soon',
    invalid('deadlineMs', 'deadlineMs must be an integer number'),
  ),
  get(
    'a preview deadline of 0',
    '/admin/drain/preview?deadlineMs=0',
    invalid('deadlineMs', 'deadlineMs must not be less than 1'),
  ),
  get(
    'a preview deadline over an hour',
    '/admin/drain/preview?deadlineMs=3600001',
    invalid('deadlineMs', 'deadlineMs must not be greater than 3600000'),
  ),
  get(
    'an unknown preview parameter',
    '/admin/drain/preview?deadline=5',
    invalid('deadline', 'property deadline should not exist'),
  ),
  get('an unknown admin route', '/admin/nope', error('NOT_FOUND', 'Cannot GET /admin/nope')),
];
