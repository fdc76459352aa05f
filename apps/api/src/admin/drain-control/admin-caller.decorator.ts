import type { IncomingMessage } from 'node:http';

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import { principalOf } from '../auth/principal.js';

/** Who called an admin endpoint, recorded in the run's trigger. */
export interface AdminCaller {
  /** Name of the admin token (set by the auth guard). */
  caller?: string;
  userAgent?: string;
  ip?: string;
}

/** Parameter decorator: the caller's token name, user agent and address. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): AdminCaller => {
  const req = context.switchToHttp().getRequest<IncomingMessage & { ip?: string }>();
  const userAgent = req.headers['user-agent'];
  const ip = req.ip ?? req.socket.remoteAddress;
  const caller = principalOf(req)?.name;
  return { ...(caller ? { caller } : {}), ...(userAgent ? { userAgent } : {}), ...(ip ? { ip } : {}) };
});
