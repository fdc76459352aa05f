import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { AdminTokens } from './admin-tokens.service.js';
import { AuthThrottle } from './auth-throttle.service.js';
import { LiveAccessPolicy } from './live-access.policy.js';

/**
 * Installs `AdminAuthGuard` on every route of the admin app (opt out with `@Public()`), and provides the token
 * registry, the per-address throttle and the live-feed access policy to the rest of the admin app.
 */
@Global()
@Module({
  providers: [
    AdminTokens,
    {
      provide: AuthThrottle,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new AuthThrottle(config.adminLimits),
    },
    LiveAccessPolicy,
    { provide: APP_GUARD, useClass: AdminAuthGuard },
  ],
  exports: [AdminTokens, AuthThrottle, LiveAccessPolicy],
})
export class AuthModule {}
