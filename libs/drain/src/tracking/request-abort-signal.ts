import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import { trackedRequestOf } from './request-tracker.js';

const NEVER = new AbortController().signal;

/**
 * The AbortSignal of a request on the traffic server: it fires `abortLeadMs` before the drain deadline
 * cuts the request off. Requests the library did not see get a signal that never fires.
 */
export function getRequestAbortSignal(req: unknown): AbortSignal {
  const entry = trackedRequestOf(req);
  if (!entry) {
    return NEVER;
  }
  if (!entry.controller) {
    entry.controller = new AbortController();
    if (entry.abortFired) {
      entry.controller.abort(new Error('drain deadline is near'));
    }
  }
  return entry.controller.signal;
}

/** Handler parameter decorator: `@RequestAbortSignal() signal: AbortSignal`. */
export const RequestAbortSignal = createParamDecorator((_data: unknown, ctx: ExecutionContext) =>
  getRequestAbortSignal(ctx.switchToHttp().getRequest()),
);
