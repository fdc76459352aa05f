import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ApiError } from '../common/api-error.js';
import { IS_PUBLIC_KEY } from './public.decorator.js';
import { parseBearer, tokensMatch } from './token-compare.js';

const MESSAGES = {
  missing: 'Missing Authorization header: send "Authorization: Bearer <ADMIN_TOKEN>"',
  malformed: 'Malformed Authorization header: expected "Bearer <ADMIN_TOKEN>"',
  wrong: 'Invalid admin token',
} as const;

/**
 * Requires `Authorization: Bearer <ADMIN_TOKEN>` on every admin route unless the handler or its
 * controller is marked `@Public()`. Installed as a global guard, so a new controller is protected by default.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    // The live feed (socket.io) authenticates its handshake itself; this guard is for HTTP routes.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const header = parseBearer(context.switchToHttp().getRequest<IncomingMessage>().headers.authorization);
    if (header.kind !== 'token') throw new ApiError('UNAUTHORIZED', MESSAGES[header.kind]);
    if (!tokensMatch(header.token, this.config.adminToken))
      throw new ApiError('UNAUTHORIZED', MESSAGES.wrong);
    return true;
  }
}
