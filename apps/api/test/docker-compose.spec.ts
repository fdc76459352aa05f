import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../src/config/load-config.js';

const ROOT = resolve(__dirname, '../../..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  stop_signal?: string;
  stop_grace_period?: string;
}

const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
};
const api = service('api');
const apiEnv = api.environment ?? {};

/** Host path and container path of each bind mount of a service. */
const mounts = (name: string): Array<{ host: string; container: string }> =>
  (service(name).volumes ?? [])
    .filter((volume) => volume.startsWith('./'))
    .map((volume) => {
      const [host = '', container = ''] = volume.split(':');
      return { host, container };
    });

/** Compose's `${NAME:?message}` and `${NAME:-default}` replaced by `value`, as `docker compose` would. */
const interpolate = (text: string, value: string): string =>
  text.replace(/\$\{[A-Z_]+(?::[?-][^}]*)?\}/g, value);

const seconds = (duration: string): number => {
  const match = /^(\d+)(ms|s|m)$/.exec(duration);
  if (!match) throw new Error(`unsupported duration ${duration}`);
  return Number(match[1]) / { ms: 1000, s: 1, m: 1 / 60 }[match[2] as 'ms' | 's' | 'm'];
};

describe('docker-compose.yml', () => {
  it('runs postgres, the api, prometheus and grafana', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'grafana', 'postgres', 'prometheus']);
  });

  it('starts the api with node directly, as the Dockerfile does, and stops it with SIGTERM', () => {
    expect(api.command).toEqual(['node', 'apps/api/dist/main.js']);
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/^CMD \["node", "apps\/api\/dist\/main\.js"\]$/m);
    expect(dockerfile).toMatch(/^STOPSIGNAL SIGTERM$/m);
    expect(api.stop_signal).toBe('SIGTERM');
  });

  it('gives the api only variables the config module knows, and a config it accepts in production', () => {
    expect(
      Object.keys(apiEnv).filter((name) => !(CONFIG_VARIABLES as readonly string[]).includes(name)),
    ).toEqual([]);
    const env = Object.fromEntries(
      Object.entries(apiEnv).map(([name, value]) => [
        name,
        interpolate(value, 'compose-test-token-0123456789'),
      ]),
    );
    const config = loadConfig(env);
    expect(config.nodeEnv).toBe('production');
    expect(config.adminTokenGenerated).toBe(false);
  });

  it('takes ADMIN_TOKEN from the environment instead of hard-coding one', () => {
    expect(apiEnv.ADMIN_TOKEN).toMatch(/^\$\{ADMIN_TOKEN:\?.+\}$/);
  });

  it('points DATABASE_URL at the postgres service with its credentials', () => {
    const url = new URL(apiEnv.DATABASE_URL ?? '');
    const pg = service('postgres').environment ?? {};
    expect(url.hostname).toBe('postgres');
    expect(url.username).toBe(pg.POSTGRES_USER);
    expect(url.password).toBe(pg.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${pg.POSTGRES_DB}`);
  });

  it('lets the drain deadline end a stop before Docker kills the container', () => {
    expect(seconds(api.stop_grace_period ?? '10s') * 1000).toBeGreaterThan(
      Number(apiEnv.DRAIN_DEADLINE_MS ?? 30000),
    );
  });

  it('mounts only files and folders that exist in the repository', () => {
    for (const name of ['prometheus', 'grafana']) {
      for (const { host } of mounts(name)) expect(existsSync(join(ROOT, host))).toBe(true);
    }
  });
});

describe('deploy/', () => {
  it('has Prometheus scrape the admin port metrics of the api service', () => {
    const mounted = mounts('prometheus').find((m) => m.container === '/etc/prometheus/prometheus.yml');
    const prometheus = parse(read(mounted!.host)) as {
      scrape_configs: Array<{ metrics_path?: string; static_configs: Array<{ targets: string[] }> }>;
    };
    const job = prometheus.scrape_configs[0]!;
    expect(job.metrics_path ?? '/metrics').toBe('/metrics');
    expect(job.static_configs.flatMap((c) => c.targets)).toEqual([`api:${apiEnv.ADMIN_PORT}`]);
  });

  it('provisions Grafana with the Prometheus service as datasource and the Drainboard dashboard', () => {
    const provisioning = mounts('grafana').find((m) => m.container === '/etc/grafana/provisioning')!;
    const dashboardsMount = mounts('grafana').find((m) => m.container === '/var/lib/grafana/dashboards')!;
    const datasources = parse(read(join(provisioning.host, 'datasources/prometheus.yml'))) as {
      datasources: Array<{ uid: string; type: string; url: string }>;
    };
    const providers = parse(read(join(provisioning.host, 'dashboards/drainboard.yml'))) as {
      providers: Array<{ options: { path: string } }>;
    };
    expect(datasources.datasources).toEqual([
      expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090' }),
    ]);
    expect(providers.providers[0]!.options.path).toBe(dashboardsMount.container);

    const dashboard = JSON.parse(read(join(dashboardsMount.host, 'drainboard.json'))) as {
      uid: string;
      panels: Array<{ targets: Array<{ datasource: { uid: string }; expr: string }> }>;
    };
    const targets = dashboard.panels.flatMap((panel) => panel.targets);
    expect(targets.length).toBeGreaterThanOrEqual(dashboard.panels.length);
    for (const target of targets) expect(target.datasource.uid).toBe(datasources.datasources[0]!.uid);
  });
});
