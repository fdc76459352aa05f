import type { IncomingMessage, ServerResponse } from 'node:http';

import type { FieldError } from '@drainboard/contracts';

import { errorBody, sendErrorBody } from '../shared/common/error-body.js';
import { unstorableText } from '../shared/common/storable-text.js';

/** Deepest nesting of arrays and objects accepted in an admin request body (`{"a":{"b":1}}` is 2 deep). */
export const MAX_BODY_DEPTH = 8;

type Next = (error?: unknown) => void;

/**
 * The first problem of a parsed JSON body that no DTO should have to think about: nesting deeper than
 * `MAX_BODY_DEPTH` (validators recurse and would overflow the stack), a `null` value (no admin field is
 * nullable), or a string Postgres cannot store. Walks the body without recursion.
 */
export function bodyProblem(body: unknown): FieldError | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, path, depth } = item;
    const field = path || 'body';
    if (value === null && path) {
      return { field, message: `${field} must not be null` };
    }
    if (typeof value === 'string') {
      const problem = unstorableText(value);
      if (problem) {
        return { field, message: `${field} ${problem}` };
      }
    }
    if (typeof value !== 'object' || value === null) {
      continue;
    }
    if (depth >= MAX_BODY_DEPTH) {
      return { field, message: `body must not be nested deeper than ${MAX_BODY_DEPTH} levels` };
    }
    for (const [key, child] of Object.entries(value)) {
      const keyProblem = unstorableText(key);
      if (keyProblem) {
        return { field, message: `field names ${keyProblem}` };
      }
      const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return null;
}

/** Express middleware after the JSON parser: answers a body with a `bodyProblem` with 400 `VALIDATION_FAILED`. */
export function rejectUnsafeBodies(
  req: IncomingMessage & { body?: unknown },
  res: ServerResponse,
  next: Next,
): void {
  const problem = req.body === undefined ? null : bodyProblem(req.body);
  if (!problem) {
    return next();
  }
  sendErrorBody(res, errorBody('VALIDATION_FAILED', 'Request is invalid', [problem]));
}
