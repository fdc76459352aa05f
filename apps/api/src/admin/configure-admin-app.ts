import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

import type { AppConfig } from '../shared/config/app-config.js';
import { AuditService } from './audit/audit.service.js';
import { auditTrail } from './audit/audit-trail.js';
import { AdminTokens } from './auth/admin-tokens.service.js';
import { configureBodyParsing } from './body-parsing.js';
import { setupOpenApi } from './openapi.js';
import { configureSecurityHeaders } from './security-headers.js';

/** The app's `AuditService`, or null when it was built without a database. */
function auditServiceOf(app: INestApplication): AuditService | null {
  try {
    return app.get(AuditService, { strict: false });
  } catch {
    return null;
  }
}

/**
 * Finishes the admin app after `NestFactory.create(AdminModule.register(...))` and before `listen`, in this
 * order: the audit trail (it must see every answer, the body parser's included), security headers and
 * `no-store`, JSON-only bodies (415/413/400 in the admin error shape), OpenAPI at `/docs` and `/docs-json`.
 * The exception filter, validation pipe and auth guard come with `AdminModule` itself.
 */
export function configureAdminApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  const audit = auditServiceOf(app);
  if (audit) {
    express.use(auditTrail(audit, app.get(AdminTokens), config.instanceId));
  }
  configureSecurityHeaders(express);
  configureBodyParsing(express);
  setupOpenApi(app);
}
