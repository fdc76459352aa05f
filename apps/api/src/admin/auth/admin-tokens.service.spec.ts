import { loadConfig } from '../../shared/config/load-config.js';
import { AdminTokens } from './admin-tokens.service.js';
import { allowedRoles } from './roles.decorator.js';

describe('AdminTokens', () => {
  const tokens = new AdminTokens(
    loadConfig({ ADMIN_TOKEN: 'the-operator', ADMIN_TOKENS: 'alice:operator:alice-1,vic:viewer:vic-1' }),
  );

  it.each([
    ['the-operator', { name: 'admin', role: 'operator' }],
    ['alice-1', { name: 'alice', role: 'operator' }],
    ['vic-1', { name: 'vic', role: 'viewer' }],
  ])('knows %s', (token, principal) => {
    expect(tokens.identify(token)).toEqual(principal);
  });

  it.each(['', 'vic-', 'vic-1 ', 'VIC-1', 'the-operator-x'])('knows nobody by %j', (token) => {
    expect(tokens.identify(token)).toBeNull();
  });

  it('has no token at all when ADMIN_TOKENS replaces ADMIN_TOKEN', () => {
    const named = new AdminTokens(loadConfig({ ADMIN_TOKENS: 'vic:viewer:vic-1' }));
    expect(named.identify('')).toBeNull();
    expect(named.identify('vic-1')).toEqual({ name: 'vic', role: 'viewer' });
  });
});

describe('allowedRoles', () => {
  it.each([
    ['GET', undefined, ['operator', 'viewer']],
    ['HEAD', undefined, ['operator', 'viewer']],
    ['POST', undefined, ['operator']],
    ['DELETE', undefined, ['operator']],
    ['PATCH', undefined, ['operator']],
    ['GET', ['operator'], ['operator']],
    ['POST', ['operator', 'viewer'], ['operator', 'viewer']],
  ] as const)('%s with %j allows %j', (method, declared, roles) => {
    expect(allowedRoles(method, declared)).toEqual(roles);
  });
});
