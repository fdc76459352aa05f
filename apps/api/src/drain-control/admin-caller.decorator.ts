import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';

/** Who called an admin endpoint, recorded in the run's trigger. */
export interface AdminCaller {
  userAgent?: string;
  ip?: string;
}

/** Parameter decorator: the caller's user agent and address. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): AdminCaller => {
  const req = context.switchToHttp().getRequest<IncomingMessage & { ip?: string }>();
  const userAgent = req.headers['user-agent'];
  const ip = req.ip ?? req.socket.remoteAddress;
  return { ...(userAgent ? { userAgent } : {}), ...(ip ? { ip } : {}) };
});
