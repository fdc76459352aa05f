import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AdminAuthGuard } from './admin-auth.guard.js';

/** Installs `AdminAuthGuard` on every route of the admin app (opt out with `@Public()`). */
@Module({ providers: [{ provide: APP_GUARD, useClass: AdminAuthGuard }] })
export class AuthModule {}
