import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEV_TOKEN_FILE, keepDevToken } from './dev-token.js';
import { loadConfig } from './load-config.js';

describe('keepDevToken', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'drainboard-token-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the generated development token in DATA_DIR and reuses it on the next boot', () => {
    const first = keepDevToken(loadConfig({ DATA_DIR: dataDir }));
    const second = keepDevToken(loadConfig({ DATA_DIR: dataDir }));
    expect(second.adminToken).toBe(first.adminToken);
    expect(second.adminTokenFile).toBe(join(dataDir, DEV_TOKEN_FILE));
    const file = join(dataDir, DEV_TOKEN_FILE);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.adminToken);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('never writes a configured ADMIN_TOKEN', () => {
    const config = keepDevToken(loadConfig({ DATA_DIR: dataDir, ADMIN_TOKEN: 'configured-token-1234' }));
    expect(config.adminToken).toBe('configured-token-1234');
    expect(() => statSync(join(dataDir, DEV_TOKEN_FILE))).toThrow();
  });

  it('replaces a kept file that does not hold a token', () => {
    writeFileSync(join(dataDir, DEV_TOKEN_FILE), 'not a token\n');
    const config = keepDevToken(loadConfig({ DATA_DIR: dataDir }));
    expect(config.adminToken).toMatch(/^[\w-]{32}$/);
    expect(readFileSync(join(dataDir, DEV_TOKEN_FILE), 'utf8').trim()).toBe(config.adminToken);
  });

  it('falls back to a token for this run when DATA_DIR cannot be written', () => {
    const blocked = join(dataDir, 'file');
    writeFileSync(blocked, '');
    const config = keepDevToken(loadConfig({ DATA_DIR: join(blocked, 'sub') }));
    expect(config.adminToken).toMatch(/^[\w-]{32}$/);
    expect(config.adminTokenFile).toBeUndefined();
  });
});
