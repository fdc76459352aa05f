import { createHash, timingSafeEqual } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import type { AdminRole } from '@drainboard/contracts';

import { ADMIN_TOKEN_NAME } from '../../shared/config/admin-tokens.js';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config.js';

/** Who is calling: the name and role of the admin token presented. */
export interface Principal {
  name: string;
  role: AdminRole;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * The admin tokens of this process: `ADMIN_TOKEN` (the operator `admin`) and every `ADMIN_TOKENS` entry.
 * Tokens are kept as SHA-256 digests and compared in constant time against all of them (no early exit), so
 * neither a token's content, its length nor which entry matched leaks through timing. Tokens are never logged.
 */
@Injectable()
export class AdminTokens {
  private readonly entries: { principal: Principal; digest: Buffer }[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const single = config.adminToken
      ? [{ name: ADMIN_TOKEN_NAME, role: 'operator' as const, token: config.adminToken }]
      : [];
    this.entries = [...single, ...config.adminTokens].map(({ name, role, token }) => ({
      principal: { name, role },
      digest: digest(token),
    }));
  }

  /** The principal whose token is `presented`, or null. */
  identify(presented: string): Principal | null {
    const presentedDigest = digest(presented);
    let found: Principal | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(presentedDigest, entry.digest)) {
        found = entry.principal;
      }
    }
    return found;
  }
}
