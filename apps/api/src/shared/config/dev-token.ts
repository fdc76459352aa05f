import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { AppConfig } from './app-config.js';

/** Name of the file under `DATA_DIR` that keeps the development admin token across restarts. */
export const DEV_TOKEN_FILE = 'admin-token';

const TOKEN_SHAPE = /^[\w-]{16,512}$/;

function readKept(file: string): string | null {
  try {
    const kept = readFileSync(file, 'utf8').trim();
    return TOKEN_SHAPE.test(kept) ? kept : null;
  } catch {
    return null;
  }
}

/**
 * Keeps a generated (development) admin token in `DATA_DIR/admin-token`, so an open console and scripts keep
 * working across restarts: the kept token is reused, else the generated one is written (mode 0600). A configured
 * `ADMIN_TOKEN` is never written anywhere. Call it after `checkDataDir` has made sure `DATA_DIR` exists; if the
 * file cannot be written, the token lasts for this run only.
 */
export function keepDevToken(config: AppConfig): AppConfig {
  if (!config.adminTokenGenerated) {
    return config;
  }
  const file = join(config.dataDir, DEV_TOKEN_FILE);
  const kept = readKept(file);
  if (kept !== null) {
    return { ...config, adminToken: kept, adminTokenFile: file };
  }
  try {
    writeFileSync(file, `${config.adminToken}\n`, { mode: 0o600 });
    return { ...config, adminTokenFile: file };
  } catch {
    return config;
  }
}
