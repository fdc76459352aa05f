import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import { trackedRequestOf } from './request-tracker.js';
import { FIRED } from './tracked-request.js';

/**
 * The AbortSignal of a request on the traffic server: it fires `abortLeadMs` before the drain deadline
 * cuts the request off. It is created on the first call for that request (only handlers that ask pay for
 * one). Requests the library did not see get a signal of their own that never fires: one shared signal
 * would collect a listener per request (Node walks an AbortSignal's listener list on every add, and warns
 * past 10 listeners).
 */
export function getRequestAbortSignal(req: unknown): AbortSignal {
  const entry = trackedRequestOf(req);
  if (!entry) {
    return new AbortController().signal;
  }
  if (entry.controller === null || entry.controller === FIRED) {
    const fired = entry.controller === FIRED;
    entry.controller = new AbortController();
    if (fired) {
      entry.controller.abort(new Error('drain deadline is near'));
    }
  }
  return entry.controller.signal;
}

/** Handler parameter decorator: `@RequestAbortSignal() signal: AbortSignal`. */
export const RequestAbortSignal = createParamDecorator((_data: unknown, ctx: ExecutionContext) =>
  getRequestAbortSignal(ctx.switchToHttp().getRequest()),
);
