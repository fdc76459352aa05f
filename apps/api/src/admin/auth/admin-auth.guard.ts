import type { IncomingMessage, ServerResponse } from 'node:http';

import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import type { AdminRole } from '@drainboard/contracts';

import { ApiError } from '../../shared/common/api-error.js';
import { AdminTokens } from './admin-tokens.service.js';
import { AuthThrottle } from './auth-throttle.service.js';
import { parseBearer } from './bearer-header.js';
import { clientKey } from './client-address.js';
import { setPrincipal } from './principal.js';
import { IS_PUBLIC_KEY } from './public.decorator.js';
import { allowedRoles, ROLES_KEY } from './roles.decorator.js';

const MESSAGES = {
  missing: 'Missing Authorization header: send "Authorization: Bearer <ADMIN_TOKEN>"',
  malformed: 'Malformed Authorization header: expected "Bearer <ADMIN_TOKEN>"',
  wrong: 'Invalid admin token',
} as const;

function rateLimited(res: ServerResponse, seconds: number, what: string): ApiError {
  res.setHeader('Retry-After', String(seconds));
  return new ApiError('RATE_LIMITED', `${what} from this address; retry in ${seconds} s`);
}

/**
 * Authenticates every admin route unless the handler or its controller is `@Public()`: a bearer token from
 * `AdminTokens`, failed attempts throttled per client address (429 with Retry-After), then the role check
 * (`@Roles()`, by default reads for everyone and the rest for operators: 403 `FORBIDDEN_ROLE`) and the read
 * limit. Installed as a global guard, so a new controller is protected by default.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AdminTokens,
    private readonly throttle: AuthThrottle,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    // The live feed (socket.io) authenticates its handshake itself; this guard is for HTTP routes.
    if (context.getType() !== 'http') {
      return true;
    }
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) {
      return true;
    }
    const http = context.switchToHttp();
    const req = http.getRequest<IncomingMessage>();
    const res = http.getResponse<ServerResponse>();
    const key = clientKey(req.socket.remoteAddress);
    const blocked = this.throttle.blocked(key);
    if (blocked !== null) {
      throw rateLimited(res, blocked, 'Too many failed authentications');
    }
    const header = parseBearer(req.headers.authorization);
    const principal = header.kind === 'token' ? this.tokens.identify(header.token) : null;
    if (!principal) {
      const over = this.throttle.failed(key);
      if (over !== null) {
        throw rateLimited(res, over, 'Too many failed authentications');
      }
      throw new ApiError('UNAUTHORIZED', MESSAGES[header.kind === 'token' ? 'wrong' : header.kind]);
    }
    setPrincipal(req, principal);
    const declared = this.reflector.getAllAndOverride<AdminRole[] | undefined>(ROLES_KEY, targets);
    if (!allowedRoles(req.method, declared).includes(principal.role)) {
      throw new ApiError(
        'FORBIDDEN_ROLE',
        `The ${principal.role} token "${principal.name}" may not ${req.method} this route`,
      );
    }
    const overReads = req.method === 'GET' || req.method === 'HEAD' ? this.throttle.read(key) : null;
    if (overReads !== null) {
      throw rateLimited(res, overReads, 'Too many admin API reads');
    }
    return true;
  }
}
