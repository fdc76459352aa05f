import { loadConfig } from '../shared/config/load-config.js';
import { banner, listeningLine } from './banner.js';

const ports = { traffic: 41000, admin: 41001 };

describe('start-up banner', () => {
  it('shows where everything is, with a wildcard bind address as localhost', () => {
    const text = banner(loadConfig({ INSTANCE_ID: 'api-1' }), ports);
    expect(text).toContain('traffic   http://localhost:41000/demo/fast');
    expect(text).toContain('admin     http://localhost:41001/admin/state');
    expect(text).toContain('console   http://localhost:41001/');
    expect(text).toContain('Drainboard instance api-1');
  });

  it('prints a generated admin token once, but never one that was configured', () => {
    const generated = loadConfig({});
    expect(banner(generated, ports)).toContain(generated.adminToken);

    const configured = loadConfig({ NODE_ENV: 'production', ADMIN_TOKEN: 'configured-secret-token-42' });
    expect(banner(configured, ports)).not.toContain('configured-secret-token-42');
    expect(banner(configured, ports)).toContain('(from ADMIN_TOKEN)');
  });

  it('names the embedded data directory, or the database URL without its password', () => {
    expect(banner(loadConfig({ DATA_DIR: '/var/lib/db' }), ports)).toContain(
      'embedded Postgres under /var/lib/db',
    );
    const external = banner(loadConfig({ DATABASE_URL: 'postgres://app:s3cret@db:5432/drainboard' }), ports);
    expect(external).toContain('postgres://app:****@db:5432/drainboard');
    expect(external).not.toContain('s3cret');
  });

  it('brackets an IPv6 bind address in URLs', () => {
    expect(banner(loadConfig({ HOST: '::1' }), ports)).toContain('http://[::1]:41000/');
  });

  it('ends with a machine-readable listening line', () => {
    expect(listeningLine(ports)).toBe('drainboard: listening traffic=41000 admin=41001');
  });
});
