import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '../config/app-config.js';
import { configureBodyParsing } from './body-parsing.js';
import { setupOpenApi } from './openapi.js';

/**
 * Finishes the admin app after `NestFactory.create(AdminModule.register(...))` and before `listen`:
 * JSON-only bodies (415/413/400 in the admin error shape) and OpenAPI at `/docs` and `/docs-json`.
 * The exception filter, validation pipe and auth guard come with `AdminModule` itself.
 */
export function configureAdminApp(app: INestApplication, _config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  configureBodyParsing(express);
  setupOpenApi(app);
}
