import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const PROD = 'production-token-0123456789';

function problems(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.message;
    }
    throw error;
  }
  return '';
}

describe('ADMIN_TOKENS', () => {
  it('reads comma-separated name:role:token entries next to ADMIN_TOKEN', () => {
    const config = loadConfig({
      ADMIN_TOKEN: 'single',
      ADMIN_TOKENS: 'alice:operator:a-1, vic:viewer:v:with:colons',
    });
    expect(config.adminToken).toBe('single');
    expect(config.adminTokens).toEqual([
      { name: 'alice', role: 'operator', token: 'a-1' },
      { name: 'vic', role: 'viewer', token: 'v:with:colons' },
    ]);
  });

  it('replaces the generated development token and satisfies production on its own', () => {
    expect(loadConfig({ ADMIN_TOKENS: 'alice:operator:a-1' })).toMatchObject({
      adminToken: '',
      adminTokenGenerated: false,
    });
    expect(
      loadConfig({ NODE_ENV: 'production', ADMIN_TOKENS: `ops:operator:${PROD}` }).adminTokens,
    ).toHaveLength(1);
  });

  it.each([
    ['a missing role', 'alice:a-1', 'entry 1 ("alice") must have the role operator or viewer'],
    ['an unknown role', 'alice:admin:a-1', 'entry 1 ("alice") must have the role operator or viewer'],
    ['an empty token', 'alice:viewer:', 'entry 1 ("alice") token must be visible ASCII characters'],
    ['a bad name', 'al ice:viewer:x', 'entry 1 must start with a name'],
    ['a duplicate name', 'a:viewer:x,a:operator:y', 'entry 2 ("a") reuses a name already taken'],
    ['a duplicate token', 'a:viewer:x,b:operator:x', 'entry 2 ("b") reuses another token'],
  ])('rejects %s, naming ADMIN_TOKENS and the entry', (_name, value, message) => {
    expect(problems({ ADMIN_TOKENS: value })).toContain(`ADMIN_TOKENS: ${message}`);
  });

  it('rejects the name "admin" and the token of ADMIN_TOKEN when ADMIN_TOKEN is set', () => {
    expect(problems({ ADMIN_TOKEN: 'x', ADMIN_TOKENS: 'admin:viewer:y' })).toContain('reuses a name');
    expect(problems({ ADMIN_TOKEN: 'x', ADMIN_TOKENS: 'bob:viewer:x' })).toContain('reuses another token');
  });

  it('requires long tokens in production without printing them', () => {
    const message = problems({ NODE_ENV: 'production', ADMIN_TOKENS: 'ops:operator:short-secret' });
    expect(message).toContain('ADMIN_TOKENS: entry 1 ("ops") token must be at least 16 characters');
    expect(message).not.toContain('short-secret');
  });
});
