import { Global, Module } from '@nestjs/common';

import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

/**
 * The audit trail of the admin API: the `audit_entries` table, `AuditService.record` and `GET /admin/audit`.
 * Needs `DatabaseModule`; the admin app installs the `auditTrail` middleware with it (configureAdminApp). Global,
 * so any admin feature can inject `AuditService`.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditService],
  exports: [AuditService],
})
export class AuditModule {}
